import fs from 'node:fs';
import { z } from 'zod';
import {
  EVIDENCE_MAX_BYTES,
  evidenceDeletedSchema,
  evidenceSchema,
  periodDetailSchema,
  periodStateSchema,
  reportBodySchema,
  reportDeletedSchema,
  reportSchema,
  reportUpdateSchema,
  submitBodySchema,
} from '@qingdan/core';
import type { App, Deps } from '../../../deps.ts';
import { actorOf } from '../../../http/actor.ts';
import { AppError, notFound } from '../../../http/errors.ts';
import { contentDisposition } from '../../../http/transfer.ts';
import { blobPath } from '../../files/store.ts';
import { deleteEvidence, evidenceFile, uploadEvidence } from './evidence.ts';
import { getPeriod } from './get-period.ts';
import { addReport, deleteReport, updateReport } from './reports.ts';
import { submitPeriod } from './submit-period.ts';

const ID = z.coerce.number().int().positive().max(2_147_483_647);
const idParams = z.object({ id: ID });
const tags = ['work'];
const target = (kind: 'period' | 'report' | 'evidence') => ({ kind, in: 'params' as const, field: 'id' });

/**
 * 履责记实: the period page, records, evidence files and submission (docs/WORK.md). Recording
 * needs work.record on the period's organisation (policy.mayRecord), reading work.read.
 */
export async function reportsRoutes(app: App, deps: Deps) {
  app.get('/api/work/periods/:id', {
    config: { access: { permission: 'work.read', target: target('period') } },
    schema: { tags, summary: '填报期详情 A period with its task, records, evidence, review history and what the caller may do', params: idParams, response: { 200: periodDetailSchema } },
  }, async (req) => getPeriod(deps, req.access.user, req.params.id));

  app.post('/api/work/periods/:id/reports', {
    config: { access: { permission: 'work.record', target: target('period') } },
    schema: { tags, summary: '新增履责记实 Add a record', params: idParams, body: reportBodySchema, response: { 200: reportSchema } },
  }, async (req) => addReport(deps, actorOf(req), req.access.user, req.params.id, req.body));

  app.put('/api/work/reports/:id', {
    config: { access: { permission: 'work.record', target: target('report') } },
    schema: {
      tags,
      summary: '修改履责记实 Edit a record (409 CONFLICT with `current` on a stale version)',
      params: idParams,
      body: reportUpdateSchema,
      response: { 200: reportSchema },
    },
  }, async (req) => updateReport(deps, actorOf(req), req.access.user, req.params.id, req.body));

  app.delete('/api/work/reports/:id', {
    config: { access: { permission: 'work.record', target: target('report') } },
    schema: { tags, summary: '删除履责记实 Delete a record with its evidence', params: idParams, response: { 200: reportDeletedSchema } },
  }, async (req) => deleteReport(deps, actorOf(req), req.access.user, req.params.id));

  app.post('/api/work/reports/:id/evidence', {
    config: { access: { permission: 'work.record', target: target('report') } },
    schema: {
      tags,
      summary: '上传佐证材料 Upload one evidence file (multipart; PDF, Word, Excel, JPEG or PNG by content, ≤ 50 MB)',
      consumes: ['multipart/form-data'],
      params: idParams,
      response: { 200: evidenceSchema },
    },
  }, async (req) => {
    if (!req.isMultipart()) throw new AppError(400, 'EVIDENCE_NO_FILE');
    let part;
    try {
      // This route's own limit (the server-wide multipart limit is the import size).
      part = await req.file({ limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 5 } });
    } catch {
      throw new AppError(400, 'EVIDENCE_NO_FILE');
    }
    if (!part) throw new AppError(400, 'EVIDENCE_NO_FILE');
    return uploadEvidence(deps, actorOf(req), req.access.user, req.params.id, { stream: part.file, fileName: part.filename });
  });

  app.delete('/api/work/evidence/:id', {
    config: { access: { permission: 'work.record', target: target('evidence') } },
    schema: { tags, summary: '删除佐证材料 Remove a file from a record', params: idParams, response: { 200: evidenceDeletedSchema } },
  }, async (req) => deleteEvidence(deps, actorOf(req), req.access.user, req.params.id));

  app.get('/api/work/evidence/:id/file', {
    config: { access: { permission: 'work.read', target: target('evidence') } },
    schema: {
      tags,
      summary: '查看或下载佐证材料 The evidence file: inline for preview, or ?download=1 as an attachment',
      params: idParams,
      querystring: z.object({ download: z.enum(['0', '1', 'true', 'false']).optional() }),
    },
  }, async (req, reply) => {
    const f = await evidenceFile(deps.db.kysely, req.params.id);
    const file = blobPath(deps.config.filesDir, f.sha256);
    if (!fs.existsSync(file)) throw notFound();
    const download = req.query.download === '1' || req.query.download === 'true';
    return reply
      .header('content-type', f.mime)
      .header('content-length', String(f.size))
      .header('content-disposition', contentDisposition(f.name, download ? 'attachment' : 'inline'))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      // The period page previews PDFs in a frame of its own origin; nothing else may frame them.
      .header('content-security-policy', "frame-ancestors 'self'")
      .send(fs.createReadStream(file));
  });

  app.post('/api/work/periods/:id/submit', {
    config: { access: { permission: 'work.record', target: target('period') } },
    schema: {
      tags,
      summary: '提交审核 Submit the period to the level above',
      params: idParams,
      body: submitBodySchema,
      response: { 200: periodStateSchema },
    },
  }, async (req) => submitPeriod(deps, actorOf(req), req.access.user, req.params.id, { version: req.body?.version }));
}
