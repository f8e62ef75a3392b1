import type { Deps } from '../../../deps.ts';
import { staleVersion } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { assertCanEditList } from '../policy.ts';
import { assertCommitteeOrg, auditPlace } from './shared.ts';

export interface UpdateListInput {
  title: string;
  ownerOrgId: number;
  version: number;
}

const listView = (r: { id: number; year: number; title: string; owner_org_id: number; status: string; version: number }) => ({
  id: r.id,
  year: r.year,
  title: r.title,
  ownerOrgId: r.owner_org_id,
  status: r.status,
  version: r.version,
});

/** Edit the list's own fields (title, owner department), guarded by its version. */
export async function updateList(deps: Deps, actor: Actor, user: CurrentUser, listId: number, input: UpdateListInput) {
  return write(deps, actor, async ({ trx, now, audit }) => {
    await assertCanEditList(trx, user, listId);
    const before = await trx
      .selectFrom('responsibility_lists')
      .select(['id', 'year', 'title', 'owner_org_id', 'status', 'version'])
      .where('id', '=', listId)
      .executeTakeFirstOrThrow();
    if (before.version !== input.version) throw staleVersion(listView(before));
    if (input.ownerOrgId !== before.owner_org_id) await assertCommitteeOrg(trx, input.ownerOrgId, 'LIST_OWNER_INVALID');
    const after = await trx
      .updateTable('responsibility_lists')
      .set({ title: input.title, owner_org_id: input.ownerOrgId, version: before.version + 1, updated_at: now })
      .where('id', '=', listId)
      .returning(['id', 'year', 'title', 'owner_org_id', 'status', 'version'])
      .executeTakeFirstOrThrow();
    audit({ action: 'list.update', entityType: 'list', entityId: listId, ...(await auditPlace(trx, listId)), before: listView(before), after: listView(after) });
    return listView(after);
  });
}
