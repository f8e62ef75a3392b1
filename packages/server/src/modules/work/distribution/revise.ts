/**
 * A published revision of an issued list reaches the units (docs/WORK.md, "Distribution"), in
 * the publishing transaction:
 * - tasks withdrawn (or moved to another level) withdraw their assignments and the periods not yet
 *   approved (`withdrawn_at`); records and evidence stay, so the work done remains on file;
 * - new tasks (and tasks moved to another level) are distributed like the issued list;
 * - a task moved to another part carries its assignments and periods along (`part_id`);
 * - a changed frequency or due rule re-plans the periods: a period covering the same dates as a
 *   planned one takes the plan's label and due date; periods off the plan are removed when nothing
 *   was recorded in them and kept as they are otherwise; missing planned periods are added.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { WriteContext } from '../../../write.ts';
import { distribute, planSql } from './distribute.ts';

type Trx = Transaction<Database>;

export interface ReviseInput {
  listId: number;
  year: number;
  /** Snapshot of the list before the revision: only tasks whose frequency or due rule changed are re-planned (all tasks when null). */
  beforeSnapshotId: number | null;
}

export interface RevisionCounts {
  withdrawnAssignments: number;
  withdrawnPeriods: number;
  restoredAssignments: number;
  assignments: number;
  periods: number;
  replannedTasks: number;
  removedPeriods: number;
  updatedPeriods: number;
}

const rowCount = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);
const intArray = (ids: readonly number[]) => sql`${`{${ids.join(',')}}`}::int[]`;

/** Tasks of the list whose frequency or due rule differs from the snapshot (every task without one). */
async function changedPlanTasks(trx: Trx, listId: number, beforeSnapshotId: number | null): Promise<number[]> {
  if (beforeSnapshotId === null) {
    const r = await sql<{ id: number }>`SELECT id FROM list_tasks WHERE list_id = ${listId} AND withdrawn_at IS NULL`.execute(trx);
    return r.rows.map((x) => x.id);
  }
  const r = await sql<{ id: number }>`
    WITH before AS (
      SELECT (e->>'id')::int AS id, e->>'frequency' AS frequency, e->'dueRule' AS due_rule
      FROM list_snapshots s CROSS JOIN LATERAL jsonb_array_elements(s.data->'tasks') e
      WHERE s.id = ${beforeSnapshotId}
    )
    SELECT t.id FROM list_tasks t JOIN before b ON b.id = t.id
    WHERE t.list_id = ${listId} AND t.withdrawn_at IS NULL
      AND (b.frequency IS DISTINCT FROM t.frequency
           OR COALESCE(NULLIF(b.due_rule, '{}'::jsonb), '{"kind":"yearEnd"}'::jsonb)
              IS DISTINCT FROM COALESCE(NULLIF(t.due_rule, '{}'::jsonb), '{"kind":"yearEnd"}'::jsonb))`.execute(trx);
  return r.rows.map((x) => x.id);
}

/**
 * Bring the periods of the tasks' assignments in line with the tasks' plan, touching nothing
 * that already matches: periods covering a planned range take the plan's label and due date
 * (their ids and records stay), unrecorded periods off the plan are removed, missing ones added.
 */
export async function replan(trx: Trx, listId: number, year: number, taskIds: readonly number[]) {
  if (taskIds.length === 0) return { removedPeriods: 0, updatedPeriods: 0, addedPeriods: 0 };
  const tasks = intArray(taskIds);
  const live = sql`a.list_id = ${listId} AND a.task_id = ANY(${tasks}) AND a.withdrawn_at IS NULL`;
  // Periods covering a planned range keep their id (and records) and take the plan's label and due date.
  const updated = await sql`
    UPDATE periods p SET seq = x.seq, label = x.label, due_on = x.due_on, version = p.version + 1
    FROM (${planSql(listId, year, taskIds)}) x, assignments a
    WHERE x.task_id = p.task_id AND x.starts_on = p.starts_on AND x.ends_on = p.ends_on
      AND a.unit_id = p.unit_id AND a.id = p.assignment_id AND ${live} AND p.withdrawn_at IS NULL
      AND (p.seq <> x.seq OR p.label <> x.label OR p.due_on <> x.due_on)`.execute(trx);
  // Periods off the plan go when nothing was recorded in them; recorded ones stay as they are.
  const removed = await sql`
    DELETE FROM periods p USING assignments a
    WHERE a.unit_id = p.unit_id AND a.id = p.assignment_id AND ${live}
      AND p.withdrawn_at IS NULL AND p.status = 'pending' AND p.report_count = 0
      AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.unit_id = p.unit_id AND r.period_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.unit_id = p.unit_id AND v.period_id = p.id)
      AND NOT EXISTS (
        SELECT 1 FROM (${planSql(listId, year, taskIds)}) x
        WHERE x.task_id = p.task_id AND x.starts_on = p.starts_on AND x.ends_on = p.ends_on)`.execute(trx);
  const added = await sql`
    INSERT INTO periods (unit_id, assignment_id, list_id, year, task_id, part_id, level_code, org_id, seq, label, starts_on, ends_on, due_on)
    WITH plan AS MATERIALIZED (${planSql(listId, year, taskIds)})
    SELECT a.unit_id, a.id, a.list_id, a.year, a.task_id, a.part_id, a.level_code, a.org_id, x.seq, x.label, x.starts_on, x.ends_on, x.due_on
    FROM assignments a JOIN plan x ON x.task_id = a.task_id
    WHERE ${live}
      AND NOT EXISTS (
        SELECT 1 FROM periods p WHERE p.unit_id = a.unit_id AND p.assignment_id = a.id AND p.withdrawn_at IS NULL
          AND p.starts_on = x.starts_on AND p.ends_on = x.ends_on)`.execute(trx);
  return { removedPeriods: rowCount(removed), updatedPeriods: rowCount(updated), addedPeriods: rowCount(added) };
}

