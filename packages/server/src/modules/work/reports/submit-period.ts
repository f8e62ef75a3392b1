/**
 * 提交: the recorder hands the period's records to the level above. Needs at least one record, a
 * period that has started and is open; the late mark is taken at the Beijing date of submission
 * (never less than an earlier one); the reviewers are told at once. The step is the review
 * flow's (review-flow.ts, review/period-flow.ts).
 */
import type { Deps } from '../../../deps.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import { periodFlow } from '../review/period-flow.ts';
import type { PeriodState } from '@qingdan/core';
import type { WorkUser } from './period-rows.ts';

export function submitPeriod(deps: Deps, actor: Actor, user: WorkUser, periodId: number, input: { version?: number }): Promise<PeriodState> {
  return write(deps, actor, (w) => periodFlow.submit(w, user, periodId, input));
}
