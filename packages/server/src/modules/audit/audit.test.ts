import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { adminClient, Client, createHarness, type Harness } from '../../testing/harness.ts';
import { seedDemo, DEMO_PASSWORD } from '../../demo/seed.ts';
import { recordAudit, SYSTEM_ACTOR } from './record.ts';
import { verifyAuditChain } from './verify.ts';
import { GENESIS_HASH } from './chain.ts';

describe('audit chain', () => {
  let h: Harness;
  let admin: Client;
  beforeAll(async () => {
    h = await createHarness();
    admin = await adminClient(h);
    const k = h.deps.db.kysely;
    await k.transaction().execute((trx) =>
      recordAudit(trx, h.deps.clock, SYSTEM_ACTOR, [
        { action: 'org.create', entityType: 'org', entityId: 7, orgPath: '/1/7/', after: { name: '省教育厅', code: 'U002' } },
        { action: 'org.update', entityType: 'org', entityId: 7, orgPath: '/1/7/', before: { name: '省教育厅' }, after: { name: '省教育厅（新）' } },
        { action: 'people.create', entityType: 'person', entityId: 9, orgPath: '/1/7/', after: { name: '张伟' } },
      ]),
    );
  });
  afterAll(async () => h.close());

  it('links every write to the one before it', async () => {
    const rows = await h.deps.db.kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    const v = await admin.get('/api/audit/verify');
    expect(v.statusCode).toBe(200);
    expect(v.json()).toEqual({ ok: true, checked: rows.length });
  });

  it('names the entry whose after JSON was altered', async () => {
    const k = h.deps.db.kysely;
    const target = await k.selectFrom('audit_log').select('seq').where('action', '=', 'org.update').executeTakeFirstOrThrow();
    await sql`UPDATE audit_log SET after = jsonb_set(after, '{name}', '"篡改"') WHERE seq = ${target.seq}`.execute(k);
    const v = await admin.get('/api/audit/verify');
    expect(v.json()).toMatchObject({ ok: false, firstBad: { seq: target.seq, problem: 'altered' } });
    // Put it back: the chain verifies again.
    await sql`UPDATE audit_log SET after = jsonb_set(after, '{name}', '"省教育厅（新）"') WHERE seq = ${target.seq}`.execute(k);
    expect((await verifyAuditChain(k)).ok).toBe(true);
  });

  it('names the place of a deleted middle entry', async () => {
    const k = h.deps.db.kysely;
    const target = await k.selectFrom('audit_log').select('seq').where('action', '=', 'org.update').executeTakeFirstOrThrow();
    await k.deleteFrom('audit_log').where('seq', '=', target.seq).execute();
    const r = await verifyAuditChain(k);
    expect(r.ok).toBe(false);
    expect(r.firstBad).toEqual({ seq: target.seq, problem: 'removed' });
    const v = await admin.get('/api/audit/verify');
    expect(v.json().firstBad.seq).toBe(target.seq);
  });
});

