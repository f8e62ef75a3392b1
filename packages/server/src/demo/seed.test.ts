import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ROLES } from '@qingdan/core';
import { Client, createHarness, type Harness } from '../testing/harness.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, planDemo, seedDemo, type SeedResult } from './seed.ts';

let h: Harness;
let result: SeedResult;
beforeAll(async () => {
  h = await createHarness();
  result = await seedDemo(h.deps);
});
afterAll(async () => h.close());

describe('demo seed', () => {
  it('builds the same province every time', () => {
    const a = planDemo(0, 0);
    const b = planDemo(0, 0);
    expect(a.people.map((p) => p.name)).toEqual(b.people.map((p) => p.name));
    expect(a.orgs.map((o) => o.name)).toEqual(b.orgs.map((o) => o.name));
  });

  it('has 100 units, about 3,000 branches and about 10,000 people', async () => {
    expect(result.units).toBe(100);
    expect(result.branches).toBeGreaterThan(2800);
    expect(result.branches).toBeLessThan(3200);
    expect(result.people).toBeGreaterThan(9000);
    const k = h.deps.db.kysely;
    const perUnit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orgs WHERE kind = 'branch' GROUP BY unit_id`.execute(k);
    expect(perUnit.rows.length).toBe(100);
    for (const r of perUnit.rows) {
      expect(r.n).toBeGreaterThanOrEqual(5);
      expect(r.n).toBeLessThanOrEqual(80);
    }
    const codes = await k.selectFrom('people').select('code').orderBy('id').limit(1).executeTakeFirstOrThrow();
    expect(codes.code).toBe('P000001');
  });

  it('keeps paths, depths and unit ids consistent with the parents', async () => {
    const bad = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM orgs c JOIN orgs p ON p.id = c.parent_id
      WHERE c.path <> p.path || c.id || '/' OR c.depth <> p.depth + 1
         OR (c.kind = 'unit' AND c.unit_id <> c.id)
         OR (c.kind NOT IN ('unit', 'department') AND c.unit_id IS DISTINCT FROM p.unit_id)`.execute(h.deps.db.kysely);
    expect(bad.rows[0]?.n).toBe(0);
    const people = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM people x JOIN orgs o ON o.id = x.org_id WHERE x.org_path <> o.path OR x.unit_id IS DISTINCT FROM o.unit_id`.execute(h.deps.db.kysely);
    expect(people.rows[0]?.n).toBe(0);
    const jyt = await h.deps.db.kysely.selectFrom('orgs').select(['kind', 'name', 'level_code']).where('code', 'in', ['U002-PG', 'U002-OC', 'U002-B001']).orderBy('code').execute();
    expect(jyt).toEqual([
      { kind: 'branch', name: '办公室党支部', level_code: 'L3' },
      { kind: 'organCommittee', name: '省教育厅机关党委', level_code: 'L2' },
      { kind: 'partyGroup', name: '中共省教育厅党组', level_code: 'L1' },
    ]);
  });

  it('creates a demo account for every role, each signing in with the demo password', async () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(ROLES));
    for (const a of DEMO_ACCOUNTS) {
      const c = new Client(h.app);
      const r = await c.login(a.username, DEMO_PASSWORD);
      expect(r.statusCode, a.username).toBe(200);
      expect(r.json().mustChangePassword).toBe(false);
      const me = (await c.get('/api/auth/me')).json();
      expect(me.grants.map((g: { role: string }) => g.role)).toEqual([a.role]);
      expect(me.demo).toBe(true);
    }
  });

  it('records the seed in the audit trail and leaves the id sequences after the seeded rows', async () => {
    const k = h.deps.db.kysely;
    const e = await k.selectFrom('audit_log').selectAll().where('action', '=', 'demo.seed').executeTakeFirstOrThrow();
    expect(e.after).toMatchObject({ units: 100, people: result.people });
    const max = await k.selectFrom('orgs').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow();
    const root = await k.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const now = h.deps.clock.now();
    const o = await k
      .insertInto('orgs')
      .values({ parent_id: root.id, unit_id: null, kind: 'department', level_code: null, name: '新部门', code: 'D99', path: '/', depth: 1, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(o.id).toBe(Number(max.m) + 1);
  });

  it('refuses to seed a database that has data', async () => {
    await expect(seedDemo(h.deps)).rejects.toThrow(/已有/);
  });
});
