import fs from 'node:fs';
import { z } from 'zod';
import type { App, Deps } from '../../deps.ts';
import { notFound } from '../../http/errors.ts';
import { blobPath } from './store.ts';
import { contentDisposition } from '../../http/transfer.ts';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */

export async function filesRoutes(app: App, deps: Deps) {
  app.get('/api/files/:id', {
    // The target check (files/visibility.ts) admits only files attached to something visible.
    config: { access: { permission: 'lists.read', target: { kind: 'file', in: 'params', field: 'id' } } },
    schema: { tags: ['files'], summary: '下载文件 Download a stored file', params: idParams },
  }, async (req, reply) => {
    const row = await deps.db.kysely.selectFrom('files').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!row) throw notFound();
    const file = blobPath(deps.config.filesDir, row.sha256);
    if (!fs.existsSync(file)) throw notFound();
    return reply
      .header('content-type', row.mime)
      .header('content-length', String(Number(row.size)))
      .header('content-disposition', contentDisposition(row.original_name))
      .header('cache-control', 'private, no-store')
      .send(fs.createReadStream(file));
  });
}
