import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createHarness, type Harness } from '../../../testing/harness.ts';
import { assignmentOf, buildWorkFixture, type WorkFixture } from '../test-fixture.ts';
import { DIVISION_COLUMNS } from './division-workbook.ts';
import { multipartBody } from '../../lists/lifecycle/test-fixture.ts';

interface Row {
  assignmentId: number;
  taskId: number;
  levelCode: string;
  orgId: number;
  orgName: string;
  partId: number;
  ownerPersonId: number | null;
  ownerName: string | null;
  ownerPost: string | null;
  cooperators: { id: number; name: string; post: string }[];
  leadDepartment: string;
  version: number;
  canAssign: boolean;
  measures: { id: number; seq: number; content: string; version: number }[];
}
interface Table {
  unit: { id: number; name: string };
  year: number;
  listId: number | null;
  items: Row[];
  total: number;
}

let h: Harness;
let f: WorkFixture;
/** Assignments of unit A: party group (L1) yearly and quarterly, organ committee (L2) monthly, branch A1 (L3) monthly. */
let aPgYearly: number;
let aPgQuarterly: number;
let aOcMonthly: number;
let aOcOnce: number;
let aBranchMonthly: number;

const personOf = async (username: string) => {
  const r = await h.deps.db.kysely
    .selectFrom('accounts')
    .innerJoin('people', 'people.id', 'accounts.person_id')
    .select(['people.id', 'people.name'])
    .where('accounts.username', '=', username)
    .executeTakeFirstOrThrow();
  return r;
};
const assignmentRow = (id: number) =>
  h.deps.db.kysely.selectFrom('assignments').select(['owner_person_id', 'lead_department', 'version']).where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  h = await createHarness();
  f = await buildWorkFixture(h);
  aPgYearly = await assignmentOf(h, f.a.partyGroupId, f.tasks.l1Yearly);
  aPgQuarterly = await assignmentOf(h, f.a.partyGroupId, f.tasks.l1Quarterly);
  aOcMonthly = await assignmentOf(h, f.a.organCommitteeId, f.tasks.l2Monthly);
  aOcOnce = await assignmentOf(h, f.a.organCommitteeId, f.tasks.l2Once);
  aBranchMonthly = await assignmentOf(h, f.a.branchIds[0], f.tasks.l3Monthly);
}, 120_000);
afterAll(async () => h?.close());

