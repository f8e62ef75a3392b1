/**
 * A reporting period in the review flow (review-flow.ts): its row in `periods`, its history in
 * `reviews`, reviewed by the level above (policy.reviewerOrgOf); its recorders submit it, once
 * something is recorded and the period has started.
 */
import type { NotificationParams, PeriodState } from '@qingdan/core';
import { AppError } from '../../../http/errors.ts';
import { reviewFlow, type ReviewSubject } from '../../../review-flow.ts';
import { recordersOf, reviewersOf } from '../recipients.ts';
import { mayRecord, mayReview, reviewerOrgOf, type ReviewerOrg } from '../policy.ts';
import { auditPlace, isWithdrawn, lastSubmitterOf, loadPeriod, periodState, taskContentOf, type PeriodRow } from '../reports/period-rows.ts';

/** A period as the flow reads it, with its row. */
export type PeriodSubject = ReviewSubject & { row: PeriodRow };

export const periodFlow = reviewFlow<PeriodSubject, ReviewerOrg, PeriodState>({
  entity: 'period',
  codes: { notSubmitted: 'PERIOD_NOT_SUBMITTED', awaitingReview: 'PERIOD_AWAITING_REVIEW', alreadyApproved: 'PERIOD_ALREADY_APPROVED' },
  async load(trx, id) {
    const row = await loadPeriod(trx, id, true);
    return { id: row.id, status: row.status, version: row.version, orgId: row.org_id, dueOn: row.due_on, lateDays: row.late_days, withdrawn: isWithdrawn(row), row };
  },
  state: (trx, s) => periodState(trx, s.row),
  reviewerOf: (trx, s) => reviewerOrgOf(trx, s.row.org_id, s.row.level_code, s.row.task_id),
  maySubmit: (user, s) => mayRecord(user, s.row.org_path),
  mayReview,
  beforeSubmit(_trx, s, today) {
    if (s.row.report_count < 1) throw new AppError(400, 'PERIOD_EMPTY');
    if (today < s.row.starts_on) throw new AppError(409, 'PERIOD_NOT_STARTED', { startsOn: s.row.starts_on });
  },
  async update(trx, s, c) {
    await trx
      .updateTable('periods')
      .set({
        status: c.status,
        version: c.version,
        ...(c.step === 'submit' ? { submitted_at: c.at, late_days: c.lateDays } : {}),
        ...(c.step === 'approve' ? { approved_at: c.at } : {}),
      })
      .where('unit_id', '=', s.row.unit_id)
      .where('id', '=', s.id)
      .execute();
  },
  history: {
    async add(trx, s, e) {
      await trx
        .insertInto('reviews')
        .values({ unit_id: s.row.unit_id, period_id: s.id, action: e.action, reason: e.reason, actor_id: e.actorId, actor_name: e.actorName, actor_org_id: e.actorOrgId, at: e.at })
        .execute();
    },
    lastSubmitter: (trx, s) => lastSubmitterOf(trx, s.row),
  },
  submittersOf: (trx, s) => recordersOf(trx, s.row.org_id),
  reviewersOf,
  async notice(trx, s, step, f): Promise<{ params: NotificationParams; link: string }> {
    const task = await taskContentOf(trx, s.row.task_id);
    const link = `/work/periods/${s.id}`;
    if (step === 'submit') return { params: { org: s.row.org_name, task, period: s.row.label, days: f.lateDays }, link };
    const reviewer = f.reviewer?.name ?? '';
    if (step === 'approve') return { params: { task, period: s.row.label, reviewer, comment: f.comment ?? '' }, link };
    return { params: { task, period: s.row.label, reviewer, reason: f.reason ?? '' }, link };
  },
  auditPlace: (s) => auditPlace(s.row),
  auditExtra: (s, step) => (step === 'submit' ? { reportCount: s.row.report_count } : {}),
});
