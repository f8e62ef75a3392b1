import type { Deps } from '../../../deps.ts';
import { write } from '../../../write.ts';
import type { Actor } from '../../audit/record.ts';
import { assertCanManageList, loadPolicyList, type PolicyUser } from '../policy.ts';
import { lockList, transitionList, type TransitionResult } from './transition.ts';

/** 退回: a list in review goes back to drafting, with the comments it came back with. */
export async function returnList(deps: Deps, actor: Actor, user: PolicyUser, listId: number, input: { comments: string }): Promise<TransitionResult> {
  return write(deps, actor, async (w) => {
    const list = await lockList(w.trx, listId);
    await assertCanManageList(w.trx, user, await loadPolicyList(w.trx, listId, false));
    return transitionList(w, list, 'draft', { label: '退回修改稿', comment: input.comments });
  });
}
