/**
 * 审核: the level above approves a submitted period or returns it with a reason. Only the
 * reviewer organisation's holders (policy.mayReview), never on their own submission. Approval
 * keeps the late mark; a return reopens the period for the recorders, who are told why. The steps
 * are the review flow's (review-flow.ts, period-flow.ts).
 */
import type { Deps } from '../../../deps.ts';
import type { Actor } from '../../audit/record.ts';
import { returnReason } from '../../../review-flow.ts';
import { write } from '../../../write.ts';
import type { PeriodState } from '@qingdan/core';
import type { WorkUser } from '../reports/period-rows.ts';
import { periodFlow } from './period-flow.ts';

export function approvePeriod(deps: Deps, actor: Actor, user: WorkUser, periodId: number, input: { comment: string; version?: number }): Promise<PeriodState> {
  return write(deps, actor, (w) => periodFlow.approve(w, user, periodId, input));
}

export function returnPeriod(deps: Deps, actor: Actor, user: WorkUser, periodId: number, input: { reason: string; version?: number }): Promise<PeriodState> {
  // Refused before the transaction opens, as every bad input.
  const reason = returnReason(input.reason);
  return write(deps, actor, (w) => periodFlow.return(w, user, periodId, { ...input, reason }));
}
