/**
 * The contract of the dashboards (server `dashboard`): 我的任务, the drill-down list, the
 * committee's overview, a unit's dashboard and an organ committee's matrix — request and response
 * schemas once, the types inferred from them, used by the routes and the web's API client.
 */
import { z } from 'zod';
import { pageOf, pageQuerySchema, queryIdSchema } from '../api.ts';
import { LIGHTS, PERIOD_STATUSES } from '../work.ts';

const id = queryIdSchema;
const year = z.coerce.number().int().min(2000).max(2100);
const levelCode = z.string().trim().min(1).max(20);

const progress = {
  total: z.number().int(),
  due: z.number().int(),
  approved: z.number().int(),
  submitted: z.number().int(),
  returned: z.number().int(),
  overdue: z.number().int(),
  late: z.number().int(),
  /** Approved among those due: rate = approvedDue ÷ due. */
  approvedDue: z.number().int(),
  rate: z.number().nullable(),
};
/**
 * Counters of a group of periods: all of the year, those due so far, approved, awaiting review,
 * returned, open past due now, marked late; `rate` is approved among those due over those due
 * (0–1), null when nothing is due yet.
 */
export const progressSchema = z.object(progress);
export type Progress = z.infer<typeof progressSchema>;
export const lightCountsSchema = z.object({ green: z.number().int(), yellow: z.number().int(), red: z.number().int(), done: z.number().int() });
export type LightCounts = z.infer<typeof lightCountsSchema>;
export const partRefSchema = z.object({ id: z.number().int(), seq: z.number().int(), title: z.string() });
export type PartRef = z.infer<typeof partRefSchema>;
export const levelRefSchema = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });
export type LevelRef = z.infer<typeof levelRefSchema>;

