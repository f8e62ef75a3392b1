import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig, parseClockDate } from '../../config.ts';
import { beijingInstant, clockShifted, DEMO_BUSINESS_DATE_SETTING, startDateOf, SystemClock, todayOf } from '../../clock.ts';
import { createTestDb } from '../../testing/test-db.ts';
import { adminClient, Client, createHarness, type Harness } from '../../testing/harness.ts';
import { userClient } from '../lists/lifecycle/test-fixture.ts';
import { startClock } from './business-date.ts';

describe('business date configuration', () => {
  it('reads CLOCK_DATE: unset, real, or a valid date; anything else stops the start', () => {
    expect(parseClockDate(undefined)).toBeUndefined();
    expect(parseClockDate('')).toBeUndefined();
    expect(parseClockDate('real')).toBe('real');
    expect(parseClockDate(' 2022-10-20 ')).toBe('2022-10-20');
    for (const bad of ['2022-13-01', '2022-02-30', '20221020', 'tomorrow', '2022-1-5']) {
      expect(() => parseClockDate(bad), bad).toThrow(/CLOCK_DATE 应为/);
    }
    expect(loadConfig({ CLOCK_DATE: '2023-01-02' }).clockDate).toBe('2023-01-02');
    expect(loadConfig({}).clockControl).toBe(false);
    expect(loadConfig({ CLOCK_CONTROL: 'yes' }).clockControl).toBe(false);
    expect(loadConfig({ CLOCK_CONTROL: '1' }).clockControl).toBe(true);
  });

  it('starts at CLOCK_DATE, else the demo business date, else the real time', () => {
    expect(startDateOf(undefined, null)).toBeNull();
    expect(startDateOf(undefined, '2022-10-20')).toBe('2022-10-20');
    expect(startDateOf('2023-05-01', '2022-10-20')).toBe('2023-05-01');
    expect(startDateOf('real', '2022-10-20')).toBeNull();
    expect(beijingInstant('2022-10-20').toISOString()).toBe('2022-10-20T01:00:00.000Z');
  });

  it('sets and keeps ticking the server clock from the stored demo date; CLOCK_DATE=real keeps the real time', async () => {
    const db = await createTestDb();
    try {
      const clock = new SystemClock();
      expect(await startClock({ db, clock, config: loadConfig({}) })).toBeNull();
      expect(clockShifted(clock)).toBe(false);
      await db.kysely.insertInto('settings').values({ key: DEMO_BUSINESS_DATE_SETTING, value: JSON.stringify('2022-10-20') }).execute();
      expect(await startClock({ db, clock, config: loadConfig({}) })).toBe('2022-10-20');
      expect(todayOf(clock)).toBe('2022-10-20');
      expect(clock.now().getTime()).toBeGreaterThanOrEqual(beijingInstant('2022-10-20').getTime());
      expect(clockShifted(clock)).toBe(true);
      const real = new SystemClock();
      expect(await startClock({ db, clock: real, config: loadConfig({ CLOCK_DATE: 'real' }) })).toBeNull();
      expect(clockShifted(real)).toBe(false);
      const set = new SystemClock();
      expect(await startClock({ db, clock: set, config: loadConfig({ CLOCK_DATE: '2022-12-25' }) })).toBe('2022-12-25');
      expect(todayOf(set)).toBe('2022-12-25');
    } finally {
      await db.close();
    }
  });
});

describe('clock control is off by default', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it('has no clock route and does not document one; health shows the business date', async () => {
    const admin = await adminClient(h);
    expect(h.app.hasRoute({ method: 'POST', url: '/api/system/clock' })).toBe(false);
    const r = await admin.post('/api/system/clock', { advanceDays: 1 });
    expect(r.statusCode).not.toBe(200);
    expect(clockShifted(h.deps.clock)).toBe(false);
    const doc = (await admin.get('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/api/system/clock');
    const health = (await new Client(h.app).get('/api/health')).json();
    expect(health).toMatchObject({ status: 'ok', businessDate: todayOf(h.deps.clock), clockShifted: false });
    const overview = (await admin.get('/api/overview')).json();
    expect(overview).toMatchObject({ businessDate: todayOf(h.deps.clock), clockShifted: false });
  });
});

describe('clock control (CLOCK_CONTROL=1)', () => {
  let h: Harness;
  beforeAll(async () => {
    const db = await createTestDb();
    const config = { ...loadConfig({ CLOCK_CONTROL: '1' }), loginRateLimitPerMinute: 100_000, webDist: '/nonexistent' };
    const deps = { db, clock: new SystemClock(), config };
    const app = await buildApp(deps);
    await app.ready();
    expect(app.hasRoute({ method: 'POST', url: '/api/system/clock' })).toBe(true);
    h = { app, deps, close: async () => { await app.close(); await db.close(); } };
  });
  afterAll(async () => h.close());

  it('moves the clock to a date and by days, keeps sessions signed in, and audits each move', async () => {
    const admin = await adminClient(h);
    const r = await admin.post('/api/system/clock', { date: '2022-10-20' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ businessDate: '2022-10-20', clockShifted: true });
    expect(todayOf(h.deps.clock)).toBe('2022-10-20');
    const r2 = await admin.post('/api/system/clock', { advanceDays: 3 });
    expect(r2.json()).toMatchObject({ businessDate: '2022-10-23', clockShifted: true });
    const r3 = await admin.post('/api/system/clock', { date: '2022-11-01', advanceDays: -1 });
    expect(r3.json().businessDate).toBe('2022-10-31');
    // The session moved with the clock (days later, it would otherwise be long expired).
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200);
    expect((await new Client(h.app).get('/api/health')).json()).toMatchObject({ businessDate: '2022-10-31', clockShifted: true });
    const audit = await h.deps.db.kysely.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'system.clock').orderBy('seq').execute();
    expect(audit.length).toBe(3);
    expect(audit[1]!.after).toMatchObject({ advanceDays: 3 });
  });

  it('refuses bad input with a clear message and leaves the clock where it was', async () => {
    const admin = await adminClient(h).catch(async () => {
      const c = new Client(h.app);
      await c.login('admin');
      return c;
    });
    const before = todayOf(h.deps.clock);
    for (const body of [{}, { date: '2022-02-30' }, { date: 'tomorrow' }, { advanceDays: 1.5 }, { advanceDays: 99999 }]) {
      const r = await admin.post('/api/system/clock', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().code).toBe('VALIDATION');
    }
    const empty = await admin.post('/api/system/clock', {});
    expect(empty.json().details[0].message).toMatch(/请提供日期/);
    expect(todayOf(h.deps.clock)).toBe(before);
  });

  it('is for the committee administrator only', async () => {
    const root = await h.deps.db.kysely.selectFrom('orgs').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const viewer = await userClient(h, 'clockviewer', 'viewer', root.id);
    const before = todayOf(h.deps.clock);
    expect((await viewer.post('/api/system/clock', { advanceDays: 1 })).statusCode).toBe(403);
    expect((await new Client(h.app).post('/api/system/clock', { advanceDays: 1 })).statusCode).toBe(401);
    expect(todayOf(h.deps.clock)).toBe(before);
  });
});
