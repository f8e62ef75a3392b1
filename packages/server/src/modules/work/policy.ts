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
 * The query behind reviewerOrgOf: at most one row (id, name, path, in_unit) for `source`, a query
 * of one row (org_id, level_code, task_id). A query may use it as a subquery over its own rows.
 */
export function reviewerQuery(source: RawBuilder<unknown>) {
  return sql<ReviewerOrgRow>`
    WITH subject AS (${source}), me AS (
      SELECT o.id, o.path, o.unit_id, l.sort_order
      FROM subject s JOIN orgs o ON o.id = s.org_id JOIN responsibility_levels l ON l.code = s.level_code
    ), above AS (
      SELECT l.code FROM responsibility_levels l, me
      WHERE l.sort_order < me.sort_order ORDER BY l.sort_order DESC LIMIT 1
    ), unit_reviewer AS (
      -- the holder of the level above: an ancestor of the organisation when there is one, else the unit's topmost
      SELECT o.id, o.name, o.path, true AS in_unit,
             CASE WHEN me.path LIKE o.path || '%' THEN 0 ELSE 1 END AS rank_ancestor, o.depth, o.sort_order
      FROM orgs o, me, above
      WHERE o.unit_id = me.unit_id AND o.level_code = above.code AND o.active AND o.id <> me.id
      ORDER BY rank_ancestor, o.depth, o.sort_order, o.id
      LIMIT 1
    ), committee_reviewer AS (
      SELECT o.id, o.name, o.path, false AS in_unit
      FROM subject s
      JOIN list_tasks t ON t.id = s.task_id
      JOIN responsibility_lists rl ON rl.id = t.list_id
      JOIN orgs o ON o.id = COALESCE(t.reviewer_org_id, rl.owner_org_id)
    )
    SELECT id, name, path, in_unit FROM unit_reviewer WHERE EXISTS (SELECT 1 FROM above)
    UNION ALL
    SELECT id, name, path, in_unit FROM committee_reviewer WHERE NOT EXISTS (SELECT 1 FROM above)
    LIMIT 1`;
}
