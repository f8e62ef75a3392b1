import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import { write } from '../../../write.ts';
import type { Actor } from '../../audit/record.ts';
import { assertCanManageList, loadPolicyList, type PolicyUser } from '../policy.ts';
import { uncoveredItems, unansweredOpinionCount } from './checks.ts';
import { assertTransition, lockList, transitionList, type TransitionResult } from './transition.ts';

/**
 * 送审: the owner submits the draft (or the draft out for opinions) to the secretary's office
 * meeting. Refused while a requirement of the source documents is neither covered nor waived
 * (409 LIST_UNCOVERED, the first gaps in details) or an opinion is unanswered (409
 * LIST_OPINIONS_UNANSWERED). Opinion rounds still open end with the submission.
 */
export async function submitList(deps: Deps, actor: Actor, user: PolicyUser, listId: number, input: { comment?: string }): Promise<TransitionResult> {
  return write(deps, actor, async (w) => {
    const { trx } = w;
    const list = await lockList(trx, listId);
    await assertCanManageList(trx, user, await loadPolicyList(trx, listId, false));
    assertTransition(list.status, 'inReview');
    const gaps = await uncoveredItems(trx, listId);
    if (gaps.count > 0) {
      throw new AppError(
        409,
        'LIST_UNCOVERED',
        { count: gaps.count },
        gaps.items.map((i) => ({
          path: `sourceItems.${i.id}`,
          reason: 'LIST_UNCOVERED_ITEM',
          params: { document: i.documentTitle, label: i.label ? `${i.label} ` : '', text: i.text.length > 60 ? `${i.text.slice(0, 60)}…` : i.text },
        })),
      );
    }
    const unanswered = await unansweredOpinionCount(trx, listId);
    if (unanswered > 0) throw new AppError(409, 'LIST_OPINIONS_UNANSWERED', { count: unanswered });
    // Opinions end with the submission: rounds still open are closed with it.
    const closed = await trx
      .updateTable('opinion_rounds')
      .set({ status: 'closed', closed_at: w.now })
      .where('list_id', '=', listId)
      .where('status', '=', 'open')
      .returning('id')
      .execute();
    return transitionList(w, list, 'inReview', {
      label: '送审稿',
      comment: input.comment ?? '',
      ...(closed.length ? { audit: { closedOpinionRounds: closed.map((r) => r.id) } } : {}),
    });
  });
}
