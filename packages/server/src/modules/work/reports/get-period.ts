/**
 * A period as its page shows it: the task, the organisation, dates, status, light and late days,
 * the records (newest first) with their evidence, the review history, the reviewer organisation,
 * and what the caller may do with it.
 */
import { sql } from 'kysely';
import { lateDaysOf, lightOf, type Frequency, type PeriodDetail, type ReviewAction } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { beijingDateOf, todayOf } from '../../../clock.ts';
import { mayRecord, mayReview, reviewerOrgFrom, reviewerQuery, type ReviewerOrgRow } from '../policy.ts';
import { isOpen, isWithdrawn, periodQuery, periodRowOf, type PeriodRow, type WorkUser } from './period-rows.ts';
import { notFound } from '../../../http/errors.ts';
import { prepared } from '../../../db/prepared.ts';
import { parseYellowDays } from '../settings/work-settings.ts';
import { reportView } from './reports.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A timestamp as the API's ISO text, computed in SQL (rows folded into JSON lose their types). */
const isoSql = (column: string) => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The period (PeriodRow) and everything its page shows beside it; task columns that would clash are prefixed. */
interface PageRow extends PeriodRow {
  task_code: string; content: string; requirements: string; task_evidence: string; frequency: Frequency;
  part_seq: number; part_title: string; level_name: string | null; unit_name: string;
  yellow_days: unknown; last_submitter: number | null; reviewer: ReviewerOrgRow | null;
  reports: { unit_id: number; id: number; period_id: number; happened_on: string; content: string; author_id: number | null; author_name: string; version: number; created_at: string; updated_at: string }[];
  evidence_rows: { id: number; report_id: number; name: string; mime: string; size: number; created_at: string }[];
  reviews: { id: number; action: ReviewAction; reason: string; actor_id: number | null; actor_name: string; actor_org_id: number | null; actor_org_name: string | null; at: string }[];
}

/**
 * The page in one round trip after the access check: one query for the period (periodQuery) and
 * everything else — the task with its part and level, the unit, the yellow-light setting, the last
 * submitter, the records, their evidence and the review history folded into JSON, and the reviewer
 * organisation (policy.reviewerQuery over the period's row). The period is a materialised CTE:
 * inlined, it joins seven tables in one search and takes PostgreSQL twice as long to plan; and the
 * query is prepared (db/prepared.ts), so a connection plans it once.
 */
