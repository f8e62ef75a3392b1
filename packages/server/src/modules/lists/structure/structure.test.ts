import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@qingdan/core';
import { adminClient, Client, createHarness, TEST_PASSWORD, type Harness } from '../../../testing/harness.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { loadListStructure } from './load-list.ts';

interface Task {
  id: number;
  code: string;
  number: number | null;
  partId: number;
  sectionId: number | null;
  levelCode: string;
  dueRule: unknown;
  seq: number;
  content: string;
  version: number;
  originTaskId: number | null;
  originCode: string | null;
  withdrawnAt: string | null;
  sourceItemIds: number[];
}
interface Part {
  id: number;
  seq: number;
  title: string;
  draftingOrgId: number | null;
  draftingOrgName: string | null;
  version: number;
}
interface Detail {
  list: { id: number; year: number; status: string; version: number; openRevisionId: number | null };
  parts: Part[];
  sections: { id: number; partId: number; title: string; version: number }[];
  tasks: Task[];
  counts: { partId: number; levelCode: string; count: number }[];
  totals: { byLevel: { levelCode: string; count: number }[]; byPart: { partId: number; count: number }[]; all: number };
  rights: { canManage: boolean; editable: boolean; editablePartIds: number[] };
}

let h: Harness;
let admin: Client;
const org: Record<string, number> = {};

async function makeOrg(key: string, parentId: number, kind: string, name: string, code: string) {
  const res = await admin.post('/api/orgs', { parentId, kind, name, code });
  expect(res.statusCode, res.body).toBe(200);
  org[key] = res.json().id;
}

