import { z } from 'zod';
import {
  bulkDivisionInputSchema,
  divisionFiltersSchema,
  divisionImportResultSchema,
  divisionInputSchema,
  divisionPersonSchema,
  divisionQuerySchema,
  divisionReplySchema,
  divisionResultSchema,
  measureInputSchema,
  measureSchema,
} from '@qingdan/core';
import type { App, Deps } from '../../../deps.ts';
import { actorOf } from '../../../http/actor.ts';
import { readUpload, sendDownload, XLSX_MIME } from '../../../http/transfer.ts';
import { addMeasure } from './add-measure.ts';
import { bulkDivision } from './bulk-division.ts';
import { deleteMeasure } from './delete-measure.ts';
import { divisionWorkbook } from './division-workbook.ts';
import { divisionUpload, importDivision } from './import-division.ts';
import { auditUpload } from '../../imports/upload-audit.ts';
import { requestLocale } from '../../../http/error-handler.ts';
import { findDivision } from './find-division.ts';
import { findDivisionPeople } from './find-division-people.ts';
import { updateDivision } from './update-division.ts';
import { updateMeasure } from './update-measure.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const unitParams = z.object({ unitId: id });
const idParams = z.object({ id });
const target = (kind: 'unit' | 'assignment' | 'measure', field: string) => ({ kind, in: 'params' as const, field });

/** An uploaded 责任分工表: a few hundred rows of text. */
const MAX_DIVISION_FILE_BYTES = 10 * 1024 * 1024;
const measureUpdate = measureInputSchema.extend({ version: z.number().int().positive() });

/**
 * 责任分工 (docs/WORK.md): the unit's division-of-labour table, its owners and measures, and the
 * table in Excel. `unitId` names the unit (access target 'unit': the caller's scope touches it);
 * rows are limited to the caller's scope, so organ-committee staff see the organ committee's tasks.
 * Writes need work.assign on the assignment and the policy's mayAssign.
 */
export async function divisionRoutes(app: App, deps: Deps) {
  app.get('/api/work/units/:unitId/division', {
    config: { access: { permission: 'work.read', target: target('unit', 'unitId') } },
    schema: {
      tags: ['work'],
      summary: '责任分工表 The unit’s division of labour (party group and organ committee)',
      params: unitParams,
      querystring: divisionQuerySchema,
      response: { 200: divisionReplySchema },
    },
  }, async (req) => findDivision(deps, { user: req.access.user, scope: req.access.routeScope }, req.params.unitId, req.query));

  app.get('/api/work/units/:unitId/division/people', {
    config: { access: { permission: 'work.read', target: target('unit', 'unitId') } },
    schema: {
      tags: ['work'],
      summary: '分工人选 Candidate owners: people of the party group or the organ committee',
      params: unitParams,
      querystring: z.object({ levelCode: z.string().trim().max(20).optional(), q: z.string().trim().max(100).optional() }),
      response: { 200: z.object({ items: z.array(divisionPersonSchema), total: z.number().int() }) },
    },
  }, async (req) => findDivisionPeople(deps, req.access.routeScope, req.params.unitId, req.query));

  app.get('/api/work/units/:unitId/division.xlsx', {
    config: { access: { permission: 'work.read', target: target('unit', 'unitId') } },
    schema: { tags: ['work'], summary: '导出责任分工表 The division of labour in Excel', params: unitParams, querystring: divisionFiltersSchema },
  }, async (req, reply) => {
    const { fileName, data } = await divisionWorkbook(deps, { user: req.access.user, scope: req.access.routeScope }, req.params.unitId, req.query);
    return sendDownload(reply, XLSX_MIME, fileName, data);
  });

  app.post('/api/work/units/:unitId/division/import', {
    config: { access: { permission: 'work.assign', target: target('unit', 'unitId') } },
    schema: {
      tags: ['work'],
      summary: '导入责任分工表 Import the division of labour from Excel (the exported columns), all or nothing',
      description: 'multipart/form-data with one .xlsx file. dryRun=true answers every change and every problem by row without writing; a real import with any problem is refused whole (400 WORK_DIVISION_IMPORT_INVALID).',
      consumes: ['multipart/form-data'],
      params: unitParams,
      querystring: z.object({ year: divisionFiltersSchema.shape.year, dryRun: z.enum(['true', 'false']).optional() }),
      response: { 200: divisionImportResultSchema },
    },
  }, async (req) => {
    const actor = actorOf(req);
    const u = divisionUpload(req.params.unitId, null, null);
    return auditUpload(deps, actor, u, async () => {
      const upload = await readUpload(req, MAX_DIVISION_FILE_BYTES);
      u.fileName = upload.fileName;
      u.size = upload.data.length;
      return importDivision(deps, actor, { user: req.access.user, scope: req.access.routeScope }, req.params.unitId, upload.data, {
        dryRun: req.query.dryRun === 'true',
        fileName: upload.fileName,
        year: req.query.year,
        locale: requestLocale(req),
      });
    });
  });

  app.put('/api/work/assignments/:id/division', {
    config: { access: { permission: 'work.assign', target: target('assignment', 'id') } },
    schema: { tags: ['work'], summary: '分工 Set a task’s owner and lead department', params: idParams, body: divisionInputSchema, response: { 200: divisionResultSchema } },
  }, async (req) => updateDivision(deps, actorOf(req), req.access.user, req.params.id, req.body));

  app.post('/api/work/units/:unitId/division/bulk', {
    config: { access: { permission: 'work.assign', target: target('unit', 'unitId') } },
    schema: {
      tags: ['work'],
      summary: '批量分工 One owner and/or lead department for many tasks of the unit, all or nothing',
      params: unitParams,
      body: bulkDivisionInputSchema,
      response: { 200: z.object({ updated: z.number().int() }) },
    },
  }, async (req) => bulkDivision(deps, actorOf(req), req.access.user, req.params.unitId, req.body));

  app.post('/api/work/assignments/:id/measures', {
    config: { access: { permission: 'work.assign', target: target('assignment', 'id') } },
    schema: { tags: ['work'], summary: '添加具体措施 Add a measure', params: idParams, body: measureInputSchema, response: { 200: measureSchema } },
  }, async (req) => addMeasure(deps, actorOf(req), req.access.user, req.params.id, req.body));

  app.put('/api/work/measures/:id', {
    config: { access: { permission: 'work.assign', target: target('measure', 'id') } },
    schema: { tags: ['work'], summary: '修改具体措施 Change a measure', params: idParams, body: measureUpdate, response: { 200: measureSchema } },
  }, async (req) => updateMeasure(deps, actorOf(req), req.access.user, req.params.id, req.body));

  app.delete('/api/work/measures/:id', {
    config: { access: { permission: 'work.assign', target: target('measure', 'id') } },
    schema: { tags: ['work'], summary: '删除具体措施 Delete a measure', params: idParams, response: { 200: z.object({ id: z.number().int() }) } },
  }, async (req) => deleteMeasure(deps, actorOf(req), req.access.user, req.params.id));
}
