import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { App, Deps } from '../../../deps.ts';
import { contentDisposition, XLSX_MIME } from '../../../http/transfer.ts';
import { loadUnit } from '../../org/org-target.ts';
import { viewContext } from '../timing.ts';
import { writeLedger } from './ledger-workbook.ts';
import { writeEvidenceZip } from './evidence-zip.ts';
import { zipWriter } from './zip.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const params = z.object({ unitId: id });
const query = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
const access = { permission: 'work.read' as const, target: { kind: 'unit' as const, in: 'params' as const, field: 'unitId' } };

function downloadHeaders(reply: FastifyReply, mime: string, fileName: string) {
  const safe = fileName.replace(/[\\/:*?"<>|\r\n]+/g, '_');
  return reply.header('content-type', mime).header('content-disposition', contentDisposition(safe)).header('cache-control', 'no-store');
}

/**
 * 电子台账 and the evidence archive of a unit's year (docs/WORK.md "API"), both streamed: the
 * workbook by exceljs' WorkbookWriter, the zip by archiver from the file store. What can fail
 * (the unit, the year) is checked before the first byte; a failure afterwards aborts the download.
 */
export async function ledgerRoutes(app: App, deps: Deps) {
  app.get('/api/work/units/:unitId/ledger.xlsx', {
    config: { access },
    schema: { tags: ['work'], summary: '电子台账 The unit’s ledger of the year (xlsx, streamed)', params, querystring: query },
  }, async (req, reply) => {
    const unit = await loadUnit(deps, req.params.unitId);
    const ctx = await viewContext(deps, req.query.year);
    const out = new PassThrough();
    writeLedger(deps, ctx, unit.id, out, req.access.routeScope).catch((e: unknown) => {
      req.log.error(e, 'ledger export failed');
      out.destroy(e instanceof Error ? e : new Error(String(e)));
    });
    return downloadHeaders(reply, XLSX_MIME, `${unit.name}_${ctx.year}年党建工作电子台账.xlsx`).send(out);
  });

  app.get('/api/work/units/:unitId/evidence.zip', {
    config: { access },
    schema: { tags: ['work'], summary: '佐证材料打包 The unit’s evidence of the year (zip, streamed)', params, querystring: query },
  }, async (req, reply) => {
    const unit = await loadUnit(deps, req.params.unitId);
    const ctx = await viewContext(deps, req.query.year);
    const archive = zipWriter();
    archive.on('warning', (e: Error) => req.log.warn(e, 'evidence archive'));
    writeEvidenceZip(deps, unit.id, ctx.year, archive, req.access.routeScope).catch((e: unknown) => {
      req.log.error(e, 'evidence archive failed');
      archive.destroy(e instanceof Error ? e : new Error(String(e)));
    });
    return downloadHeaders(reply, 'application/zip', `${unit.name}_${ctx.year}年佐证材料.zip`).send(archive);
  });
}
