/**
 * An interrupted first start: the demo seed stops part-way (at each of its steps), and the next
 * start finds the seed unfinished, removes what is there and seeds again, with the same ids as a
 * clean seed. A database that is not an interrupted demo is never wiped. On a small province (the
 * first three units) so that every case seeds in seconds; seed.test.ts checks the full one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createHarness, TEST_PASSWORD, type Harness } from '../testing/harness.ts';
import { useTempFilesDir } from '../modules/lists/lifecycle/test-fixture.ts';
import { createAdmin } from '../modules/auth/setup.ts';
import { SYSTEM_ACTOR } from '../modules/audit/record.ts';
import { seedDemo, type DemoSeedStep, type SeedOptions } from './seed.ts';
import { startDemo, type DemoStartOptions } from './start.ts';
import { DEMO_SEED_AUDIT_ACTIONS, DEMO_SEED_SETTING, demoSeedState, lockDemoSeed, wipeInterruptedDemo } from './progress.ts';

const SMALL: SeedOptions = { units: 3 };
const STEPS: readonly DemoSeedStep[] = ['province', 'lists', 'distribution', 'work'];

class Interrupted extends Error {}
const interruptAt = (step: DemoSeedStep): SeedOptions => ({
  ...SMALL,
  afterStep: (s) => {
    if (s === step) throw new Interrupted(`interrupted after ${step}`);
  },
});

const open: Harness[] = [];
async function fresh(): Promise<Harness> {
  const h = await createHarness();
  useTempFilesDir(h);
  open.push(h);
  return h;
}
afterAll(async () => {
  for (const h of open) await h.close();
});

async function start(h: Harness, opts: Partial<DemoStartOptions> = {}) {
  const lines: string[] = [];
  const r = await startDemo(h.deps, { demo: true, seed: SMALL, log: (l) => lines.push(l), ...opts });
  return { ...r, lines };
}

/** Every table: its row count and, where it has an `id`, its smallest and largest id. */
async function fingerprint(h: Harness): Promise<Record<string, string>> {
  const k = h.deps.db.kysely;
  const tables = await sql<{ name: string; has_id: boolean }>`
    SELECT t.tablename AS name, EXISTS (SELECT 1 FROM information_schema.columns c
      WHERE c.table_schema = t.schemaname AND c.table_name = t.tablename AND c.column_name = 'id') AS has_id
    FROM pg_tables t WHERE t.schemaname = current_schema() AND t.tablename <> 'schema_migrations' ORDER BY t.tablename`.execute(k);
  const out: Record<string, string> = {};
  for (const t of tables.rows) {
    const ids = t.has_id ? sql`, min(id)::text || '…' || max(id)::text AS ids` : sql`, '' AS ids`;
    const r = await sql<{ n: number; ids: string | null }>`SELECT count(*)::int AS n ${ids} FROM ${sql.table(t.name)}`.execute(k);
    out[t.name] = `${r.rows[0]?.n} ${r.rows[0]?.ids ?? ''}`;
  }
  return out;
}

/** The ids people meet: the lists (/lists/1), every account, the committee and 省教育厅. */
async function keyIds(h: Harness) {
  const k = h.deps.db.kysely;
  return {
    lists: await k.selectFrom('responsibility_lists').select(['id', 'year', 'status']).orderBy('id').execute(),
    accounts: await k.selectFrom('accounts').select(['id', 'username', 'person_id']).orderBy('id').execute(),
    orgs: await k.selectFrom('orgs').select(['id', 'code']).where('code', 'in', ['GW', 'U002', 'U002-B001']).orderBy('id').execute(),
    firstPeriod: await k.selectFrom('periods').select(['id', 'org_id', 'task_id', 'status']).orderBy('id').limit(1).execute(),
    businessDate: (await k.selectFrom('settings').select('value').where('key', '=', 'demo.businessDate').executeTakeFirst())?.value,
  };
}

let clean: { fp: Record<string, string>; keys: Awaited<ReturnType<typeof keyIds>> };

beforeAll(async () => {
  const h = await fresh();
  const r = await start(h);
  expect(r.action).toBe('seeded');
  expect(r.lines).toEqual([expect.stringMatching(/^已生成演示数据 Demo province seeded: 3 units/)]);
  clean = { fp: await fingerprint(h), keys: await keyIds(h) };
});

describe('a clean demo seed', () => {
  it('is marked complete by its last write, and the list of the year 2022 is /lists/1', async () => {
    expect(clean.keys.lists).toEqual([{ id: 1, year: 2022, status: 'issued' }, { id: 2, year: 2023, status: 'draft' }]);
    expect(clean.keys.accounts[0]).toMatchObject({ id: 1, username: 'admin' });
    expect(clean.keys.firstPeriod).toHaveLength(1);
    const h = open[0]!;
    expect(await demoSeedState(h.deps.db.kysely)).toBe('complete');
    // The wipe's guard knows every audit entry the seed writes.
    const actions = await h.deps.db.kysely.selectFrom('audit_log').select(['action', 'actor_id', 'actor_name']).distinct().execute();
    expect(actions.map((a) => a.action).sort()).toEqual([...DEMO_SEED_AUDIT_ACTIONS].sort());
    expect(actions.every((a) => a.actor_id === null && a.actor_name === SYSTEM_ACTOR.name)).toBe(true);
    // A later start leaves it alone.
    expect(await start(h)).toEqual({ action: 'none', result: null, lines: [] });
  });
});

