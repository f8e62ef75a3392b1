import type { Deps } from '../../deps.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { assertPasswordPolicy } from '../auth/change-password.ts';
import { hashPassword } from '../auth/passwords.ts';
import { loadAccountForWrite } from './shared.ts';

/**
 * Set a new password for an account: the holder must change it at next sign-in, any lock is
 * cleared and every session of the account ends.
 */
export async function resetPassword(deps: Deps, actor: Actor, accountId: number, password: string) {
  assertPasswordPolicy(password, 'password');
  const hash = await hashPassword(password);
  await write(deps, actor, async ({ trx, now, audit }) => {
    const a = await loadAccountForWrite(trx, accountId);
    await trx
      .updateTable('accounts')
      .set((eb) => ({
        password_hash: hash,
        must_change_password: true,
        failed_count: 0,
        locked_until: null,
        password_changed_at: now,
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', a.id)
      .execute();
    await trx.deleteFrom('sessions').where('account_id', '=', a.id).execute();
    audit({ action: 'account.resetPassword', entityType: 'account', entityId: a.id, unitId: a.unit_id, orgPath: a.org_path, after: { username: a.username, mustChangePassword: true } });
  });
}
