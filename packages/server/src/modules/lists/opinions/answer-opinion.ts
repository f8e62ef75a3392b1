import { z } from 'zod';
import { OPINION_HANDLINGS } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { AppError, notFound } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import { assertCanManageList, loadPolicyList, type PolicyUser } from '../policy.ts';
import { assertSoliciting, loadList } from './opinion-rows.ts';

export const answerOpinionSchema = z.object({
  handling: z.enum(OPINION_HANDLINGS),
  reply: z.string().trim().max(4000).default(''),
});
export type AnswerOpinionInput = z.infer<typeof answerOpinionSchema>;

/** Answer an opinion: adopted, partly adopted (with a reply) or not adopted (with a reply). May be answered again while drafting. */
export async function answerOpinion(deps: Deps, actor: Actor, user: PolicyUser, opinionId: number, input: AnswerOpinionInput): Promise<{ id: number }> {
  if (input.handling !== 'adopted' && input.reply === '') {
    throw new AppError(400, 'OPINION_REPLY_REQUIRED', {}, [{ path: 'reply', reason: 'required' }]);
  }
  return write(deps, actor, async ({ trx, now, audit }) => {
    const of = await trx.selectFrom('opinions').select('list_id').where('id', '=', opinionId).executeTakeFirst();
    if (!of) throw notFound();
    await assertCanManageList(trx, user, await loadPolicyList(trx, of.list_id));
    const before = await trx
      .selectFrom('opinions as op')
      .innerJoin('orgs as o', 'o.id', 'op.org_id')
      .select(['op.id', 'op.list_id', 'op.handling', 'op.reply', 'o.path', 'o.unit_id'])
      .where('op.id', '=', opinionId)
      .executeTakeFirst();
    if (!before) throw notFound();
    assertSoliciting(await loadList(trx, before.list_id));
    await trx
      .updateTable('opinions')
      .set({ handling: input.handling, reply: input.reply, replied_by: actor.accountId, replied_at: now })
      .where('id', '=', opinionId)
      .execute();
    audit({
      action: 'opinion.answer',
      entityType: 'opinion',
      entityId: opinionId,
      orgPath: before.path,
      unitId: before.unit_id,
      before: { handling: before.handling, reply: before.reply },
      after: { handling: input.handling, reply: input.reply },
    });
    return { id: opinionId };
  });
}
