/**
 * A period as its page shows it: the task, the organisation, dates, status, light and late days,
 * the records (newest first) with their evidence, the review history, the reviewer organisation,
 * and what the caller may do with it.
 */
import { sql } from 'kysely';
import { lateDaysOf, lightOf, type Frequency, type Light, type PeriodStatus, type ReviewAction } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { beijingDateOf, todayOf } from '../../../clock.ts';
import { mayRecord, mayReview, reviewerOrgOf } from '../policy.ts';
import { isOpen, isWithdrawn, loadPeriod, yellowDaysFrom, type WorkUser } from './period-rows.ts';
import { reportView, type ReportView } from './reports.ts';
import type { EvidenceView } from './evidence.ts';

export interface PeriodView {
  period: {
    id: number;
    unitId: number;
    assignmentId: number;
    listId: number;
    year: number;
    seq: number;
    label: string;
    startsOn: string;
    endsOn: string;
    dueOn: string;
    status: PeriodStatus;
    light: Light;
    lateDays: number;
    reportCount: number;
    submittedAt: string | null;
    approvedAt: string | null;
    /** When the task or the period was withdrawn by a revision of the list. */
    withdrawnAt: string | null;
    version: number;
  };
  task: {
    id: number;
    code: string;
    content: string;
    requirements: string;
    evidence: string;
    frequency: Frequency;
    partId: number;
    partSeq: number;
    partTitle: string;
    levelCode: string;
    levelName: string;
  };
  org: { id: number; name: string };
  unit: { id: number; name: string };
  /** The organisation that reviews the period (policy.reviewerOrgOf), null when the data gives none. */
  reviewerOrg: { id: number; name: string } | null;
  /** Newest first, each with its evidence. */
  reports: (ReportView & { evidence: EvidenceView[] })[];
  /** The review history, oldest first. */
  reviews: { id: number; action: ReviewAction; reason: string; actorId: number | null; actorName: string; actorOrgId: number | null; actorOrgName: string | null; at: string }[];
  canRecord: boolean;
  canSubmit: boolean;
  canReview: boolean;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * The page in two round trips: the period (its row decides the rest), then everything else at once
 * — the task with its part, level, unit, the yellow-light setting and the last submitter in one
 * query; the records, their evidence, the review history and the reviewer each in their own. On
 * PostgreSQL they run side by side on the pool; on PGlite they take their turns one after another.
 */
export async function getPeriod(deps: Deps, user: WorkUser, periodId: number): Promise<PeriodView> {
  const k = deps.db.kysely;
  const p = await loadPeriod(k, periodId);
  const [about, reports, evidence, reviews, reviewer] = await Promise.all([
    sql<{
      id: number; code: string; content: string; requirements: string; evidence: string; frequency: Frequency;
      part_id: number; part_seq: number; part_title: string; level_name: string | null; unit_name: string;
      yellow_days: unknown; last_submitter: number | null;
    }>`
      SELECT t.id, t.code, t.content, t.requirements, t.evidence, t.frequency,
             lp.id AS part_id, lp.seq AS part_seq, lp.title AS part_title, l.name AS level_name,
             u.name AS unit_name,
             (SELECT value FROM settings WHERE key = 'work.yellowDays') AS yellow_days,
             (SELECT actor_id FROM reviews
               WHERE unit_id = ${p.unit_id} AND period_id = ${p.id} AND action = 'submitted'
               ORDER BY at DESC, id DESC LIMIT 1) AS last_submitter
      FROM list_tasks t
      JOIN list_parts lp ON lp.id = t.part_id
      LEFT JOIN responsibility_levels l ON l.code = t.level_code
      JOIN orgs u ON u.id = ${p.unit_id}
      WHERE t.id = ${p.task_id}`.execute(k).then((r) => {
      const row = r.rows[0];
      if (!row) throw new Error(`period ${p.id}: task ${p.task_id} or unit ${p.unit_id} missing`);
      return row;
    }),
    k
      .selectFrom('reports')
      .select(['unit_id', 'id', 'period_id', 'happened_on', 'content', 'author_id', 'author_name', 'version', 'created_at', 'updated_at'])
      .where('unit_id', '=', p.unit_id)
      .where('period_id', '=', p.id)
      .orderBy('happened_on', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    k
      .selectFrom('evidence as e')
      .innerJoin('reports as r', (j) => j.onRef('r.unit_id', '=', 'e.unit_id').onRef('r.id', '=', 'e.report_id'))
      .select(['e.id', 'e.report_id', 'e.name', 'e.mime', 'e.size', 'e.created_at'])
      .where('e.unit_id', '=', p.unit_id)
      .where('r.period_id', '=', p.id)
      .orderBy('e.id')
      .execute(),
    k
      .selectFrom('reviews as r')
      .leftJoin('orgs as o', 'o.id', 'r.actor_org_id')
      .select(['r.id', 'r.action', 'r.reason', 'r.actor_id', 'r.actor_name', 'r.actor_org_id', 'o.name as actor_org_name', 'r.at'])
      .where('r.unit_id', '=', p.unit_id)
      .where('r.period_id', '=', p.id)
      .orderBy('r.at')
      .orderBy('r.id')
      .execute(),
    reviewerOrgOf(k, p.org_id, p.level_code, p.task_id),
  ]);
  const task = about;
  const unit = { id: p.unit_id, name: about.unit_name };

  const today = todayOf(deps.clock);
  const timing = { status: p.status, dueOn: p.due_on, submittedOn: p.submitted_at ? beijingDateOf(new Date(p.submitted_at)) : null, lateDays: p.late_days };
  const withdrawn = isWithdrawn(p);
  const canRecord = !withdrawn && isOpen(p) && mayRecord(user, p.org_path);
  const canReview =
    !withdrawn && p.status === 'submitted' && reviewer !== null && mayReview(user, reviewer) && about.last_submitter !== user.accountId;

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
      light: lightOf(timing, today, yellowDaysFrom(about.yellow_days)),
      lateDays: lateDaysOf(timing, today),
      reportCount: p.report_count,
      submittedAt: iso(p.submitted_at),
      approvedAt: iso(p.approved_at),
      withdrawnAt: iso(p.withdrawn_at ?? p.assignment_withdrawn_at),
      version: p.version,
    },
    task: {
      id: task.id,
      code: task.code,
      content: task.content,
      requirements: task.requirements,
      evidence: task.evidence,
      frequency: task.frequency,
      partId: task.part_id,
      partSeq: task.part_seq,
      partTitle: task.part_title,
      levelCode: p.level_code,
      levelName: task.level_name ?? p.level_code,
    },
    org: { id: p.org_id, name: p.org_name },
    unit: { id: unit.id, name: unit.name },
    reviewerOrg: reviewer ? { id: reviewer.id, name: reviewer.name } : null,
    reports: reports.map((r) => ({
      ...reportView(r, p.due_on),
      evidence: evidence
        .filter((e) => e.report_id === r.id)
        .map((e) => ({ id: e.id, reportId: e.report_id, name: e.name, mime: e.mime, size: Number(e.size), createdAt: new Date(e.created_at).toISOString() })),
    })),
    reviews: reviews.map((r) => ({
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
