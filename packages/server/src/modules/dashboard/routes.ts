import {
  myTasksQuerySchema,
  orgParamsSchema,
  unitParamsSchema,
  yearQuerySchema,
  myTasksReplySchema,
  orgMatrixSchema,
  overviewQuerySchema,
  overviewSchema,
  periodsQuerySchema,
  periodsReplySchema,
  unitDashboardSchema,
  yearPartsSchema,
} from '@qingdan/core';
import type { App, Deps } from '../../deps.ts';
import { myTasks } from './my-tasks.ts';
import { findPeriods } from './find-periods.ts';
import { overview } from './overview.ts';
import { unitDashboard } from './unit-dashboard.ts';
import { orgMatrix } from './org-matrix.ts';
import { yearParts } from './labels.ts';

const orgTarget = (field: string, where: 'params' | 'query') => ({ kind: 'org' as const, in: where, field });
const unitTarget = (field: string, where: 'params' | 'query') => ({ kind: 'unit' as const, in: where, field });

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
      querystring: myTasksQuerySchema,
      response: { 200: myTasksReplySchema },
    },
  }, async (req) => myTasks(deps, req.access.user, req.query));

  app.get('/api/dashboard/periods', {
    config: { access: { permission: 'work.read', target: [unitTarget('unitId', 'query'), orgTarget('orgId', 'query')] } },
    schema: {
      tags: ['dashboard'],
      summary: '穿透查询 Periods in scope, filtered: what needs doing first (done last), or by due date with order',
      querystring: periodsQuerySchema,
      response: { 200: periodsReplySchema },
    },
  }, async (req) => findPeriods(deps, req.access.routeScope, req.query));

  app.get('/api/dashboard/parts', {
    config: { access: { permission: 'work.read' } },
    schema: {
      tags: ['dashboard'],
      summary: '部分 The parts of a year\'s issued list (default: the dashboards\' year), for the part filters',
      querystring: yearQuerySchema,
      response: { 200: yearPartsSchema },
    },
  }, async (req) => yearParts(deps, req.query.year));

  app.get('/api/dashboard/overview', {
    config: { access: { permission: 'work.read', target: unitTarget('unitId', 'query') } },
    schema: {
      tags: ['dashboard'],
      summary: '工委总览 Units × parts × levels: completion, overdue and late counts, ranks, heat map',
      querystring: overviewQuerySchema,
      response: { 200: overviewSchema },
    },
  }, async (req) => overview(deps, req.access.routeScope, req.query));

  app.get('/api/dashboard/units/:unitId', {
    config: { access: { permission: 'work.read', target: unitTarget('unitId', 'params') } },
    schema: {
      tags: ['dashboard'],
      summary: '单位看板 A unit: by level × part, by organisation, lights and late counts',
      params: unitParamsSchema,
      querystring: yearQuerySchema,
      response: { 200: unitDashboardSchema },
    },
  }, async (req) => unitDashboard(deps, req.access.routeScope, req.params.unitId, req.query.year));

  app.get('/api/dashboard/orgs/:orgId/matrix', {
    config: { access: { permission: 'work.read', target: orgTarget('orgId', 'params') } },
    schema: {
      tags: ['dashboard'],
      summary: '机关党委看板 An organ committee: its own tasks and its branches × parts',
      params: orgParamsSchema,
      querystring: yearQuerySchema,
      response: { 200: orgMatrixSchema },
    },
  }, async (req) => orgMatrix(deps, req.params.orgId, req.query.year));
}
