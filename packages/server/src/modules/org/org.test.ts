import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { adminClient, Client, createHarness, TEST_PASSWORD, type Harness } from '../../testing/harness.ts';
import { hashPassword } from '../auth/passwords.ts';

interface OrgJson {
  id: number;
  parentId: number | null;
  unitId: number | null;
  kind: string;
  levelCode: string | null;
  name: string;
  shortName: string;
  code: string;
  active: boolean;
  path: string;
  depth: number;
  childCount: number;
  version: number;
}

let h: Harness;
let admin: Client;
let rootId: number;

beforeAll(async () => {
  h = await createHarness();
  admin = await adminClient(h);
  const roots = await admin.get('/api/orgs/roots');
  expect(roots.statusCode).toBe(200);
  rootId = roots.json().items[0].id;
});
afterAll(async () => h.close());

async function create(c: Client, body: Record<string, unknown>): Promise<OrgJson> {
  const res = await c.post('/api/orgs', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A unit administrator (grant at the unit) signed in. */
async function unitAdminClient(username: string, unitId: number): Promise<Client> {
  const k = h.deps.db.kysely;
  const unit = await k.selectFrom('orgs').select(['path']).where('id', '=', unitId).executeTakeFirstOrThrow();
  const person = await k
    .insertInto('people')
    .values({ org_id: unitId, unit_id: unitId, org_path: unit.path, code: `P-${username}`, name: `管理员${username}`, post: '工作人员' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .insertInto('accounts')
    .values({ person_id: person.id, username, password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false })
    .execute();
  await k.insertInto('role_grants').values({ person_id: person.id, role: 'unitAdmin', org_id: unitId }).execute();
  const c = new Client(h.app);
  const res = await c.login(username);
  expect(res.statusCode, res.body).toBe(200);
  return c;
}

async function auditCount(entityId: number) {
  const r = await h.deps.db.kysely
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity_type', '=', 'org')
    .where('entity_id', '=', String(entityId))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('organisation tree', () => {
  let unit: OrgJson;
  let organ: OrgJson;
  let branch: OrgJson;

  it('lists the responsibility levels', async () => {
    const res = await admin.get('/api/levels');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((l: { code: string }) => l.code)).toEqual(['L1', 'L2', 'L3']);
  });

  it('creates a unit with its party organisations, computing path, depth, unit and level', async () => {
    unit = await create(admin, { parentId: rootId, kind: 'unit', name: '省教育厅', shortName: '教育厅', code: 'JYT' });
    expect(unit.path).toBe(`/${rootId}/${unit.id}/`);
    expect(unit.depth).toBe(1);
    expect(unit.unitId).toBe(unit.id);
    expect(unit.levelCode).toBeNull();

    const group = await create(admin, { parentId: unit.id, kind: 'partyGroup', name: '省教育厅党组', code: 'JYT-DZ' });
    expect(group.levelCode).toBe('L1');
    organ = await create(admin, { parentId: unit.id, kind: 'organCommittee', name: '机关党委', code: 'JYT-JGDW', sortOrder: 2 });
    expect(organ.levelCode).toBe('L2');
    expect(organ.unitId).toBe(unit.id);
    branch = await create(admin, { parentId: organ.id, kind: 'branch', name: '办公室党支部', code: 'JYT-BGS' });
    expect(branch.path).toBe(`${organ.path}${branch.id}/`);
    expect(branch.depth).toBe(3);
    expect(branch.unitId).toBe(unit.id);
    expect(branch.levelCode).toBe('L3');

    const children = await admin.get(`/api/orgs/${unit.id}/children`);
    expect(children.statusCode).toBe(200);
    const items = children.json().items as OrgJson[];
    expect(items.map((o) => o.code)).toEqual(['JYT-DZ', 'JYT-JGDW']);
    expect(items.find((o) => o.code === 'JYT-JGDW')?.childCount).toBe(1);

    const detail = await admin.get(`/api/orgs/${branch.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().ancestors.map((a: { name: string }) => a.name)).toEqual(['省委直属机关工作委员会', '省教育厅', '机关党委']);
    expect(detail.json().pathNames).toBe('省教育厅 / 机关党委');
    expect(await auditCount(branch.id)).toBe(1);
  });

  it('searches by name, short name or code within the scope, with ancestor names', async () => {
    const byName = await admin.get(`/api/orgs?q=${encodeURIComponent('办公室')}`);
    expect(byName.statusCode).toBe(200);
    expect(byName.json().total).toBe(1);
    expect(byName.json().items[0].pathNames).toBe('省教育厅 / 机关党委');
    const byCode = await admin.get('/api/orgs?q=jyt-&sort=code&order=desc');
    expect(byCode.json().items.map((o: OrgJson) => o.code)).toEqual(['JYT-JGDW', 'JYT-DZ', 'JYT-BGS']);
    const byShort = await admin.get(`/api/orgs?q=${encodeURIComponent('教育厅')}&kind=unit`);
    expect(byShort.json().items.map((o: OrgJson) => o.code)).toEqual(['JYT']);
    // % and _ are matched literally
    expect((await admin.get('/api/orgs?q=%25')).json().total).toBe(0);
    expect((await admin.get('/api/orgs?q=_')).json().total).toBe(0);
    const paged = await admin.get(`/api/orgs?unitId=${unit.id}&page=2&pageSize=2&sort=code`);
    expect(paged.json().total).toBe(4);
    expect(paged.json().items.map((o: OrgJson) => o.code)).toEqual(['JYT-DZ', 'JYT-JGDW']);
  });

  it('refuses a kind under a parent it cannot sit under, in Chinese', async () => {
    const res = await admin.post('/api/orgs', { parentId: branch.id, kind: 'branch', name: '错误支部', code: 'BAD-1' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('ORG_BAD_PARENT');
    expect(res.json().message).toBe('“党支部”不能设在“党支部”之下');
    const unitUnderUnit = await admin.post('/api/orgs', { parentId: unit.id, kind: 'unit', name: '错误单位', code: 'BAD-2' });
    expect(unitUnderUnit.json().code).toBe('ORG_BAD_PARENT');
    const badLevel = await admin.post('/api/orgs', { parentId: organ.id, kind: 'branch', name: '支部', code: 'BAD-3', levelCode: 'L9' });
    expect(badLevel.json().code).toBe('ORG_BAD_LEVEL');
    const badCode = await admin.post('/api/orgs', { parentId: organ.id, kind: 'branch', name: '支部', code: '有 空格' });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().code).toBe('VALIDATION');
    const n = await h.deps.db.kysely.selectFrom('orgs').select('id').where('code', 'like', 'BAD-%').execute();
    expect(n).toHaveLength(0);
  });

  it('refuses a duplicate code (any letter case) and writes nothing', async () => {
    const auditBefore = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(h.deps.db.kysely);
    const orgsBefore = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orgs`.execute(h.deps.db.kysely);
    const res = await admin.post('/api/orgs', { parentId: organ.id, kind: 'branch', name: '重复支部', code: 'jyt-bgs' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ORG_CODE_TAKEN', message: '组织编码“jyt-bgs”已被使用' });
    const auditAfter = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(h.deps.db.kysely);
    const orgsAfter = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orgs`.execute(h.deps.db.kysely);
    expect(auditAfter.rows[0]!.n).toBe(auditBefore.rows[0]!.n);
    expect(orgsAfter.rows[0]!.n).toBe(orgsBefore.rows[0]!.n);
    const edit = await admin.put(`/api/orgs/${organ.id}`, { name: '机关党委', shortName: '', code: 'JYT-BGS', levelCode: 'L2', sortOrder: 2, version: organ.version });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('ORG_CODE_TAKEN');
  });

  it('edits with the current version and refuses a stale one', async () => {
    const ok = await admin.put(`/api/orgs/${branch.id}`, { name: '办公室第一党支部', shortName: '办一支', code: 'JYT-BGS', levelCode: 'L3', sortOrder: 1, version: branch.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().version).toBe(branch.version + 1);
    const stale = await admin.put(`/api/orgs/${branch.id}`, { name: '旧名字', shortName: '', code: 'JYT-BGS', levelCode: 'L3', sortOrder: 1, version: branch.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CONFLICT', message: '记录已被他人修改，请刷新后重试' });
    const now = (await admin.get(`/api/orgs/${branch.id}`)).json();
    expect(now.name).toBe('办公室第一党支部');
    branch = now;
    const audit = await h.deps.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'before', 'after', 'org_path', 'unit_id'])
      .where('entity_type', '=', 'org')
      .where('entity_id', '=', String(branch.id))
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('org.update');
    expect(audit.org_path).toBe(branch.path);
    expect(audit.unit_id).toBe(unit.id);
    expect((audit.before as { name: string }).name).toBe('办公室党支部');
    expect((audit.after as { name: string }).name).toBe('办公室第一党支部');
  });

  it('moves a subtree to another unit, rewriting paths, unit ids and the people in it', async () => {
    const unit2 = await create(admin, { parentId: rootId, kind: 'unit', name: '省财政厅', code: 'CZT' });
    const organ2 = await create(admin, { parentId: unit2.id, kind: 'organCommittee', name: '财政厅机关党委', code: 'CZT-JGDW' });
    const gb = await create(admin, { parentId: organ.id, kind: 'generalBranch', name: '教育厅第一党总支', code: 'JYT-ZZ1' });
    const sub = await create(admin, { parentId: gb.id, kind: 'branch', name: '总支下属支部', code: 'JYT-ZZ1-1' });
    expect(gb.levelCode).toBeNull(); // a general branch under the organ committee is not level 2
    const k = h.deps.db.kysely;
    await k.insertInto('people').values({ org_id: sub.id, unit_id: unit.id, org_path: sub.path, code: 'P-MOVE', name: '张三', post: '党员' }).execute();

    const intoSelf = await admin.post(`/api/orgs/${gb.id}/move`, { parentId: sub.id, version: gb.version });
    expect(intoSelf.statusCode).toBe(400);
    expect(intoSelf.json().code).toBe('ORG_MOVE_INTO_SELF');
    const wrongKind = await admin.post(`/api/orgs/${gb.id}/move`, { parentId: rootId, version: gb.version });
    expect(wrongKind.json().code).toBe('ORG_BAD_PARENT');
    const rootMove = await admin.post(`/api/orgs/${rootId}/move`, { parentId: unit.id, version: 1 });
    expect(rootMove.json().code).toBe('ORG_ROOT_READONLY');
    const stale = await admin.post(`/api/orgs/${gb.id}/move`, { parentId: organ2.id, version: gb.version + 5 });
    expect(stale.statusCode).toBe(409);

    const res = await admin.post(`/api/orgs/${gb.id}/move`, { parentId: organ2.id, version: gb.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ parentId: organ2.id, path: `${organ2.path}${gb.id}/`, unitId: unit2.id, depth: 3 });
    const movedSub = (await admin.get(`/api/orgs/${sub.id}`)).json();
    expect(movedSub).toMatchObject({ path: `${organ2.path}${gb.id}/${sub.id}/`, unitId: unit2.id, depth: 4 });
    expect(movedSub.pathNames).toBe('省财政厅 / 财政厅机关党委 / 教育厅第一党总支');
    const person = await k.selectFrom('people').select(['org_path', 'unit_id']).where('code', '=', 'P-MOVE').executeTakeFirstOrThrow();
    expect(person).toEqual({ org_path: movedSub.path, unit_id: unit2.id });
    const audit = await k.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', String(gb.id)).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.action).toBe('org.move');
    expect(audit.after).toMatchObject({ orgsMoved: 2, peopleMoved: 1, unitId: unit2.id });
    const oldChildren = (await admin.get(`/api/orgs/${organ.id}/children`)).json().items as OrgJson[];
    expect(oldChildren.map((o) => o.id)).not.toContain(gb.id);
  });

  it('dissolves only without active children, restores only under an active parent', async () => {
    const refused = await admin.post(`/api/orgs/${organ.id}/deactivate`, { version: organ.version });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'ORG_HAS_ACTIVE_CHILDREN', message: '请先撤销其下级组织' });

    const b = (await admin.get(`/api/orgs/${branch.id}`)).json() as OrgJson;
    const off = await admin.post(`/api/orgs/${branch.id}/deactivate`, { version: b.version });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
    const o = (await admin.get(`/api/orgs/${organ.id}`)).json() as OrgJson;
    const organOff = await admin.post(`/api/orgs/${organ.id}/deactivate`, { version: o.version });
    expect(organOff.statusCode, organOff.body).toBe(200);

    // dissolved nodes stay, hidden unless asked for
    const visible = (await admin.get(`/api/orgs/${unit.id}/children`)).json().items as OrgJson[];
    expect(visible.map((x) => x.code)).toEqual(['JYT-DZ']);
    const all = (await admin.get(`/api/orgs/${unit.id}/children?includeInactive=true`)).json().items as OrgJson[];
    expect(all.map((x) => x.code)).toEqual(['JYT-DZ', 'JYT-JGDW']);
    expect((await admin.get(`/api/orgs?q=JYT-BGS&active=false`)).json().total).toBe(1);

    const noCreate = await admin.post('/api/orgs', { parentId: organ.id, kind: 'branch', name: '新支部', code: 'JYT-NEW' });
    expect(noCreate.json().code).toBe('ORG_INACTIVE_PARENT');
    const underDissolved = await admin.post(`/api/orgs/${branch.id}/activate`, {});
    expect(underDissolved.statusCode).toBe(409);
    expect(underDissolved.json().code).toBe('ORG_INACTIVE_PARENT');
    expect((await admin.post(`/api/orgs/${organ.id}/activate`, {})).statusCode).toBe(200);
    const back = await admin.post(`/api/orgs/${branch.id}/activate`, {});
    expect(back.statusCode).toBe(200);
    expect(back.json().active).toBe(true);
    const actions = await h.deps.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', String(branch.id))
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['org.create', 'org.update', 'org.deactivate', 'org.activate']);
    const rootOff = await admin.post(`/api/orgs/${rootId}/deactivate`, { version: 1 });
    expect(rootOff.json().code).toBe('ORG_ROOT_READONLY');
  });

  it('keeps SQL and script fragments as given', async () => {
    const name = `'); DROP TABLE orgs; -- <script>alert(1)</script>`;
    const o = await create(admin, { parentId: unit.id, kind: 'generalBranch', name, shortName: '%_\\', code: 'X.1_-' });
    const got = (await admin.get(`/api/orgs/${o.id}`)).json();
    expect(got.name).toBe(name);
    expect(got.shortName).toBe('%_\\');
    const found = await admin.get(`/api/orgs?q=${encodeURIComponent('DROP TABLE')}`);
    expect(found.json().items.map((x: OrgJson) => x.id)).toEqual([o.id]);
    expect((await admin.get(`/api/orgs?q=${encodeURIComponent('%_\\')}`)).json().items.map((x: OrgJson) => x.id)).toEqual([o.id]);
  });
});

describe('unit administrator scope', () => {
  let unitA: OrgJson;
  let unitB: OrgJson;
  let branchB: OrgJson;
  let ua: Client;

  beforeAll(async () => {
    unitA = await create(admin, { parentId: rootId, kind: 'unit', name: '省卫健委', code: 'WJW' });
    unitB = await create(admin, { parentId: rootId, kind: 'unit', name: '省水利厅', code: 'SLT' });
    branchB = await create(admin, { parentId: unitB.id, kind: 'branch', name: '水利厅党支部', code: 'SLT-1' });
    ua = await unitAdminClient('wjwadmin', unitA.id);
  });

  it('starts the tree at the unit and manages its subtree', async () => {
    const roots = (await ua.get('/api/orgs/roots')).json().items as OrgJson[];
    expect(roots.map((o) => o.id)).toEqual([unitA.id]);
    const b = await create(ua, { parentId: unitA.id, kind: 'branch', name: '卫健委第一支部', code: 'WJW-1' });
    const detail = (await ua.get(`/api/orgs/${b.id}`)).json();
    expect(detail.ancestors.map((a: { inScope: boolean }) => a.inScope)).toEqual([false, true]);
    const search = (await ua.get('/api/orgs?q=' + encodeURIComponent('支部'))).json();
    expect(search.items.map((o: OrgJson) => o.code)).toEqual(['WJW-1']);
  });

  it('answers 404 for another unit and for the committee root', async () => {
    expect((await ua.get(`/api/orgs/${unitB.id}`)).statusCode).toBe(404);
    expect((await ua.get(`/api/orgs/${branchB.id}/children`)).statusCode).toBe(404);
    expect((await ua.get(`/api/orgs/${rootId}`)).statusCode).toBe(404);
    expect((await ua.get(`/api/orgs/${rootId}/children`)).statusCode).toBe(404);
    expect((await ua.get(`/api/orgs?unitId=${unitB.id}`)).statusCode).toBe(404);
    const edit = await ua.put(`/api/orgs/${branchB.id}`, { name: '改名', shortName: '', code: 'SLT-1', levelCode: 'L3', sortOrder: 0, version: branchB.version });
    expect(edit.statusCode).toBe(404);
    expect((await ua.post('/api/orgs', { parentId: unitB.id, kind: 'branch', name: '越权', code: 'SLT-X' })).statusCode).toBe(404);
    expect((await ua.post('/api/orgs', { parentId: rootId, kind: 'unit', name: '越权单位', code: 'UA-X' })).statusCode).toBe(404);
    expect((await ua.post(`/api/orgs/${branchB.id}/deactivate`, { version: branchB.version })).statusCode).toBe(404);
    const mine = (await ua.get('/api/orgs?q=WJW-1')).json().items[0] as OrgJson;
    expect((await ua.post(`/api/orgs/${mine.id}/move`, { parentId: unitB.id, version: mine.version })).statusCode).toBe(404);
    expect((await ua.post(`/api/orgs/${branchB.id}/move`, { parentId: unitA.id, version: branchB.version })).statusCode).toBe(404);
    const still = (await admin.get(`/api/orgs/${branchB.id}`)).json();
    expect(still).toMatchObject({ name: '水利厅党支部', active: true, parentId: unitB.id });
  });

  it('cannot move or dissolve the unit its own grant sits on', async () => {
    const self = (await ua.get(`/api/orgs/${unitA.id}`)).json() as OrgJson;
    const dissolve = await ua.post(`/api/orgs/${unitA.id}/deactivate`, { version: self.version });
    expect(dissolve.statusCode).toBe(403);
    expect(dissolve.json().code).toBe('ORG_OWN_SCOPE_ROOT');
    const otherUnitParent = await ua.post(`/api/orgs/${unitA.id}/move`, { parentId: unitA.id, version: self.version });
    expect(otherUnitParent.statusCode).toBe(403);
    expect((await admin.get(`/api/orgs/${unitA.id}`)).json()).toMatchObject({ active: true, version: self.version });
  });

  it('refuses anonymous callers and writes without org.write', async () => {
    const anon = new Client(h.app);
    expect((await anon.get('/api/orgs')).statusCode).toBe(401);
    const k = h.deps.db.kysely;
    const person = await k.insertInto('people').values({ org_id: unitA.id, unit_id: unitA.id, org_path: unitA.path, code: 'P-VIEW', name: '查看', post: '工作人员' }).returning('id').executeTakeFirstOrThrow();
    await k.insertInto('accounts').values({ person_id: person.id, username: 'viewer1', password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false }).execute();
    await k.insertInto('role_grants').values({ person_id: person.id, role: 'viewer', org_id: unitA.id }).execute();
    const v = new Client(h.app);
    expect((await v.login('viewer1')).statusCode).toBe(200);
    expect((await v.get(`/api/orgs/${unitA.id}/children`)).statusCode).toBe(200);
    expect((await v.post('/api/orgs', { parentId: unitA.id, kind: 'branch', name: '无权', code: 'V-1' })).statusCode).toBe(403);
  });
});
