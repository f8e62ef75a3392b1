/**
 * What every dashboard view shares: the year shown by default, the yellow-light setting, the
 * progress counters of a group of periods, and the scope filter. The light, late-days and urgency
 * expressions are the work module's (work/timing.ts).
 *
 * Counters (one row of `progressColumns`):
 * - total: the periods of the year (withdrawn ones left out);
 * - due: whose due date has passed (due so far);
 * - approved, submitted (awaiting review), returned;
 * - overdue: open (pending or returned) and past the due date now;
 * - late: the stored late mark (submitted after the due date; kept after approval);
 * - approvedDue: approved among those due — the rate's numerator, shown beside it;
 * - rate: approvedDue ÷ due (null when nothing is due yet). One definition for every view: a
 *   figure shown as a rate comes with its due and approvedDue counts, never with `approved`.
 */
import type { Progress } from '@qingdan/core';
import { sql, type RawBuilder } from 'kysely';
import type { ViewContext } from '../work/timing.ts';

/** The counters of a group of periods (alias `p`), as select columns. */
export function progressColumns(ctx: ViewContext, p = 'p'): RawBuilder<unknown> {
  const s = sql.ref(`${p}.status`);
  const due = sql.ref(`${p}.due_on`);
  const today = sql`${ctx.today}::date`;
  return sql`count(*)::int AS total,
    count(*) FILTER (WHERE ${due} < ${today})::int AS due,
    count(*) FILTER (WHERE ${s} = 'approved')::int AS approved,
    count(*) FILTER (WHERE ${s} = 'approved' AND ${due} < ${today})::int AS approved_due,
    count(*) FILTER (WHERE ${s} = 'submitted')::int AS submitted,
    count(*) FILTER (WHERE ${s} = 'returned')::int AS returned,
    count(*) FILTER (WHERE ${s} IN ('pending', 'returned') AND ${due} < ${today})::int AS overdue,
    count(*) FILTER (WHERE ${sql.ref(`${p}.late_days`)} > 0)::int AS late`;
}

export interface ProgressRow {
  total: number;
  due: number;
  approved: number;
  approved_due: number;
  submitted: number;
  returned: number;
  overdue: number;
  late: number;
}

const EMPTY: ProgressRow = { total: 0, due: 0, approved: 0, approved_due: 0, submitted: 0, returned: 0, overdue: 0, late: 0 };

export function emptyRow(): ProgressRow {
  return { ...EMPTY };
}

/** Add the counters of `b` into `a`. */
export function addInto(a: ProgressRow, b: ProgressRow): ProgressRow {
  for (const k of Object.keys(EMPTY) as (keyof ProgressRow)[]) a[k] += Number(b[k]);
  return a;
}

export function progressOf(r: ProgressRow): Progress {
  const due = Number(r.due);
  return {
    total: Number(r.total),
    due,
    approved: Number(r.approved),
    submitted: Number(r.submitted),
    returned: Number(r.returned),
    overdue: Number(r.overdue),
    late: Number(r.late),
    approvedDue: Number(r.approved_due),
    rate: due > 0 ? Math.round((Number(r.approved_due) / due) * 10_000) / 10_000 : null,
  };
}

/** An ISO timestamp or null (both drivers give Date for timestamptz). */
export function iso(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  return d instanceof Date ? d.toISOString() : new Date(d).toISOString();
}

/** A text filter as an ILIKE pattern (its wildcards escaped). */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}