describe('责任分工表 GET /api/work/units/:unitId/division', () => {
  it('lists the party-group and organ-committee tasks of the unit for its leader and administrator, never branch tasks or another unit', async () => {
    for (const c of [f.c.aLeader, f.c.aAdmin]) {
      const res = await c.get(`/api/work/units/${f.a.unitId}/division?year=2022`);
      expect(res.statusCode, res.body).toBe(200);
      const t = res.json() as Table;
      expect(t.unit).toEqual({ id: f.a.unitId, name: '省财政厅' });
      expect(t.year).toBe(2022);
      expect(t.listId).toBe(f.listId);
      expect(t.total).toBe(5);
      expect(t.items.map((r) => r.levelCode).sort()).toEqual(['L1', 'L1', 'L2', 'L2', 'L2']);
      expect(new Set(t.items.map((r) => r.orgId))).toEqual(new Set([f.a.partyGroupId, f.a.organCommitteeId]));
      expect(t.items.every((r) => r.canAssign)).toBe(true);
      expect(t.items.map((r) => r.assignmentId)).not.toContain(aBranchMonthly);
    }
  });

  it('filters by level, part and text, and paginates on request', async () => {
    const base = `/api/work/units/${f.a.unitId}/division?year=2022`;
    const l1 = (await f.c.aAdmin.get(`${base}&levelCode=L1`)).json() as Table;
    expect(l1.items.map((r) => r.assignmentId).sort()).toEqual([aPgYearly, aPgQuarterly].sort());
    const part2 = (await f.c.aAdmin.get(`${base}&partId=${f.partIds[1]}`)).json() as Table;
    expect(part2.items.map((r) => r.taskId)).toEqual([f.tasks.l2HalfYearly]);
    const q = (await f.c.aAdmin.get(`${base}&q=${encodeURIComponent('年度党建工作计划')}`)).json() as Table;
    expect(q.items.map((r) => r.assignmentId)).toEqual([aOcOnce]);
    const page = (await f.c.aAdmin.get(`${base}&page=2&pageSize=2`)).json() as Table;
    expect(page.total).toBe(5);
    expect(page.items).toHaveLength(2);
    const none = (await f.c.aAdmin.get(`/api/work/units/${f.a.unitId}/division?year=2023`)).json() as Table;
    expect(none.total).toBe(0);
  });

  it('gives organ-committee staff the organ committee’s tasks of their unit, and a branch secretary none', async () => {
    const res = await f.c.aOrganStaff.get(`/api/work/units/${f.a.unitId}/division?year=2022`);
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json() as Table;
    expect(t.unit.id).toBe(f.a.unitId);
    expect(t.items.map((r) => r.levelCode)).toEqual(['L2', 'L2', 'L2']);
    expect(t.items.every((r) => r.canAssign)).toBe(true);
    const secretary = await f.c.aSecretary.get(`/api/work/units/${f.a.unitId}/division?year=2022`);
    expect(secretary.statusCode, secretary.body).toBe(200);
    expect((secretary.json() as Table).total).toBe(0);
    // the unit is named by its own id, not by one of its organisations
    expect((await f.c.aOrganStaff.get(`/api/work/units/${f.a.organCommitteeId}/division`)).statusCode).toBe(404);
  });

  it('answers 404 for another unit, and shows the committee everything without the right to divide', async () => {
    expect((await f.c.bAdmin.get(`/api/work/units/${f.a.unitId}/division`)).statusCode).toBe(404);
    const t = (await f.c.inspector.get(`/api/work/units/${f.a.unitId}/division?year=2022`)).json() as Table;
    expect(t.total).toBe(5);
    expect(t.items.every((r) => !r.canAssign)).toBe(true);
    expect((await f.c.admin.get(`/api/work/units/${f.ownerDeptId}/division`)).statusCode).toBe(404);
  });

  it('offers the party group’s people for its tasks and the organ committee’s for theirs', async () => {
    const leader = await personOf('a_leader');
    const organ = await personOf('a_organ');
    const l1 = await f.c.aAdmin.get(`/api/work/units/${f.a.unitId}/division/people?levelCode=L1`);
    expect(l1.statusCode, l1.body).toBe(200);
    expect(l1.json().items.map((p: { id: number }) => p.id)).toEqual([leader.id]);
    expect(l1.json().items[0]).toMatchObject({ name: leader.name, post: '干部', orgId: f.a.partyGroupId, orgName: '中共省财政厅党组' });
    const l2 = await f.c.aAdmin.get(`/api/work/units/${f.a.unitId}/division/people?levelCode=L2`);
    expect(l2.json().items.map((p: { id: number }) => p.id)).toEqual([organ.id]);
    // unit B: its general branch inside the organ committee is not a holder of L2
    const bOrgan = await personOf('b_organ');
    const b = await f.c.bAdmin.get(`/api/work/units/${f.b.unitId}/division/people?levelCode=L2`);
    expect(b.json().items.map((p: { id: number }) => p.id)).toEqual([bOrgan.id]);
    expect((await f.c.bAdmin.get(`/api/work/units/${f.a.unitId}/division/people`)).statusCode).toBe(404);
  });
});

