import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { SystemClock } from '../../clock.ts';
import { createTestDb } from '../../testing/test-db.ts';
import { adminClient, Client, createHarness, TEST_PASSWORD, type Harness } from '../../testing/harness.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import { auditRejectedSignIn, REJECTED_AUDITS_PER_MINUTE } from './login.ts';
import { FailureLocks } from './rate-limit.ts';

/** What a caller can see of an answer: status, body and every header but the date. */
function visible(r: LightMyRequestResponse) {
  const { date: _date, ...headers } = r.headers;
  return { status: r.statusCode, body: r.body, headers };
}

async function auditRows(h: Harness, action: string) {
  return h.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();
}

/** A harness whose sign-in rate limit is `perMinute` (the shared harness lifts it). */
async function harnessWithRateLimit(perMinute: number): Promise<Harness> {
  const db = await createTestDb();
  const config = { ...loadConfig({}), loginRateLimitPerMinute: perMinute, webDist: '/nonexistent' };
  const deps = { db, clock: new SystemClock(), config };
  const app = await buildApp(deps);
  await app.ready();
  return { app, deps, close: async () => { await app.close(); await db.close(); } };
}

describe('sign-in answers do not tell which usernames exist', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await adminClient(h);
  });
  afterAll(async () => h.close());

  it('answers six wrong passwords identically for an existing and an unknown name, both locking on the fifth', async () => {
    const c = new Client(h.app);
    const known: ReturnType<typeof visible>[] = [];
    const unknown: ReturnType<typeof visible>[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(visible(await c.login('admin', 'Wrong@pass1')));
      unknown.push(visible(await c.login('nobody-here', 'Wrong@pass1')));
    }
    expect(unknown).toEqual(known);
    expect(known.map((r) => r.status)).toEqual([401, 401, 401, 401, 423, 423]);
    expect(JSON.parse(known[0]?.body ?? '{}')).toEqual({ code: 'BAD_CREDENTIALS', message: '用户名或密码错误' });
    expect(JSON.parse(known[5]?.body ?? '{}')).toEqual({ code: 'ACCOUNT_LOCKED', message: '账号因多次登录失败已锁定，请 15 分钟后再试' });

    // A locked account refuses even the right password, as the unknown name refuses anything.
    const right = visible(await c.login('admin', TEST_PASSWORD));
    expect(right).toEqual(visible(await c.login('nobody-here', TEST_PASSWORD)));
    expect(right.status).toBe(423);
    // Letters' case and surrounding spaces name the same account and the same unknown name.
    expect(visible(await c.login(' ADMIN ', 'Wrong@pass1'))).toEqual(visible(await c.login('Nobody-Here', 'Wrong@pass1')));

    // When the lock ends both answer 401 to a wrong password again, and the account signs in.
    h.deps.clock.advance(16 * 60_000);
    const afterKnown = visible(await c.login('admin', 'Wrong@pass1'));
    expect(afterKnown).toEqual(visible(await c.login('nobody-here', 'Wrong@pass1')));
    expect(afterKnown.status).toBe(401);
    expect((await c.login('admin', TEST_PASSWORD)).statusCode).toBe(200);

    const failed = await auditRows(h, 'auth.loginFailed');
    expect(failed.filter((r) => (r.after as { username?: string }).username === 'nobody-here').length).toBe(8);
    expect((await verifyAuditChain(h.deps.db.kysely)).ok).toBe(true);
  });
});

describe('failure streaks kept in memory', () => {
  it('count like an account, forget a lock once it ends, and stay within their size', () => {
    const l = new FailureLocks(3, 1_000, 4);
    expect(l.fail('a', 0)).toBeNull();
    expect(l.fail('a', 1)).toBeNull();
    expect(l.fail('a', 2)).toBe(1_002);
    expect(l.lockedUntil('a', 500)).toBe(1_002);
    expect(l.lockedUntil('a', 1_002)).toBeNull();
    expect(l.fail('a', 1_003)).toBeNull(); // a new streak after the lock
    for (const k of ['b', 'c', 'd', 'e', 'f']) l.fail(k, 2_000);
    expect(l.size).toBe(4);
    l.clear('f');
    expect(l.size).toBe(3);
  });
});

