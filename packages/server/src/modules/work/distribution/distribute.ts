/**
 * Distribution of an issued list (docs/WORK.md, "Distribution"): one assignment per task of the
 * list and per holder organisation of the task's level, and the reporting periods of every
 * assignment — both as set-based `INSERT … SELECT`, inside the caller's transaction.
 *
 * A holder of a level is an active organisation of a unit with that `level_code` and no active
 * ancestor of the same level: the party group for L1; the organ committee (or a general branch
 * directly under a unit without one) for L2 — a general branch inside the organ committee has no
 * tasks of its own; the branches for L3.
 *
 * The periods are `periodPlan` of @qingdan/core computed in SQL (distribution.test.ts compares
 * the two for every frequency and due rule).
 */
import { sql, type RawBuilder, type Transaction } from 'kysely';
import { PERIOD_SPAN_COUNT, periodLabel, type PeriodSpan } from '@qingdan/core';
import type { Database } from '../../../db/schema.ts';
import type { WriteContext } from '../../../write.ts';

type Trx = Transaction<Database>;

export interface DistributeInput {
  listId: number;
  year: number;
  /** Business time of the distribution (created_at of the rows). */
  now: Date;
}

export interface DistributionCounts {
  assignments: number;
  periods: number;
}

/** Options of one distribution pass (internal). */
interface Scope {
  /** Only these tasks (default: every task of the list that is not withdrawn). */
  taskIds?: readonly number[];
  /** Only holders inside this subtree (an organisation created, re-activated or moved). */
  underPath?: string;
}

const intArray = (ids: readonly number[]) => sql`${`{${ids.join(',')}}`}::int[]`;
const rowCount = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);

/** The stored (Chinese) labels of a span's periods as an SQL text array, from core's periodLabel. */
function labelsOf(span: PeriodSpan): RawBuilder<unknown> {
  const labels = Array.from({ length: PERIOD_SPAN_COUNT[span] }, (_, i) => sql.lit(periodLabel(span, i + 1, 'zh-CN')));
  return sql`ARRAY[${sql.join(labels)}]::text[]`;
}

/**
 * The period plan of the list's tasks for `year` (task_id, seq, label, starts_on, ends_on,
 * due_on), as `periodPlan(frequency, dueRule, year)`: monthly 12, quarterly 4, half-yearly 2,
 * everything else one period for the whole year; due `afterPeriodEnd` → end + days, `date` →
 * that date for a single period, otherwise (and `yearEnd`) the period's last day.
 */
export function planSql(listId: number, year: number, taskIds?: readonly number[]): RawBuilder<unknown> {
  return sql`
    SELECT t.id AS task_id, g.seq::smallint AS seq,
      CASE t.frequency
        WHEN 'monthly' THEN (${labelsOf('month')})[g.seq]
        WHEN 'quarterly' THEN (${labelsOf('quarter')})[g.seq]
        WHEN 'halfYearly' THEN (${labelsOf('half')})[g.seq]
        ELSE (${labelsOf('year')})[1] END AS label,
      r.starts_on, r.ends_on,
      CASE
        WHEN t.due_rule->>'kind' = 'afterPeriodEnd' THEN r.ends_on + COALESCE((t.due_rule->>'days')::int, 0)
        WHEN t.due_rule->>'kind' = 'date' AND f.n = 1 THEN (t.due_rule->>'date')::date
        ELSE r.ends_on END AS due_on
    FROM list_tasks t
    CROSS JOIN LATERAL (SELECT CASE t.frequency WHEN 'monthly' THEN 12 WHEN 'quarterly' THEN 4 WHEN 'halfYearly' THEN 2 ELSE 1 END AS n) f
    CROSS JOIN LATERAL generate_series(1, f.n) AS g(seq)
    CROSS JOIN LATERAL (
      SELECT (make_date(${year}::int, 1, 1) + make_interval(months => (g.seq - 1) * (12 / f.n)))::date AS starts_on,
             (make_date(${year}::int, 1, 1) + make_interval(months => g.seq * (12 / f.n)) - interval '1 day')::date AS ends_on
    ) r
    WHERE t.list_id = ${listId} AND t.withdrawn_at IS NULL
      ${taskIds ? sql`AND t.id = ANY(${intArray(taskIds)})` : sql``}`;
}

