/**
 * 我的任务: the periods of the organisations the caller records for (modules/work/policy.ts
 * mayRecord: a work.record grant on the organisation itself, or on its unit node → every
 * organisation of the unit), what needs doing first (work/timing.ts urgencyOrder: open periods by due
 * date — overdue, due soon, the rest — then awaiting review, done last), then by task. Done
 * (approved) periods are left out unless `showDone` (or the filter asks for them: status approved,
 * light done); the header's counts always count all four lights, and `total` is the sum of the
 * lights the list shows, so the pager and the counts agree. The hot path of the app: one
 * aggregate for the light counts of the header and one page query, both on periods_org_due_idx
 * (or the unit's key), sorted and paged in SQL.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Light, PeriodStatus, MyTasksQuery, MyTask, LightCounts } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import type { CurrentUser } from '../auth/session.ts';
import { iso, likePattern } from './shared.ts';
import { lateDaysSql, lightSql, urgencyOrder, viewContext, type ViewContext } from '../work/timing.ts';
import { recordingReachSql } from '../work/policy.ts';

/** SQL of the period row shared by my tasks and the drill-down list (aliases p, t, lp, o). */
export function periodRowSelect(ctx: ViewContext): RawBuilder<unknown> {
  return sql`p.id, p.assignment_id, p.year, p.task_id, t.code AS task_code, t.content AS task_content,
    p.part_id, lp.seq AS part_seq, lp.title AS part_title, p.level_code, p.org_id, o.name AS org_name, p.unit_id,
    p.seq, p.label, to_char(p.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(p.ends_on, 'YYYY-MM-DD') AS ends_on,
    to_char(p.due_on, 'YYYY-MM-DD') AS due_on, p.status, ${lightSql(ctx)} AS light, ${lateDaysSql(ctx)} AS late_days,
    p.report_count, p.submitted_at, p.approved_at`;
}

export interface PeriodRow {
  id: number;
  assignment_id: number;
  year: number;
  task_id: number;
  task_code: string;
  task_content: string;
  part_id: number;
  part_seq: number;
  part_title: string;
  level_code: string;
  org_id: number;
  org_name: string;
  unit_id: number;
  seq: number;
  label: string;
  starts_on: string;
  ends_on: string;
  due_on: string;
  status: PeriodStatus;
  light: Light;
  late_days: number;
  report_count: number;
  submitted_at: Date | null;
  approved_at: Date | null;
}

export function toTaskPeriod(r: PeriodRow): MyTask {
  return {
    id: r.id,
    periodId: r.id,
    assignmentId: r.assignment_id,
    year: r.year,
    taskId: r.task_id,
    taskCode: r.task_code,
    taskContent: r.task_content,
    partId: r.part_id,
    partSeq: r.part_seq,
    partTitle: r.part_title,
    levelCode: r.level_code,
    orgId: r.org_id,
    orgName: r.org_name,
    unitId: r.unit_id,
    seq: r.seq,
    label: r.label,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    dueOn: r.due_on,
    status: r.status,
    light: r.light,
    lateDays: Number(r.late_days),
    reportCount: r.report_count,
    submittedAt: iso(r.submitted_at),
    approvedAt: iso(r.approved_at),
  };
}

export async function myTasks(
  deps: Deps,
  user: Pick<CurrentUser, 'grants'>,
  q: MyTasksQuery,
): Promise<{ items: MyTask[]; total: number; year: number; counts: LightCounts; today: string }> {
  const ctx = await viewContext(deps, q.year);
  const counts: LightCounts = { green: 0, yellow: 0, red: 0, done: 0 };
  const reach = recordingReachSql(user, { orgId: sql`p.org_id`, unitId: sql`p.unit_id` });
  if (reach === null) return { items: [], total: 0, year: ctx.year, counts, today: ctx.today };
  const k = deps.db.kysely;

  const where: RawBuilder<unknown>[] = [reach, sql`p.year = ${ctx.year}`, sql`p.withdrawn_at IS NULL`];
  if (q.status) where.push(sql`p.status = ${q.status}`);
  if (q.partId) where.push(sql`p.part_id = ${q.partId}`);
  const text = q.q?.trim();
  const needsTask = Boolean(text);
  if (text) where.push(sql`(t.content ILIKE ${likePattern(text)} OR t.code ILIKE ${likePattern(text)})`);
  const base = sql.join(where, sql` AND `);

  const light = lightSql(ctx);
  // Done periods are hidden by default, unless the filter itself asks for them.
  const hideDone = !q.showDone && q.status !== 'approved' && q.light !== 'done';
  const page: RawBuilder<unknown>[] = [];
  if (q.light) page.push(sql`AND ${light} = ${q.light}`);
  if (hideDone) page.push(sql`AND p.status <> 'approved'`);
  // The header's counts and the page are independent: on PostgreSQL they run side by side.
  const [countRows, rows] = await Promise.all([
    sql<{ light: Light; n: number }>`
      SELECT ${light} AS light, count(*)::int AS n
      FROM periods p ${needsTask ? sql`JOIN list_tasks t ON t.id = p.task_id` : sql``}
      WHERE ${base}
      GROUP BY 1`.execute(k),
    sql<PeriodRow>`
      SELECT ${periodRowSelect(ctx)}
      FROM periods p
      JOIN list_tasks t ON t.id = p.task_id
      JOIN list_parts lp ON lp.id = p.part_id
      JOIN orgs o ON o.id = p.org_id
      WHERE ${base} ${page.length ? sql.join(page, sql` `) : sql``}
      ORDER BY ${urgencyOrder()}, lp.seq, p.level_code, t.seq, p.org_id, p.seq, p.id
      LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(k),
  ]);
  for (const r of countRows.rows) counts[r.light] += Number(r.n);
  const total = q.light ? counts[q.light] : counts.green + counts.yellow + counts.red + (hideDone ? 0 : counts.done);
  return { items: rows.rows.map(toTaskPeriod), total, year: ctx.year, counts, today: ctx.today };
}