describe('分工 PUT /api/work/assignments/:id/division', () => {
  it('lets the leader divide a party-group task: owner and lead department, shown in the table, audited', async () => {
    const leader = await personOf('a_leader');
    const res = await f.c.aLeader.put(`/api/work/assignments/${aPgYearly}/division`, { ownerPersonId: leader.id, leadDepartment: '办公室', version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ assignmentId: aPgYearly, ownerPersonId: leader.id, ownerName: leader.name, ownerPost: '干部', cooperators: [], leadDepartment: '办公室', version: 2 });
    const t = (await f.c.aAdmin.get(`/api/work/units/${f.a.unitId}/division?year=2022&levelCode=L1`)).json() as Table;
    expect(t.items.find((r) => r.assignmentId === aPgYearly)).toMatchObject({ ownerPersonId: leader.id, ownerName: leader.name, leadDepartment: '办公室', version: 2 });
    const audit = await h.deps.db.kysely.selectFrom('audit_log').select(['entity_id', 'unit_id']).where('action', '=', 'work.division.update').execute();
    expect(audit).toEqual([{ entity_id: String(aPgYearly), unit_id: f.a.unitId }]);
  });

  it('refuses a stale version with 409 and the stored division', async () => {
    const res = await f.c.aAdmin.put(`/api/work/assignments/${aPgYearly}/division`, { ownerPersonId: null, leadDepartment: '人事处', version: 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json().current).toMatchObject({ assignmentId: aPgYearly, leadDepartment: '办公室', version: 2 });
    expect(await assignmentRow(aPgYearly)).toMatchObject({ lead_department: '办公室', version: 2 });
  });

  it('refuses a person of another unit or an inactive one with a Chinese reason, changing nothing', async () => {
    const other = await personOf('b_admin');
    const res = await f.c.aAdmin.put(`/api/work/assignments/${aPgYearly}/division`, { ownerPersonId: other.id, leadDepartment: '', version: 2 });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('WORK_DIVISION_PERSON');
    expect(res.json().message).toMatch(/本单位在职人员/);
    const viewer = await personOf('czt_viewer');
    await h.deps.db.kysely.updateTable('people').set({ active: false }).where('id', '=', viewer.id).execute();
    const inactive = await f.c.aAdmin.put(`/api/work/assignments/${aPgYearly}/division`, { ownerPersonId: viewer.id, leadDepartment: '', version: 2 });
    await h.deps.db.kysely.updateTable('people').set({ active: true }).where('id', '=', viewer.id).execute();
    expect(inactive.statusCode).toBe(400);
    const missing = await f.c.aAdmin.put(`/api/work/assignments/${aPgYearly}/division`, { ownerPersonId: 999_999, leadDepartment: '', version: 2 });
    expect(missing.statusCode).toBe(400);
    expect(await assignmentRow(aPgYearly)).toMatchObject({ lead_department: '办公室', version: 2 });
  });

  it('refuses branch tasks, and callers who may not divide', async () => {
    const l3 = await f.c.aAdmin.put(`/api/work/assignments/${aBranchMonthly}/division`, { ownerPersonId: null, leadDepartment: 'x', version: 1 });
    expect(l3.statusCode).toBe(400);
    expect(l3.json().code).toBe('WORK_DIVISION_LEVEL');
    const body = { ownerPersonId: null, leadDepartment: '组织处', version: 1 };
    // branch secretary: no work.assign
    expect((await f.c.aSecretary.put(`/api/work/assignments/${aOcMonthly}/division`, body)).statusCode).toBe(403);
    // organ-committee staff cannot reach the party group's task
    expect((await f.c.aOrganStaff.put(`/api/work/assignments/${aPgQuarterly}/division`, body)).statusCode).toBe(404);
    // another unit's assignment
    expect((await f.c.bAdmin.put(`/api/work/assignments/${aOcMonthly}/division`, body)).statusCode).toBe(404);
    // the committee reads every unit but divides none
    const committee = await f.c.admin.put(`/api/work/assignments/${aOcMonthly}/division`, body);
    expect(committee.statusCode).toBe(403);
    expect(committee.json().code).toBe('WORK_NOT_ASSIGNER');
    expect(await assignmentRow(aOcMonthly)).toMatchObject({ lead_department: '', version: 1 });
    // organ-committee staff divide their own committee's tasks
    const organ = await personOf('a_organ');
    const ok = await f.c.aOrganStaff.put(`/api/work/assignments/${aOcMonthly}/division`, { ...body, ownerPersonId: organ.id });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await assignmentRow(aOcMonthly)).toMatchObject({ owner_person_id: organ.id, lead_department: '组织处', version: 2 });
  });
});