/** Holders: active organisations of a unit with a level and no active ancestor of the same level. */
function holdersSql(underPath?: string): RawBuilder<unknown> {
  return sql`
    SELECT h.id, h.unit_id, h.level_code FROM orgs h
    WHERE h.active AND h.level_code IS NOT NULL AND h.unit_id IS NOT NULL AND h.id <> h.unit_id
      ${underPath ? sql`AND h.path LIKE ${`${underPath}%`}` : sql``}
      AND NOT EXISTS (
        SELECT 1 FROM orgs a
        WHERE a.unit_id = h.unit_id AND a.level_code = h.level_code AND a.active AND a.depth < h.depth
          AND h.path LIKE a.path || '%')`;
}

/**
 * Assignments for every (task, holder) pair that has none yet, then periods for every assignment
 * of the list (in scope) that has none. Idempotent.
 */
export async function distribute(trx: Trx, input: { listId: number; year: number; now: Date }, scope: Scope = {}): Promise<DistributionCounts> {
  const { listId, year, now } = input;
  const taskFilter = scope.taskIds ? sql`AND t.id = ANY(${intArray(scope.taskIds)})` : sql``;
  // An organisation moved from another unit keeps its assignments there (unit_id is the old
  // unit's): it gets no second one, so the guard is on (task, organisation), not only the key.
  const notYetOwned = sql`AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.org_id = h.id AND x.task_id = t.id)`;
  // Statements begin with their verb (WITH inside): the drivers count affected rows by it.
  const a = await sql`
    INSERT INTO assignments (unit_id, list_id, year, task_id, part_id, level_code, org_id, created_at, updated_at)
    WITH holders AS MATERIALIZED (${holdersSql(scope.underPath)})
    SELECT h.unit_id, t.list_id, ${year}::int, t.id, t.part_id, t.level_code, h.id, ${now}::timestamptz, ${now}::timestamptz
    FROM list_tasks t JOIN holders h ON h.level_code = t.level_code
    WHERE t.list_id = ${listId} AND t.withdrawn_at IS NULL ${taskFilter} ${notYetOwned}
    ON CONFLICT (unit_id, task_id, org_id) DO NOTHING`.execute(trx);
  // Fresh statistics before the next join: without them (a first issue, PGlite without
  // autovacuum) the planner nests loops over tens of thousands of rows.
  if (rowCount(a) > 1000) await sql`ANALYZE assignments`.execute(trx);
  const orgFilter = scope.underPath
    ? sql`AND a.org_id IN (SELECT o.id FROM orgs o WHERE o.path LIKE ${`${scope.underPath}%`})`
    : sql``;
  const p = await sql`
    INSERT INTO periods (unit_id, assignment_id, list_id, year, task_id, part_id, level_code, org_id, seq, label, starts_on, ends_on, due_on)
    WITH plan AS MATERIALIZED (${planSql(listId, year, scope.taskIds)})
    SELECT a.unit_id, a.id, a.list_id, a.year, a.task_id, a.part_id, a.level_code, a.org_id, p.seq, p.label, p.starts_on, p.ends_on, p.due_on
    FROM assignments a JOIN plan p ON p.task_id = a.task_id
    WHERE a.list_id = ${listId} AND a.withdrawn_at IS NULL ${orgFilter}
      AND NOT EXISTS (SELECT 1 FROM periods x WHERE x.unit_id = a.unit_id AND x.assignment_id = a.id)`.execute(trx);
  if (rowCount(p) > 1000) await sql`ANALYZE periods`.execute(trx);
  return { assignments: rowCount(a), periods: rowCount(p) };
}

/**
 * Distribute an issued list to every holder organisation, in the issuing `write`, with one audit entry summarising what was distributed. Idempotent: running it
 * again adds only what is missing (assignments unique per unit, task and organisation; periods
 * only for assignments without any).
 */
export async function distributeList(w: Pick<WriteContext, 'trx' | 'now' | 'audit'>, input: { listId: number; year: number }): Promise<DistributionCounts> {
  const counts = await distribute(w.trx, { ...input, now: w.now });
  if (counts.assignments > 0 || counts.periods > 0) {
    w.audit({ action: 'work.distribute', entityType: 'workDistribution', entityId: input.listId, after: { ...input, ...counts } });
  }
  return counts;
}
