/**
 * The timing rules of a period in SQL, beside their TypeScript in @qingdan/core work.ts: its light
 * (`lightOf`), its days late (`lateDaysOf`), and the order of what needs doing first. Every query
 * that shows or sorts periods uses these (the dashboards, 我的任务, the drill-down, the ledger);
 * rules.test.ts holds each to its TypeScript over generated cases.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Light } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { todayOf } from '../../clock.ts';
import { parseYellowDays } from './settings/work-settings.ts';

/** What the rules read besides the period: today (Beijing) and the yellow-light days. */
export interface TimingContext {
  today: string;
  yellowDays: number;
}

/** A view's context: the timing context and the year shown. */
export interface ViewContext extends TimingContext {
  year: number;
}

/**
 * Today (Beijing), the year asked for or by default the year of the latest issued list up to this
 * year (else this year), and the yellow-light days — in one round trip.
 */
export async function viewContext(deps: Deps, year: number | undefined): Promise<ViewContext> {
  const today = todayOf(deps.clock);
  const thisYear = Number(today.slice(0, 4));
  const r = await sql<{ yellow: unknown; latest: number | null }>`
    SELECT (SELECT value FROM settings WHERE key = 'work.yellowDays') AS yellow,
           (SELECT max(year) FROM responsibility_lists WHERE status = 'issued' AND year <= ${thisYear}) AS latest`.execute(deps.db.kysely);
  const row = r.rows[0];
  return { today, year: year ?? row?.latest ?? thisYear, yellowDays: parseYellowDays(row?.yellow) };
}

/** lightOf as SQL, over the period alias `p`: done, green, yellow or red. */
export function lightSql(ctx: TimingContext, p = 'p'): RawBuilder<Light> {
  const s = sql.ref(`${p}.status`);
  const due = sql.ref(`${p}.due_on`);
  return sql<Light>`(CASE WHEN ${s} = 'approved' THEN 'done' WHEN ${s} = 'submitted' THEN 'green'
    WHEN ${due} < ${ctx.today}::date THEN 'red'
    WHEN ${due} <= ${ctx.today}::date + ${ctx.yellowDays}::int THEN 'yellow' ELSE 'green' END)`;
}

/** lateDaysOf as SQL, over the period alias `p`: the stored mark, or today − due for an open period. */
export function lateDaysSql(ctx: Pick<TimingContext, 'today'>, p = 'p'): RawBuilder<number> {
  const s = sql.ref(`${p}.status`);
  return sql<number>`(CASE WHEN ${s} IN ('approved', 'submitted') THEN ${sql.ref(`${p}.late_days`)}
    ELSE GREATEST(${sql.ref(`${p}.late_days`)}, ${ctx.today}::date - ${sql.ref(`${p}.due_on`)}) END)`;
}

/**
 * The default order of every list of periods (我的任务, the drill-down): what needs doing first.
 * Open periods (pending or returned) by due date — which is overdue (red, most overdue first),
 * then due soon (yellow), then the rest (green) — then those awaiting review, approved (done)
 * last. Returns the leading sort keys: a status rank of the stored column and the due date, so
 * the rank needs no date arithmetic and `status <> 'approved'` (done hidden) is a plain filter.
 * Migration 0009's indexes repeat the rank's expression; keep them the same.
 */
export function urgencyOrder(p = 'p'): RawBuilder<unknown> {
  const s = sql.ref(`${p}.status`);
  return sql`(CASE WHEN ${s} = 'approved' THEN 2 WHEN ${s} = 'submitted' THEN 1 ELSE 0 END), ${sql.ref(`${p}.due_on`)}`;
}