describe('具体措施 measures', () => {
  it('adds, numbers, edits (version-guarded) and deletes measures, renumbering the rest', async () => {
    const c = f.c.aOrganStaff;
    const m1 = await c.post(`/api/work/assignments/${aOcOnce}/measures`, { content: '制定机关党委年度工作要点' });
    expect(m1.statusCode, m1.body).toBe(200);
    expect(m1.json()).toMatchObject({ seq: 1, content: '制定机关党委年度工作要点', version: 1 });
    const m2 = await c.post(`/api/work/assignments/${aOcOnce}/measures`, { content: '  报党组审定后印发  ' });
    expect(m2.json()).toMatchObject({ seq: 2, content: '报党组审定后印发' });
    const upd = await c.put(`/api/work/measures/${m1.json().id}`, { content: '起草机关党委年度工作要点', version: 1 });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json()).toMatchObject({ seq: 1, content: '起草机关党委年度工作要点', version: 2 });
    const stale = await c.put(`/api/work/measures/${m1.json().id}`, { content: '旧稿', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ content: '起草机关党委年度工作要点', version: 2 });
    const del = await c.delete(`/api/work/measures/${m1.json().id}`);
    expect(del.statusCode, del.body).toBe(200);
    const t = (await c.get(`/api/work/units/${f.a.unitId}/division?year=2022`)).json() as Table;
    expect(t.items.find((r) => r.assignmentId === aOcOnce)?.measures).toEqual([{ id: m2.json().id, seq: 1, content: '报党组审定后印发', version: 1 }]);
    const actions = await h.deps.db.kysely.selectFrom('audit_log').select('action').where('entity_type', '=', 'measure').orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['work.measure.create', 'work.measure.create', 'work.measure.update', 'work.measure.delete']);
  });

  it('refuses empty text, branch tasks, other units and callers who may not divide', async () => {
    const empty = await f.c.aAdmin.post(`/api/work/assignments/${aOcOnce}/measures`, { content: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('VALIDATION');
    expect((await f.c.aAdmin.post(`/api/work/assignments/${aBranchMonthly}/measures`, { content: '开展主题党日' })).json().code).toBe('WORK_DIVISION_LEVEL');
    expect((await f.c.aSecretary.post(`/api/work/assignments/${aOcOnce}/measures`, { content: 'x' })).statusCode).toBe(403);
    expect((await f.c.bAdmin.post(`/api/work/assignments/${aOcOnce}/measures`, { content: 'x' })).statusCode).toBe(404);
    const m = (await f.c.aLeader.post(`/api/work/assignments/${aPgYearly}/measures`, { content: '党组书记带头讲党课' })).json() as { id: number };
    expect((await f.c.aOrganStaff.put(`/api/work/measures/${m.id}`, { content: 'x', version: 1 })).statusCode).toBe(404);
    expect((await f.c.bAdmin.delete(`/api/work/measures/${m.id}`)).statusCode).toBe(404);
    expect((await f.c.admin.delete(`/api/work/measures/${m.id}`)).statusCode).toBe(403);
    const count = await h.deps.db.kysely.selectFrom('measures').select('id').where('assignment_id', '=', aOcOnce).execute();
    expect(count).toHaveLength(1);
  });
});

describe('导出 GET /api/work/units/:unitId/division.xlsx', () => {
  it('writes the table with its title, Chinese headers, owners and measures, readable back', async () => {
    const res = await f.c.aAdmin.get(`/api/work/units/${f.a.unitId}/division.xlsx?year=2022`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell(1, 1).value).toBe('省财政厅党建工作责任分工表（2022年）');
    const header = DIVISION_COLUMNS.map((_, i) => ws.getRow(2).getCell(i + 1).value);
    expect(header).toEqual(['序号', '责任主体', '部分', '任务编号', '工作任务', '责任领导/责任人', '配合领导', '牵头部门', '具体措施']);
    const rows: unknown[][] = [];
    for (let r = 3; r <= ws.rowCount; r++) rows.push(DIVISION_COLUMNS.map((_, i) => ws.getRow(r).getCell(i + 1).value));
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5]);
    const leader = await personOf('a_leader');
    const yearly = rows.find((r) => r[4] === '学习贯彻党的二十大精神');
    expect(yearly).toBeDefined();
    expect(yearly?.[1]).toBe('中共省财政厅党组');
    expect(yearly?.[2]).toBe('一、加强党的政治建设');
    expect(yearly?.[5]).toBe(`${leader.name}（干部）`);
    expect(yearly?.[6]).toBe('');
    expect(yearly?.[7]).toBe('办公室');
    expect(yearly?.[8]).toBe('1. 党组书记带头讲党课');
    const once = rows.find((r) => r[4] === '制定年度党建工作计划');
    expect(once?.[8]).toBe('1. 报党组审定后印发');
    // filtered like the table
    const l2 = await f.c.aAdmin.get(`/api/work/units/${f.a.unitId}/division.xlsx?year=2022&levelCode=L2`);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(l2.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount).toBe(2 + 3);
    expect((await f.c.bAdmin.get(`/api/work/units/${f.a.unitId}/division.xlsx`)).statusCode).toBe(404);
  });
});

