/**
 * 提交: the recorder hands the period's records to the level above. Needs at least one record, a
 * period that has started and is open; the late mark is taken at the Beijing date of submission
 * (never less than an earlier one); the reviewers are told at once.
 */
import { lateMarkAtSubmission } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { reviewersOf } from '../../notifications/notify.ts';
import { write } from '../../../write.ts';
import { mayRecord, reviewerOrgOf } from '../policy.ts';
import { assertOpen, auditPlace, isWithdrawn, loadPeriod, periodState, taskContentOf, type PeriodState, type WorkUser } from './period-rows.ts';

export function staleVersion(current: unknown): AppError {
  return new AppError(409, 'CONFLICT', {}, [], { current });
}

export async function submitPeriod(deps: Deps, actor: Actor, user: WorkUser, periodId: number, input: { version?: number }): Promise<PeriodState> {
  return write(deps, actor, async ({ trx, now, today, audit, notify }) => {
    const p = await loadPeriod(trx, periodId, true);
    if (!mayRecord(user, p.org_path)) throw new AppError(403, 'WORK_NOT_RECORDER');
    if (isWithdrawn(p)) throw new AppError(409, 'WORK_WITHDRAWN');
    if (input.version !== undefined && input.version !== p.version) throw staleVersion(await periodState(trx, p));
    assertOpen(p);
    if (p.report_count < 1) throw new AppError(400, 'PERIOD_EMPTY');
    if (today < p.starts_on) throw new AppError(409, 'PERIOD_NOT_STARTED', { startsOn: p.starts_on });
    const lateDays = lateMarkAtSubmission(p.due_on, today, p.late_days);
    await trx
      .updateTable('periods')
      .set({ status: 'submitted', submitted_at: now, late_days: lateDays, version: p.version + 1 })
      .where('unit_id', '=', p.unit_id)
      .where('id', '=', p.id)
      .execute();
    await trx
      .insertInto('reviews')
      .values({ unit_id: p.unit_id, period_id: p.id, action: 'submitted', actor_id: user.accountId, actor_name: user.name, actor_org_id: p.org_id, at: now })
      .execute();
    const reviewer = await reviewerOrgOf(trx, p.org_id, p.level_code, p.task_id);
    if (reviewer) {
      notify(await reviewersOf(trx, reviewer), {
        kind: 'submitted',
        params: { org: p.org_name, task: await taskContentOf(trx, p.task_id), period: p.label, days: lateDays },
        link: `/work/periods/${p.id}`,
      });
    }
    audit({
      action: 'period.submit',
      entityType: 'period',
      entityId: p.id,
      ...auditPlace(p),
      before: { status: p.status, lateDays: p.late_days },
      after: { status: 'submitted', lateDays, reportCount: p.report_count, reviewerOrgId: reviewer?.id ?? null },
    });
    return periodState(trx, p);
  });
}