describe('a demo seed interrupted part-way', () => {
  it.each(STEPS)('after step %s: the next start removes it and seeds again, with the ids and counts of a clean seed', async (step) => {
    const h = await fresh();
    const k = h.deps.db.kysely;
    await expect(start(h, { seed: interruptAt(step) })).rejects.toThrow(Interrupted);
    expect(await demoSeedState(k)).toBe('started');
    // The rolled-back transaction moved the identity sequences on: a plain second seed would
    // start the accounts after the first attempt's.
    const again = await start(h);
    expect(again.action).toBe('reseeded');
    expect(again.lines).toEqual([
      expect.stringMatching(/未生成完整.*interrupted: removing what it wrote and seeding again/),
      expect.stringMatching(/^已重新生成演示数据 Demo province seeded again: 3 units/),
    ]);
    expect(await keyIds(h)).toEqual(clean.keys);
    expect(await fingerprint(h)).toEqual(clean.fp);
    expect(await demoSeedState(k)).toBe('complete');
    expect((await start(h)).action).toBe('none');
  });

  it('a half-written demo (an administrator, the 2022 list issued, part of its records) is removed and seeded again', async () => {
    const h = await fresh();
    const k = h.deps.db.kysely;
    expect((await start(h)).action).toBe('seeded');
    // What a seed committed in parts would leave when killed mid-work.
    await sql`DELETE FROM evidence`.execute(k);
    await sql`DELETE FROM files`.execute(k);
    await sql`DELETE FROM reviews WHERE period_id % 2 = 0`.execute(k);
    await sql`DELETE FROM reports WHERE period_id % 3 = 0`.execute(k);
    await sql`DELETE FROM audit_log WHERE action = 'demo.seed'`.execute(k);
    await k.deleteFrom('settings').where('key', '=', 'demo').execute();
    await k.updateTable('settings').set({ value: JSON.stringify('started') }).where('key', '=', DEMO_SEED_SETTING).execute();
    expect(await demoSeedState(k)).toBe('started');
    const again = await start(h);
    expect(again.action).toBe('reseeded');
    expect(await keyIds(h)).toEqual(clean.keys);
    expect(await fingerprint(h)).toEqual(clean.fp);
    expect(await demoSeedState(k)).toBe('complete');
  });

  it('with DEMO=0, the next start removes it and leaves an empty database whose ids start at 1', async () => {
    const h = await fresh();
    const k = h.deps.db.kysely;
    await expect(start(h, { seed: interruptAt('lists') })).rejects.toThrow(Interrupted);
    const r = await start(h, { demo: false });
    expect(r.action).toBe('removed');
    expect(r.lines).toEqual([expect.stringMatching(/已清除.*DEMO=0/)]);
    expect(await demoSeedState(k)).toBe('none');
    expect(Object.entries(await fingerprint(h)).filter(([t, v]) => t !== 'responsibility_levels' && !v.startsWith('0 '))).toEqual([]);
    const admin = await createAdmin(h.deps, SYSTEM_ACTOR, { username: 'root', password: TEST_PASSWORD, name: '管理员', onlyIfFirst: true });
    expect(admin).toEqual({ accountId: 1, personId: 1, rootId: 1 });
  });
});

describe('a database that is not an interrupted demo', () => {
  it('with data but no demo marker: never seeded into, never wiped', async () => {
    const h = await fresh();
    const k = h.deps.db.kysely;
    await createAdmin(h.deps, SYSTEM_ACTOR, { username: 'root', password: TEST_PASSWORD, name: '管理员', onlyIfFirst: true });
    const before = await fingerprint(h);
    expect(await demoSeedState(k)).toBe('none');
    expect(await start(h)).toEqual({ action: 'none', result: null, lines: [] });
    expect(await start(h, { demo: false })).toEqual({ action: 'none', result: null, lines: [] });
    await expect(seedDemo(h.deps, SMALL)).rejects.toThrow(/已有组织或账号/);
    await expect(k.transaction().execute(async (trx) => {
      await lockDemoSeed(trx);
      await wipeInterruptedDemo(trx);
    })).rejects.toThrow(/不是未完成的演示数据/);
    expect(await fingerprint(h)).toEqual(before);
    expect(await k.selectFrom('accounts').select('username').execute()).toEqual([{ username: 'root' }]);
  });

  it('an interrupted demo that someone has used since (an administrator created on the setup page): left as it is', async () => {
    const h = await fresh();
    const k = h.deps.db.kysely;
    await expect(start(h, { seed: interruptAt('province') })).rejects.toThrow(Interrupted);
    const setup = await h.app.inject({ method: 'POST', url: '/api/setup', payload: { username: 'root', password: TEST_PASSWORD, name: '管理员' } });
    expect(setup.statusCode, setup.body).toBe(200);
    const before = await fingerprint(h);
    for (const demo of [true, false]) {
      const r = await start(h, { demo });
      expect(r.action).toBe('kept');
      expect(r.lines).toEqual([expect.stringMatching(/未作改动.*left as it is/)]);
    }
    await expect(seedDemo(h.deps, SMALL)).rejects.toThrow(/不是未完成的演示数据/);
    expect(await fingerprint(h)).toEqual(before);
    expect(await k.selectFrom('accounts').select('username').execute()).toEqual([{ username: 'root' }]);
  });
});
