import { passwordProblem } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import type { Db } from '../../db/database.ts';
import { AppError, badRequest } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { FailureLocks } from './rate-limit.ts';

export function assertPasswordPolicy(password: string, field = 'newPassword') {
  const problem = passwordProblem(password);
  if (problem) throw badRequest('VALIDATION', {}, [{ path: `body.${field}`, reason: problem }]);
}

/** Wrong current passwords in a row before password change pauses for the account. */
export const PASSWORD_CHANGE_MAX_FAILURES = 5;
export const PASSWORD_CHANGE_LOCK_MINUTES = 15;

/** Per database (one server process): wrong current passwords, per account id. */
const changeLocks = new WeakMap<Db, FailureLocks>();
function passwordChangeLocks(db: Db): FailureLocks {
  let l = changeLocks.get(db);
  if (!l) changeLocks.set(db, (l = new FailureLocks(PASSWORD_CHANGE_MAX_FAILURES, PASSWORD_CHANGE_LOCK_MINUTES * 60_000)));
  return l;
}

const lockedError = (until: number, now: number) =>
  new AppError(429, 'PASSWORD_CHANGE_LOCKED', { minutes: Math.max(1, Math.ceil((until - now) / 60_000)) });

/**
 * A user changes their own password; every other session of theirs ends. Five wrong current
 * passwords in a row pause it for the account for 15 minutes (429 PASSWORD_CHANGE_LOCKED, even
 * with the right password). Every failed attempt is audited as `auth.passwordChangeFailed`.
 */
export async function changeOwnPassword(
  deps: Deps,
  actor: Actor,
  input: { accountId: number; sessionId: string; currentPassword: string; newPassword: string },
) {
  const { db, clock } = deps;
  const acc = await db.kysely
    .selectFrom('accounts as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.password_hash', 'p.unit_id', 'p.org_path'])
    .where('a.id', '=', input.accountId)
    .executeTakeFirstOrThrow();
  const refuse = async (err: AppError, extra: Record<string, unknown> = {}): Promise<never> => {
    await write(deps, actor, async ({ audit }) =>
      audit({ action: 'auth.passwordChangeFailed', entityType: 'account', entityId: acc.id, unitId: acc.unit_id, orgPath: acc.org_path, after: { reason: err.code, ...extra } }),
    );
    throw err;
  };

  const locks = passwordChangeLocks(db);
  const key = String(acc.id);
  const t = clock.now().getTime();
  const until = locks.lockedUntil(key, t);
  if (until !== null) return refuse(lockedError(until, t));
  // Counted before the (slow) check, so that parallel guesses cannot all pass the lock test;
  // a right password ends the streak again.
  const locksNow = locks.fail(key, t);
  if (!(await verifyPassword(input.currentPassword, acc.password_hash))) {
    return locksNow !== null
      ? refuse(lockedError(locksNow, t), { wrongPassword: true })
      : refuse(new AppError(400, 'WRONG_PASSWORD'));
  }
  locks.clear(key);
  try {
    assertPasswordPolicy(input.newPassword);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return refuse(e, { problem: e.details[0]?.reason ?? null });
  }
  if (input.currentPassword === input.newPassword) return refuse(new AppError(400, 'PASSWORD_REUSED'));
  const hash = await hashPassword(input.newPassword);
  await write(deps, actor, async ({ trx, now, audit }) => {
    await trx
      .updateTable('accounts')
      .set((eb) => ({ password_hash: hash, must_change_password: false, password_changed_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', acc.id)
      .execute();
    await trx.deleteFrom('sessions').where('account_id', '=', acc.id).where('id', '!=', input.sessionId).execute();
    audit({ action: 'auth.passwordChanged', entityType: 'account', entityId: acc.id });
  });
}
