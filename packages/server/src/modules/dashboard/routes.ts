import { z } from 'zod';
import { LIGHTS, PERIOD_STATUSES, pageOf, pageQuerySchema } from '@qingdan/core';
import type { App, Deps } from '../../deps.ts';
import { myTasks } from './my-tasks.ts';
import { findPeriods } from './find-periods.ts';
import { overview } from './overview.ts';
import { unitDashboard } from './unit-dashboard.ts';
import { orgMatrix } from './org-matrix.ts';
import { yearParts } from './labels.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const year = z.coerce.number().int().min(2000).max(2100);
const levelCode = z.string().trim().min(1).max(20);
const orgTarget = (field: string, where: 'params' | 'query') => ({ kind: 'org' as const, in: where, field });
const unitTarget = (field: string, where: 'params' | 'query') => ({ kind: 'unit' as const, in: where, field });

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
const progressSchema = z.object(progress);
const lightCounts = z.object({ green: z.number().int(), yellow: z.number().int(), red: z.number().int(), done: z.number().int() });
const partSchema = z.object({ id: z.number().int(), seq: z.number().int(), title: z.string() });
const levelSchema = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });

const periodSchema = z.object({
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

const myTasksQuery = periodFilters.extend({
  /** Include approved (done) periods; they are hidden by default (a status or light filter asking for them shows them). */
  showDone: flag.optional(),
});

const periodsQuery = periodFilters.extend({
  unitId: id.optional(),
  orgId: id.optional(),
  levelCode: levelCode.optional(),
  departmentId: id.optional(),
  late: flag.optional(),
  /** By due date, ascending or descending; without it, what needs doing first (done last). */
  order: z.enum(['asc', 'desc']).optional(),
});

const overviewQuery = z.object({
  year: year.optional(),
  partId: id.optional(),
  levelCode: levelCode.optional(),
  departmentId: id.optional(),
  unitId: id.optional(),
});

/**
 * Views per scope (docs/WORK.md "API", /dashboard/*): my tasks, an organ committee's matrix, a
 * unit, the committee's overview and the drill-down list. All read-only; the scope of work.read
 * decides what each caller sees, and another unit's id answers 404.
 */
export async function dashboardRoutes(app: App, deps: Deps) {
  app.get('/api/dashboard/my-tasks', {
    config: { access: { permission: 'work.read' } },
    schema: {
      tags: ['dashboard'],
      summary: '我的任务 Periods of the organisations the caller records for: overdue, due soon, open, awaiting review; done only with showDone',
      querystring: myTasksQuery,
      response: { 200: pageOf(periodSchema).extend({ year: z.number().int(), today: z.string(), counts: lightCounts }) },
    },
  }, async (req) => myTasks(deps, req.access.user, req.query));

  app.get('/api/dashboard/periods', {
    config: { access: { permission: 'work.read', target: [unitTarget('unitId', 'query'), orgTarget('orgId', 'query')] } },
    schema: {
      tags: ['dashboard'],
      summary: '穿透查询 Periods in scope, filtered: what needs doing first (done last), or by due date with order',
      querystring: periodsQuery,
      response: { 200: pageOf(periodSchema.extend({ unitName: z.string() })).extend({ year: z.number().int(), today: z.string() }) },
    },
  }, async (req) => findPeriods(deps, req.access.routeScope, req.query));

  app.get('/api/dashboard/parts', {
    config: { access: { permission: 'work.read' } },
    schema: {
      tags: ['dashboard'],
      summary: '部分 The parts of a year\'s issued list (default: the dashboards\' year), for the part filters',
      querystring: z.object({ year: year.optional() }),
      response: { 200: z.object({ year: z.number().int(), parts: z.array(partSchema) }) },
    },
  }, async (req) => yearParts(deps, req.query.year));

  app.get('/api/dashboard/overview', {
    config: { access: { permission: 'work.read', target: unitTarget('unitId', 'query') } },
    schema: {
      tags: ['dashboard'],
      summary: '工委总览 Units × parts × levels: completion, overdue and late counts, ranks, heat map',
      querystring: overviewQuery,
      response: {
        200: z.object({
          year: z.number().int(),
          today: z.string(),
          parts: z.array(partSchema),
          levels: z.array(levelSchema),
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
        }),
      },
    },
  }, async (req) => overview(deps, req.access.routeScope, req.query));

  app.get('/api/dashboard/units/:unitId', {
    config: { access: { permission: 'work.read', target: unitTarget('unitId', 'params') } },
    schema: {
      tags: ['dashboard'],
      summary: '单位看板 A unit: by level × part, by organisation, lights and late counts',
      params: z.object({ unitId: id }),
      querystring: z.object({ year: year.optional() }),
      response: {
        200: z.object({
          year: z.number().int(),
          today: z.string(),
          unit: z.object({ id: z.number().int(), name: z.string() }),
          parts: z.array(partSchema),
          levels: z.array(levelSchema),
          totals: progressSchema,
          byLevelPart: z.array(progressSchema.extend({ levelCode: z.string(), partId: z.number().int() })),
          byLevel: z.array(progressSchema.extend({ levelCode: z.string() })),
          byPart: z.array(progressSchema.extend({ partId: z.number().int() })),
          orgs: z.array(progressSchema.extend({ id: z.number().int(), name: z.string(), kind: z.string(), levelCode: z.string() })),
          lights: lightCounts,
          lates: z.object({
            marked: z.number().int(),
            overdue: z.number().int(),
            maxDays: z.number().int(),
            byLevel: z.array(z.object({ levelCode: z.string(), marked: z.number().int(), overdue: z.number().int() })),
          }),
        }),
      },
    },
  }, async (req) => unitDashboard(deps, req.access.routeScope, req.params.unitId, req.query.year));

  app.get('/api/dashboard/orgs/:orgId/matrix', {
    config: { access: { permission: 'work.read', target: orgTarget('orgId', 'params') } },
    schema: {
      tags: ['dashboard'],
      summary: '机关党委看板 An organ committee: its own tasks and its branches × parts',
      params: z.object({ orgId: id }),
      querystring: z.object({ year: year.optional() }),
      response: {
        200: z.object({
          year: z.number().int(),
          today: z.string(),
          org: z.object({ id: z.number().int(), name: z.string(), kind: z.string() }),
          parts: z.array(partSchema),
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
        }),
      },
    },
  }, async (req) => orgMatrix(deps, req.params.orgId, req.query.year));
}
