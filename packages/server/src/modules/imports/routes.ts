import { z } from 'zod';
import { IMPORT_KINDS, importAppliedSchema, importPreviewSchema, type ImportKind, type Permission } from '@qingdan/core';
import type { App, Deps } from '../../deps.ts';
import { forbidden } from '../../http/errors.ts';
import { actorOf } from '../../http/actor.ts';
import { requestLocale } from '../../http/error-handler.ts';
import { applyImport, previewImport } from './batches.ts';
import { exportWorkbook, templateWorkbook } from './export-data.ts';
import { SHEET_NAMES } from './format.ts';
import { readUpload, sendDownload, XLSX_MIME } from '../../http/transfer.ts';
import { auditUpload, scopePath, type Upload } from './upload-audit.ts';

const READ: Record<ImportKind, Permission> = { orgs: 'org.read', people: 'people.read' };
const WRITE: Record<ImportKind, Permission> = { orgs: 'org.write', people: 'people.write' };

const today = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');


export async function importRoutes(app: App, deps: Deps) {
  for (const kind of IMPORT_KINDS) {
    app.get(`/api/imports/templates/${kind}`, {
      config: { access: { permission: READ[kind] } },
      schema: { tags: ['imports'], summary: `下载${SHEET_NAMES[kind]}导入模板 Import template (${kind})` },
    }, async (req, reply) => {
      const data = await templateWorkbook(deps, kind, req.access.routeScope);
      return sendDownload(reply, XLSX_MIME, `${SHEET_NAMES[kind]}导入模板.xlsx`, data);
    });

    app.get(`/api/exports/${kind}`, {
      config: { access: { permission: READ[kind] } },
      schema: { tags: ['imports'], summary: `导出${SHEET_NAMES[kind]} Export (${kind}) in the import format` },
    }, async (req, reply) => {
      const data = await exportWorkbook(deps, kind, req.access.routeScope, req.access.scope('accounts.read'));
      return sendDownload(reply, XLSX_MIME, `${SHEET_NAMES[kind]}_${today(deps.clock.now())}.xlsx`, data);
    });

    app.post(`/api/imports/${kind}`, {
      config: { access: { permission: WRITE[kind] } },
      schema: {
        tags: ['imports'],
        summary: `上传${SHEET_NAMES[kind]}并预览 Upload (${kind}) and preview`,
        consumes: ['multipart/form-data'],
        response: { 200: importPreviewSchema },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const scope = req.access.routeScope;
      // Every upload goes to the audit trail; a refusal (too large, not an xlsx, busy …) too.
      const u: Upload = { kind, entityType: 'importBatch', entityId: '', orgPath: await scopePath(deps.db.kysely, scope), fileName: null, size: null };
      return auditUpload(deps, actor, u, async () => {
        const upload = await readUpload(req, deps.config.importMaxBytes);
        u.fileName = upload.fileName;
        u.size = upload.data.length;
        return previewImport(deps, actor, {
          kind,
          ...upload,
          scope,
          accountScope: req.access.scope('accounts.write'),
          locale: requestLocale(req),
        });
      });
    });
  }

  app.post('/api/imports/batches/:batchId/apply', {
    // Every role with org.write also has people.write; the batch's own kind is checked below.
    config: { access: { permission: 'people.write', target: { kind: 'importBatch', in: 'params', field: 'batchId' } } },
    schema: {
      tags: ['imports'],
      summary: '确认导入 Apply a previewed import batch',
      params: z.object({ batchId: z.string().min(1).max(64) }),
      response: { 200: importAppliedSchema },
    },
  }, async (req) => {
    const batch = await deps.db.kysely.selectFrom('import_batches').select('kind').where('id', '=', req.params.batchId).executeTakeFirstOrThrow();
    const scope = req.access.scope(WRITE[batch.kind]);
    if (scope !== 'all' && scope.length === 0) throw forbidden();
    return applyImport(deps, actorOf(req), {
      batchId: req.params.batchId,
      scope,
      accountScope: req.access.scope('accounts.write'),
      locale: requestLocale(req),
    });
  });
}
