import { passwordProblem } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { AppError, badRequest } from '../../http/errors.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export function assertPasswordPolicy(password: string, field = 'newPassword') {
  const problem = passwordProblem(password);
  if (problem) throw badRequest('VALIDATION', {}, [{ path: `body.${field}`, reason: problem }]);
}

/** A user changes their own password; every other session of theirs ends. */
export async function changeOwnPassword(
  deps: Deps,
  actor: Actor,
  input: { accountId: number; sessionId: string; currentPassword: string; newPassword: string },
) {
  const { db, clock } = deps;
  const acc = await db.kysely.selectFrom('accounts').select(['id', 'password_hash']).where('id', '=', input.accountId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, acc.password_hash))) throw new AppError(400, 'WRONG_PASSWORD');
  assertPasswordPolicy(input.newPassword);
  if (input.currentPassword === input.newPassword) throw new AppError(400, 'PASSWORD_REUSED');
  const hash = await hashPassword(input.newPassword);
  await db.kysely.transaction().execute(async (trx) => {
    const now = clock.now();
    await trx
      .updateTable('accounts')
      .set((eb) => ({ password_hash: hash, must_change_password: false, password_changed_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', acc.id)
      .execute();
    await trx.deleteFrom('sessions').where('account_id', '=', acc.id).where('id', '!=', input.sessionId).execute();
    await recordAudit(trx, clock, actor, [{ action: 'auth.passwordChanged', entityType: 'account', entityId: acc.id }]);
  });
}
