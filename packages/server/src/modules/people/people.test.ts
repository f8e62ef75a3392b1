import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { adminClient, Client, createHarness, TEST_PASSWORD, type Harness } from '../../testing/harness.ts';

const INITIAL = 'Init@2026pw';

let h: Harness;
let admin: Client;
let root: { id: number; path: string };
let unitA: { id: number; path: string };
let unitB: { id: number; path: string };
let branchA: { id: number; path: string };
let branchB: { id: number; path: string };
let seq = 0;

async function insertOrg(parent: { id: number; path: string }, kind: string, name: string, unitId: number | null) {
  const code = `ORG-${++seq}`;
  const r = await sql<{ id: number }>`
    INSERT INTO orgs (parent_id, unit_id, kind, name, code, path, depth)
    VALUES (${parent.id}, ${unitId}, ${kind}, ${name}, ${code}, '/', ${parent.path.split('/').filter(Boolean).length})
    RETURNING id`.execute(h.deps.db.kysely);
  const id = r.rows[0]!.id;
  const path = `${parent.path}${id}/`;
  await sql`UPDATE orgs SET path = ${path}, unit_id = coalesce(unit_id, ${kind === 'unit' ? id : null}) WHERE id = ${id}`.execute(h.deps.db.kysely);
  return { id, path };
}

async function addPerson(c: Client, orgId: number, name: string, post = '党员', code = `P-${++seq}`) {
  const r = await c.post('/api/people', { orgId, code, name, post });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { id: number; version: number; code: string; orgPath: string; unitId: number | null };
}

/** A person with an account and one grant, signed in with the password already changed. */
async function userWith(role: string, orgId: number, username: string) {
  const p = await addPerson(admin, orgId, `用户${username}`, '联络员');
  const a = await admin.post('/api/accounts', { personId: p.id, username, password: INITIAL });
  expect(a.statusCode, a.body).toBe(200);
  const g = await admin.post(`/api/people/${p.id}/grants`, { role, orgId });
  expect(g.statusCode, g.body).toBe(200);
  const c = new Client(h.app);
  expect((await c.login(username, INITIAL)).statusCode).toBe(200);
  const ch = await c.post('/api/auth/password', { currentPassword: INITIAL, newPassword: TEST_PASSWORD });
  expect(ch.statusCode, ch.body).toBe(200);
  return { client: c, personId: p.id, accountId: (a.json() as { id: number }).id };
}

beforeAll(async () => {
  h = await createHarness();
  admin = await adminClient(h);
  const r = await h.deps.db.kysely.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  root = r;
  unitA = await insertOrg(root, 'unit', '甲单位', null);
  unitB = await insertOrg(root, 'unit', '乙单位', null);
  branchA = await insertOrg(unitA, 'branch', '甲单位第一支部', unitA.id);
  branchB = await insertOrg(unitB, 'branch', '乙单位第一支部', unitB.id);
});
afterAll(async () => h.close());