export async function getPeriod(deps: Deps, user: WorkUser, periodId: number): Promise<PeriodDetail> {
  const k = deps.db.kysely;
  const p = await prepared('period-page', sql<PageRow>`
      WITH p AS MATERIALIZED (${periodQuery(periodId)})
      SELECT p.*, t.code AS task_code, t.content, t.requirements, t.evidence AS task_evidence, t.frequency,
             lp.seq AS part_seq, lp.title AS part_title, l.name AS level_name,
             u.name AS unit_name,
             (SELECT value FROM settings WHERE key = 'work.yellowDays') AS yellow_days,
             (SELECT actor_id FROM reviews
               WHERE unit_id = p.unit_id AND period_id = p.id AND action = 'submitted'
               ORDER BY at DESC, id DESC LIMIT 1) AS last_submitter,
             COALESCE((
               SELECT json_agg(json_build_object(
                 'unit_id', r.unit_id, 'id', r.id, 'period_id', r.period_id, 'happened_on', to_char(r.happened_on, 'YYYY-MM-DD'),
                 'content', r.content, 'author_id', r.author_id, 'author_name', r.author_name, 'version', r.version,
                 'created_at', ${isoSql('r.created_at')}, 'updated_at', ${isoSql('r.updated_at')}) ORDER BY r.happened_on DESC, r.id DESC)
               FROM reports r WHERE r.unit_id = p.unit_id AND r.period_id = p.id), '[]'::json) AS reports,
             COALESCE((
               SELECT json_agg(json_build_object(
                 'id', e.id, 'report_id', e.report_id, 'name', e.name, 'mime', e.mime, 'size', e.size,
                 'created_at', ${isoSql('e.created_at')}) ORDER BY e.id)
               FROM evidence e JOIN reports r ON r.unit_id = e.unit_id AND r.id = e.report_id
               WHERE e.unit_id = p.unit_id AND r.period_id = p.id), '[]'::json) AS evidence_rows,
             COALESCE((
               SELECT json_agg(json_build_object(
                 'id', rv.id, 'action', rv.action, 'reason', rv.reason, 'actor_id', rv.actor_id, 'actor_name', rv.actor_name,
                 'actor_org_id', rv.actor_org_id, 'actor_org_name', o.name, 'at', ${isoSql('rv.at')}) ORDER BY rv.at, rv.id)
               FROM reviews rv LEFT JOIN orgs o ON o.id = rv.actor_org_id
               WHERE rv.unit_id = p.unit_id AND rv.period_id = p.id), '[]'::json) AS reviews,
             (SELECT row_to_json(x) FROM (${reviewerQuery(sql`SELECT org_id, level_code, task_id FROM p`)}) x) AS reviewer
      FROM p
      JOIN list_tasks t ON t.id = p.task_id
      JOIN list_parts lp ON lp.id = t.part_id
      LEFT JOIN responsibility_levels l ON l.code = t.level_code
      JOIN orgs u ON u.id = p.unit_id`).execute(k).then((r) => {
      const row = r.rows[0];
      if (!row) throw notFound();
      return periodRowOf(row);
    });
  const reviewer = p.reviewer ? reviewerOrgFrom(p.reviewer) : null;

  const today = todayOf(deps.clock);
  const timing = { status: p.status, dueOn: p.due_on, submittedOn: p.submitted_at ? beijingDateOf(new Date(p.submitted_at)) : null, lateDays: p.late_days };
  const withdrawn = isWithdrawn(p);
  const canRecord = !withdrawn && isOpen(p) && mayRecord(user, p.org_path);
  const canReview =
    !withdrawn && p.status === 'submitted' && reviewer !== null && mayReview(user, reviewer) && p.last_submitter !== user.accountId;

  return {
    period: {
      id: p.id,
      unitId: p.unit_id,
      assignmentId: p.assignment_id,
      listId: p.list_id,
      year: p.year,
      seq: p.seq,
      label: p.label,
      startsOn: p.starts_on,
      endsOn: p.ends_on,
      dueOn: p.due_on,
      status: p.status,
      light: lightOf(timing, today, parseYellowDays(p.yellow_days)),
      lateDays: lateDaysOf(timing, today),
      reportCount: p.report_count,
      submittedAt: iso(p.submitted_at),
      approvedAt: iso(p.approved_at),
      withdrawnAt: iso(p.withdrawn_at ?? p.assignment_withdrawn_at),
      version: p.version,
    },
    task: {
      id: p.task_id,
      code: p.task_code,
      content: p.content,
      requirements: p.requirements,
      evidence: p.task_evidence,
      frequency: p.frequency,
      partId: p.part_id,
      partSeq: p.part_seq,
      partTitle: p.part_title,
      levelCode: p.level_code,
      levelName: p.level_name ?? p.level_code,
    },
    org: { id: p.org_id, name: p.org_name },
    unit: { id: p.unit_id, name: p.unit_name },
    reviewerOrg: reviewer ? { id: reviewer.id, name: reviewer.name } : null,
    reports: p.reports.map((r) => ({
      ...reportView(r, p.due_on),
      evidence: p.evidence_rows
        .filter((e) => e.report_id === r.id)
        .map((e) => ({ id: e.id, reportId: e.report_id, name: e.name, mime: e.mime, size: Number(e.size), createdAt: new Date(e.created_at).toISOString() })),
    })),
    reviews: p.reviews.map((r) => ({
      id: r.id,
      action: r.action,
      reason: r.reason,
      actorId: r.actor_id,
      actorName: r.actor_name,
      actorOrgId: r.actor_org_id,
      actorOrgName: r.actor_org_name,
      at: new Date(r.at).toISOString(),
    })),
    canRecord,
    canSubmit: canRecord && p.report_count > 0 && today >= p.starts_on,
    canReview,
  };
}
