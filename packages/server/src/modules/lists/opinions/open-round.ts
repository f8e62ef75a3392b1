import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import type { Actor, AuditEntry } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import { assertCanManageList, loadPolicyList, type PolicyUser } from '../policy.ts';
import { assertSoliciting, loadList } from './opinion-rows.ts';
import { todayOf } from '../../../clock.ts';

export const openRoundSchema = z.object({
  title: z.string().trim().min(1).max(200),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  orgIds: z.array(z.number().int().positive().max(2_147_483_647)).min(1).max(500),
});
export type OpenRoundInput = z.infer<typeof openRoundSchema>;

/**
 * Open a round of opinions (征求意见) on a draft: the chosen departments and units are invited. A
 * draft goes to 'soliciting' with a transition row, in the same transaction.
 */
export async function openRound(deps: Deps, actor: Actor, user: PolicyUser, listId: number, input: OpenRoundInput): Promise<{ id: number }> {
  const orgIds = [...new Set(input.orgIds)];
  const parsed = new Date(`${input.deadline}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== input.deadline) {
    throw new AppError(400, 'VALIDATION', {}, [{ path: 'deadline', reason: 'invalidValue' }]);
  }
  if (input.deadline < todayOf(deps.clock)) throw new AppError(400, 'OPINION_BAD_DEADLINE');
  return write(deps, actor, async ({ trx, now, audit }) => {
    await assertCanManageList(trx, user, await loadPolicyList(trx, listId));
    const list = await loadList(trx, listId);
    assertSoliciting(list);
    const orgs = await trx.selectFrom('orgs').select(['id', 'name', 'kind', 'active', 'path']).where('id', 'in', orgIds).execute();
    for (const id of orgIds) {
      const o = orgs.find((x) => x.id === id);
      if (!o) throw new AppError(400, 'OPINION_BAD_ORG', { name: `#${id}` });
      if (!o.active || (o.kind !== 'department' && o.kind !== 'unit')) throw new AppError(400, 'OPINION_BAD_ORG', { name: o.name });
    }
    const round = await trx
      .insertInto('opinion_rounds')
      .values({ list_id: listId, title: input.title, deadline: input.deadline, created_by: actor.accountId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('opinion_round_orgs').values(orgIds.map((org_id) => ({ round_id: round.id, org_id }))).execute();
    const audits: AuditEntry[] = [
      {
        action: 'opinionRound.open',
        entityType: 'opinionRound',
        entityId: round.id,
        after: { listId, title: input.title, deadline: input.deadline, orgs: orgIds.map((id) => orgs.find((o) => o.id === id)!.name) },
      },
    ];
    if (list.status === 'draft') {
      await trx.updateTable('responsibility_lists').set({ status: 'soliciting', version: list.version + 1, updated_at: now }).where('id', '=', listId).execute();
      await trx
        .insertInto('list_transitions')
        .values({ list_id: listId, from_status: 'draft', to_status: 'soliciting', actor_id: actor.accountId, actor_name: actor.name, comment: '发起征求意见', at: now })
        .execute();
      audits.push({
        action: 'list.openOpinions',
        entityType: 'list',
        entityId: listId,
        before: { status: 'draft', version: list.version },
        after: { status: 'soliciting', version: list.version + 1, comment: '发起征求意见', roundId: round.id },
      });
    }
    audit(...audits);
    return { id: round.id };
  });
}
