import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { issuePath, issueReason, LIST_STATUSES } from '@qingdan/core';
import type { App, Deps } from '../../../deps.ts';
import { actorOf } from '../../../http/actor.ts';
import { AppError } from '../../../http/errors.ts';
import { approveList, MINUTES_MAX_BYTES, type ApproveInput } from './approve-list.ts';
import { issueList } from './issue-list.ts';
import { LIFECYCLE_ACTIONS, listHistory } from './list-history.ts';
import { returnList } from './return-list.ts';
import { openRevision, publishRevision } from './revisions.ts';
import { submitList } from './submit-list.ts';

const ID = z.coerce.number().int().positive().max(2_147_483_647);
const listParams = z.object({ listId: ID });
const idParams = z.object({ id: ID });
const listTarget = { kind: 'list' as const, in: 'params' as const, field: 'listId' };
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'invalidValue');

const transitionSchema = z.object({ transitionId: z.number().int(), snapshotId: z.number().int() });
const approveResultSchema = transitionSchema.extend({ meetingId: z.number().int(), minutesFileId: z.number().int().nullable() });
const issueResultSchema = transitionSchema.extend({ docNumber: z.string() });
const revisionSchema = z.object({
  id: z.number().int(),
  listId: z.number().int(),
  revision: z.number().int(),
  status: z.enum(['open', 'published']),
  beforeSnapshotId: z.number().int().nullable(),
  afterSnapshotId: z.number().int().nullable(),
});
const historySchema = z.object({
  list: z.object({
    id: z.number().int(),
    status: z.enum(LIST_STATUSES),
    revision: z.number().int(),
    docNumber: z.string().nullable(),
    issueDate: z.string().nullable(),
    noticeTitle: z.string().nullable(),
    coIssuer: z.string().nullable(),
    issuedAt: z.string().nullable(),
    openRevisionId: z.number().int().nullable(),
  }),
  rights: z.object({ manage: z.boolean(), actions: z.array(z.enum(LIFECYCLE_ACTIONS)) }),
  checks: z.object({ uncovered: z.number().int(), unansweredOpinions: z.number().int() }).nullable(),
  transitions: z.array(
    z.object({
      id: z.number().int(),
      from: z.string(),
      to: z.string(),
      actorId: z.number().int().nullable(),
      actorName: z.string(),
      comment: z.string(),
      snapshotId: z.number().int().nullable(),
      snapshotLabel: z.string().nullable(),
      at: z.string(),
    }),
  ),
  meetings: z.array(
    z.object({
      id: z.number().int(),
      meetingDate: z.string(),
      meetingName: z.string(),
      decision: z.enum(['approved', 'returned']),
      comments: z.string(),
      minutesFile: z.object({ id: z.number().int(), name: z.string(), size: z.number(), mime: z.string() }).nullable(),
      createdAt: z.string(),
    }),
  ),
  revisions: z.array(
    z.object({
      id: z.number().int(),
      revision: z.number().int(),
      reason: z.string(),
      notice: z.string(),
      status: z.enum(['open', 'published']),
      beforeSnapshotId: z.number().int().nullable(),
      afterSnapshotId: z.number().int().nullable(),
      createdAt: z.string(),
      publishedAt: z.string().nullable(),
    }),
  ),
});

/** The approval form: snake_case as in the multipart form (camelCase accepted too). */
const approveFormSchema = z.object({
  meeting_date: date,
  meeting_name: z.string().trim().min(1).max(100),
  decision: z.enum(['approved', 'returned']),
  comments: z.string().trim().max(4000).default(''),
});

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Read the approval form: multipart (fields and at most one minutes file) or JSON without a file. */
async function readApproveForm(req: FastifyRequest): Promise<ApproveInput> {
  const fields: Record<string, unknown> = {};
  let minutes: ApproveInput['minutes'] = null;
  if (req.isMultipart()) {
    try {
      for await (const part of req.parts({ limits: { fileSize: MINUTES_MAX_BYTES, files: 1, fields: 10 } })) {
        if (part.type === 'file') {
          const buffer = await part.toBuffer();
          if (buffer.length === 0 && !part.filename) continue; // an empty file input
          if (minutes) throw new AppError(400, 'LIST_ONE_FILE');
          minutes = { buffer, originalName: part.filename };
        } else {
          fields[snake(part.fieldname)] = part.value;
        }
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      const err = e as { code?: string; statusCode?: number };
      if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'FILE_TOO_LARGE', { mb: MINUTES_MAX_BYTES / 1024 / 1024 });
      if (err.code === 'FST_FILES_LIMIT') throw new AppError(400, 'LIST_ONE_FILE');
      throw e;
    }
  } else if (req.body && typeof req.body === 'object') {
    for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) fields[snake(k)] = v;
  }
  const r = approveFormSchema.safeParse(fields);
  if (!r.success) {
    throw new AppError(
      400,
      'VALIDATION',
      {},
      r.error.issues.map((i) => ({ path: `body.${issuePath(i.path)}`, reason: issueReason(i as never) })),
    );
  }
  return { meetingDate: r.data.meeting_date, meetingName: r.data.meeting_name, decision: r.data.decision, comments: r.data.comments, minutes };
}

