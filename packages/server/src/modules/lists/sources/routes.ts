/** Routes of the sources sub-module (docs/LISTS.md "Sources"). */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { pageOf } from '@qingdan/core';
import type { App, Deps } from '../../../deps.ts';
import { actorOf } from '../../../http/actor.ts';
import type { AccessTarget } from '../../../http/access.ts';
import type { ListTargetKind } from '../targets.ts';
import type { Caller } from './rights.ts';
import { sourceDocumentDetailSchema, sourceDocumentSchema, sourceItemSchema } from './source-rows.ts';
import {
  createSourceDocument, deleteSourceDocument, getSourceDocument, listSourceDocuments, sourceDocumentInputSchema, updateSourceDocument,
} from './source-documents.ts';
import { createSourceItem, deleteSourceItem, sourceItemInputSchema, updateSourceItem } from './source-items.ts';
import { importSourceItems, sourceUpload } from './import-source-items.ts';
import { lastImportSchema, lastSourceImport, undoResultSchema, undoSourceImport } from './undo-source-import.ts';
import { auditUpload } from '../../imports/upload-audit.ts';
import { sourceTemplate } from './source-template.ts';
import { getTaskSources, MAX_LINKS, setTaskSources, taskSourcesSchema } from './task-sources.ts';
import { coverageSchema, loadCoverage } from './coverage.ts';
import { suggestionSchema, suggestTasks } from './suggest-tasks.ts';
import { addWaiver, removeWaiver, waiverInputSchema, waiverOutSchema } from './waivers.ts';
import { readUpload, sendDownload, XLSX_MIME } from '../../../http/transfer.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const listParams = z.object({ listId: id });
const idParams = z.object({ id });
const taskParams = z.object({ taskId: id });
const okSchema = z.object({ ok: z.literal(true) });
const target = (kind: ListTargetKind, field: string): AccessTarget => ({ kind, in: 'params', field });

const callerOf = (req: FastifyRequest): Caller => ({ ...actorOf(req), grants: req.access.user.grants });

export const MAX_SOURCE_FILE_BYTES = 10 * 1024 * 1024;


