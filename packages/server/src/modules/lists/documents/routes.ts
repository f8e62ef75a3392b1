import { z } from 'zod';
import type { App, Deps } from '../../../deps.ts';
import { actorOf } from '../../../http/actor.ts';
import { exportListWorkbook, templateListWorkbook } from './export-excel.ts';
import { importListWorkbook, listUpload } from './import-excel.ts';
import { auditUpload } from '../../imports/upload-audit.ts';
import { loadOfficialDocument } from './document-model.ts';
import { renderDocx } from './word.ts';
import { renderPdf } from './pdf.ts';
import { readUpload, sendDownload, XLSX_MIME } from '../../../http/transfer.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF = 'application/pdf';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const listParams = z.object({ listId: id });
const listTarget = { kind: 'list', in: 'params', field: 'listId' } as const;

const summarySchema = z.object({
  parts: z.number().int(),
  sections: z.number().int(),
  tasks: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deleted: z.number().int(),
  links: z.number().int(),
});
const importResultSchema = z.object({ dryRun: z.boolean(), fileName: z.string(), changed: z.boolean(), summary: summarySchema });



/** Documents of a list: the Excel workbook (lossless, importable), the official Word document and its PDF. */
export async function documentRoutes(app: App, deps: Deps) {
  app.get('/api/lists/template.xlsx', {
    config: { access: { permission: 'lists.read' } },
    schema: { tags: ['lists'], summary: '下载责任清单导入模板 List workbook template' },
  }, async (_req, reply) => sendDownload(reply, XLSX_MIME, '责任清单导入模板.xlsx', await templateListWorkbook(deps)));

  app.get('/api/lists/:listId/export.xlsx', {
    config: { access: { permission: 'lists.read', target: listTarget } },
    schema: { tags: ['lists'], summary: '导出责任清单（Excel，可修改后导入） Export a list as a workbook', params: listParams },
  }, async (req, reply) => {
    const { fileName, data } = await exportListWorkbook(deps, req.params.listId);
    return sendDownload(reply, XLSX_MIME, fileName, data);
  });

  app.post('/api/lists/:listId/import', {
    config: { access: { permission: 'lists.draft', target: listTarget } },
    schema: {
      tags: ['lists'],
      summary: '导入责任清单（替换起草中清单的内容） Import a workbook into a draft list',
      description: 'multipart/form-data with one .xlsx file. dryRun=true checks and counts without writing. Row errors: 400 LIST_IMPORT_INVALID with details path "sheet:row:column".',
      consumes: ['multipart/form-data'],
      params: listParams,
      querystring: z.object({ dryRun: z.enum(['true', 'false', '1', '0']).optional() }),
      response: { 200: importResultSchema },
    },
  }, async (req) => {
    const actor = actorOf(req);
    // Every upload goes to the audit trail; a refusal (too large, not an xlsx, busy …) too.
    const u = listUpload(req.params.listId, null, null);
    return auditUpload(deps, actor, u, async () => {
      const upload = await readUpload(req, deps.config.importMaxBytes);
      u.fileName = upload.fileName;
      u.size = upload.data.length;
      return importListWorkbook(deps, actor, req.access.user, {
        listId: req.params.listId,
        ...upload,
        dryRun: req.query.dryRun === 'true' || req.query.dryRun === '1',
      });
    });
  });

  app.get('/api/lists/:listId/document.docx', {
    config: { access: { permission: 'lists.read', target: listTarget } },
    schema: { tags: ['lists'], summary: '下载责任清单公文（Word） The list as an official document (docx)', params: listParams },
  }, async (req, reply) => {
    const doc = await loadOfficialDocument(deps, req.params.listId);
    return sendDownload(reply, DOCX, `${doc.fileBase}.docx`, await renderDocx(doc));
  });

  app.get('/api/lists/:listId/document.pdf', {
    config: { access: { permission: 'lists.read', target: listTarget } },
    schema: { tags: ['lists'], summary: '下载责任清单公文（PDF） The list as an official document (pdf)', params: listParams },
  }, async (req, reply) => {
    const doc = await loadOfficialDocument(deps, req.params.listId);
    return sendDownload(reply, PDF, `${doc.fileBase}.pdf`, await renderPdf(doc));
  });
}
