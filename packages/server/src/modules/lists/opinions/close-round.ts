import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import type { Actor, AuditEntry } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import { assertCanManageList, loadPolicyList, type PolicyUser } from '../policy.ts';
import { loadList, loadRound } from './opinion-rows.ts';

/** Close a round. When no open round remains, a list out for opinions goes back to 'draft'. */
export async function closeRound(deps: Deps, actor: Actor, user: PolicyUser, roundId: number): Promise<{ id: number; listStatus: string }> {
  return write(deps, actor, async ({ trx, now, audit }) => {
    const first = await loadRound(trx, roundId);
    await assertCanManageList(trx, user, await loadPolicyList(trx, first.list_id));
    const list = await loadList(trx, first.list_id);
    const round = await loadRound(trx, roundId, true);
    if (round.status !== 'open') throw new AppError(409, 'OPINION_ROUND_CLOSED');
    await trx.updateTable('opinion_rounds').set({ status: 'closed', closed_at: now }).where('id', '=', roundId).execute();
    const audits: AuditEntry[] = [
      { action: 'opinionRound.close', entityType: 'opinionRound', entityId: roundId, before: { status: 'open' }, after: { status: 'closed' } },
    ];
    let status: string = list.status;
    const open = await trx
      .selectFrom('opinion_rounds')
      .select('id')
      .where('list_id', '=', list.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (!open && list.status === 'soliciting') {
      status = 'draft';
      await trx.updateTable('responsibility_lists').set({ status: 'draft', version: list.version + 1, updated_at: now }).where('id', '=', list.id).execute();
      await trx
        .insertInto('list_transitions')
        .values({ list_id: list.id, from_status: 'soliciting', to_status: 'draft', actor_id: actor.accountId, actor_name: actor.name, comment: '结束征求意见', at: now })
        .execute();
      audits.push({
        action: 'list.closeOpinions',
        entityType: 'list',
        entityId: list.id,
        before: { status: 'soliciting', version: list.version },
        after: { status: 'draft', version: list.version + 1, comment: '结束征求意见', roundId },
      });
    }
    audit(...audits);
    return { id: roundId, listStatus: status };
  });
}