describe('批量分工 POST /api/work/units/:unitId/division/bulk', () => {
  it('sets one owner and lead department on many tasks at once, each audited; a field left out stays', async () => {
    const leader = await personOf('a_leader');
    const before = await Promise.all([aPgYearly, aPgQuarterly].map(assignmentRow));
    const res = await f.c.aAdmin.post(`/api/work/units/${f.a.unitId}/division/bulk`, { assignmentIds: [aPgYearly, aPgQuarterly, aPgYearly], ownerPersonId: leader.id, leadDepartment: '机关党委办公室' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: 2 });
    for (const [i, id] of [aPgYearly, aPgQuarterly].entries()) {
      expect(await assignmentRow(id)).toMatchObject({ owner_person_id: leader.id, lead_department: '机关党委办公室', version: before[i]!.version + 1 });
    }
    // Only the lead department: the owners stay.
    const lead = await f.c.aAdmin.post(`/api/work/units/${f.a.unitId}/division/bulk`, { assignmentIds: [aPgYearly, aPgQuarterly], leadDepartment: '组织人事处' });
    expect(lead.statusCode, lead.body).toBe(200);
    expect(await assignmentRow(aPgQuarterly)).toMatchObject({ owner_person_id: leader.id, lead_department: '组织人事处' });
    const audits = await h.deps.db.kysely.selectFrom('audit_log').select(['entity_id', 'after']).where('action', '=', 'work.division.update').where('entity_id', 'in', [String(aPgYearly), String(aPgQuarterly)]).execute();
    expect(audits.filter((a) => (a.after as { bulk?: boolean }).bulk === true)).toHaveLength(4);
  });

  it('refuses the whole batch when one task cannot be divided — a branch task, another unit’s, a person of another unit — naming each, writing nothing', async () => {
    const before = await Promise.all([aPgYearly, aOcOnce].map(assignmentRow));
    const bPg = await assignmentOf(h, f.b.partyGroupId, f.tasks.l1Yearly);
    const res = await f.c.aAdmin.post(`/api/work/units/${f.a.unitId}/division/bulk`, { assignmentIds: [aPgYearly, aOcOnce, aBranchMonthly, bPg], leadDepartment: '不应写入' });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { code: string; message: string; details: { path: string; message: string }[] };
    expect(body.code).toBe('WORK_DIVISION_BULK_INVALID');
    expect(body.message).toBe('有 2 项任务不能分工，未作任何修改，请见下列说明');
    expect(body.details).toHaveLength(2);
    expect(body.details[0]!.message).toMatch(/党支部的任务不在此列/);
    expect(body.details[1]).toEqual({ path: `#${bPg}`, message: '该任务不属于本单位' });
    expect(await Promise.all([aPgYearly, aOcOnce].map(assignmentRow))).toEqual(before);
    const other = await personOf('b_admin');
    const person = await f.c.aAdmin.post(`/api/work/units/${f.a.unitId}/division/bulk`, { assignmentIds: [aPgYearly], ownerPersonId: other.id });
    expect(person.statusCode).toBe(400);
    expect(person.json().details).toEqual([{ path: 'ownerPersonId', message: '责任人须是本单位在职人员，请从本单位人员中选择' }]);
    expect(await assignmentRow(aPgYearly)).toEqual(before[0]);
    // Nothing to set, and callers who may not divide.
    expect((await f.c.aAdmin.post(`/api/work/units/${f.a.unitId}/division/bulk`, { assignmentIds: [aPgYearly] })).statusCode).toBe(400);
    expect((await f.c.aSecretary.post(`/api/work/units/${f.a.unitId}/division/bulk`, { assignmentIds: [aPgYearly], leadDepartment: 'x' })).statusCode).toBe(403);
    expect((await f.c.bAdmin.post(`/api/work/units/${f.a.unitId}/division/bulk`, { assignmentIds: [aPgYearly], leadDepartment: 'x' })).statusCode).toBe(404);
    const committee = await f.c.admin.post(`/api/work/units/${f.a.unitId}/division/bulk`, { assignmentIds: [aPgYearly], leadDepartment: 'x' });
    expect(committee.statusCode).toBe(400);
    expect(committee.json().details).toEqual([{ path: expect.stringMatching(/^任务 /), message: expect.stringMatching(/./) }]);
    expect(await assignmentRow(aPgYearly)).toEqual(before[0]);
  });
});

