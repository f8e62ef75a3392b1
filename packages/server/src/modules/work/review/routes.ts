import { z } from 'zod';
import { approveBodySchema, pageOf, periodStateSchema, returnBodySchema, reviewItemSchema, reviewsQuerySchema } from '@qingdan/core';
import type { App, Deps } from '../../../deps.ts';
import { actorOf } from '../../../http/actor.ts';
import { reviewQueue } from './review-queue.ts';
import { approvePeriod, returnPeriod } from './review-period.ts';

const ID = z.coerce.number().int().positive().max(2_147_483_647);
const idParams = z.object({ id: ID });
const tags = ['work'];
const periodTarget = { kind: 'period' as const, in: 'params' as const, field: 'id' };

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
      querystring: reviewsQuerySchema,
      response: { 200: pageOf(reviewItemSchema) },
    },
  }, async (req) => reviewQueue(deps, req.access.user, req.access.routeScope, req.query, req.access.user.locale));

  app.post('/api/work/periods/:id/approve', {
    config: { access: { permission: 'work.review', target: periodTarget } },
    schema: {
      tags,
      summary: '审核通过 Approve a submitted period',
      params: idParams,
      body: approveBodySchema,
      response: { 200: periodStateSchema },
    },
  }, async (req) => approvePeriod(deps, actorOf(req), req.access.user, req.params.id, req.body));

  app.post('/api/work/periods/:id/return', {
    config: { access: { permission: 'work.review', target: periodTarget } },
    schema: {
      tags,
      summary: '退回 Return a submitted period with a reason',
      params: idParams,
      body: returnBodySchema,
      response: { 200: periodStateSchema },
    },
  }, async (req) => returnPeriod(deps, actorOf(req), req.access.user, req.params.id, req.body));
}
