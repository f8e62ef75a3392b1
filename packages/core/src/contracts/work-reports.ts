/**
 * The contract of the period page and its 履责记实 (server `work/reports`): every request and
 * response schema once, the TypeScript types inferred from them. The server's routes validate
 * and serialise with these schemas (a response that does not match fails with a 500, so a test
 * that sees one fails); the web's API client takes its types from here.
 */
import { z } from 'zod';
import { FREQUENCIES } from '../lists.ts';
import { REVIEW_ACTIONS } from '../review-flow.ts';
import { LIGHTS, PERIOD_STATUSES, reportInputSchema } from '../work.ts';

const int = z.number().int();

/** A real calendar date (YYYY-MM-DD). */
export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'invalidValue');

/** POST /api/work/periods/:id/reports. */
export const reportBodySchema = reportInputSchema.extend({ happenedOn: calendarDateSchema });
/** PUT /api/work/reports/:id (409 CONFLICT with `current` on a stale version). */
export const reportUpdateSchema = reportBodySchema.extend({ version: z.number().int().positive() });
/** POST /api/work/periods/:id/submit. */
export const submitBodySchema = z.object({ version: z.number().int().positive().optional() }).optional();

export const evidenceSchema = z.object({ id: int, reportId: int, name: z.string(), mime: z.string(), size: z.number(), createdAt: z.string() });
export type Evidence = z.infer<typeof evidenceSchema>;

/** A record as it is written (the answer of adding or editing one). */
export const reportSchema = z.object({
  id: int,
  periodId: int,
  happenedOn: z.string(),
  /** Dated after the period's due date (迟报). */
  late: z.boolean(),
  content: z.string(),
  authorId: int.nullable(),
  authorName: z.string(),
  version: int,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Report = z.infer<typeof reportSchema>;

/** A record on the period page, with its evidence. */
export const reportWithEvidenceSchema = reportSchema.extend({ evidence: z.array(evidenceSchema) });
export type ReportWithEvidence = z.infer<typeof reportWithEvidenceSchema>;

export const reportDeletedSchema = z.object({ ok: z.literal(true), periodId: int });
export type ReportDeleted = z.infer<typeof reportDeletedSchema>;
export const evidenceDeletedSchema = z.object({ ok: z.literal(true) });
export type EvidenceDeleted = z.infer<typeof evidenceDeletedSchema>;

/** A period's state after a submission or a review. */
export const periodStateSchema = z.object({
  id: int,
  status: z.enum(PERIOD_STATUSES),
  reportCount: int,
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  lateDays: int,
  version: int,
});
export type PeriodState = z.infer<typeof periodStateSchema>;

export const reviewEntrySchema = z.object({
  id: int,
  action: z.enum(REVIEW_ACTIONS),
  reason: z.string(),
  actorId: int.nullable(),
  actorName: z.string(),
  actorOrgId: int.nullable(),
  actorOrgName: z.string().nullable(),
  at: z.string(),
});
export type ReviewEntry = z.infer<typeof reviewEntrySchema>;

export const orgRefSchema = z.object({ id: int, name: z.string() });
export type OrgRef = z.infer<typeof orgRefSchema>;

export const periodHeaderSchema = z.object({
  id: int,
  unitId: int,
  assignmentId: int,
  listId: int,
  year: int,
  seq: int,
  label: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  dueOn: z.string(),
  status: z.enum(PERIOD_STATUSES),
  light: z.enum(LIGHTS),
  lateDays: int,
  reportCount: int,
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  version: int,
});
export type PeriodHeader = z.infer<typeof periodHeaderSchema>;

export const periodTaskSchema = z.object({
  id: int,
  code: z.string(),
  content: z.string(),
  requirements: z.string(),
  evidence: z.string(),
  frequency: z.enum(FREQUENCIES),
  partId: int,
  partSeq: int,
  partTitle: z.string(),
  levelCode: z.string(),
  levelName: z.string(),
});
export type PeriodTask = z.infer<typeof periodTaskSchema>;

/** GET /api/work/periods/:id. */
export const periodDetailSchema = z.object({
  period: periodHeaderSchema,
  task: periodTaskSchema,
  org: orgRefSchema,
  unit: orgRefSchema,
  reviewerOrg: orgRefSchema.nullable(),
  reports: z.array(reportWithEvidenceSchema),
  reviews: z.array(reviewEntrySchema),
  canRecord: z.boolean(),
  canSubmit: z.boolean(),
  canReview: z.boolean(),
});
export type PeriodDetail = z.infer<typeof periodDetailSchema>;
