import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListComparison } from '@qingdan/core';
import { adminClient, Client, createHarness, TEST_PASSWORD, type Harness } from '../../../testing/harness.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { buildSnapshot, saveSnapshot } from './snapshot.ts';
import { seedDemoLists } from '../../../demo/lists/seed-lists.ts';

let h: Harness;
let admin: Client;
let unitUser: Client;
let rootId: number;
let deptId: number;
let list2022: number;
let list2023: number;
const taskIds = new Map<string, number>();

type Fixture = { title: string; tasks: { level: string; content: string; code: string; origin?: string }[] }[];

async function makeList(year: number, status: 'draft' | 'issued', parts: Fixture, copiedFrom: number | null = null): Promise<number> {
  const k = h.deps.db.kysely;
  const list = await k
    .insertInto('responsibility_lists')
    .values({ year, title: `${year}年省直机关党建工作责任清单`, status, owner_org_id: deptId, copied_from_id: copiedFrom, doc_number: status === 'issued' ? `鄂直工发〔${year}〕2号` : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [pi, p] of parts.entries()) {
    const part = await k
      .insertInto('list_parts')
      .values({ list_id: list.id, seq: pi + 1, title: p.title, drafting_org_id: deptId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const seqs = new Map<string, number>();
    for (const t of p.tasks) {
      const seq = (seqs.get(t.level) ?? 0) + 1;
      seqs.set(t.level, seq);
      const row = await k
        .insertInto('list_tasks')
        .values({
          list_id: list.id,
          part_id: part.id,
          level_code: t.level,
          seq,
          code: t.code,
          content: t.content,
          frequency: 'quarterly',
          due_rule: JSON.stringify({ kind: 'afterPeriodEnd', days: 10 }),
          origin_task_id: t.origin ? (taskIds.get(t.origin) ?? null) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      taskIds.set(t.code, row.id);
    }
  }
  return list.id;
}

async function unitClient(username: string): Promise<Client> {
  const k = h.deps.db.kysely;
  const unit = await k
    .insertInto('orgs')
    .values({ parent_id: rootId, unit_id: null, kind: 'unit', level_code: null, name: '省测试厅', code: 'UT1', path: '/', depth: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `/${rootId}/${unit.id}/`;
  await k.updateTable('orgs').set({ path, unit_id: unit.id }).where('id', '=', unit.id).execute();
  const person = await k
    .insertInto('people')
    .values({ org_id: unit.id, unit_id: unit.id, org_path: path, code: `P-${username}`, name: '测试人员', post: '工作人员' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .insertInto('accounts')
    .values({ person_id: person.id, username, password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false })
    .execute();
  await k.insertInto('role_grants').values({ person_id: person.id, role: 'unitAdmin', org_id: unit.id }).execute();
  const c = new Client(h.app);
  const res = await c.login(username);
  expect(res.statusCode, res.body).toBe(200);
  return c;
}

beforeAll(async () => {
  h = await createHarness();
  admin = await adminClient(h);
  const k = h.deps.db.kysely;
  const root = await k.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  rootId = root.id;
  const dept = await k
    .insertInto('orgs')
    .values({ parent_id: rootId, unit_id: null, kind: 'department', level_code: null, name: '组织部', code: 'D01', path: '/', depth: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  deptId = dept.id;
  await k.updateTable('orgs').set({ path: `${root.path}${deptId}/` }).where('id', '=', deptId).execute();

  list2022 = await makeList(2020, 'issued', [
    {
      title: '政治建设',
      tasks: [
        { level: 'L2', code: 'T2022-0003', content: '机关党委每半年向党组（党委）报告一次机关党建工作情况' },
        { level: 'L1', code: 'T2022-0001', content: '党组（党委）每季度至少专题研究一次机关党建工作，研究解决重点难点问题' },
        { level: 'L1', code: 'T2022-0002', content: '严格落实“第一议题”制度，及时跟进学习习近平总书记重要讲话和重要指示批示精神' },
      ],
    },
    {
      title: '思想建设',
      tasks: [
        { level: 'L3', code: 'T2022-0004', content: '党支部每月开展一次主题党日活动，落实“三会一课”制度' },
        { level: 'L1', code: 'T2022-0005', content: '组织开展理论学习中心组学习，全年集中学习研讨不少于12次' },
      ],
    },
  ]);
  list2023 = await makeList(
    2021,
    'draft',
    [
      {
        title: '政治建设',
        tasks: [
          { level: 'L1', code: 'T2023-0001', origin: 'T2022-0001', content: '党组（党委）每季度至少专题研究一次机关党建工作，研究解决重点难点问题' },
          { level: 'L1', code: 'T2023-0002', origin: 'T2022-0002', content: '严格落实“第一议题”制度，第一时间跟进学习习近平总书记重要讲话和重要指示批示精神，研究贯彻落实措施' },
          { level: 'L2', code: 'T2023-0003', content: '机关党委每半年向党组（党委）报告一次机关党建工作情况和意识形态工作情况' },
        ],
      },
      {
        title: '思想政治建设',
        tasks: [
          { level: 'L1', code: 'T2023-0004', origin: 'T2022-0005', content: '组织开展理论学习中心组学习，全年集中学习研讨不少于12次' },
          { level: 'L3', code: 'T2023-0005', content: '党支部每年至少开展一次党员集中轮训' },
        ],
      },
    ],
    list2022,
  );
  unitUser = await unitClient('unit_viewer');
});
afterAll(async () => h.close());

describe('snapshots', () => {
  it('numbers tasks continuously: part → level → seq', async () => {
    const s = await buildSnapshot(h.deps.db.kysely, list2022);
    expect(s.tasks.map((t) => [t.number, t.code])).toEqual([
      [1, 'T2022-0001'],
      [2, 'T2022-0002'],
      [3, 'T2022-0003'],
      [4, 'T2022-0005'],
      [5, 'T2022-0004'],
    ]);
    expect(s.parts.map((p) => [p.title, p.draftingOrgName])).toEqual([
      ['政治建设', '组织部'],
      ['思想建设', '组织部'],
    ]);
    expect(s.tasks[0]).toMatchObject({ dueRule: { kind: 'afterPeriodEnd', days: 10 }, frequency: 'quarterly', weight: null, sourceItemIds: [] });
    const s23 = await buildSnapshot(h.deps.db.kysely, list2023);
    expect(s23.tasks.find((t) => t.code === 'T2023-0002')?.originCode).toBe('T2022-0002');
    expect(s23.tasks.find((t) => t.code === 'T2023-0003')?.originCode).toBeNull();
  });

  it('lists the snapshots of a list, newest first', async () => {
    const k = h.deps.db.kysely;
    const first = await saveSnapshot(k, list2022, '送审稿', new Date('2022-03-08T02:00:00Z'));
    const second = await saveSnapshot(k, list2022, '印发稿', new Date('2022-03-18T02:00:00Z'));
    await k.insertInto('list_transitions').values({ list_id: list2022, from_status: 'approved', to_status: 'issued', actor_name: '管理员', snapshot_id: second }).execute();
    const res = await admin.get(`/api/lists/${list2022}/snapshots`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.items.map((s: { id: number }) => s.id)).toEqual([second, first]);
    expect(body.items[0]).toMatchObject({ label: '印发稿', status: 'issued', revision: 0, taskCount: 5, createdAt: '2022-03-18T02:00:00.000Z', transition: { toStatus: 'issued' } });
    expect(body.items[1].transition).toBeNull();
    const paged = await admin.get(`/api/lists/${list2022}/snapshots?page=2&pageSize=1`);
    expect(paged.json()).toMatchObject({ total: 2, items: [{ id: first }] });
  });

  it('compares a snapshot with the list as it is now after edits', async () => {
    const k = h.deps.db.kysely;
    const snap = await saveSnapshot(k, list2022, '修订前');
    // A revision: one task reworded, one withdrawn, one added.
    await k.updateTable('list_tasks').set({ content: '党组（党委）每季度专题研究一次机关党建工作，研究解决重点难点问题', weight: '5' }).where('id', '=', taskIds.get('T2022-0001')!).execute();
    await k.updateTable('list_tasks').set({ withdrawn_at: new Date() }).where('id', '=', taskIds.get('T2022-0004')!).execute();
    const part = await k.selectFrom('list_parts').select('id').where('list_id', '=', list2022).where('seq', '=', 2).executeTakeFirstOrThrow();
    await k
      .insertInto('list_tasks')
      .values({ list_id: list2022, part_id: part.id, level_code: 'L2', seq: 1, code: 'T2022-0006', content: '机关党委每年组织一次党务干部培训', frequency: 'yearly' })
      .execute();

    const res = await admin.get(`/api/lists/compare?from=snapshot:${snap}&to=list:${list2022}`);
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json() as ListComparison & { fromVersion: { label: string }; toVersion: { label: string; takenAt: null } };
    expect(c.fromVersion.label).toBe('修订前');
    expect(c.toVersion).toMatchObject({ label: '当前', takenAt: null, kind: 'list' });
    expect(c.summary).toEqual({ added: 1, removed: 1, moved: 0, changed: 1, unchanged: 3 });
    expect(c.added[0]).toMatchObject({ code: 'T2022-0006', number: 5, partTitle: '思想建设', levelCode: 'L2' });
    expect(c.removed[0]).toMatchObject({ code: 'T2022-0004', number: 5 });
    const ch = c.changed[0]!;
    expect(ch.from.code).toBe('T2022-0001');
    expect(ch.fields.map((f) => f.field)).toEqual(['content', 'weight']);
    expect(ch.fields[0]!.diff).toEqual([
      { op: 'equal', text: '党组（党委）每季度' },
      { op: 'delete', text: '至少' },
      { op: 'equal', text: '专题研究一次机关党建工作，研究解决重点难点问题' },
    ]);
    expect(ch.fields[1]).toMatchObject({ before: null, after: '5.00' });
  });

  it('compares 2022 with the 2023 draft: origins, similar text, additions and removals', async () => {
    const res = await admin.get(`/api/lists/compare?from=list:${list2022}&to=list:${list2023}`);
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json() as ListComparison;
    expect(c.from.year).toBe(2020);
    expect(c.to.year).toBe(2021);
    expect(c.added.map((t) => t.code)).toEqual(['T2023-0005']);
    expect(c.removed.map((t) => t.code).sort()).toEqual(['T2022-0006']);
    const byCode = Object.fromEntries(c.changed.map((x) => [x.to.code, x]));
    expect(byCode['T2023-0002']?.match).toBe('origin');
    const diff = byCode['T2023-0002']!.fields.find((f) => f.field === 'content')!.diff!;
    expect(diff.filter((d) => d.op === 'insert').map((d) => d.text).join('')).toContain('研究贯彻落实措施');
    expect(diff.filter((d) => d.op === 'delete').map((d) => d.text).join('')).toContain('及时');
    expect(byCode['T2023-0003']?.match).toBe('similar');
    // T2022-0001 was edited after issue (至少 removed); 2023 kept the old wording.
    expect(byCode['T2023-0001']?.fields.map((f) => f.field)).toEqual(['content', 'weight']);
    expect(c.parts.renamed).toEqual([{ from: expect.objectContaining({ title: '思想建设' }), to: expect.objectContaining({ title: '思想政治建设' }) }]);
    // Numbers on both sides.
    expect(byCode['T2023-0003']!.from.number).toBe(3);
    expect(byCode['T2023-0003']!.to.number).toBe(3);
  });

  it('rejects a malformed version reference', async () => {
    const res = await admin.get(`/api/lists/compare?from=list:${list2022}&to=draft:1`);
    expect(res.statusCode).toBe(400);
  });

  it('answers 404 for versions the caller cannot see, or that do not exist', async () => {
    // The 2023 draft has no opinion round open to the unit: invisible to it.
    expect((await unitUser.get(`/api/lists/compare?from=list:${list2022}&to=list:${list2023}`)).statusCode).toBe(404);
    expect((await unitUser.get(`/api/lists/${list2023}/snapshots`)).statusCode).toBe(404);
    expect((await admin.get(`/api/lists/compare?from=list:${list2022}&to=snapshot:999999`)).statusCode).toBe(404);
    expect((await admin.get(`/api/lists/compare?from=list:999999&to=list:${list2022}`)).statusCode).toBe(404);
    // The issued 2022 list is visible to everyone.
    const ok = await unitUser.get(`/api/lists/compare?from=list:${list2022}&to=list:${list2022}`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await unitUser.get(`/api/lists/${list2022}/snapshots`)).statusCode).toBe(200);
    const s = await h.deps.db.kysely.insertInto('list_snapshots').values({ list_id: list2023, label: '草稿', status: 'draft', data: JSON.stringify(await buildSnapshot(h.deps.db.kysely, list2023)) }).returning('id').executeTakeFirstOrThrow();
    expect((await unitUser.get(`/api/lists/compare?from=snapshot:${s.id}&to=list:${list2022}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/lists/compare?from=snapshot:${s.id}&to=list:${list2022}`)).statusCode).toBe(200);
    expect((await new Client(h.app).get(`/api/lists/compare?from=list:${list2022}&to=list:${list2022}`)).statusCode).toBe(401);
  });
});

describe('the demo lists', () => {
  it('compares the issued 2022 list with the 2023 draft copied from it', async () => {
    const k = h.deps.db.kysely;
    const root = await k.selectFrom('orgs').select(['id', 'path']).where('id', '=', rootId).executeTakeFirstOrThrow();
    for (const [i, name] of ['宣传部', '纪检监察工委', '党建督查巡察室', '办公室'].entries()) {
      const d = await k.insertInto('orgs').values({ parent_id: rootId, unit_id: null, kind: 'department', level_code: null, name, code: `D1${i}`, path: '/', depth: 1 }).returning('id').executeTakeFirstOrThrow();
      await k.updateTable('orgs').set({ path: `${root.path}${d.id}/` }).where('id', '=', d.id).execute();
    }
    const seeded = await k.transaction().execute((trx) => seedDemoLists(trx, h.deps));
    expect(seeded).toMatchObject({ lists: 2, tasks2022: 104, tasks2023: 104, snapshots: 3 });
    const l22 = await k.selectFrom('responsibility_lists').select('id').where('year', '=', 2022).executeTakeFirstOrThrow();
    const l23 = await k.selectFrom('responsibility_lists').select('id').where('year', '=', 2023).executeTakeFirstOrThrow();

    const snaps = (await admin.get(`/api/lists/${l22.id}/snapshots`)).json();
    expect(snaps.items.map((s: { label: string }) => s.label)).toEqual(['印发稿', '审定稿', '送审稿']);
    expect(snaps.items.every((s: { taskCount: number }) => s.taskCount === 104)).toBe(true);

    const res = await admin.get(`/api/lists/compare?from=snapshot:${snaps.items[0].id}&to=list:${l23.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json() as ListComparison & { orgNames: Record<string, string> };
    expect(c.summary.added).toBe(4);
    expect(c.summary.removed).toBe(4);
    expect(c.summary.changed).toBeGreaterThanOrEqual(10);
    expect(c.summary.added + c.summary.changed + c.summary.unchanged + c.moved.filter((m) => !c.changed.some((x) => x.to.id === m.to.id)).length).toBe(104);
    const twenty = c.changed.find((x) => x.to.content.startsWith('深入学习宣传贯彻党的二十大精神'))!;
    expect(twenty.match).toBe('origin');
    const diff = twenty.fields.find((f) => f.field === 'content')!.diff!;
    expect(diff.some((d) => d.op === 'insert' && d.text.includes('二十大'))).toBe(true);
    expect(diff.some((d) => d.op === 'delete')).toBe(true);
    const reviewer = c.changed.find((x) => x.fields.some((f) => f.field === 'reviewerOrgId'))!;
    const f = reviewer.fields.find((x) => x.field === 'reviewerOrgId')!;
    expect([c.orgNames[String(f.before)], c.orgNames[String(f.after)]]).toEqual(['组织部', '宣传部']);
    // The unit sees the issued 2022 list but not the 2023 draft.
    expect((await unitUser.get(`/api/lists/compare?from=list:${l22.id}&to=list:${l23.id}`)).statusCode).toBe(404);
  });
});
