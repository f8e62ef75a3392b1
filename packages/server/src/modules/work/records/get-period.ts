/**
 * A period as its page shows it: the task, the organisation, dates, status, light and late days,
 * the records (newest first) with their evidence, the review history, the reviewer organisation,
 * and what the caller may do with it.
 */
import { lateDaysOf, lightOf, type Frequency, type Light, type PeriodStatus, type ReviewAction } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { beijingDateOf, todayOf } from '../../../clock.ts';
import { mayRecord, mayReview, reviewerOrgOf } from '../policy.ts';
import { isOpen, isWithdrawn, lastSubmitterOf, loadPeriod, yellowDaysOf, type WorkUser } from './period-rows.ts';
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

export async function getPeriod(deps: Deps, user: WorkUser, periodId: number): Promise<PeriodView> {
  const k = deps.db.kysely;
  const p = await loadPeriod(k, periodId);
  const task = await k
    .selectFrom('list_tasks as t')
    .innerJoin('list_parts as lp', 'lp.id', 't.part_id')
    .leftJoin('responsibility_levels as l', 'l.code', 't.level_code')
    .select(['t.id', 't.code', 't.content', 't.requirements', 't.evidence', 't.frequency', 'lp.id as part_id', 'lp.seq as part_seq', 'lp.title as part_title', 'l.name as level_name'])
    .where('t.id', '=', p.task_id)
    .executeTakeFirstOrThrow();
  const unit = await k.selectFrom('orgs').select(['id', 'name']).where('id', '=', p.unit_id).executeTakeFirstOrThrow();
  const reports = await k
    .selectFrom('reports')
    .select(['unit_id', 'id', 'period_id', 'happened_on', 'content', 'author_id', 'author_name', 'version', 'created_at', 'updated_at'])
    .where('unit_id', '=', p.unit_id)
    .where('period_id', '=', p.id)
    .orderBy('happened_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const evidence = reports.length
    ? await k
        .selectFrom('evidence')
        .select(['id', 'report_id', 'name', 'mime', 'size', 'created_at'])
        .where('unit_id', '=', p.unit_id)
        .where(
          'report_id',
          'in',
          reports.map((r) => r.id),
        )
        .orderBy('id')
        .execute()
    : [];
  const reviews = await k
    .selectFrom('reviews as r')
    .leftJoin('orgs as o', 'o.id', 'r.actor_org_id')
    .select(['r.id', 'r.action', 'r.reason', 'r.actor_id', 'r.actor_name', 'r.actor_org_id', 'o.name as actor_org_name', 'r.at'])
    .where('r.unit_id', '=', p.unit_id)
    .where('r.period_id', '=', p.id)
    .orderBy('r.at')
    .orderBy('r.id')
    .execute();

  const today = todayOf(deps.clock);
  const timing = { status: p.status, dueOn: p.due_on, submittedOn: p.submitted_at ? beijingDateOf(new Date(p.submitted_at)) : null, lateDays: p.late_days };
  const reviewer = await reviewerOrgOf(k, p.org_id, p.level_code, p.task_id);
  const withdrawn = isWithdrawn(p);
  const canRecord = !withdrawn && isOpen(p) && mayRecord(user, p.org_path);
  const canReview =
    !withdrawn && p.status === 'submitted' && reviewer !== null && mayReview(user, reviewer) && (await lastSubmitterOf(k, p)) !== user.accountId;

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
      light: lightOf(timing, today, await yellowDaysOf(k)),
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
