import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { FailureLocks, RateLimiter } from './rate-limit.ts';
import { createSession } from './session.ts';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

/** The form of a username that sign-in compares (and counts failures under). */
export const usernameKey = (username: string) => username.trim().toLowerCase();

/**
 * Failure streaks of usernames that match no account, per database (one server process), counted
 * like an account's own: so an unknown name "locks" after five failures exactly as an existing one
 * does, and the answers do not tell which names exist.
 */
const unknownNames = new WeakMap<Db, FailureLocks>();
function unknownNameLocks(db: Db): FailureLocks {
  let l = unknownNames.get(db);
  if (!l) unknownNames.set(db, (l = new FailureLocks(MAX_FAILURES, LOCK_MINUTES * 60_000)));
  return l;
}

async function findAccount(db: Db, key: string) {
  return db.kysely
    .selectFrom('accounts as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.username', 'a.password_hash', 'a.failed_count', 'a.locked_until', 'a.active', 'a.must_change_password', 'a.locale', 'p.name', 'p.unit_id', 'p.org_path'])
    .where(sql`lower(a.username)`, '=', key)
    .executeTakeFirst();
}

/**
 * Check a username and password. Five failures in a row lock the account for 15 minutes; a
 * username that matches no account answers the same way (same status, code and message, one
 * scrypt verification on every path). Sign-ins and failed sign-ins are written to the audit trail.
 */
export async function login(deps: Deps, input: { username: string; password: string; ip: string; userAgent: string }) {
  const { db, clock } = deps;
  const now = clock.now();
  const key = usernameKey(input.username);
  const account = await findAccount(db, key);
  const actor: Actor = { accountId: account?.id ?? null, name: account ? `${account.name}(${account.username})` : input.username.slice(0, 60), ip: input.ip };
  const fail = async (code: string, failedCount?: number, lockedUntil?: Date | null) => {
    await write(deps, actor, async ({ trx, audit }) => {
      if (account && failedCount !== undefined) {
        await trx.updateTable('accounts').set({ failed_count: failedCount, locked_until: lockedUntil ?? null }).where('id', '=', account.id).execute();
      }
      audit({
        action: 'auth.loginFailed',
        entityType: 'account',
        entityId: account?.id ?? '',
        unitId: account?.unit_id ?? null,
        orgPath: account?.org_path ?? '',
        after: { username: input.username.slice(0, 60), reason: code },
      });
    });
    throw new AppError(code === 'ACCOUNT_LOCKED' ? 423 : 401, code);
  };

  if (!account) {
    const locks = unknownNameLocks(db);
    const t = now.getTime();
    const locked = locks.lockedUntil(key, t) !== null;
    await verifyPassword(input.password, await dummyPasswordHash());
    if (locked) return fail('ACCOUNT_LOCKED');
    return fail(locks.fail(key, t) !== null ? 'ACCOUNT_LOCKED' : 'BAD_CREDENTIALS');
  }
  const locked = account.locked_until !== null && account.locked_until > now;
  // Verified even while locked, so that a locked account costs what an unknown name costs.
  const ok = await verifyPassword(input.password, account.password_hash);
  if (locked) return fail('ACCOUNT_LOCKED');
  if (!ok) {
    const count = (account.locked_until && account.locked_until <= now ? 0 : account.failed_count) + 1;
    const lock = count >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
    return fail(lock ? 'ACCOUNT_LOCKED' : 'BAD_CREDENTIALS', lock ? 0 : count, lock);
  }
  if (!account.active) return fail('ACCOUNT_DISABLED');

  const session = await createSession(db, clock, account.id, input.ip, input.userAgent);
  await write(deps, actor, async ({ trx, audit }) => {
    await trx.updateTable('accounts').set({ failed_count: 0, locked_until: null, last_login_at: now }).where('id', '=', account.id).execute();
    audit({ action: 'auth.login', entityType: 'account', entityId: account.id, unitId: account.unit_id, orgPath: account.org_path });
  });
  return { ...session, accountId: account.id, mustChangePassword: account.must_change_password };
}

/** A sign-in refused before its password was looked at. */
export interface RejectedSignIn {
  ip: string;
  /** The username the request named, when it named one. */
  username?: string;
  /** Why it was refused: a message code such as 'RATE_LIMITED' or 'CSRF'. */
  reason: string;
  /** More facts for the entry's `after` (e.g. the request's origin). */
  details?: Record<string, unknown>;
}

/** Entries written per IP and minute by auditRejectedSignIn; the rest are counted, not written. */
export const REJECTED_AUDITS_PER_MINUTE = 30;
const rejectedCaps = new WeakMap<Db, { limiter: RateLimiter; notRecorded: Map<string, number> }>();

/**
 * Write a refused sign-in (rate limit, CSRF, …) to the audit trail as `auth.loginRejected`, in its
 * own transaction (call it outside any other transaction, e.g. from a request hook, then throw
 * the refusal). The entry names the account when the username matches one. So that a flood of
 * refused requests cannot flood the trail, at most REJECTED_AUDITS_PER_MINUTE entries are
 * written per IP and minute; the ones left out are counted in the next entry for that IP
 * (`after.notRecorded`). Resolves to whether an entry was written; a database error rejects.
 */
export async function auditRejectedSignIn(deps: Pick<Deps, 'db' | 'clock'>, info: RejectedSignIn): Promise<boolean> {
  const { db, clock } = deps;
  let cap = rejectedCaps.get(db);
  if (!cap) rejectedCaps.set(db, (cap = { limiter: new RateLimiter(REJECTED_AUDITS_PER_MINUTE, 60_000), notRecorded: new Map() }));
  if (cap.limiter.hit(info.ip, clock.now().getTime())) {
    cap.notRecorded.set(info.ip, (cap.notRecorded.get(info.ip) ?? 0) + 1);
    if (cap.notRecorded.size > 10_000) cap.notRecorded.delete(cap.notRecorded.keys().next().value as string);
    return false;
  }
  const notRecorded = cap.notRecorded.get(info.ip) ?? 0;
  cap.notRecorded.delete(info.ip);
  const username = info.username?.slice(0, 60);
  const account = username ? await findAccount(db, usernameKey(username)) : undefined;
  const actor: Actor = { accountId: account?.id ?? null, name: account ? `${account.name}(${account.username})` : (username ?? ''), ip: info.ip };
  await write(deps, actor, async ({ audit }) =>
    audit({
      action: 'auth.loginRejected',
      entityType: 'account',
      entityId: account?.id ?? '',
      unitId: account?.unit_id ?? null,
      orgPath: account?.org_path ?? '',
      after: { ...info.details, username: username ?? null, reason: info.reason, ...(notRecorded > 0 ? { notRecorded } : {}) },
    }),
  );
  return true;
}
