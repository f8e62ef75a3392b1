/**
 * An organ committee's (or general branch's) view: its own tasks with the progress of their
 * periods, and the matrix of the branches below it (rows) × the list's parts (columns), each cell
 * with total, approved (completed), overdue and late. Two GROUP BYs: the organisation's own
 * periods, and the branches' periods through periods_org_due_idx.
 *
 * Its own tasks come in the order of 我的任务 (work/timing.ts urgencyOrder), task by task, sorted in
 * SQL: tasks with an open period by the due date of the earliest (overdue first, most overdue
 * first; then due soon; then the rest), then those whose periods all await review or are done,
 * then done ones (every period approved) last; within each, by part and task.
 */
import { sql } from 'kysely';
import { lightOf, type Light, type PartRef, type Progress } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import { addInto, emptyRow, progressColumns, progressOf, type ProgressRow } from './shared.ts';
import { viewContext } from '../work/timing.ts';
import { partsOf } from './labels.ts';
import { loadTargetOrg } from '../org/org-target.ts';

export interface OwnTask extends Progress {
  assignmentId: number;
  taskId: number;
  taskCode: string;
  taskContent: string;
  partId: number;
  levelCode: string;
  /** The earliest open period: its due date and light (null when every period is submitted or approved). */
  nextDueOn: string | null;
  nextLight: Light | null;
}

export interface OrgMatrix {
  year: number;
  today: string;
  org: { id: number; name: string; kind: string };
  parts: PartRef[];
  own: { totals: Progress; tasks: OwnTask[] };
  branches: (Progress & { id: number; name: string; cells: (Progress & { partId: number })[] })[];
  /** Column totals over the branches. */
  partTotals: (Progress & { partId: number })[];
  branchTotals: Progress;
}

export async function orgMatrix(deps: Deps, orgId: number, year: number | undefined): Promise<OrgMatrix> {
  const org = await loadTargetOrg(deps, orgId);
  // Any organisation of a unit: a unit shows all its branches, a branch its own tasks.
  if (org.unit_id === null) throw new AppError(400, 'DASHBOARD_NOT_ORGAN', { name: org.name });
  const ctx = await viewContext(deps, year);
  const k = deps.db.kysely;
  const prefix = org.path.replace(/[\\%_]/g, (c) => '\\' + c) + '%';

  const [ownRows, branchRows, cellRows] = await Promise.all([
    sql<ProgressRow & { assignment_id: number; task_id: number; code: string; content: string; part_id: number; level_code: string; part_seq: number; task_seq: number; next_due: string | null }>`
      SELECT p.assignment_id, p.task_id, t.code, t.content, p.part_id, p.level_code, lp.seq AS part_seq, t.seq AS task_seq,
        ${progressColumns(ctx)},
        to_char(min(p.due_on) FILTER (WHERE p.status IN ('pending', 'returned')), 'YYYY-MM-DD') AS next_due
      FROM periods p JOIN list_tasks t ON t.id = p.task_id JOIN list_parts lp ON lp.id = p.part_id
      WHERE p.org_id = ${org.id} AND p.year = ${ctx.year} AND p.withdrawn_at IS NULL
      GROUP BY p.assignment_id, p.task_id, t.code, t.content, p.part_id, p.level_code, lp.seq, t.seq
      ORDER BY (CASE WHEN count(*) FILTER (WHERE p.status IN ('pending', 'returned')) > 0 THEN 0
                     WHEN count(*) FILTER (WHERE p.status = 'submitted') > 0 THEN 1 ELSE 2 END),
        min(p.due_on) FILTER (WHERE p.status IN ('pending', 'returned')), lp.seq, t.seq, p.assignment_id`.execute(k),
    sql<{ id: number; name: string }>`
      SELECT o.id, o.name FROM orgs o
      WHERE o.unit_id = ${org.unit_id} AND o.kind = 'branch' AND o.path LIKE ${prefix} AND o.id <> ${org.id}
        AND (o.active OR EXISTS (SELECT 1 FROM periods p WHERE p.org_id = o.id AND p.year = ${ctx.year}))
      ORDER BY o.depth, o.sort_order, o.id`.execute(k),
    sql<ProgressRow & { org_id: number; part_id: number }>`
      SELECT p.org_id, p.part_id, ${progressColumns(ctx)}
      FROM orgs o JOIN periods p ON p.org_id = o.id
      WHERE o.unit_id = ${org.unit_id} AND o.kind = 'branch' AND o.path LIKE ${prefix} AND o.id <> ${org.id}
        AND p.year = ${ctx.year} AND p.withdrawn_at IS NULL
      GROUP BY p.org_id, p.part_id`.execute(k),
  ]);
  const parts = await partsOf(deps, ctx.year, [...new Set([...ownRows.rows, ...cellRows.rows].map((r) => r.part_id))]);

  const ownTotals = emptyRow();
  const tasks: OwnTask[] = ownRows.rows.map((r) => {
    addInto(ownTotals, r);
    return {
      assignmentId: r.assignment_id,
      taskId: r.task_id,
      taskCode: r.code,
      taskContent: r.content,
      partId: r.part_id,
      levelCode: r.level_code,
      nextDueOn: r.next_due,
      nextLight: r.next_due ? lightOf({ status: 'pending', dueOn: r.next_due, submittedOn: null, lateDays: 0 }, ctx.today, ctx.yellowDays) : null,
      ...progressOf(r),
    };
  });

  const cells = new Map(cellRows.rows.map((r) => [`${r.org_id}:${r.part_id}`, r]));
  const partTotals = new Map<number, ProgressRow>();
  const branchTotals = emptyRow();
  const branches = branchRows.rows.map((b) => {
    const row = emptyRow();
    const bCells = parts.map((p) => {
      const c = cells.get(`${b.id}:${p.id}`) ?? emptyRow();
      addInto(row, c);
      let t = partTotals.get(p.id);
      if (!t) partTotals.set(p.id, (t = emptyRow()));
      addInto(t, c);
      return { partId: p.id, ...progressOf(c) };
    });
    addInto(branchTotals, row);
    return { id: b.id, name: b.name, ...progressOf(row), cells: bCells };
  });

  return {
    year: ctx.year,
    today: ctx.today,
    org: { id: org.id, name: org.name, kind: org.kind },
    parts,
    own: { totals: progressOf(ownTotals), tasks },
    branches,
    partTotals: parts.map((p) => ({ partId: p.id, ...progressOf(partTotals.get(p.id) ?? emptyRow()) })),
    branchTotals: progressOf(branchTotals),
  };
}