/** A period as the dashboards list it. */
export const periodRowSchema = z.object({
  id: z.number().int(),
  periodId: z.number().int(),
  assignmentId: z.number().int(),
  year: z.number().int(),
  taskId: z.number().int(),
  taskCode: z.string(),
  taskContent: z.string(),
  partId: z.number().int(),
  partSeq: z.number().int(),
  partTitle: z.string(),
  levelCode: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  unitId: z.number().int(),
  seq: z.number().int(),
  label: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  dueOn: z.string(),
  status: z.enum(PERIOD_STATUSES),
  light: z.enum(LIGHTS),
  lateDays: z.number().int(),
  reportCount: z.number().int(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
});

const flag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const periodFilters = pageQuerySchema.extend({
  year: year.optional(),
  status: z.enum(PERIOD_STATUSES).optional(),
  light: z.enum(LIGHTS).optional(),
  partId: id.optional(),
  q: z.string().trim().max(100).optional(),
});

/** The year of a dashboard (default: the dashboards' year). */
export const yearQuerySchema = z.object({ year: year.optional() });
export const unitParamsSchema = z.object({ unitId: id });
export const orgParamsSchema = z.object({ orgId: id });

/** GET /api/dashboard/my-tasks. */
export const myTasksQuerySchema = periodFilters.extend({
  /** Include approved (done) periods; they are hidden by default (a status or light filter asking for them shows them). */
  showDone: flag.optional(),
});

/** GET /api/dashboard/periods. */
export const periodsQuerySchema = periodFilters.extend({
  unitId: id.optional(),
  orgId: id.optional(),
  levelCode: levelCode.optional(),
  departmentId: id.optional(),
  late: flag.optional(),
  /** By due date, ascending or descending; without it, what needs doing first (done last). */
  order: z.enum(['asc', 'desc']).optional(),
});

/** GET /api/dashboard/overview. */
export const overviewQuerySchema = z.object({
  year: year.optional(),
  partId: id.optional(),
  levelCode: levelCode.optional(),
  departmentId: id.optional(),
  unitId: id.optional(),
});


/** GET /api/dashboard/my-tasks: the page, the year shown, today and the lights' counts. */
export const myTasksReplySchema = pageOf(periodRowSchema).extend({ year: z.number().int(), today: z.string(), counts: lightCountsSchema });
export type MyTask = z.infer<typeof periodRowSchema>;
export type MyTasksQuery = z.output<typeof myTasksQuerySchema>;
export type MyTasksReply = z.infer<typeof myTasksReplySchema>;

/** GET /api/dashboard/periods. */
export const periodsReplySchema = pageOf(periodRowSchema.extend({ unitName: z.string() })).extend({ year: z.number().int(), today: z.string() });
export type PeriodsReply = z.infer<typeof periodsReplySchema>;
export type PeriodsQuery = z.output<typeof periodsQuerySchema>;

/** GET /api/dashboard/parts. */
export const yearPartsSchema = z.object({ year: z.number().int(), parts: z.array(partRefSchema) });
export type YearParts = z.infer<typeof yearPartsSchema>;

/** GET /api/dashboard/overview. */
export const overviewSchema = z.object({
  year: z.number().int(),
  today: z.string(),
  parts: z.array(partRefSchema),
  levels: z.array(levelRefSchema),
  province: progressSchema.extend({
    byPart: z.array(progressSchema.extend({ partId: z.number().int() })),
    byLevel: z.array(progressSchema.extend({ levelCode: z.string() })),
  }),
  units: z.array(
    progressSchema.extend({
      id: z.number().int(),
      name: z.string(),
      shortName: z.string(),
      rank: z.number().int(),
      byPart: z.array(progressSchema.extend({ partId: z.number().int() })),
    }),
  ),
  cells: z.array(progressSchema.extend({ unitId: z.number().int(), partId: z.number().int(), levelCode: z.string() })),
  heatmap: z.object({ unitIds: z.array(z.number().int()), partIds: z.array(z.number().int()), rates: z.array(z.array(z.number().nullable())) }),
});
export type Overview = z.infer<typeof overviewSchema>;
export type OverviewQuery = z.output<typeof overviewQuerySchema>;

/** GET /api/dashboard/units/:unitId. */
export const unitDashboardSchema = z.object({
  year: z.number().int(),
  today: z.string(),
  unit: z.object({ id: z.number().int(), name: z.string() }),
  parts: z.array(partRefSchema),
  levels: z.array(levelRefSchema),
  totals: progressSchema,
  byLevelPart: z.array(progressSchema.extend({ levelCode: z.string(), partId: z.number().int() })),
  byLevel: z.array(progressSchema.extend({ levelCode: z.string() })),
  byPart: z.array(progressSchema.extend({ partId: z.number().int() })),
  orgs: z.array(progressSchema.extend({ id: z.number().int(), name: z.string(), kind: z.string(), levelCode: z.string() })),
  lights: lightCountsSchema,
  lates: z.object({
    marked: z.number().int(),
    overdue: z.number().int(),
    maxDays: z.number().int(),
    byLevel: z.array(z.object({ levelCode: z.string(), marked: z.number().int(), overdue: z.number().int() })),
  }),
});
export type UnitDashboard = z.infer<typeof unitDashboardSchema>;

/** GET /api/dashboard/orgs/:orgId/matrix. */
export const orgMatrixSchema = z.object({
  year: z.number().int(),
  today: z.string(),
  org: z.object({ id: z.number().int(), name: z.string(), kind: z.string() }),
  parts: z.array(partRefSchema),
  own: z.object({
    totals: progressSchema,
    tasks: z.array(
      progressSchema.extend({
        assignmentId: z.number().int(),
        taskId: z.number().int(),
        taskCode: z.string(),
        taskContent: z.string(),
        partId: z.number().int(),
        levelCode: z.string(),
        nextDueOn: z.string().nullable(),
        nextLight: z.enum(LIGHTS).nullable(),
      }),
    ),
  }),
  branches: z.array(
    progressSchema.extend({ id: z.number().int(), name: z.string(), cells: z.array(progressSchema.extend({ partId: z.number().int() })) }),
  ),
  partTotals: z.array(progressSchema.extend({ partId: z.number().int() })),
  branchTotals: progressSchema,
});
export type OrgMatrix = z.infer<typeof orgMatrixSchema>;
