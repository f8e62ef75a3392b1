import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { getPerson } from './get-person.ts';
import { loadPersonForWrite } from './shared.ts';

/**
 * Deactivate or reactivate a person. Deactivating also disables their account and ends its
 * sessions; reactivating leaves the account disabled until someone enables it.
 */
export async function setPersonActive(deps: Deps, actor: Actor, id: number, active: boolean) {
  await write(deps, actor, async ({ trx, now, audit }) => {
    const p = await loadPersonForWrite(trx, id);
    const account = await trx.selectFrom('accounts').select(['id', 'active', 'username']).where('person_id', '=', id).forUpdate().executeTakeFirst();
    if (!active && account && account.id === actor.accountId) throw new AppError(400, 'CANNOT_DISABLE_SELF');
    if (p.active === active) return;
    await trx
      .updateTable('people')
      .set((eb) => ({ active, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
    const entries = [
      { action: active ? 'person.activate' : 'person.deactivate', entityType: 'person', entityId: id, unitId: p.unit_id, orgPath: p.org_path, before: { active: p.active }, after: { active } },
    ];
    if (!active && account) {
      if (account.active) {
        await trx
          .updateTable('accounts')
          .set((eb) => ({ active: false, updated_at: now, version: eb('version', '+', 1) }))
          .where('id', '=', account.id)
          .execute();
        entries.push({ action: 'account.disable', entityType: 'account', entityId: account.id, unitId: p.unit_id, orgPath: p.org_path, before: { active: true }, after: { active: false } });
      }
      await trx.deleteFrom('sessions').where('account_id', '=', account.id).execute();
    }
    audit(...entries);
  });
  return getPerson(deps, id);
}