/** Apply a published revision of the list to its distribution, with one audit entry summarising it. */
export async function reviseDistribution(w: Pick<WriteContext, 'trx' | 'now' | 'audit'>, input: ReviseInput): Promise<RevisionCounts> {
  const { listId, year } = input;
  const { trx, now } = w;
  // Withdrawn tasks, and tasks now of another level: their assignments and unfinished periods.
  const off = sql`(t.withdrawn_at IS NOT NULL OR t.level_code <> a.level_code)`;
  const wa = await sql`
    UPDATE assignments a SET withdrawn_at = ${now}::timestamptz, updated_at = ${now}::timestamptz, version = a.version + 1
    FROM list_tasks t
    WHERE t.id = a.task_id AND a.list_id = ${listId} AND a.withdrawn_at IS NULL AND ${off}`.execute(trx);
  const wp = await sql`
    UPDATE periods p SET withdrawn_at = a.withdrawn_at, version = p.version + 1
    FROM assignments a
    WHERE a.unit_id = p.unit_id AND a.id = p.assignment_id AND a.list_id = ${listId}
      AND a.withdrawn_at IS NOT NULL AND p.withdrawn_at IS NULL AND p.status <> 'approved'`.execute(trx);
  // A task back at the level it had (moved away and back): its assignments and the periods withdrawn with them return.
  const back = sql`a.list_id = ${listId} AND a.withdrawn_at IS NOT NULL
    AND EXISTS (SELECT 1 FROM list_tasks t WHERE t.id = a.task_id AND t.withdrawn_at IS NULL AND t.level_code = a.level_code)`;
  await sql`
    UPDATE periods p SET withdrawn_at = NULL, version = p.version + 1
    FROM assignments a
    WHERE a.unit_id = p.unit_id AND a.id = p.assignment_id AND p.withdrawn_at = a.withdrawn_at AND ${back}`.execute(trx);
  const restored = await sql`
    UPDATE assignments a SET withdrawn_at = NULL, updated_at = ${now}::timestamptz, version = a.version + 1
    WHERE ${back}`.execute(trx);
  // A task moved to another part takes its work along.
  await sql`
    UPDATE assignments a SET part_id = t.part_id, updated_at = ${now}::timestamptz
    FROM list_tasks t WHERE t.id = a.task_id AND a.list_id = ${listId} AND a.part_id <> t.part_id`.execute(trx);
  await sql`
    UPDATE periods p SET part_id = t.part_id
    FROM list_tasks t WHERE t.id = p.task_id AND p.list_id = ${listId} AND p.part_id <> t.part_id`.execute(trx);
  // Changed plans first (existing assignments), then what is new.
  const changed = await changedPlanTasks(trx, listId, input.beforeSnapshotId);
  const re = await replan(trx, listId, year, changed);
  const added = await distribute(trx, { listId, year, now });
  const counts: RevisionCounts = {
    withdrawnAssignments: rowCount(wa),
    withdrawnPeriods: rowCount(wp),
    restoredAssignments: rowCount(restored),
    assignments: added.assignments,
    periods: added.periods + re.addedPeriods,
    replannedTasks: changed.length,
    removedPeriods: re.removedPeriods,
    updatedPeriods: re.updatedPeriods,
  };
  const { replannedTasks, ...rest } = counts;
  if (Object.values(rest).some((n) => n > 0)) {
    w.audit({ action: 'work.redistribute', entityType: 'workDistribution', entityId: listId, after: { listId, year, ...counts, replannedTasks } });
  }
  return counts;
}