describe('rate-limited and refused sign-ins are audited', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harnessWithRateLimit(2);
    await adminClient(h); // one sign-in of the two allowed this minute
  });
  afterAll(async () => h.close());

  it('writes a refused sign-in for each rate-limited attempt, naming the account', async () => {
    const c = new Client(h.app);
    expect((await c.login('admin', 'Wrong@pass1')).statusCode).toBe(401);
    const limited = await c.login('admin', TEST_PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ code: 'RATE_LIMITED', message: '操作过于频繁，请稍后再试' });
    expect((await c.login('nobody-here', 'x')).statusCode).toBe(429);
    const rows = await auditRows(h, 'auth.loginRejected');
    expect(rows.map((r) => r.after)).toEqual([
      { username: 'admin', reason: 'RATE_LIMITED' },
      { username: 'nobody-here', reason: 'RATE_LIMITED' },
    ]);
    const admin = await h.deps.db.kysely.selectFrom('accounts').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(rows[0]?.entity_id).toBe(String(admin.id));
    expect(rows[0]?.actor_name).toBe('管理员(admin)');
    expect(rows[1]?.entity_id).toBe('');
    expect((await auditRows(h, 'auth.loginFailed')).length).toBe(1);
    expect((await verifyAuditChain(h.deps.db.kysely)).ok).toBe(true);
  });

  it('writes at most a bounded number per IP and minute and counts the rest in the next entry', async () => {
    h.deps.clock.advance(61_000);
    const before = (await auditRows(h, 'auth.loginRejected')).length;
    const deps = h.deps;
    for (let i = 0; i < REJECTED_AUDITS_PER_MINUTE + 5; i++) await auditRejectedSignIn(deps, { ip: '203.0.113.9', username: 'admin', reason: 'CSRF' });
    expect((await auditRows(h, 'auth.loginRejected')).length - before).toBe(REJECTED_AUDITS_PER_MINUTE);
    h.deps.clock.advance(61_000);
    expect(await auditRejectedSignIn(deps, { ip: '203.0.113.9', reason: 'CSRF', details: { origin: 'https://evil.example' } })).toBe(true);
    const last = (await auditRows(h, 'auth.loginRejected')).at(-1);
    expect(last?.after).toEqual({ origin: 'https://evil.example', username: null, reason: 'CSRF', notRecorded: 5 });
    expect(last?.ip).toBe('203.0.113.9');
    expect((await verifyAuditChain(h.deps.db.kysely)).ok).toBe(true);
  });
});

describe('changing one\'s own password', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it('pauses after five wrong current passwords for 15 minutes and audits every failed attempt', async () => {
    const c = await adminClient(h);
    const change = (currentPassword: string, newPassword = 'New@2026pass') => c.post('/api/auth/password', { currentPassword, newPassword });
    for (let i = 0; i < 4; i++) {
      const r = await change('Wrong@pass1');
      expect(r.statusCode).toBe(400);
      expect(r.json().code).toBe('WRONG_PASSWORD');
    }
    const fifth = await change('Wrong@pass1');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json()).toEqual({ code: 'PASSWORD_CHANGE_LOCKED', message: '当前密码连续输错次数过多，修改密码已暂停，请 15 分钟后再试' });
    // Even the right password is refused until the pause ends.
    const right = await change(TEST_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.json().code).toBe('PASSWORD_CHANGE_LOCKED');
    // The account itself is not locked: it still signs in.
    expect((await new Client(h.app).login('admin')).statusCode).toBe(200);

    h.deps.clock.advance(10 * 60_000);
    expect((await change(TEST_PASSWORD)).json().message).toContain('请 5 分钟后再试');
    h.deps.clock.advance(6 * 60_000);
    // After the pause: a weak new password is refused (and audited), then the change goes through.
    const weak = await change(TEST_PASSWORD, 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('VALIDATION');
    expect((await change(TEST_PASSWORD, TEST_PASSWORD)).json().code).toBe('PASSWORD_REUSED');
    expect((await change(TEST_PASSWORD)).statusCode).toBe(200);

    const failed = await auditRows(h, 'auth.passwordChangeFailed');
    expect(failed.map((r) => (r.after as { reason: string }).reason)).toEqual([
      'WRONG_PASSWORD', 'WRONG_PASSWORD', 'WRONG_PASSWORD', 'WRONG_PASSWORD',
      'PASSWORD_CHANGE_LOCKED', 'PASSWORD_CHANGE_LOCKED', 'PASSWORD_CHANGE_LOCKED',
      'VALIDATION', 'PASSWORD_REUSED',
    ]);
    expect(failed[4]?.after).toEqual({ reason: 'PASSWORD_CHANGE_LOCKED', wrongPassword: true });
    const admin = await h.deps.db.kysely.selectFrom('accounts').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(new Set(failed.map((r) => r.entity_id))).toEqual(new Set([String(admin.id)]));
    expect(new Set(failed.map((r) => r.actor_name))).toEqual(new Set(['管理员(admin)']));
    expect((await auditRows(h, 'auth.passwordChanged')).length).toBe(1);
    expect((await verifyAuditChain(h.deps.db.kysely)).ok).toBe(true);
  });

  it('ends a streak of wrong current passwords with a right one', async () => {
    const c = new Client(h.app);
    expect((await c.login('admin', 'New@2026pass')).statusCode).toBe(200);
    const change = (currentPassword: string, newPassword: string) => c.post('/api/auth/password', { currentPassword, newPassword });
    for (let i = 0; i < 4; i++) expect((await change('Wrong@pass1', 'Other@2026pass')).statusCode).toBe(400);
    expect((await change('New@2026pass', 'Other@2026pass')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await change('Wrong@pass1', 'Third@2026pass')).statusCode).toBe(400);
    expect((await change('Other@2026pass', 'Third@2026pass')).statusCode).toBe(200);
  });
});