describe('audit listing', () => {
  let h: Harness;
  let admin: Client;
  let jyt: { id: number; path: string };
  let fgw: { id: number; path: string };
  const login = async (username: string) => {
    const c = new Client(h.app);
    const r = await c.login(username, DEMO_PASSWORD);
    expect(r.statusCode).toBe(200);
    return c;
  };

  beforeAll(async () => {
    h = await createHarness();
    await seedDemo(h.deps);
    const k = h.deps.db.kysely;
    jyt = await k.selectFrom('orgs').select(['id', 'path']).where('name', '=', '省教育厅').executeTakeFirstOrThrow();
    fgw = await k.selectFrom('orgs').select(['id', 'path']).where('name', '=', '省发展和改革委员会').executeTakeFirstOrThrow();
    const branch = await k.selectFrom('orgs').select(['id', 'path']).where('code', '=', 'U002-B001').executeTakeFirstOrThrow();
    const ip = { accountId: 1, name: '测试员(test)', ip: '10.0.0.8' };
    await k.transaction().execute((trx) =>
      recordAudit(trx, h.deps.clock, ip, [
        { action: 'org.update', entityType: 'org', entityId: jyt.id, unitId: jyt.id, orgPath: jyt.path, before: { name: '省教育厅' }, after: { name: '省教育厅', shortName: '教育厅' } },
        { action: 'people.create', entityType: 'person', entityId: 123, unitId: jyt.id, orgPath: branch.path, after: { name: '赵明远', post: '书记' } },
        { action: 'org.update', entityType: 'org', entityId: fgw.id, unitId: fgw.id, orgPath: fgw.path, after: { name: '省发展和改革委员会' } },
      ]),
    );
    admin = await login('admin');
  });
  afterAll(async () => h.close());

  it('lists everything newest first for the committee administrator', async () => {
    const r = await admin.get('/api/audit?pageSize=5');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.total).toBeGreaterThanOrEqual(5); // demo.seed, three writes, sign-in
    const seqs = body.items.map((i: { seq: number }) => i.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => b - a));
    expect(body.items.some((i: { action: string }) => i.action === 'auth.login')).toBe(true);
    const seed = await admin.get('/api/audit?action=demo.seed');
    expect(seed.json().total).toBe(1);
    expect(seed.json().items[0].after).toMatchObject({ units: 100 });
  });

  it('filters by action, module prefix, entity, actor, time and keyword', async () => {
    expect((await admin.get('/api/audit?action=org.update')).json().total).toBe(2);
    expect((await admin.get('/api/audit?action=people.')).json().total).toBe(1);
    expect((await admin.get(`/api/audit?entityType=org&entityId=${fgw.id}`)).json().total).toBe(1);
    expect((await admin.get(`/api/audit?actor=${encodeURIComponent('测试员')}`)).json().total).toBe(3);
    expect((await admin.get(`/api/audit?q=${encodeURIComponent('赵明远')}`)).json().items[0].action).toBe('people.create');
    const now = h.deps.clock.now();
    const past = new Date(now.getTime() - 3600_000).toISOString();
    const future = new Date(now.getTime() + 3600_000).toISOString();
    expect((await admin.get(`/api/audit?action=org.update&from=${past}&to=${future}`)).json().total).toBe(2);
    expect((await admin.get(`/api/audit?action=org.update&from=${future}`)).json().total).toBe(0);
    expect((await admin.get('/api/audit?from=notadate')).statusCode).toBe(400);
  });

  it('shows a unit administrator only the entries of their unit', async () => {
    const c = await login('jyt_admin');
    const r = await c.get('/api/audit?pageSize=100');
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { orgPath: string; action: string; actorName: string }[];
    // The two writes inside the unit, and the unit's own sign-ins; nothing of other units or the committee.
    for (const i of items) expect(i.orgPath.startsWith(jyt.path)).toBe(true);
    expect(items.filter((i) => !i.action.startsWith('auth.')).map((i) => i.action).sort()).toEqual(['org.update', 'people.create']);
    expect(items.some((i) => i.action === 'demo.seed')).toBe(false);
    expect(items.some((i) => i.actorName.startsWith('管理员') || i.actorName.includes('(admin)'))).toBe(false);
    const other = await login('fgw_admin');
    const o = (await other.get('/api/audit?action=org.update')).json();
    expect(o.total).toBe(1);
    expect(o.items[0].entityId).toBe(String(fgw.id));
    expect((await other.get(`/api/audit?entityId=${jyt.id}`)).json().total).toBe(0);
  });

  it('refuses roles without audit.read, and verification to all but system administrators', async () => {
    const viewer = await login('viewer');
    expect((await viewer.get('/api/audit')).statusCode).toBe(403);
    const unitAdmin = await login('jyt_admin');
    expect((await unitAdmin.get('/api/audit/verify')).statusCode).toBe(403);
    const anon = await h.app.inject({ method: 'GET', url: '/api/audit' });
    expect(anon.statusCode).toBe(401);
    const v = await admin.get('/api/audit/verify');
    expect(v.json().ok).toBe(true);
  });
});
