/**
 * 待审核: the periods the caller reviews — those whose reviewer organisation (policy.reviewerOrgOf,
 * computed here in SQL for every candidate) is covered by one of the caller's `work.review` grants
 * as policy.mayReview says. A unit's reviewers see the level below in their unit; a committee
 * department's staff see the party groups on the tasks it is named on, nothing else (the committee
 * administrator at the root sees all). Labels are in the caller's language.
 */
import { sql, type RawBuilder } from 'kysely';
import { periodLabelIn, roleHas, type Locale, type PeriodStatus, type ReviewItem, type ReviewsQuery } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { pathFilter } from '../../../http/access.ts';
import type { WorkUser } from '../reports/period-rows.ts';
import { dateText } from '../reports/period-rows.ts';
import { reviewerJoins, reviewGrantSql } from '../policy.ts';

interface Row {
  id: number;
  year: number;
  label: string;
  status: PeriodStatus;
  starts_on: string;
  ends_on: string;
  due_on: string;
  submitted_at: Date | null;
  approved_at: Date | null;
  late_days: number;
  report_count: number;
  version: number;
  task_id: number;
  task_code: string;
  task_content: string;
  part_id: number;
  part_title: string;
  level_code: string;
  level_name: string | null;
  org_id: number;
  org_name: string;
  unit_id: number;
  unit_name: string;
  reviewer_id: number;
  reviewer_name: string;
  submitter_id: number | null;
  submitter_name: string | null;
}

const likeText = (s: string) => `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

export async function reviewQueue(
  deps: Deps,
  user: WorkUser,
  scope: 'all' | readonly string[],
  query: ReviewsQuery,
  locale: Locale = 'zh-CN',
): Promise<{ items: ReviewItem[]; total: number }> {
  // Each reviewing grant as policy.grantReviews, in SQL (policy.reviewGrantSql) over the reviewer of each candidate.
  const grantConditions = new Map<string, RawBuilder<unknown>>();
  for (const g of user.grants) {
    if (!roleHas(g.role, 'work.review')) continue;
    grantConditions.set(`${g.role}${g.orgPath}`, reviewGrantSql({ role: sql`${g.role}::text`, orgPath: sql`${g.orgPath}::text` }, { path: sql`rev.path`, inUnit: sql`rev.in_unit`, unitPath: sql`u.path` }));
  }
  if (grantConditions.size === 0) return { items: [], total: 0 };

  const conditions: RawBuilder<unknown>[] = [pathFilter('o.path', scope)];
  if (query.status === 'all') conditions.push(sql`p.status IN ('submitted', 'approved', 'returned')`);
  else conditions.push(sql`p.status = ${query.status}`);
  if (query.status === 'submitted') conditions.push(sql`p.withdrawn_at IS NULL`);
  if (query.year !== undefined) conditions.push(sql`p.year = ${query.year}`);
  if (query.levelCode) conditions.push(sql`p.level_code = ${query.levelCode}`);
  if (query.unitId !== undefined) conditions.push(sql`p.unit_id = ${query.unitId}`);
  const q = query.q?.trim();
  if (q) conditions.push(sql`(t.content ILIKE ${likeText(q)} OR o.name ILIKE ${likeText(q)} OR u.name ILIKE ${likeText(q)})`);

  // The reviewer of each candidate: policy.reviewerJoins, as reviewerOrgOf finds it.
  const base = sql`
    FROM periods p
    JOIN orgs o ON o.id = p.org_id
    JOIN orgs u ON u.id = p.unit_id
    JOIN list_tasks t ON t.id = p.task_id
    JOIN list_parts lp ON lp.id = p.part_id
    JOIN responsibility_levels lme ON lme.code = p.level_code
    ${reviewerJoins({ orgId: sql`p.org_id`, orgPath: sql`o.path`, unitId: sql`p.unit_id`, levelCode: sql`p.level_code`, taskId: sql`p.task_id` }, 'rev')}
    LEFT JOIN LATERAL (
      SELECT rv.actor_id, rv.actor_name FROM reviews rv
      WHERE rv.unit_id = p.unit_id AND rv.period_id = p.id AND rv.action = 'submitted'
      ORDER BY rv.at DESC, rv.id DESC LIMIT 1
    ) sub ON true
    WHERE ${sql.join(conditions, sql` AND `)}
      AND rev.id IS NOT NULL
      AND (${sql.join([...grantConditions.values()], sql` OR `)})
      ${query.status === 'submitted' ? sql`AND sub.actor_id IS DISTINCT FROM ${user.accountId}` : sql``}`;

  const k = deps.db.kysely;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n ${base}`.execute(k)).rows[0]?.n ?? 0;
  const rows = (
    await sql<Row>`
      SELECT p.id, p.year, p.label, p.status, p.starts_on, p.ends_on, p.due_on, p.submitted_at, p.approved_at,
             p.late_days, p.report_count, p.version,
             t.id AS task_id, t.code AS task_code, t.content AS task_content, lp.id AS part_id, lp.title AS part_title,
             p.level_code, lme.name AS level_name, o.id AS org_id, o.name AS org_name, u.id AS unit_id, u.name AS unit_name,
             rev.id AS reviewer_id, rev.name AS reviewer_name, sub.actor_id AS submitter_id, sub.actor_name AS submitter_name
      ${base}
      ORDER BY p.submitted_at DESC NULLS LAST, p.id DESC
      LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`.execute(k)
  ).rows;

  return {
    total,
    items: rows.map((r) => ({
      periodId: r.id,
      year: r.year,
      label: periodLabelIn(r.label, locale),
      status: r.status,
      startsOn: dateText(r.starts_on),
      endsOn: dateText(r.ends_on),
      dueOn: dateText(r.due_on),
      submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
      approvedAt: r.approved_at ? new Date(r.approved_at).toISOString() : null,
      lateDays: r.late_days,
      reportCount: r.report_count,
      version: r.version,
      taskId: r.task_id,
      taskCode: r.task_code,
      taskContent: r.task_content,
      partId: r.part_id,
      partTitle: r.part_title,
      levelCode: r.level_code,
      levelName: r.level_name ?? r.level_code,
      orgId: r.org_id,
      orgName: r.org_name,
      unitId: r.unit_id,
      unitName: r.unit_name,
      reviewerOrgId: r.reviewer_id,
      reviewerOrgName: r.reviewer_name,
      submittedByName: r.submitter_name,
    })),
  };
}