export async function sourcesRoutes(app: App, deps: Deps) {
  const tags = ['lists'];

  app.get('/api/lists/:listId/sources', {
    config: { access: { permission: 'lists.read', target: target('list', 'listId') } },
    schema: { tags, summary: '来源文件 Source documents of a list', params: listParams, response: { 200: pageOf(sourceDocumentSchema) } },
  }, async (req) => {
    const items = await listSourceDocuments(deps, req.params.listId);
    return { items, total: items.length };
  });

  app.post('/api/lists/:listId/sources', {
    config: { access: { permission: 'lists.draft', target: target('list', 'listId') } },
    schema: { tags, summary: '新增来源文件 Add a source document', params: listParams, body: sourceDocumentInputSchema, response: { 200: sourceDocumentSchema } },
  }, async (req) => createSourceDocument(deps, callerOf(req), req.params.listId, req.body));

  app.get('/api/source-documents/template.xlsx', {
    config: { access: { permission: 'lists.read' } },
    schema: { tags, summary: '来源条目导入模板 Excel template for importing source items' },
  }, async (_req, reply) => {
    return sendDownload(reply, XLSX_MIME, '来源条目导入模板.xlsx', await sourceTemplate());
  });

  app.get('/api/source-documents/:id', {
    config: { access: { permission: 'lists.read', target: target('sourceDocument', 'id') } },
    schema: { tags, summary: '来源文件及条目 A source document with its items', params: idParams, response: { 200: sourceDocumentDetailSchema } },
  }, async (req) => getSourceDocument(deps, req.params.id));

  app.put('/api/source-documents/:id', {
    config: { access: { permission: 'lists.draft', target: target('sourceDocument', 'id') } },
    schema: {
      tags,
      summary: '修改来源文件 Edit a source document',
      params: idParams,
      body: sourceDocumentInputSchema.extend({ version: z.number().int() }),
      response: { 200: sourceDocumentSchema },
    },
  }, async (req) => updateSourceDocument(deps, callerOf(req), req.params.id, req.body));

  app.delete('/api/source-documents/:id', {
    config: { access: { permission: 'lists.draft', target: target('sourceDocument', 'id') } },
    schema: { tags, summary: '删除来源文件 Delete a source document with its items', params: idParams, response: { 200: okSchema } },
  }, async (req) => {
    await deleteSourceDocument(deps, callerOf(req), req.params.id);
    return { ok: true as const };
  });

  app.post('/api/source-documents/:id/items', {
    config: { access: { permission: 'lists.draft', target: target('sourceDocument', 'id') } },
    schema: {
      tags,
      summary: '新增来源条目 Add an item (at the end of its parent)',
      params: idParams,
      body: sourceItemInputSchema.extend({ parentId: id.nullable().optional() }),
      response: { 200: sourceItemSchema },
    },
  }, async (req) => createSourceItem(deps, callerOf(req), req.params.id, req.body));

  app.put('/api/source-items/:id', {
    config: { access: { permission: 'lists.draft', target: target('sourceItem', 'id') } },
    schema: {
      tags,
      summary: '修改来源条目 Edit an item',
      params: idParams,
      body: sourceItemInputSchema.extend({ version: z.number().int() }),
      response: { 200: sourceItemSchema },
    },
  }, async (req) => updateSourceItem(deps, callerOf(req), req.params.id, req.body));

  app.delete('/api/source-items/:id', {
    config: { access: { permission: 'lists.draft', target: target('sourceItem', 'id') } },
    schema: { tags, summary: '删除来源条目及其下级 Delete an item with its sub-items', params: idParams, response: { 200: z.object({ deleted: z.number().int() }) } },
  }, async (req) => deleteSourceItem(deps, callerOf(req), req.params.id));

  app.post('/api/source-documents/:id/import', {
    config: { access: { permission: 'lists.draft', target: target('sourceDocument', 'id') } },
    schema: {
      tags,
      summary: '从 Excel 或 Word 导入条目 Import items from .xlsx or .docx (all or nothing)',
      description: 'multipart/form-data with one file. dryRun=true reads the file and answers what would be written (chapters and items, into which document, how many a replace removes) without writing. A real import answers its importId for undo-import.',
      consumes: ['multipart/form-data'],
      params: idParams,
      querystring: z.object({ replace: z.enum(['true', 'false']).optional(), dryRun: z.enum(['true', 'false']).optional() }),
      response: {
        200: z.object({
          dryRun: z.boolean(),
          format: z.enum(['xlsx', 'docx']),
          imported: z.number().int(),
          counts: z.object({ chapters: z.number().int(), items: z.number().int() }),
          removed: z.number().int(),
          ignored: z.array(z.string()),
          importId: z.number().int().nullable(),
          document: sourceDocumentSchema,
        }),
      },
    },
  }, async (req) => {
    const caller = callerOf(req);
    // Every upload goes to the audit trail; a refusal (too large, not Word or Excel, busy …) too.
    const u = sourceUpload(req.params.id, null, null);
    return auditUpload(deps, caller, u, async () => {
      const upload = await readUpload(req, MAX_SOURCE_FILE_BYTES);
      u.fileName = upload.fileName;
      u.size = upload.data.length;
      return importSourceItems(deps, caller, req.params.id, upload.data, {
        replace: req.query.replace === 'true',
        dryRun: req.query.dryRun === 'true',
        fileName: upload.fileName,
      });
    });
  });

  app.get('/api/source-documents/:id/last-import', {
    config: { access: { permission: 'lists.read', target: target('sourceDocument', 'id') } },
    schema: {
      tags,
      summary: '最近一次导入（可撤销） The latest import not undone, and whether it can be undone',
      params: idParams,
      response: { 200: z.object({ import: lastImportSchema.nullable() }) },
    },
  }, async (req) => ({ import: await lastSourceImport(deps, req.params.id) }));

  app.post('/api/source-documents/:id/undo-import', {
    config: { access: { permission: 'lists.draft', target: target('sourceDocument', 'id') } },
    schema: {
      tags,
      summary: '撤销最近一次导入 Undo the latest import in one step',
      params: idParams,
      body: z.object({ sourceImportId: id }),
      response: { 200: undoResultSchema },
    },
  }, async (req) => undoSourceImport(deps, callerOf(req), req.params.id, req.body.sourceImportId));

  app.get('/api/list-tasks/:taskId/sources', {
    config: { access: { permission: 'lists.read', target: target('listTask', 'taskId') } },
    schema: { tags, summary: '任务的来源条目 Source items a task carries out', params: taskParams, response: { 200: taskSourcesSchema } },
  }, async (req) => getTaskSources(deps, req.params.taskId));

  app.put('/api/list-tasks/:taskId/sources', {
    config: { access: { permission: 'lists.draft', target: target('listTask', 'taskId') } },
    schema: {
      tags,
      summary: '设置任务的来源条目 Replace the source items of a task',
      params: taskParams,
      body: z.object({ sourceItemIds: z.array(id).max(MAX_LINKS) }),
      response: { 200: taskSourcesSchema },
    },
  }, async (req) => setTaskSources(deps, callerOf(req), req.params.taskId, req.body.sourceItemIds));

  app.get('/api/lists/:listId/coverage', {
    config: { access: { permission: 'lists.read', target: target('list', 'listId') } },
    schema: { tags, summary: '对照覆盖情况 Coverage of the upper-level list and the work points', params: listParams, response: { 200: coverageSchema } },
  }, async (req) => loadCoverage(deps.db, req.params.listId));

  app.get('/api/source-items/:id/suggestions', {
    config: { access: { permission: 'lists.read', target: target('sourceItem', 'id') } },
    schema: {
      tags,
      summary: '推荐任务 Tasks that read most like the item',
      params: idParams,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(50).default(5) }),
      response: { 200: z.object({ items: z.array(suggestionSchema), total: z.number().int() }) },
    },
  }, async (req) => {
    const items = await suggestTasks(deps, req.params.id, req.query.limit);
    return { items, total: items.length };
  });

  app.post('/api/lists/:listId/waivers', {
    config: { access: { permission: 'lists.draft', target: target('list', 'listId') } },
    schema: { tags, summary: '豁免条目 Waive an item (owner)', params: listParams, body: waiverInputSchema, response: { 200: waiverOutSchema } },
  }, async (req) => addWaiver(deps, callerOf(req), req.params.listId, req.body));

  app.delete('/api/lists/:listId/waivers/:sourceItemId', {
    config: { access: { permission: 'lists.draft', target: [target('list', 'listId'), target('sourceItem', 'sourceItemId')] } },
    schema: {
      tags,
      summary: '取消豁免 Remove a waiver (owner; nothing to remove is not an error)',
      params: z.object({ listId: id, sourceItemId: id }),
      response: { 200: z.object({ removed: z.boolean() }) },
    },
  }, async (req) => removeWaiver(deps, callerOf(req), req.params.listId, req.params.sourceItemId));
}
