/**
 * Who may do what with a unit's work, inside what the access guard already let through (the
 * guard checked that the entity lies in the caller's scope for the route's permission). This file
 * is the one place for the 一级抓一级 rules:
 *
 * - record (履责记实) and submit: a `work.record` grant on the organisation itself, or on its unit
 *   node (the unit's administrator keeps records for any of its organisations);
 * - review: the level above. A period of level k (k > 1) is reviewed by the unit's holder of level
 *   k − 1 (branches by their organ committee, the organ committee by the party group); a period
 *   of the first level by the committee department named on the task (else the list's owner).
 *   The reviewer needs a `work.review` grant on that organisation or above it — inside the unit
 *   for a unit's own review, on the committee's side for the first level — and never reviews a
 *   submission of their own. A grant that reaches the whole province (department staff,
 *   inspectors) reviews only from a committee department: the tasks that name that department;
 *   from the committee root it reviews nothing (the committee administrator's grant there
 *   reviews every first-level period);
 * - division of labour and measures: a `work.assign` grant inside the unit covering the
 *   assignment's organisation (a leadership member's covers the whole unit).
 *
 * Each rule a query needs in SQL is written here beside its TypeScript (recordGrantSql beside
 * mayRecord, recordingReachSql for 我的任务, reviewGrantSql beside grantReviews, reviewerJoins — the
 * reviewer organisation — behind reviewerOrgOf); the notifications, the reminder sweep, the review
 * queue and 我的任务 use these fragments,
 * and rules.test.ts holds each to its TypeScript over generated cases.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { ROLE_DEFINITIONS, roleHas, rolesWith, unitPathOf, type GrantLike, type Permission, type Role } from '@qingdan/core';
import type { Database } from '../../db/schema.ts';
import type { CurrentUser } from '../auth/session.ts';

type Q = Kysely<Database> | Transaction<Database>;
type Grants = CurrentUser['grants'];

function grantsWith(grants: Grants, permission: Permission): Grants {
  return grants.filter((g) => roleHas(g.role, permission));
}

/** May the user record and submit the work of the organisation at `orgPath`? */
export function mayRecord(user: Pick<CurrentUser, 'grants'>, orgPath: string): boolean {
  const unitPath = unitPathOf(orgPath);
  return grantsWith(user.grants, 'work.record').some((g) => g.orgPath === orgPath || (g.orgPath === unitPath && unitPath !== orgPath));
}

/** A column or value a rule's SQL reads. */
type Expr = RawBuilder<unknown>;

/**
 * mayRecord in SQL, for one grant (its role and organisation id) and one organisation (its id and
 * its unit's id): a recording role on the organisation itself or on its unit node.
 */
export function recordGrantSql(g: { role: Expr; orgId: Expr }, o: { id: Expr; unitId: Expr }): RawBuilder<boolean> {
  return sql<boolean>`(${g.role} IN (${sql.join(rolesWith('work.record'))}) AND (${g.orgId} = ${o.id} OR ${g.orgId} = ${o.unitId}))`;
}

export interface ReviewerOrg {
  id: number;
  name: string;
  path: string;
  /** True when the reviewer is the unit's own organisation (levels 2 and 3), false for the committee side. */
  inUnit: boolean;
}

/** The reviewing roles whose grant reaches the whole province: they review from a committee department only. */
export const DEPARTMENT_REVIEW_ROLES: readonly Role[] = rolesWith('work.review').filter((r) => ROLE_DEFINITIONS[r].reach === 'province');

/** Does one grant let its holder review work whose reviewer organisation is `reviewer`? */
export function grantReviews(g: GrantLike, reviewer: Pick<ReviewerOrg, 'path' | 'inUnit'>): boolean {
  if (!roleHas(g.role, 'work.review') || !reviewer.path.startsWith(g.orgPath)) return false;
  // Department staff and inspectors review the tasks that name their department, from the department.
  if (DEPARTMENT_REVIEW_ROLES.includes(g.role)) return !reviewer.inUnit && g.orgPath.split('/').filter(Boolean).length >= 2;
  // A unit's own review is done inside the unit (not by the committee reaching down into it).
  return !reviewer.inUnit || g.orgPath.startsWith(unitPathOf(reviewer.path));
}

