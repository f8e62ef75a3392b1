import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { loadAccountForWrite } from './shared.ts';

/** Disable (ending its sessions) or enable an account. Nobody disables their own account. */
export async function setAccountActive(deps: Deps, actor: Actor, accountId: number, active: boolean) {
  await write(deps, actor, async ({ trx, now, audit }) => {
    const a = await loadAccountForWrite(trx, accountId);
    if (!active && a.id === actor.accountId) throw new AppError(400, 'CANNOT_DISABLE_SELF');
    if (active && !a.person_active) throw new AppError(400, 'ACCOUNT_PERSON_INACTIVE');
    if (a.active !== active) {
      await trx
        .updateTable('accounts')
        .set((eb) => ({ active, updated_at: now, version: eb('version', '+', 1) }))
        .where('id', '=', a.id)
        .execute();
      audit({ action: active ? 'account.enable' : 'account.disable', entityType: 'account', entityId: a.id, unitId: a.unit_id, orgPath: a.org_path, before: { active: a.active }, after: { active } });
    }
    if (!active) await trx.deleteFrom('sessions').where('account_id', '=', a.id).execute();
  });
}
