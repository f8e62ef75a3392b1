/**
 * Drill-down (穿透查询): the periods in the caller's scope, filtered by year, unit, organisation,
 * part, level, reviewing department, status, light, late mark and text (task or organisation),
 * sorted by default as 我的任务 is (work/timing.ts urgencyOrder: open periods by due date — overdue, due
 * soon, the rest — then awaiting review, done last), or by due date with `order` asc/desc; the
 * sort and the page are SQL. Done periods stay in the list (last), so its total matches the
 * counts that link to it. Each row names its period id (GET /api/work/periods/:id has the detail).
 */
import { sql, type RawBuilder } from 'kysely';
import type { PeriodsQuery, MyTask } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { pathFilter } from '../../http/access.ts';
import { likePattern } from './shared.ts';
import { lightSql, urgencyOrder, viewContext } from '../work/timing.ts';
import { periodRowSelect, toTaskPeriod, type PeriodRow } from './my-tasks.ts';

export async function findPeriods(
  deps: Deps,
  scope: 'all' | readonly string[],
  q: PeriodsQuery,
): Promise<{ items: (MyTask & { unitName: string })[]; total: number; year: number; today: string }> {
  const ctx = await viewContext(deps, q.year);
  const where: RawBuilder<unknown>[] = [sql`p.year = ${ctx.year}`, sql`p.withdrawn_at IS NULL`, pathFilter('o.path', scope)];
  if (q.unitId) where.push(sql`p.unit_id = ${q.unitId}`);
  if (q.orgId) where.push(sql`p.org_id = ${q.orgId}`);
  if (q.partId) where.push(sql`p.part_id = ${q.partId}`);
  if (q.levelCode) where.push(sql`p.level_code = ${q.levelCode}`);
  if (q.departmentId) where.push(sql`p.task_id IN (SELECT id FROM list_tasks WHERE reviewer_org_id = ${q.departmentId})`);
  if (q.status) where.push(sql`p.status = ${q.status}`);
  if (q.light) where.push(sql`${lightSql(ctx)} = ${q.light}`);
  if (q.late) where.push(sql`p.late_days > 0`);
  const text = q.q?.trim();
  // The text is matched once per task and per organisation, not once per period.
  if (text) {
    where.push(sql`(p.task_id IN (SELECT id FROM list_tasks WHERE content ILIKE ${likePattern(text)} OR code ILIKE ${likePattern(text)})
      OR p.org_id IN (SELECT id FROM orgs WHERE name ILIKE ${likePattern(text)}))`);
  }
  // Within one status the urgency rank is the same for every row: by due date alone, the same order.
  const lead = q.order === 'desc' ? sql`p.due_on DESC` : q.order === 'asc' || q.status ? sql`p.due_on ASC` : urgencyOrder();
  const cond = sql.join(where, sql` AND `);
  const order = sql`${lead}, p.unit_id, lp.seq, p.level_code, t.seq, o.path, p.seq, p.id`;
  // The page in two steps: its ids sorted on narrow rows (no window over the whole set, no wide
  // columns carried through the sort; the leading keys come presorted from periods_year_urgency_idx
  // or periods_year_due_idx), then the 20 rows themselves. The total is its own count, joining
  // organisations only for a scope. On PostgreSQL the two run side by side.
  const needsOrg = scope !== 'all';
  const [rows, count] = await Promise.all([
    sql<PeriodRow & { unit_name: string }>`
      WITH page AS (
        SELECT p.unit_id, p.id
        FROM periods p
        JOIN list_tasks t ON t.id = p.task_id
        JOIN list_parts lp ON lp.id = p.part_id
        JOIN orgs o ON o.id = p.org_id
        WHERE ${cond}
        ORDER BY ${order}
        LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}
      )
      SELECT ${periodRowSelect(ctx)}, u.name AS unit_name
      FROM page
      JOIN periods p ON p.unit_id = page.unit_id AND p.id = page.id
      JOIN orgs u ON u.id = p.unit_id
      JOIN list_tasks t ON t.id = p.task_id
      JOIN list_parts lp ON lp.id = p.part_id
      JOIN orgs o ON o.id = p.org_id
      ORDER BY ${order}`.execute(deps.db.kysely),
    sql<{ n: number }>`
      SELECT count(*)::int AS n
      FROM periods p
      ${needsOrg ? sql`JOIN orgs o ON o.id = p.org_id` : sql``}
      WHERE ${cond}`.execute(deps.db.kysely),
  ]);
  const total = count.rows[0]?.n ?? 0;
  return { items: rows.rows.map((r) => ({ ...toTaskPeriod(r), unitName: r.unit_name })), total, year: ctx.year, today: ctx.today };
}
