/**
 * The contract of the review queue and the review steps (server `work/review`): request and
 * response schemas once, the types inferred from them, used by the routes, the use cases and the
 * web's API client.
 */
import { z } from 'zod';
import { pageQuerySchema, queryIdSchema } from '../api.ts';
import { approveInputSchema } from '../review-flow.ts';
import { PERIOD_STATUSES } from '../work.ts';

const int = z.number().int();
const version = z.number().int().positive().optional();

export const QUEUE_STATUSES = ['submitted', 'approved', 'returned', 'all'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/** GET /api/work/reviews: `status` defaults to `submitted` (awaiting review); `all` adds the ones already reviewed. */
export const reviewsQuerySchema = pageQuerySchema.extend({
  status: z.enum(QUEUE_STATUSES).default('submitted'),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  levelCode: z.string().trim().max(20).optional(),
  unitId: queryIdSchema.optional(),
  q: z.string().trim().max(100).optional(),
});
export type ReviewsQuery = z.output<typeof reviewsQuerySchema>;

/** A row of GET /api/work/reviews. */
export const reviewItemSchema = z.object({
  periodId: int,
  year: int,
  label: z.string(),
  status: z.enum(PERIOD_STATUSES),
  startsOn: z.string(),
  endsOn: z.string(),
  dueOn: z.string(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  lateDays: int,
  reportCount: int,
  version: int,
  taskId: int,
  taskCode: z.string(),
  taskContent: z.string(),
  partId: int,
  partTitle: z.string(),
  levelCode: z.string(),
  levelName: z.string(),
  orgId: int,
  orgName: z.string(),
  unitId: int,
  unitName: z.string(),
  reviewerOrgId: int,
  reviewerOrgName: z.string(),
  submittedByName: z.string().nullable(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

/** POST /api/work/periods/:id/approve. */
export const approveBodySchema = approveInputSchema.extend({ version }).default({ comment: '' });
/** POST /api/work/periods/:id/return: the reason is checked by the use case, so a missing one answers RETURN_REASON_REQUIRED. */
export const returnBodySchema = z.object({ reason: z.string().max(1000).default(''), version }).default({ reason: '' });
