/**
 * 审核: the level above approves a submitted period or returns it with a reason. Only the
 * reviewer organisation's holders (policy.mayReview), never on their own submission. Approval
 * keeps the late mark; a return reopens the period for the recorders, who are told why.
 */
import { returnInputSchema } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { recordersOf } from '../../notifications/notify.ts';
import { write } from '../../../write.ts';
import { mayReview, reviewerOrgOf, type ReviewerOrg } from '../policy.ts';
import {
  auditPlace,
  isWithdrawn,
  lastSubmitterOf,
  loadPeriod,
  periodState,
  taskContentOf,
  type PeriodRow,
  type PeriodState,
  type Trx,
  type WorkUser,
} from '../records/period-rows.ts';
import { staleVersion } from '../records/submit-period.ts';

/** The checks every review passes: reviewer, state, version, not one's own submission. */
async function lockForReview(trx: Trx, user: WorkUser, periodId: number, version: number | undefined): Promise<{ p: PeriodRow; reviewer: ReviewerOrg }> {
  const p = await loadPeriod(trx, periodId, true);
  const reviewer = await reviewerOrgOf(trx, p.org_id, p.level_code, p.task_id);
  if (!reviewer) throw new AppError(409, 'WORK_NO_REVIEWER');
  if (!mayReview(user, reviewer)) throw new AppError(403, 'WORK_NOT_REVIEWER', { reviewer: reviewer.name });
  if (isWithdrawn(p)) throw new AppError(409, 'WORK_WITHDRAWN');
  if (version !== undefined && version !== p.version) throw staleVersion(await periodState(trx, p));
  if (p.status !== 'submitted') throw new AppError(409, 'PERIOD_NOT_SUBMITTED');
  if ((await lastSubmitterOf(trx, p)) === user.accountId) throw new AppError(403, 'WORK_OWN_SUBMISSION');
  return { p, reviewer };
}

export async function approvePeriod(
  deps: Deps,
  actor: Actor,
  user: WorkUser,
  periodId: number,
  input: { comment: string; version?: number },
): Promise<PeriodState> {
  return write(deps, actor, async ({ trx, now, audit, notify }) => {
    const { p, reviewer } = await lockForReview(trx, user, periodId, input.version);
    await trx
      .updateTable('periods')
      .set({ status: 'approved', approved_at: now, version: p.version + 1 })
      .where('unit_id', '=', p.unit_id)
      .where('id', '=', p.id)
      .execute();
    await trx
      .insertInto('reviews')
      .values({ unit_id: p.unit_id, period_id: p.id, action: 'approved', reason: input.comment, actor_id: user.accountId, actor_name: user.name, actor_org_id: reviewer.id, at: now })
      .execute();
    notify(await recordersOf(trx, p.org_id), {
      kind: 'approved',
      params: { task: await taskContentOf(trx, p.task_id), period: p.label, reviewer: reviewer.name, comment: input.comment },
      link: `/work/periods/${p.id}`,
    });
    audit({
      action: 'period.approve',
      entityType: 'period',
      entityId: p.id,
      ...auditPlace(p),
      before: { status: p.status },
      after: { status: 'approved', comment: input.comment, reviewerOrgId: reviewer.id, lateDays: p.late_days },
    });
    return periodState(trx, p);
  });
}

export async function returnPeriod(
  deps: Deps,
  actor: Actor,
  user: WorkUser,
  periodId: number,
  input: { reason: string; version?: number },
): Promise<PeriodState> {
  const parsed = returnInputSchema.safeParse({ reason: input.reason });
  if (!parsed.success) throw new AppError(400, 'RETURN_REASON_REQUIRED');
  const reason = parsed.data.reason;
  return write(deps, actor, async ({ trx, now, audit, notify }) => {
    const { p, reviewer } = await lockForReview(trx, user, periodId, input.version);
    await trx
      .updateTable('periods')
      .set({ status: 'returned', version: p.version + 1 })
      .where('unit_id', '=', p.unit_id)
      .where('id', '=', p.id)
      .execute();
    await trx
      .insertInto('reviews')
      .values({ unit_id: p.unit_id, period_id: p.id, action: 'returned', reason, actor_id: user.accountId, actor_name: user.name, actor_org_id: reviewer.id, at: now })
      .execute();
    notify(await recordersOf(trx, p.org_id), {
      kind: 'returned',
      params: { task: await taskContentOf(trx, p.task_id), period: p.label, reviewer: reviewer.name, reason },
      link: `/work/periods/${p.id}`,
    });
    audit({
      action: 'period.return',
      entityType: 'period',
      entityId: p.id,
      ...auditPlace(p),
      before: { status: p.status },
      after: { status: 'returned', reason, reviewerOrgId: reviewer.id },
    });
    return periodState(trx, p);
  });
}