/**
 * mayRecord for all of a user's grants at once, as a condition on a row's organisation and unit
 * ids — the organisations a grant sits on, and every organisation of the units whose node a grant
 * sits on — that the indexes on organisation and on unit can answer (我的任务). Null when the user
 * records nothing.
 */
export function recordingReachSql(user: Pick<CurrentUser, 'grants'>, row: { orgId: Expr; unitId: Expr }): RawBuilder<boolean> | null {
  const orgIds = new Set<number>();
  const unitIds = new Set<number>();
  for (const g of grantsWith(user.grants, 'work.record')) {
    // A grant on a unit node (the path's second level) reaches every organisation of the unit.
    if (g.orgPath.split('/').filter(Boolean).length === 2) unitIds.add(g.orgId);
    else orgIds.add(g.orgId);
  }
  const any: RawBuilder<unknown>[] = [];
  if (orgIds.size) any.push(sql`${row.orgId} IN (${sql.join([...orgIds])})`);
  if (unitIds.size) any.push(sql`${row.unitId} IN (${sql.join([...unitIds])})`);
  return any.length ? sql<boolean>`(${sql.join(any, sql` OR `)})` : null;
}

/**
 * grantReviews in SQL, for one grant (its role and organisation path) and one reviewer organisation
 * (its path, whether it lies inside a unit, and that unit's path — the work's unit, whose path a
 * query has at hand, so the planner can test it before finding the reviewer).
 */
export function reviewGrantSql(g: { role: Expr; orgPath: Expr }, reviewer: { path: Expr; inUnit: Expr; unitPath: Expr }): RawBuilder<boolean> {
  const departmentRoles = DEPARTMENT_REVIEW_ROLES.length > 0 ? DEPARTMENT_REVIEW_ROLES : [''];
  return sql<boolean>`(${g.role} IN (${sql.join(rolesWith('work.review'))}) AND starts_with(${reviewer.path}, ${g.orgPath})
    AND CASE WHEN ${g.role} IN (${sql.join(departmentRoles)}) THEN NOT ${reviewer.inUnit} AND ${g.orgPath} ~ '^/[^/]+/[^/]+/'
             ELSE NOT ${reviewer.inUnit} OR starts_with(${g.orgPath}, ${reviewer.unitPath}) END)`;
}

/** May the user review work whose reviewer organisation is `reviewer`? */
export function mayReview(user: Pick<CurrentUser, 'grants'>, reviewer: ReviewerOrg): boolean {
  return user.grants.some((g) => grantReviews(g, reviewer));
}

/** May the user divide the work of an assignment's organisation (分工, measures)? */
export function mayAssign(user: Pick<CurrentUser, 'grants'>, orgPath: string): boolean {
  return grantsWith(user.grants, 'work.assign').some(
    (g) => g.orgPath.split('/').filter(Boolean).length >= 2 && (orgPath.startsWith(g.orgPath) || (g.role === 'leader' && orgPath.startsWith(unitPathOf(g.orgPath)))),
  );
}

/**
 * The organisation that reviews the work of `orgId` at level `levelCode` on task `taskId`.
 * Null only when the data gives no reviewer (a unit without the level above).
 */
export async function reviewerOrgOf(db: Q, orgId: number, levelCode: string, taskId: number): Promise<ReviewerOrg | null> {
  const source = sql`SELECT ${orgId}::int AS org_id, ${levelCode}::text AS level_code, ${taskId}::int AS task_id`;
  const r = await reviewerQuery(source).execute(db);
  const row = r.rows[0];
  return row ? reviewerOrgFrom(row) : null;
}

