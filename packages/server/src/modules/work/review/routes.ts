import { z } from 'zod';
import { approveInputSchema, pageOf, pageQuerySchema, PERIOD_STATUSES } from '@qingdan/core';
import type { App, Deps } from '../../../deps.ts';
import { actorOf } from '../../../http/actor.ts';
import { periodStateSchema } from '../records/routes.ts';
import { QUEUE_STATUSES, reviewQueue } from './review-queue.ts';
import { approvePeriod, returnPeriod } from './review-period.ts';

const ID = z.coerce.number().int().positive().max(2_147_483_647);
const idParams = z.object({ id: ID });
const tags = ['work'];
const periodTarget = { kind: 'period' as const, in: 'params' as const, field: 'id' };
const version = z.number().int().positive().optional();

const queueItemSchema = z.object({
  periodId: z.number().int(),
  year: z.number().int(),
  label: z.string(),
  status: z.enum(PERIOD_STATUSES),
  startsOn: z.string(),
  endsOn: z.string(),
  dueOn: z.string(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  lateDays: z.number().int(),
  reportCount: z.number().int(),
  version: z.number().int(),
  taskId: z.number().int(),
  taskCode: z.string(),
  taskContent: z.string(),
  partId: z.number().int(),
  partTitle: z.string(),
  levelCode: z.string(),
  levelName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  reviewerOrgId: z.number().int(),
  reviewerOrgName: z.string(),
  submittedByName: z.string().nullable(),
});

/**
 * 一级抓一级 review: the level above approves or returns a submitted period (policy.mayReview on
 * policy.reviewerOrgOf), and each reviewer's queue.
 */
export async function reviewRoutes(app: App, deps: Deps) {
  app.get('/api/work/reviews', {
    config: { access: { permission: 'work.review', target: { kind: 'unit', in: 'query', field: 'unitId' } } },
    schema: {
      tags,
      summary: '待审核 The caller’s review queue (status=all adds the ones already reviewed)',
      querystring: pageQuerySchema.extend({
        status: z.enum(QUEUE_STATUSES).default('submitted'),
        year: z.coerce.number().int().min(2000).max(2100).optional(),
        levelCode: z.string().trim().max(20).optional(),
        unitId: ID.optional(),
        q: z.string().trim().max(100).optional(),
      }),
      response: { 200: pageOf(queueItemSchema) },
    },
  }, async (req) => reviewQueue(deps, req.access.user, req.access.routeScope, req.query, req.access.user.locale));

  app.post('/api/work/periods/:id/approve', {
    config: { access: { permission: 'work.review', target: periodTarget } },
    schema: {
      tags,
      summary: '审核通过 Approve a submitted period',
      params: idParams,
      body: approveInputSchema.extend({ version }).default({ comment: '' }),
      response: { 200: periodStateSchema },
    },
  }, async (req) => approvePeriod(deps, actorOf(req), req.access.user, req.params.id, req.body));

  app.post('/api/work/periods/:id/return', {
    config: { access: { permission: 'work.review', target: periodTarget } },
    schema: {
      tags,
      summary: '退回 Return a submitted period with a reason',
      params: idParams,
      // The reason is checked by the use case, so that a missing one answers RETURN_REASON_REQUIRED.
      body: z.object({ reason: z.string().max(1000).default(''), version }).default({ reason: '' }),
      response: { 200: periodStateSchema },
    },
  }, async (req) => returnPeriod(deps, actorOf(req), req.access.user, req.params.id, req.body));
}
