import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { createSession } from './session.ts';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

/**
 * Check a username and password. Five failures in a row lock the account for 15 minutes.
 * Sign-ins and failed sign-ins are written to the audit trail.
 */
export async function login(deps: Deps, input: { username: string; password: string; ip: string; userAgent: string }) {
  const { db, clock } = deps;
  const now = clock.now();
  const account = await db.kysely
    .selectFrom('accounts as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.username', 'a.password_hash', 'a.failed_count', 'a.locked_until', 'a.active', 'a.must_change_password', 'a.locale', 'p.name', 'p.unit_id', 'p.org_path'])
    .where(sql`lower(a.username)`, '=', input.username.trim().toLowerCase())
    .executeTakeFirst();
  const actor: Actor = { accountId: account?.id ?? null, name: account ? `${account.name}(${account.username})` : input.username.slice(0, 60), ip: input.ip };
  const fail = async (code: string, failedCount?: number, lockedUntil?: Date | null) => {
    await db.kysely.transaction().execute(async (trx) => {
      if (account && failedCount !== undefined) {
        await trx.updateTable('accounts').set({ failed_count: failedCount, locked_until: lockedUntil ?? null }).where('id', '=', account.id).execute();
      }
      await recordAudit(trx, clock, actor, [
        { action: 'auth.loginFailed', entityType: 'account', entityId: account?.id ?? '', unitId: account?.unit_id ?? null, orgPath: account?.org_path ?? '', after: { username: input.username.slice(0, 60), reason: code } },
      ]);
    });
    throw new AppError(code === 'ACCOUNT_LOCKED' ? 423 : 401, code);
  };

  if (!account) {
    await verifyPassword(input.password, await dummyPasswordHash());
    return fail('BAD_CREDENTIALS');
  }
  if (account.locked_until && account.locked_until > now) return fail('ACCOUNT_LOCKED');
  const ok = await verifyPassword(input.password, account.password_hash);
  if (!ok) {
    const count = (account.locked_until && account.locked_until <= now ? 0 : account.failed_count) + 1;
    const lock = count >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
    return fail(lock ? 'ACCOUNT_LOCKED' : 'BAD_CREDENTIALS', lock ? 0 : count, lock);
  }
  if (!account.active) return fail('ACCOUNT_DISABLED');

  const session = await createSession(db, clock, account.id, input.ip, input.userAgent);
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('accounts').set({ failed_count: 0, locked_until: null, last_login_at: now }).where('id', '=', account.id).execute();
    await recordAudit(trx, clock, actor, [{ action: 'auth.login', entityType: 'account', entityId: account.id, unitId: account.unit_id, orgPath: account.org_path }]);
  });
  return { ...session, accountId: account.id, mustChangePassword: account.must_change_password };
}
