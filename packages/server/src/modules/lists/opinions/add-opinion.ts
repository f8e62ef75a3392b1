import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import type { Viewer } from './find-rounds.ts';
import { commentingOrg, invitedOrgs, loadList, loadRound } from './opinion-rows.ts';
import { todayOf } from '../../../clock.ts';

export const addOpinionSchema = z.object({
  targetType: z.enum(['list', 'part', 'task']),
  targetId: z.number().int().positive().max(2_147_483_647),
  content: z.string().trim().min(1).max(4000),
});
export type AddOpinionInput = z.infer<typeof addOpinionSchema>;

/**
 * An invited organisation's opinion on the whole list, a part or a task, while the round is open
 * and not past its deadline. The opinion is the organisation's (the invited one that contains the
 * commenter's grant), written by the commenter.
 */
export async function addOpinion(deps: Deps, actor: Actor, viewer: Viewer, roundId: number, input: AddOpinionInput): Promise<{ id: number }> {
  return write(deps, actor, async ({ trx, now, audit }) => {
    const round = await loadRound(trx, roundId, true);
    const invited = (await invitedOrgs(trx, [roundId])).get(roundId) ?? [];
    const org = commentingOrg(invited, viewer.commentPaths);
    if (!org) throw new AppError(403, 'OPINION_NOT_INVITED');
    const list = await loadList(trx, round.list_id);
    if (round.status !== 'open' || (list.status !== 'draft' && list.status !== 'soliciting')) throw new AppError(409, 'OPINION_ROUND_CLOSED');
    if (todayOf(deps.clock) > round.deadline) throw new AppError(409, 'OPINION_PAST_DEADLINE', { deadline: round.deadline });
    const ok =
      input.targetType === 'list'
        ? input.targetId === list.id
        : input.targetType === 'part'
          ? !!(await trx.selectFrom('list_parts').select('id').where('id', '=', input.targetId).where('list_id', '=', list.id).executeTakeFirst())
          : !!(await trx
              .selectFrom('list_tasks')
              .select('id')
              .where('id', '=', input.targetId)
              .where('list_id', '=', list.id)
              .where('withdrawn_at', 'is', null)
              .executeTakeFirst());
    if (!ok) throw new AppError(400, 'OPINION_BAD_TARGET');
    const orgRow = await trx.selectFrom('orgs').select(['unit_id']).where('id', '=', org.id).executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('opinions')
      .values({
        round_id: roundId,
        list_id: list.id,
        org_id: org.id,
        author_id: actor.accountId,
        target_type: input.targetType,
        target_id: input.targetId,
        content: input.content,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      action: 'opinion.create',
      entityType: 'opinion',
      entityId: row.id,
      orgPath: org.path,
      unitId: orgRow.unit_id,
      after: { roundId, org: org.name, targetType: input.targetType, targetId: input.targetId, content: input.content },
    });
    return { id: row.id };
  });
}