describe('配合领导 (一岗双责): a lead and cooperating members', () => {
  it('sets cooperators in order, shows them in the table and the workbook, and keeps them when left out', async () => {
    const [leader, organ, admin] = await Promise.all(['a_leader', 'a_organ', 'a_admin'].map(personOf));
    const v = (await assignmentRow(aOcOnce)).version;
    const res = await f.c.aAdmin.put(`/api/work/assignments/${aOcOnce}/division`, { ownerPersonId: leader!.id, cooperatorPersonIds: [organ!.id, admin!.id], leadDepartment: '办公室', version: v });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().cooperators).toEqual([{ id: organ!.id, name: organ!.name, post: '干部' }, { id: admin!.id, name: admin!.name, post: '干部' }]);
    // Left out: they stay.
    const again = await f.c.aAdmin.put(`/api/work/assignments/${aOcOnce}/division`, { ownerPersonId: leader!.id, leadDepartment: '组织处', version: v + 1 });
    expect(again.json().cooperators.map((c: { id: number }) => c.id)).toEqual([organ!.id, admin!.id]);
    const t = (await f.c.aAdmin.get(`/api/work/units/${f.a.unitId}/division?year=2022`)).json() as Table;
    expect(t.items.find((r) => r.assignmentId === aOcOnce)!.cooperators.map((c) => c.name)).toEqual([organ!.name, admin!.name]);
    // Found by a cooperator's name.
    const found = (await f.c.aAdmin.get(`/api/work/units/${f.a.unitId}/division?year=2022&q=${encodeURIComponent(organ!.name)}`)).json() as Table;
    expect(found.items.map((r) => r.assignmentId)).toContain(aOcOnce);
    const x = await f.c.aAdmin.get(`/api/work/units/${f.a.unitId}/division.xlsx?year=2022`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const row = [...Array(ws.rowCount - 2).keys()].map((i) => ws.getRow(i + 3)).find((r) => r.getCell(5).value === '制定年度党建工作计划')!;
    expect(row.getCell(7).value).toBe(`${organ!.name}、${admin!.name}`);
    const audit = await h.deps.db.kysely.selectFrom('audit_log').select('after').where('action', '=', 'work.division.update').where('entity_id', '=', String(aOcOnce)).orderBy('seq').execute();
    expect((audit[0]!.after as { cooperatorPersonIds: number[] }).cooperatorPersonIds).toEqual([organ!.id, admin!.id]);
  });

  it('refuses the lead as a cooperator, a cooperator twice, another unit’s or an inactive person, changing nothing', async () => {
    const [leader, organ, other] = await Promise.all(['a_leader', 'a_organ', 'b_admin'].map(personOf));
    const before = await assignmentRow(aOcOnce);
    for (const ids of [[leader!.id], [organ!.id, organ!.id], [other!.id], [999_999]]) {
      const res = await f.c.aAdmin.put(`/api/work/assignments/${aOcOnce}/division`, { ownerPersonId: leader!.id, cooperatorPersonIds: ids, leadDepartment: '', version: before.version });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('WORK_DIVISION_COOPERATOR');
      expect(res.json().message).toBe('配合领导须是本单位在职人员，不能重复，也不能是责任领导本人');
    }
    const tooMany = await f.c.aAdmin.put(`/api/work/assignments/${aOcOnce}/division`, { ownerPersonId: null, cooperatorPersonIds: Array.from({ length: 11 }, (_, i) => i + 1), leadDepartment: '', version: before.version });
    expect(tooMany.statusCode).toBe(400);
    expect(await assignmentRow(aOcOnce)).toEqual(before);
  });

  it('drops a cooperator who becomes the lead through 批量分工', async () => {
    const organ = await personOf('a_organ');
    const res = await f.c.aAdmin.post(`/api/work/units/${f.a.unitId}/division/bulk`, { assignmentIds: [aOcOnce], ownerPersonId: organ.id });
    expect(res.statusCode, res.body).toBe(200);
    const row = await h.deps.db.kysely.selectFrom('assignments').select(['owner_person_id', 'cooperator_person_ids']).where('id', '=', aOcOnce).executeTakeFirstOrThrow();
    expect(row.owner_person_id).toBe(organ.id);
    expect(row.cooperator_person_ids).not.toContain(organ.id);
    expect(row.cooperator_person_ids).toHaveLength(1);
  });
});