describe('people', () => {
  it('creates people with unit and path copied from the organisation, and stores text as given', async () => {
    const p = await addPerson(admin, branchA.id, '<script>alert(1)</script>张三', '书记');
    expect(p.orgPath).toBe(branchA.path);
    expect(p.unitId).toBe(unitA.id);
    const got = await admin.get(`/api/people/${p.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ name: '<script>alert(1)</script>张三', post: '书记', orgName: '甲单位第一支部', unitName: '甲单位', account: null, roles: [] });
    const row = await h.deps.db.kysely.selectFrom('people').select('name').where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(row.name).toBe('<script>alert(1)</script>张三');
  });

  it('refuses bad input in Chinese and duplicate codes', async () => {
    const bad = await admin.post('/api/people', { orgId: branchA.id, code: 'bad code!', name: '', post: '党员' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION');
    expect(bad.json().message).toBe('提交的数据不符合要求');
    await addPerson(admin, branchA.id, '李四', '党员', 'DUP-1');
    const dup = await admin.post('/api/people', { orgId: branchB.id, code: 'DUP-1', name: '王五', post: '党员' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'PERSON_CODE_TAKEN', message: '人员编码“DUP-1”已被使用' });
    const missingOrg = await admin.post('/api/people', { orgId: 999999, code: 'X-1', name: '王五', post: '党员' });
    expect(missingOrg.statusCode).toBe(404);
  });

  it('edits with optimistic locking and moves between organisations', async () => {
    const p = await addPerson(admin, branchA.id, '赵六');
    const body = { orgId: branchB.id, code: p.code, name: '赵六六', post: '委员', phone: '13800000000', sortOrder: 3, version: p.version };
    const ok = await admin.put(`/api/people/${p.id}`, body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ name: '赵六六', post: '委员', orgPath: branchB.path, unitId: unitB.id, version: p.version + 1 });
    const stale = await admin.put(`/api/people/${p.id}`, { ...body, name: '过期' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('CONFLICT');
    const after = await admin.get(`/api/people/${p.id}`);
    expect(after.json().name).toBe('赵六六');
  });

  it('lists with filters, sorting and pagination', async () => {
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await addPerson(admin, branchB.id, `列表人${i}`, i % 2 ? '委员' : '副书记', `LIST-${i}`)).id);
    const all = await admin.get(`/api/people?orgId=${unitB.id}&q=${encodeURIComponent('列表人')}&sort=code&order=desc&page=1&pageSize=5`);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().total).toBe(7);
    expect(all.json().items.map((p: { code: string }) => p.code)).toEqual(['LIST-6', 'LIST-5', 'LIST-4', 'LIST-3', 'LIST-2']);
    expect(all.json().items[0]).toMatchObject({ orgName: '乙单位第一支部', unitName: '乙单位', username: null, roles: [] });
    const page2 = await admin.get(`/api/people?orgId=${unitB.id}&q=${encodeURIComponent('列表人')}&sort=code&order=desc&page=2&pageSize=5`);
    expect(page2.json().items.map((p: { code: string }) => p.code)).toEqual(['LIST-1', 'LIST-0']);
    const byPost = await admin.get(`/api/people?q=${encodeURIComponent('列表人')}&post=${encodeURIComponent('委员')}&sort=name`);
    expect(byPost.json().total).toBe(3);
    const inA = await admin.get(`/api/people?orgId=${unitA.id}&q=${encodeURIComponent('列表人')}`);
    expect(inA.json().total).toBe(0);
    // has-account and role filters; usernames and roles come with the page
    await admin.post('/api/accounts', { personId: ids[0], username: 'list0', password: INITIAL });
    await admin.post(`/api/people/${ids[0]}/grants`, { role: 'viewer', orgId: branchB.id });
    const withAcc = await admin.get(`/api/people?q=${encodeURIComponent('列表人')}&hasAccount=true`);
    expect(withAcc.json().items).toEqual([expect.objectContaining({ id: ids[0], username: 'list0', roles: ['viewer'] })]);
    const without = await admin.get(`/api/people?q=${encodeURIComponent('列表人')}&hasAccount=false`);
    expect(without.json().total).toBe(6);
    const viewers = await admin.get(`/api/people?q=${encodeURIComponent('列表人')}&role=viewer`);
    expect(viewers.json().total).toBe(1);
    const badSort = await admin.get('/api/people?sort=password');
    expect(badSort.statusCode).toBe(400);
    expect(all.body).not.toContain('scrypt$');
  });

  it('limits a unit administrator to their unit', async () => {
    const ua = await userWith('unitAdmin', unitA.id, 'unitadmin.a');
    const other = await addPerson(admin, branchB.id, '乙单位人员');
    const mine = await addPerson(admin, branchA.id, '甲单位人员');
    const list = await ua.client.get('/api/people?pageSize=200');
    expect(list.statusCode).toBe(200);
    const paths: string[] = list.json().items.map((p: { orgPath: string }) => p.orgPath);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.startsWith(unitA.path))).toBe(true);
    expect(list.json().items.some((p: { id: number }) => p.id === mine.id)).toBe(true);
    expect((await ua.client.get(`/api/people/${other.id}`)).statusCode).toBe(404);
    expect((await ua.client.get(`/api/people?orgId=${unitB.id}`)).statusCode).toBe(404);
    expect((await ua.client.post('/api/people', { orgId: branchB.id, code: 'UA-X', name: '越权', post: '党员' })).statusCode).toBe(404);
    expect((await ua.client.put(`/api/people/${mine.id}`, { orgId: branchB.id, code: mine.code, name: '移走', post: '党员', version: mine.version })).statusCode).toBe(404);
    expect((await ua.client.post(`/api/people/${other.id}/deactivate`)).statusCode).toBe(404);
    const created = await ua.client.post('/api/people', { orgId: branchA.id, code: 'UA-1', name: '新人', post: '党员' });
    expect(created.statusCode).toBe(200);
    const accounts = await ua.client.get('/api/accounts?pageSize=200');
    expect(accounts.statusCode).toBe(200);
    expect(accounts.json().items.every((a: { username: string }) => a.username !== 'admin')).toBe(true);
  });
});

describe('grants', () => {
  it('lets a granter grant only in scope and only roles they hold', async () => {
    const ua = await userWith('unitAdmin', unitA.id, 'unitadmin.g');
    const p = await addPerson(admin, branchA.id, '受权人');
    const ok = await ua.client.post(`/api/people/${p.id}/grants`, { role: 'branchSecretary', orgId: branchA.id });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ role: 'branchSecretary', orgId: branchA.id, orgName: '甲单位第一支部' });
    const again = await ua.client.post(`/api/people/${p.id}/grants`, { role: 'branchSecretary', orgId: branchA.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('GRANT_EXISTS');
    const outOrg = await ua.client.post(`/api/people/${p.id}/grants`, { role: 'viewer', orgId: branchB.id });
    expect(outOrg.statusCode).toBe(403);
    expect(outOrg.json()).toMatchObject({ code: 'GRANT_OUT_OF_SCOPE', message: '不能在您的管理范围之外授权' });
    const rootOrg = await ua.client.post(`/api/people/${p.id}/grants`, { role: 'viewer', orgId: root.id });
    expect(rootOrg.json().code).toBe('GRANT_OUT_OF_SCOPE');
    const outPerson = await addPerson(admin, branchB.id, '乙单位受权人');
    expect((await ua.client.post(`/api/people/${outPerson.id}/grants`, { role: 'viewer', orgId: branchA.id })).statusCode).toBe(404);
    for (const role of ['committeeAdmin', 'inspector', 'departmentStaff']) {
      const r = await ua.client.post(`/api/people/${p.id}/grants`, { role, orgId: unitA.id });
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('ROLE_NOT_GRANTABLE');
    }
    const list = await ua.client.get(`/api/people/${p.id}/grants`);
    expect(list.json().items).toHaveLength(1);
    const del = await ua.client.delete(`/api/grants/${ok.json().id}`);
    expect(del.statusCode).toBe(200);
    expect((await admin.get(`/api/people/${p.id}/grants`)).json().items).toHaveLength(0);
    // An organ-staff member (people.write, no accounts.write) may not grant at all.
    const staff = await userWith('organStaff', unitA.id, 'organstaff.g');
    expect((await staff.client.post(`/api/people/${p.id}/grants`, { role: 'viewer', orgId: branchA.id })).statusCode).toBe(403);
  });

  it('refuses to remove the last committee administrator', async () => {
    const me = await admin.get('/api/auth/me');
    const adminGrant = me.json().grants[0].id as number;
    const last = await admin.delete(`/api/grants/${adminGrant}`);
    expect(last.statusCode).toBe(409);
    expect(last.json()).toMatchObject({ code: 'LAST_ADMIN', message: '不能移除最后一个工委管理员' });
    const second = await userWith('committeeAdmin', root.id, 'admin2');
    const grants = await admin.get(`/api/people/${second.personId}/grants`);
    const g2 = grants.json().items[0].id as number;
    // With a second administrator either grant may go, but not both.
    expect((await second.client.delete(`/api/grants/${adminGrant}`)).statusCode).toBe(200);
    const lastAgain = await admin.delete(`/api/grants/${g2}`);
    expect(lastAgain.statusCode).toBe(403); // admin no longer holds accounts.write
    expect((await second.client.delete(`/api/grants/${g2}`)).json().code).toBe('LAST_ADMIN');
    const restore = await second.client.post(`/api/people/${me.json().personId}/grants`, { role: 'committeeAdmin', orgId: root.id });
    expect(restore.statusCode, restore.body).toBe(200);
  });
});

describe('accounts', () => {
  it('opens an account that must change its password before anything else', async () => {
    const p = await addPerson(admin, branchA.id, '新账号人');
    const weak = await admin.post('/api/accounts', { personId: p.id, username: 'newbie', password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details[0].message).toBe('密码至少 8 位');
    const taken = await admin.post('/api/accounts', { personId: p.id, username: 'ADMIN', password: INITIAL });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('USERNAME_TAKEN');
    const created = await admin.post('/api/accounts', { personId: p.id, username: 'newbie', password: INITIAL });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.body).not.toContain('scrypt');
    const twice = await admin.post('/api/accounts', { personId: p.id, username: 'newbie2', password: INITIAL });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('PERSON_HAS_ACCOUNT');
    await admin.post(`/api/people/${p.id}/grants`, { role: 'viewer', orgId: branchA.id });

    const c = new Client(h.app);
    const login = await c.login('newbie', INITIAL);
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);
    const blocked = await c.get('/api/people');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.post('/api/auth/password', { currentPassword: INITIAL, newPassword: TEST_PASSWORD })).statusCode).toBe(200);
    const list = await c.get('/api/people');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.every((x: { orgPath: string }) => x.orgPath.startsWith(branchA.path))).toBe(true);
    const detail = await admin.get(`/api/people/${p.id}`);
    expect(detail.json().account).toMatchObject({ username: 'newbie', active: true, mustChangePassword: false });
  });

  it('resets a password, ending sessions and forcing a change', async () => {
    const u = await userWith('viewer', branchA.id, 'resetme');
    expect((await u.client.get('/api/people')).statusCode).toBe(200);
    const weak = await admin.post(`/api/accounts/${u.accountId}/reset-password`, { password: 'abcdefgh' });
    expect(weak.statusCode).toBe(400);
    const r = await admin.post(`/api/accounts/${u.accountId}/reset-password`, { password: 'Reset@2026pw' });
    expect(r.statusCode).toBe(200);
    expect((await u.client.get('/api/people')).statusCode).toBe(401);
    const c = new Client(h.app);
    expect((await c.login('resetme', TEST_PASSWORD)).statusCode).toBe(401);
    const again = await c.login('resetme', 'Reset@2026pw');
    expect(again.json().mustChangePassword).toBe(true);
  });

  it('unlocks a locked account', async () => {
    const u = await userWith('viewer', branchA.id, 'lockme');
    const c = new Client(h.app);
    for (let i = 0; i < 5; i++) await c.login('lockme', 'Wrong@pass1');
    expect((await c.login('lockme')).statusCode).toBe(423);
    const locked = await admin.get('/api/accounts?status=locked');
    expect(locked.json().items.map((a: { username: string }) => a.username)).toContain('lockme');
    expect(locked.json().items.find((a: { username: string }) => a.username === 'lockme')).toMatchObject({ status: 'locked', locked: true });
    expect((await admin.post(`/api/accounts/${u.accountId}/unlock`)).statusCode).toBe(200);
    expect((await c.login('lockme')).statusCode).toBe(200);
    const active = await admin.get('/api/accounts?status=active&q=lockme');
    expect(active.json().items).toEqual([expect.objectContaining({ username: 'lockme', status: 'active', roles: ['viewer'] })]);
    expect(active.body).not.toContain('scrypt');
  });

  it('disables and enables accounts; deactivating a person disables the account', async () => {
    const u = await userWith('viewer', branchA.id, 'disableme');
    const d = await admin.post(`/api/accounts/${u.accountId}/disable`);
    expect(d.statusCode).toBe(200);
    expect((await u.client.get('/api/people')).statusCode).toBe(401);
    const c = new Client(h.app);
    const refused = await c.login('disableme');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('ACCOUNT_DISABLED');
    const disabled = await admin.get('/api/accounts?status=disabled');
    expect(disabled.json().items.map((a: { username: string }) => a.username)).toContain('disableme');
    expect((await admin.post(`/api/accounts/${u.accountId}/enable`)).statusCode).toBe(200);
    expect((await c.login('disableme')).statusCode).toBe(200);

    const me = await admin.get('/api/auth/me');
    const self = await admin.post(`/api/accounts/${me.json().accountId}/disable`);
    expect(self.statusCode).toBe(400);
    expect(self.json().code).toBe('CANNOT_DISABLE_SELF');

    const deact = await admin.post(`/api/people/${u.personId}/deactivate`);
    expect(deact.statusCode).toBe(200);
    expect(deact.json()).toMatchObject({ active: false, account: { active: false } });
    expect((await c.get('/api/people')).statusCode).toBe(401);
    expect((await c.login('disableme')).json().code).toBe('ACCOUNT_DISABLED');
    expect((await admin.post(`/api/accounts/${u.accountId}/enable`)).json().code).toBe('ACCOUNT_PERSON_INACTIVE');
    const act = await admin.post(`/api/people/${u.personId}/activate`);
    expect(act.json()).toMatchObject({ active: true, account: { active: false } });
    const inactiveList = await admin.get(`/api/people?active=false&orgId=${unitA.id}`);
    expect(inactiveList.json().items.some((p: { id: number }) => p.id === u.personId)).toBe(false);
  });
});

describe('audit', () => {
  it('records every write with placement and without secrets', async () => {
    const u = await userWith('viewer', branchB.id, 'audited');
    await admin.post(`/api/accounts/${u.accountId}/reset-password`, { password: 'Audit@2026pw' });
    const rows = await h.deps.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'entity_id', 'unit_id', 'org_path', 'before', 'after'])
      .where('entity_type', 'in', ['person', 'account', 'grant'])
      .where('action', 'not like', 'auth.%')
      .orderBy('seq')
      .execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['person.create', 'person.update', 'person.deactivate', 'person.activate', 'account.create', 'account.resetPassword', 'account.unlock', 'account.disable', 'account.enable', 'grant.create', 'grant.delete']) {
      expect(actions, a).toContain(a);
    }
    const mine = rows.filter((r) => (r.entity_type === 'account' && r.entity_id === String(u.accountId)) || (r.entity_type === 'person' && r.entity_id === String(u.personId)));
    expect(mine.length).toBeGreaterThanOrEqual(3);
    for (const r of mine) {
      expect(r.org_path).toBe(branchB.path);
      expect(r.unit_id).toBe(unitB.id);
    }
    const text = JSON.stringify(rows);
    expect(text).not.toContain('scrypt');
    expect(text).not.toContain('Audit@2026pw');
    expect(text).not.toContain(INITIAL);
  });
});