let seqUser = 0;
/** A person with one grant, signed in. */
async function userWith(role: Role, orgId: number): Promise<Client> {
  const k = h.deps.db.kysely;
  const o = await k.selectFrom('orgs').select(['path', 'unit_id']).where('id', '=', orgId).executeTakeFirstOrThrow();
  seqUser++;
  const username = `u${seqUser}_${role}`;
  const person = await k
    .insertInto('people')
    .values({ org_id: orgId, unit_id: o.unit_id, org_path: o.path, code: `P-${username}`, name: `用户${seqUser}`, post: '干部' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k.insertInto('accounts').values({ person_id: person.id, username, password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false }).execute();
  await k.insertInto('role_grants').values({ person_id: person.id, role, org_id: orgId }).execute();
  const c = new Client(h.app);
  const res = await c.login(username);
  expect(res.statusCode, res.body).toBe(200);
  return c;
}

const ok = <T>(res: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

async function detail(c: Client, listId: number): Promise<Detail> {
  return ok<Detail>(await c.get(`/api/lists/${listId}`));
}

async function auditCount(entityType: string) {
  const r = await h.deps.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_type', '=', entityType).executeTakeFirstOrThrow();
  return Number(r.n);
}

const taskBody = (partId: number, levelCode: string, content: string, extra: Record<string, unknown> = {}) => ({
  partId,
  levelCode,
  content,
  frequency: 'yearly',
  ...extra,
});

let zzb: Client; // 组织部 staff: the owner department
let jjw: Client; // 纪检监察工委 staff: drafts part 5
let unitAdmin: Client;

beforeAll(async () => {
  h = await createHarness();
  admin = await adminClient(h);
  const root = ok<{ items: { id: number }[] }>(await admin.get('/api/orgs/roots')).items[0]!.id;
  org.root = root;
  await makeOrg('zzb', root, 'department', '组织部', 'GW-ZZB');
  await makeOrg('jjw', root, 'department', '纪检监察工委', 'GW-JJW');
  await makeOrg('xcb', root, 'department', '宣传部', 'GW-XCB');
  await makeOrg('unit', root, 'unit', '省教育厅', 'JYT');
  zzb = await userWith('departmentStaff', org.zzb!);
  jjw = await userWith('departmentStaff', org.jjw!);
  unitAdmin = await userWith('unitAdmin', org.unit!);
});
afterAll(async () => h.close());

describe('the responsibility list structure', () => {
  let listId: number;
  const parts: Part[] = [];
  const sections: { id: number; title: string }[] = [];

  it('creates the list of a year; the year is unique; the owner is a committee department', async () => {
    const created = ok<{ id: number; copied: null }>(await admin.post('/api/lists', { year: 2022, title: '2022年度党建工作责任清单', ownerOrgId: org.zzb }));
    listId = created.id;
    expect(created.copied).toBeNull();
    const again = await admin.post('/api/lists', { year: 2022, title: '重复', ownerOrgId: org.zzb });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('LIST_YEAR_TAKEN');
    expect(again.json().message).toContain('2022');
    const badOwner = await admin.post('/api/lists', { year: 2030, title: '单位牵头', ownerOrgId: org.unit });
    expect(badOwner.statusCode).toBe(400);
    expect(badOwner.json().code).toBe('LIST_OWNER_INVALID');
    expect(await h.deps.db.kysely.selectFrom('responsibility_lists').select('id').execute()).toHaveLength(1);
    // Department staff manage only the lists their own department owns.
    const foreign = await jjw.post('/api/lists', { year: 2031, title: 'x', ownerOrgId: org.zzb });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('LIST_NOT_MANAGER');
    expect((await zzb.post('/api/lists', { year: 2031, title: 'x', ownerOrgId: org.jjw })).json().code).toBe('LIST_NOT_MANAGER');
    expect(await h.deps.db.kysely.selectFrom('responsibility_lists').select('id').execute()).toHaveLength(1);
    const l = await detail(admin, listId);
    expect(l.list).toMatchObject({ year: 2022, status: 'draft', version: 1 });
    expect(l.rights).toEqual({ canManage: true, editable: true, editablePartIds: [] });
    expect(await auditCount('list')).toBe(1);
  });

  it('adds the six parts with their drafting departments, and sections in part 5', async () => {
    const spec: [string, string][] = [
      ['落实主体责任', 'zzb'], ['政治建设', 'zzb'], ['思想建设', 'zzb'], ['组织建设', 'zzb'], ['党风廉政建设', 'jjw'], ['精神文明建设', 'xcb'],
    ];
    for (const [title, dept] of spec) parts.push(ok<Part>(await admin.post(`/api/lists/${listId}/parts`, { title, draftingOrgId: org[dept] })));
    expect(parts.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parts[4]!.draftingOrgName).toBe('纪检监察工委');
    const bad = await admin.post(`/api/lists/${listId}/parts`, { title: 'x', draftingOrgId: org.unit });
    expect(bad.json().code).toBe('PART_DRAFTING_ORG_INVALID');
    // 纪检监察工委 adds the sections of its own part.
    for (const title of ['作风建设', '纪律建设', '反腐败斗争']) {
      sections.push(ok<{ id: number; title: string }>(await jjw.post(`/api/list-parts/${parts[4]!.id}/sections`, { title })));
    }
    const l = await detail(admin, listId);
    expect(l.sections.map((s) => s.title)).toEqual(['作风建设', '纪律建设', '反腐败斗争']);
    expect(l.parts.map((p) => p.title)).toEqual(spec.map((s) => s[0]));
  });

  it('numbers tasks continuously: part → section → level → seq, whatever the order of entry; counts per part × level', async () => {
    const p = (i: number) => parts[i]!.id;
    // Entered out of order on purpose.
    const entries: [number, string, string, Record<string, unknown>?][] = [
      [0, 'L2', '机关党委履行主体责任'],
      [0, 'L1', '党组履行主体责任'],
      [0, 'L3', '支部履行直接责任'],
      [0, 'L1', '党组书记履行第一责任人职责'],
      [1, 'L1', '学习贯彻习近平新时代中国特色社会主义思想'],
      [4, 'L3', '支部落实中央八项规定精神', { sectionId: sections[0]!.id }],
      [4, 'L1', '党组落实全面从严治党责任', { sectionId: sections[1]!.id }],
      [5, 'L2', '机关党委开展文明创建'],
    ];
    for (const [i, level, content, extra] of entries) ok(await admin.post(`/api/lists/${listId}/tasks`, taskBody(p(i), level, content, extra)));
    const l = await detail(admin, listId);
    expect(l.tasks.map((t) => [t.number, t.content])).toEqual([
      [1, '党组履行主体责任'],
      [2, '党组书记履行第一责任人职责'],
      [3, '机关党委履行主体责任'],
      [4, '支部履行直接责任'],
      [5, '学习贯彻习近平新时代中国特色社会主义思想'],
      // Part 五's sections each hold their levels: 作风建设's branch task before 纪律建设's party-group one.
      [6, '支部落实中央八项规定精神'],
      [7, '党组落实全面从严治党责任'],
      [8, '机关党委开展文明创建'],
    ]);
    // Codes are given in order of entry and never change.
    expect(l.tasks.find((t) => t.content === '机关党委履行主体责任')!.code).toBe('T2022-0001');
    expect(l.tasks.find((t) => t.content === '机关党委开展文明创建')!.code).toBe('T2022-0008');
    const count = (part: number, level: string) => l.counts.find((c) => c.partId === p(part) && c.levelCode === level)!.count;
    expect([count(0, 'L1'), count(0, 'L2'), count(0, 'L3'), count(3, 'L1'), count(4, 'L3')]).toEqual([2, 1, 1, 0, 1]);
    expect(l.counts).toHaveLength(18);
    expect(l.totals.byLevel).toEqual([{ levelCode: 'L1', count: 4 }, { levelCode: 'L2', count: 2 }, { levelCode: 'L3', count: 2 }]);
    expect(l.totals.all).toBe(8);
    expect(l.totals.byPart.map((x) => x.count)).toEqual([4, 1, 0, 0, 2, 1]);

    // Bad placements write nothing.
    const before = await auditCount('listTask');
    const badLevel = await admin.post(`/api/lists/${listId}/tasks`, taskBody(p(0), 'L9', 'x'));
    expect(badLevel.statusCode).toBe(400);
    expect(badLevel.json().code).toBe('TASK_LEVEL_INVALID');
    const badSection = await admin.post(`/api/lists/${listId}/tasks`, taskBody(p(0), 'L1', 'x', { sectionId: sections[0]!.id }));
    expect(badSection.json().code).toBe('SECTION_NOT_IN_PART');
    expect(await auditCount('listTask')).toBe(before);
    expect((await detail(admin, listId)).tasks).toHaveLength(8);

    // The shared loader gives the same numbering.
    const s = await loadListStructure(h.deps.db, listId);
    expect(s!.tasks.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reorders tasks within a part × level and the parts of the list; numbers follow', async () => {
    let l = await detail(admin, listId);
    const l1 = l.tasks.filter((t) => t.partId === parts[0]!.id && t.levelCode === 'L1').map((t) => t.id);
    const incomplete = await admin.post(`/api/list-parts/${parts[0]!.id}/reorder`, { levelCode: 'L1', taskIds: [l1[0]] });
    expect(incomplete.json().code).toBe('REORDER_MISMATCH');
    ok(await admin.post(`/api/list-parts/${parts[0]!.id}/reorder`, { levelCode: 'L1', taskIds: [...l1].reverse() }));
    l = await detail(admin, listId);
    expect(l.tasks.slice(0, 2).map((t) => t.content)).toEqual(['党组书记履行第一责任人职责', '党组履行主体责任']);
    expect(l.tasks[0]!.number).toBe(1);

    const order = parts.map((x) => x.id);
    const swapped = [order[1]!, order[0]!, ...order.slice(2)];
    expect((await admin.post(`/api/lists/${listId}/parts/reorder`, { partIds: order.slice(1) })).json().code).toBe('REORDER_MISMATCH');
    ok(await admin.post(`/api/lists/${listId}/parts/reorder`, { partIds: swapped }));
    l = await detail(admin, listId);
    expect(l.parts[0]!.title).toBe('政治建设');
    expect(l.tasks[0]).toMatchObject({ number: 1, content: '学习贯彻习近平新时代中国特色社会主义思想' });
    ok(await admin.post(`/api/lists/${listId}/parts/reorder`, { partIds: order }));
  });

  it('deletes parts and sections only when empty', async () => {
    const full = await admin.delete(`/api/list-parts/${parts[0]!.id}`);
    expect(full.statusCode).toBe(409);
    expect(full.json().code).toBe('PART_NOT_EMPTY');
    const extra = ok<Part>(await admin.post(`/api/lists/${listId}/parts`, { title: '临时部分', draftingOrgId: null }));
    expect(extra.seq).toBe(7);
    ok(await admin.delete(`/api/list-parts/${extra.id}`));
    expect((await detail(admin, listId)).parts).toHaveLength(6);

    const used = await jjw.delete(`/api/list-sections/${sections[0]!.id}`);
    expect(used.statusCode).toBe(409);
    expect(used.json().code).toBe('SECTION_NOT_EMPTY');
    const spare = ok<{ id: number; version: number }>(await jjw.post(`/api/list-parts/${parts[4]!.id}/sections`, { title: '临时小节' }));
    const renamed = ok<{ title: string; version: number }>(await jjw.put(`/api/list-sections/${spare.id}`, { title: '改名小节', version: spare.version }));
    expect(renamed).toMatchObject({ title: '改名小节', version: 2 });
    const stale = await jjw.put(`/api/list-sections/${spare.id}`, { title: '再改', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ title: '改名小节', version: 2 });
    ok(await jjw.delete(`/api/list-sections/${spare.id}`));
  });

  it('a department edits only the parts it drafts; a refusal writes nothing', async () => {
    const l = await detail(jjw, listId);
    expect(l.rights.editablePartIds).toEqual([parts[4]!.id]);
    expect(l.rights.canManage).toBe(false);
    expect((await detail(zzb, listId)).rights.editablePartIds).toEqual(parts.map((p) => p.id)); // the owner department
    expect((await detail(zzb, listId)).rights.canManage).toBe(true);
    const foreign = l.tasks.find((t) => t.partId === parts[0]!.id)!;
    const auditBefore = await auditCount('listTask');
    const res = await jjw.put(`/api/list-tasks/${foreign.id}`, { ...taskBody(foreign.partId, foreign.levelCode, '越权修改'), version: foreign.version });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('PART_NOT_YOURS');
    expect(res.json().message).toBe('该部分由组织部负责起草，您不能修改');
    const created = await jjw.post(`/api/lists/${listId}/tasks`, taskBody(parts[0]!.id, 'L1', '越权新增'));
    expect(created.json().code).toBe('PART_NOT_YOURS');
    const own = l.tasks.find((t) => t.partId === parts[4]!.id)!;
    // Moving one's own task into another department's part is refused too.
    const moved = await jjw.put(`/api/list-tasks/${own.id}`, { ...taskBody(parts[0]!.id, own.levelCode, own.content), version: own.version });
    expect(moved.json().code).toBe('PART_NOT_YOURS');
    expect((await jjw.put(`/api/list-parts/${parts[0]!.id}`, { title: '改', draftingOrgId: org.zzb, version: 1 })).json().code).toBe('PART_NOT_YOURS');
    // Renaming its own part is fine; handing it to another department is the owner's call.
    expect((await jjw.put(`/api/list-parts/${parts[4]!.id}`, { title: '党风廉政建设', draftingOrgId: org.xcb, version: 1 })).json().code).toBe('LIST_NOT_MANAGER');
    expect(await auditCount('listTask')).toBe(auditBefore);
    const after = await detail(admin, listId);
    expect(after.tasks.find((t) => t.id === foreign.id)).toEqual(foreign);
    expect(after.tasks).toHaveLength(l.tasks.length);
    // Its own part: fine.
    const edited = ok<Task>(await jjw.put(`/api/list-tasks/${own.id}`, { ...taskBody(own.partId, own.levelCode, '支部严格落实中央八项规定精神', { sectionId: own.sectionId }), version: own.version }));
    expect(edited).toMatchObject({ content: '支部严格落实中央八项规定精神', version: own.version + 1, code: own.code });
    expect(await auditCount('listTask')).toBe(auditBefore + 1);
  });

  it('two editors: the second save with a stale version gets 409 with the stored task', async () => {
    const t = (await detail(admin, listId)).tasks[0]!;
    const first = ok<Task>(await admin.put(`/api/list-tasks/${t.id}`, { ...taskBody(t.partId, t.levelCode, '管理员的修改'), version: t.version }));
    expect(first.version).toBe(t.version + 1);
    const second = await zzb.put(`/api/list-tasks/${t.id}`, { ...taskBody(t.partId, t.levelCode, '组织部的修改'), version: t.version });
    expect(second.statusCode).toBe(409);
    const body = second.json();
    expect(body.code).toBe('CONFLICT');
    expect(body.message).toBe('记录已被他人修改，请刷新后重试');
    expect(body.current).toMatchObject({ id: t.id, content: '管理员的修改', version: t.version + 1, number: t.number });
    expect((await detail(admin, listId)).tasks[0]!.content).toBe('管理员的修改');
  });

  let copyId: number;
  it('copies an earlier year: parts, sections, tasks with origin links and new codes, sources and links; counts equal', async () => {
    const k = h.deps.db.kysely;
    // Sources of 2022: an upper-level list with an aspect and two items, one task linked to each item.
    const doc = await k.insertInto('source_documents').values({ list_id: listId, kind: 'upperList', title: '中央和国家机关党建责任清单', created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    const aspect = await k.insertInto('source_items').values({ document_id: doc.id, parent_id: null, seq: 1, text: '政治建设' }).returning('id').executeTakeFirstOrThrow();
    const item1 = await k.insertInto('source_items').values({ document_id: doc.id, parent_id: aspect.id, seq: 1, text: '加强党的政治建设' }).returning('id').executeTakeFirstOrThrow();
    const item2 = await k.insertInto('source_items').values({ document_id: doc.id, parent_id: aspect.id, seq: 2, text: '落实主体责任' }).returning('id').executeTakeFirstOrThrow();
    const old = await detail(admin, listId);
    await k.insertInto('task_sources').values([
      { task_id: old.tasks[0]!.id, source_item_id: item1.id, created_at: new Date() },
      { task_id: old.tasks[1]!.id, source_item_id: item2.id, created_at: new Date() },
    ]).execute();

    await k.updateTable('list_tasks').set({ due_rule: JSON.stringify({ kind: 'date', date: '2022-06-30' }) }).where('id', '=', old.tasks[2]!.id).execute();
    const notEarlier = await admin.post('/api/lists', { year: 2021, title: '2021', ownerOrgId: org.zzb, copyFromListId: listId });
    expect(notEarlier.json().code).toBe('LIST_COPY_SOURCE_INVALID');
    const created = ok<{ id: number; copied: Record<string, number> }>(
      await admin.post('/api/lists', { year: 2023, title: '2023年度党建工作责任清单', ownerOrgId: org.zzb, copyFromListId: listId }),
    );
    copyId = created.id;
    expect(created.copied).toEqual({ parts: 6, sections: 3, tasks: old.tasks.length, sourceDocuments: 1, sourceItems: 3, taskSources: 2 });
    const was = await detail(admin, listId);
    const now = await detail(admin, copyId);
    expect(now.list.status).toBe('draft');
    expect(now.totals).toEqual({
      ...was.totals,
      byPart: was.totals.byPart.map((b, i) => ({ partId: now.parts[i]!.id, count: b.count })),
    });
    expect(now.counts.map((c) => c.count)).toEqual(was.counts.map((c) => c.count));
    expect(now.parts.map((p) => [p.title, p.draftingOrgName])).toEqual(was.parts.map((p) => [p.title, p.draftingOrgName]));
    expect(now.parts.every((p) => !was.parts.some((q) => q.id === p.id))).toBe(true);
    // Same tasks in the same order, each pointing back at the task it came from.
    expect(now.tasks.map((t) => [t.number, t.content, t.levelCode])).toEqual(was.tasks.map((t) => [t.number, t.content, t.levelCode]));
    expect(now.tasks.map((t) => t.originTaskId)).toEqual(was.tasks.map((t) => t.id));
    expect(now.tasks.map((t) => t.originCode)).toEqual(was.tasks.map((t) => t.code));
    expect(now.tasks.map((t) => t.code)).toEqual(now.tasks.map((_, i) => `T2023-${String(i + 1).padStart(4, '0')}`));
    // A fixed deadline moves into the new year.
    expect(now.tasks.find((t) => t.originTaskId === old.tasks[2]!.id)!.dueRule).toEqual({ kind: 'date', date: '2023-06-30' });
    // Sections follow their part; links point at the copied items.
    const wasSection = was.tasks.find((t) => t.sectionId !== null)!;
    const nowSection = now.tasks.find((t) => t.originTaskId === wasSection.id)!;
    expect(now.sections.find((s) => s.id === nowSection.sectionId)!.title).toBe(was.sections.find((s) => s.id === wasSection.sectionId)!.title);
    const items = await k
      .selectFrom('source_items as i')
      .innerJoin('source_documents as d', 'd.id', 'i.document_id')
      .select(['i.id', 'i.text', 'i.parent_id'])
      .where('d.list_id', '=', copyId)
      .orderBy('i.id')
      .execute();
    expect(items.map((i) => i.text)).toEqual(['政治建设', '加强党的政治建设', '落实主体责任']);
    expect(items[1]!.parent_id).toBe(items[0]!.id);
    expect(now.tasks[0]!.sourceItemIds).toEqual([items[1]!.id]);
    expect(now.tasks[1]!.sourceItemIds).toEqual([items[2]!.id]);
    // New tasks of the copy continue its codes.
    const added = ok<Task>(await admin.post(`/api/lists/${copyId}/tasks`, taskBody(now.parts[2]!.id, 'L2', '新增任务')));
    expect(added.code).toBe(`T2023-${String(now.tasks.length + 1).padStart(4, '0')}`);
    // A task the next year carries over cannot be deleted.
    const carried = await admin.delete(`/api/list-tasks/${was.tasks[0]!.id}`);
    expect(carried.statusCode).toBe(409);
    expect(carried.json().code).toBe('TASK_HAS_COPIES');
  });

  it('deletes a task of a draft; numbers close up', async () => {
    const l = await detail(admin, copyId);
    const victim = l.tasks[2]!;
    ok(await admin.delete(`/api/list-tasks/${victim.id}`));
    const after = await detail(admin, copyId);
    expect(after.tasks.map((t) => t.number)).toEqual(after.tasks.map((_, i) => i + 1));
    expect(after.tasks.some((t) => t.id === victim.id)).toBe(false);
    expect(after.totals.all).toBe(l.totals.all - 1);
  });

  it('an issued list is not edited directly; in an open revision the owner edits and a delete withdraws', async () => {
    const k = h.deps.db.kysely;
    await k.updateTable('responsibility_lists').set({ status: 'issued', issued_at: new Date() }).where('id', '=', listId).execute();
    const l = await detail(admin, listId);
    expect(l.rights).toMatchObject({ editable: false, editablePartIds: [] });
    const t = l.tasks.find((x) => x.partId === parts[4]!.id)!;
    const auditBefore = await auditCount('listTask');
    for (const res of [
      await admin.put(`/api/list-tasks/${t.id}`, { ...taskBody(t.partId, t.levelCode, '直接修改'), version: t.version }),
      await admin.post(`/api/lists/${listId}/tasks`, taskBody(parts[0]!.id, 'L1', '直接新增')),
      await admin.delete(`/api/list-tasks/${t.id}`),
      await admin.put(`/api/lists/${listId}`, { title: '改标题', ownerOrgId: org.zzb, version: l.list.version }),
      await jjw.post(`/api/list-parts/${parts[4]!.id}/sections`, { title: '新小节' }),
    ]) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().code).toBe('LIST_NOT_EDITABLE');
      expect(res.json().message).toBe('已印发的清单不能直接修改，请发起修订');
    }
    expect(await auditCount('listTask')).toBe(auditBefore);

    await k.insertInto('list_revisions').values({ list_id: listId, revision: 1, reason: '根据上级要求调整', created_at: new Date() }).execute();
    const inRevision = await detail(admin, listId);
    expect(inRevision.list.openRevisionId).not.toBeNull();
    expect(inRevision.rights.editablePartIds).toHaveLength(6);
    expect((await detail(jjw, listId)).rights.editablePartIds).toEqual([]);
    const refused = await jjw.put(`/api/list-tasks/${t.id}`, { ...taskBody(t.partId, t.levelCode, '修订中由纪工委修改', { sectionId: t.sectionId }), version: t.version });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('LIST_REVISION_OWNER_ONLY');
    ok(await admin.put(`/api/list-tasks/${t.id}`, { ...taskBody(t.partId, t.levelCode, '修订中由管理员修改', { sectionId: t.sectionId }), version: t.version }));
    const gone = ok<{ withdrawn: boolean }>(await admin.delete(`/api/list-tasks/${t.id}`));
    expect(gone.withdrawn).toBe(true);
    const after = await detail(admin, listId);
    const w = after.tasks.find((x) => x.id === t.id)!;
    expect(w.withdrawnAt).not.toBeNull();
    expect(w.number).toBeNull();
    expect(after.tasks.filter((x) => x.number !== null).map((x) => x.number)).toEqual(after.tasks.filter((x) => x.number !== null).map((_, i) => i + 1));
    expect(after.totals.all).toBe(l.totals.all - 1);
  });

  it('a unit administrator sees issued lists only: a draft answers 404', async () => {
    const drafts = await unitAdmin.get(`/api/lists/${copyId}`);
    expect(drafts.statusCode).toBe(404);
    expect(drafts.json().code).toBe('NOT_FOUND');
    const t = (await detail(admin, copyId)).tasks[0]!;
    expect((await unitAdmin.put(`/api/list-tasks/${t.id}`, { ...taskBody(t.partId, 'L1', 'x'), version: t.version })).statusCode).toBe(403);
    const page = ok<{ items: { id: number; status: string; taskCount: number }[]; total: number }>(await unitAdmin.get('/api/lists'));
    expect(page.items.map((i) => i.id)).toEqual([listId]);
    expect(page.total).toBe(1);
    expect(ok<Detail>(await unitAdmin.get(`/api/lists/${listId}`)).rights).toEqual({ canManage: false, editable: true, editablePartIds: [] });

    // Opened for opinions to the unit, the draft becomes visible to it.
    const round = await h.deps.db.kysely.insertInto('opinion_rounds').values({ list_id: copyId, title: '征求意见', deadline: '2023-02-01', created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    await h.deps.db.kysely.insertInto('opinion_round_orgs').values({ round_id: round.id, org_id: org.unit! }).execute();
    expect((await unitAdmin.get(`/api/lists/${copyId}`)).statusCode).toBe(200);
    expect(ok<{ total: number }>(await unitAdmin.get('/api/lists')).total).toBe(2);
  });

  it('filters and pages the lists', async () => {
    const all = ok<{ items: { year: number }[]; total: number }>(await admin.get('/api/lists'));
    expect(all.items.map((i) => i.year)).toEqual([2023, 2022]);
    expect(ok<{ total: number }>(await admin.get('/api/lists?year=2022')).total).toBe(1);
    expect(ok<{ items: { year: number }[] }>(await admin.get('/api/lists?status=draft')).items.map((i) => i.year)).toEqual([2023]);
    expect(ok<{ total: number }>(await admin.get(`/api/lists?q=${encodeURIComponent('2023年度')}`)).total).toBe(1);
    const p2 = ok<{ items: { year: number }[]; total: number }>(await admin.get('/api/lists?page=2&pageSize=1'));
    expect(p2).toMatchObject({ total: 2, items: [{ year: 2022 }] });
  });

  it('edits the list itself with its version', async () => {
    const l = await detail(admin, copyId);
    const edited = ok<{ title: string; version: number }>(await admin.put(`/api/lists/${copyId}`, { title: '2023年度清单（修改）', ownerOrgId: org.zzb, version: l.list.version }));
    expect(edited.version).toBe(l.list.version + 1);
    const stale = await admin.put(`/api/lists/${copyId}`, { title: '旧版本', ownerOrgId: org.zzb, version: l.list.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ title: '2023年度清单（修改）' });
  });
});