describe('导入责任分工表 POST /api/work/units/:unitId/division/import', () => {
  const importUrl = (q = '') => `/api/work/units/${f.a.unitId}/division/import?year=2022${q}`;
  const send = (c: typeof f.c.aAdmin, data: Buffer, q = '', name = '责任分工表.xlsx') => {
    const m = multipartBody({}, { name, data, field: 'file' });
    return c.request('POST', importUrl(q), m.payload, m.headers);
  };
  /** The exported table, with `edit` applied to its data rows (cells by header). */
  const exported = async (edit: (rows: Map<string, ExcelJS.Cell>[]) => void = () => {}) => {
    const x = await f.c.aAdmin.get(`/api/work/units/${f.a.unitId}/division.xlsx?year=2022`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: Map<string, ExcelJS.Cell>[] = [];
    for (let r = 3; r <= ws.rowCount; r++) rows.push(new Map(DIVISION_COLUMNS.map((c, i) => [c.header, ws.getRow(r).getCell(i + 1)])));
    edit(rows);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const byTask = (rows: Map<string, ExcelJS.Cell>[], content: string) => rows.find((r) => r.get('工作任务')!.value === content)!;
  const snapshot = () =>
    h.deps.db.kysely.selectFrom('assignments').select(['id', 'owner_person_id', 'cooperator_person_ids', 'lead_department', 'version']).where('unit_id', '=', f.a.unitId).orderBy('id').execute();
  const measureTexts = (id: number) => h.deps.db.kysely.selectFrom('measures').select('content').where('assignment_id', '=', id).orderBy('seq').execute().then((r) => r.map((m) => m.content));

  it('reads back its own export as no change', async () => {
    const before = await snapshot();
    const res = await send(f.c.aAdmin, await exported());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, year: 2022, rows: 5, changed: 0, unchanged: 5, changes: [], errors: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('previews every change before writing, then writes them all with one audit entry each', async () => {
    const [leader, admin, organ] = await Promise.all(['a_leader', 'a_admin', 'a_organ'].map(personOf));
    const file = await exported((rows) => {
      const yearly = byTask(rows, '学习贯彻党的二十大精神');
      yearly.get('责任领导/责任人')!.value = `${admin!.name}（干部）`;
      yearly.get('配合领导')!.value = `${leader!.name}，${organ!.name}`;
      yearly.get('牵头部门')!.value = '机关党委办公室';
      yearly.get('具体措施')!.value = '1. 党组书记带头讲党课\n2、每季度专题学习一次\n';
    });
    const before = await snapshot();
    const preview = await send(f.c.aAdmin, file, '&dryRun=true');
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    expect(p).toMatchObject({ dryRun: true, rows: 5, changed: 1, unchanged: 4, errors: [] });
    expect(p.changes[0]).toMatchObject({ assignmentId: aPgYearly, orgName: '中共省财政厅党组', taskContent: '学习贯彻党的二十大精神' });
    expect(p.changes[0].fields.map((x: { column: string }) => x.column)).toEqual(['责任领导/责任人', '配合领导', '牵头部门', '具体措施']);
    expect(p.changes[0].fields[1]).toEqual({ column: '配合领导', before: '', after: `${leader!.name}、${organ!.name}` });
    expect(await snapshot()).toEqual(before);

    const res = await send(f.c.aAdmin, file);
    expect(res.statusCode, res.body).toBe(200);
    const row = (await snapshot()).find((r) => r.id === aPgYearly)!;
    expect(row).toMatchObject({ owner_person_id: admin!.id, cooperator_person_ids: [leader!.id, organ!.id], lead_department: '机关党委办公室' });
    expect(await measureTexts(aPgYearly)).toEqual(['党组书记带头讲党课', '每季度专题学习一次']);
    const audits = await h.deps.db.kysely.selectFrom('audit_log').select(['action', 'after']).where('action', 'in', ['work.division.update', 'import.upload']).orderBy('seq', 'desc').limit(3).execute();
    expect(audits.map((a) => a.action)).toEqual(['work.division.update', 'import.upload', 'import.upload']);
    expect(audits[0]!.after).toMatchObject({ import: '责任分工表.xlsx', measures: ['党组书记带头讲党课', '每季度专题学习一次'] });
    expect(audits[1]!.after).toMatchObject({ kind: 'division', outcome: 'imported', changed: 1 });
    expect(audits[2]!.after).toMatchObject({ kind: 'division', outcome: 'checked' });
  });

  it('names every problem by row and column, and a real import with any of them writes nothing', async () => {
    const leader = await personOf('a_leader');
    const other = await personOf('b_admin');
    const file = await exported((rows) => {
      byTask(rows, '学习贯彻党的二十大精神').get('牵头部门')!.value = '不应写入';
      byTask(rows, '制定年度党建工作计划').get('责任领导/责任人')!.value = '查无此人';
      const rest = rows.filter((r) => !['学习贯彻党的二十大精神', '制定年度党建工作计划'].includes(String(r.get('工作任务')!.value)));
      rest[0]!.get('任务编号')!.value = 'T9999-0001';
      rest[1]!.get('配合领导')!.value = other.name; // another unit's person
      rest[2]!.get('责任领导/责任人')!.value = leader.name;
      rest[2]!.get('配合领导')!.value = leader.name; // the lead as cooperator
    });
    const before = await snapshot();
    const preview = await send(f.c.aAdmin, file, '&dryRun=true');
    expect(preview.statusCode, preview.body).toBe(200);
    const errors = preview.json().errors as { row: number; column: string; message: string }[];
    expect(errors).toHaveLength(4);
    expect(errors.map((e) => e.column).sort()).toEqual(['任务编号', '责任领导/责任人', '配合领导', '配合领导'].sort());
    expect(errors.map((e) => e.message).join('\n')).toMatch(/没有“查无此人”/);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/T9999-0001/);
    expect(errors.every((e) => e.row >= 3 && e.column !== '')).toBe(true);
    const res = await send(f.c.aAdmin, file);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('WORK_DIVISION_IMPORT_INVALID');
    expect(res.json().details.length).toBe(errors.length);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a file that is not the table, another unit, and callers who may not divide', async () => {
    const before = await snapshot();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['姓名', '职务']);
    const wrong = await send(f.c.aAdmin, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('WORK_DIVISION_IMPORT_HEADER');
    expect(wrong.json().message).toMatch(/任务编号/);
    const junk = await send(f.c.aAdmin, Buffer.from('not a workbook at all'));
    expect(junk.statusCode).toBe(400);
    expect(junk.json().code).toBe('IMPORT_BAD_FILE');
    const file = await exported((rows) => { rows[0]!.get('牵头部门')!.value = '越权'; });
    expect((await send(f.c.bAdmin, file)).statusCode).toBe(404);
    expect((await send(f.c.aSecretary, file)).statusCode).toBe(403);
    // The committee sees the table but may not divide a unit's tasks.
    const committee = await send(f.c.admin, file);
    expect(committee.statusCode).toBe(400);
    expect(committee.json().code).toBe('WORK_DIVISION_IMPORT_INVALID');
    expect(await snapshot()).toEqual(before);
  });
});