/**
 * Lifecycle routes. Writes need lists.draft (department staff and the committee administrator) and
 * then the list's ownership (policy.ts: the committee administrator or the owner department's staff).
 */
export async function lifecycleRoutes(app: App, deps: Deps) {
  app.get('/api/lists/:listId/history', {
    config: { access: { permission: 'lists.read', target: listTarget } },
    schema: { tags: ['lists'], summary: '清单流转记录 Transitions, meetings and revisions of a list', params: listParams, response: { 200: historySchema } },
  }, async (req) => listHistory(deps, req.access.user, req.params.listId));

  app.post('/api/lists/:listId/submit', {
    config: { access: { permission: 'lists.draft', target: listTarget } },
    schema: {
      tags: ['lists'],
      summary: '送审 Submit the list to the secretary’s office meeting',
      params: listParams,
      body: z.object({ comment: z.string().trim().max(2000).optional() }).optional(),
      response: { 200: transitionSchema },
    },
  }, async (req) => submitList(deps, actorOf(req), req.access.user, req.params.listId, { comment: req.body?.comment ?? '' }));

  app.post('/api/lists/:listId/return', {
    config: { access: { permission: 'lists.draft', target: listTarget } },
    schema: {
      tags: ['lists'],
      summary: '退回修改 Return the list in review to drafting',
      params: listParams,
      body: z.object({ comments: z.string().trim().min(1, 'LIST_COMMENTS_REQUIRED').max(4000) }),
      response: { 200: transitionSchema },
    },
  }, async (req) => returnList(deps, actorOf(req), req.access.user, req.params.listId, req.body));

  app.post('/api/lists/:listId/approve', {
    config: { access: { permission: 'lists.draft', target: listTarget } },
    schema: {
      tags: ['lists'],
      summary: '书记办公会审定 Record the approval meeting (multipart: meeting_date, meeting_name, decision, comments, minutes file PDF/DOCX ≤ 20 MB)',
      consumes: ['multipart/form-data', 'application/json'],
      params: listParams,
      response: { 200: approveResultSchema },
    },
  }, async (req) => {
    const input = await readApproveForm(req);
    return approveList(deps, actorOf(req), req.access.user, req.params.listId, input);
  });

  app.post('/api/lists/:listId/issue', {
    config: { access: { permission: 'lists.draft', target: listTarget } },
    schema: {
      tags: ['lists'],
      summary: '印发 Issue the approved list as an official document',
      params: listParams,
      body: z.object({
        docPrefix: z.string().trim().max(20).optional(),
        docSeq: z.number().int().min(1).max(9999),
        issueDate: date,
        noticeTitle: z.string().trim().max(200).optional(),
        coIssuer: z.string().trim().max(100).optional(),
        attachedDocumentId: z.number().int().positive().nullable().optional(),
      }),
      response: { 200: issueResultSchema },
    },
  }, async (req) => issueList(deps, actorOf(req), req.access.user, req.params.listId, req.body));

  app.post('/api/lists/:listId/revisions', {
    config: { access: { permission: 'lists.draft', target: listTarget } },
    schema: {
      tags: ['lists'],
      summary: '发起修订 Open a revision of an issued list',
      params: listParams,
      body: z.object({ reason: z.string().trim().min(1).max(2000) }),
      response: { 200: revisionSchema },
    },
  }, async (req) => openRevision(deps, actorOf(req), req.access.user, req.params.listId, req.body));

  app.post('/api/list-revisions/:id/publish', {
    config: { access: { permission: 'lists.draft', target: { kind: 'listRevision', in: 'params', field: 'id' } } },
    schema: {
      tags: ['lists'],
      summary: '发布修订 Publish a revision with its notice',
      params: idParams,
      body: z.object({ notice: z.string().trim().min(1).max(4000) }),
      response: { 200: revisionSchema },
    },
  }, async (req) => publishRevision(deps, actorOf(req), req.access.user, req.params.id, req.body));
}