export interface ReviewerOrgRow { id: number; name: string; path: string; in_unit: boolean }

export const reviewerOrgFrom = (row: ReviewerOrgRow): ReviewerOrg => ({ id: row.id, name: row.name, path: row.path, inUnit: row.in_unit });

/**
 * The reviewer organisation of one piece of work — organisation `orgId` (at `orgPath`, in unit
 * `unitId`), level `levelCode`, task `taskId` — as join clauses to append to a query's FROM over
 * its own rows: they add the relation `as` with the columns id, name, path and in_unit; id is null
 * when the data gives no reviewer (callers keep `${as}.id IS NOT NULL`). Level k > 1: the unit's
 * active holder of level k − 1, an ancestor of the organisation when there is one, else the unit's
 * topmost. The first level: the committee department named on the task, else the list's owner.
 * Joins rather than a subquery: the planner reuses the level lookups across rows.
 */
export function reviewerJoins(w: { orgId: Expr; orgPath: Expr; unitId: Expr; levelCode: Expr; taskId: Expr }, as: string): RawBuilder<unknown> {
  // Its own aliases (prefixed with `as`), so that the expressions passed in keep naming the caller's.
  const a = (name: string) => sql.raw(`${as}_${name}`);
  return sql`
    JOIN responsibility_levels ${a('me')} ON ${a('me')}.code = ${w.levelCode}
    LEFT JOIN LATERAL (
      SELECT l.code FROM responsibility_levels l WHERE l.sort_order < ${a('me')}.sort_order ORDER BY l.sort_order DESC LIMIT 1
    ) ${a('above')} ON true
    LEFT JOIN LATERAL (
      SELECT ro.id, ro.name, ro.path FROM orgs ro
      WHERE ${a('above')}.code IS NOT NULL AND ro.unit_id = ${w.unitId} AND ro.level_code = ${a('above')}.code AND ro.active AND ro.id <> ${w.orgId}
      ORDER BY CASE WHEN starts_with(${w.orgPath}, ro.path) THEN 0 ELSE 1 END, ro.depth, ro.sort_order, ro.id
      LIMIT 1
    ) ${a('unit')} ON true
    LEFT JOIN list_tasks ${a('task')} ON ${a('above')}.code IS NULL AND ${a('task')}.id = ${w.taskId}
    LEFT JOIN responsibility_lists ${a('list')} ON ${a('list')}.id = ${a('task')}.list_id
    LEFT JOIN orgs ${a('dept')} ON ${a('dept')}.id = COALESCE(${a('task')}.reviewer_org_id, ${a('list')}.owner_org_id)
    CROSS JOIN LATERAL (
      SELECT CASE WHEN ${a('above')}.code IS NULL THEN ${a('dept')}.id ELSE ${a('unit')}.id END AS id,
             CASE WHEN ${a('above')}.code IS NULL THEN ${a('dept')}.name ELSE ${a('unit')}.name END AS name,
             CASE WHEN ${a('above')}.code IS NULL THEN ${a('dept')}.path ELSE ${a('unit')}.path END AS path,
             ${a('above')}.code IS NOT NULL AS in_unit
    ) ${sql.raw(as)}`;
}

/**
 * The query behind reviewerOrgOf: at most one row (id, name, path, in_unit) for `source`, a query
 * of one row (org_id, level_code, task_id). A query may use it as a subquery over its own rows.
 */
export function reviewerQuery(source: RawBuilder<unknown>) {
  return sql<ReviewerOrgRow>`
    SELECT rv.id, rv.name, rv.path, rv.in_unit
    FROM (${source}) s
    JOIN orgs so ON so.id = s.org_id
    ${reviewerJoins({ orgId: sql`s.org_id`, orgPath: sql`so.path`, unitId: sql`so.unit_id`, levelCode: sql`s.level_code`, taskId: sql`s.task_id` }, 'rv')}
    WHERE rv.id IS NOT NULL
    LIMIT 1`;
}
