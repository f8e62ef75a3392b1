import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Role } from '@qingdan/core';
import { adminClient, Client, createHarness, TEST_PASSWORD, type Harness } from '../../../testing/harness.ts';
import { hashPassword } from '../../auth/passwords.ts';

let h: Harness;
let admin: Client;
let rootId: number;
const ids = {} as Record<'orgDept' | 'propDept' | 'discDept' | 'unitA' | 'unitB' | 'pgA' | 'list' | 'part1' | 'part2' | 'task1' | 'task2' | 'task3', number>;

async function org(parentId: number, kind: string, name: string, code: string): Promise<number> {
  const res = await admin.post('/api/orgs', { parentId, kind, name, code });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id;
}

/** A signed-in user with one grant. */
async function userClient(username: string, role: Role, orgId: number): Promise<Client> {
  const k = h.deps.db.kysely;
  const o = await k.selectFrom('orgs').select(['path', 'unit_id']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const person = await k
    .insertInto('people')
    .values({ org_id: orgId, unit_id: o.unit_id, org_path: o.path, code: `P-${username}`, name: `用户${username}`, post: '工作人员' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .insertInto('accounts')
    .values({ person_id: person.id, username, password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false })
    .execute();
  await k.insertInto('role_grants').values({ person_id: person.id, role, org_id: orgId }).execute();
  const c = new Client(h.app);
  const res = await c.login(username);
  expect(res.statusCode, res.body).toBe(200);
  return c;
}

const DAY = 86_400_000;
const dateIn = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(h.deps.clock.now().getTime() + days * DAY));

async function listStatus() {
  const r = await h.deps.db.kysely.selectFrom('responsibility_lists').select('status').where('id', '=', ids.list).executeTakeFirstOrThrow();
  return r.status;
}

let orgStaff: Client; // staff of the owner (organisation) department: manages the list
let propStaff: Client; // 宣传部 staff: invited
let discStaff: Client; // 纪检 staff: not invited
let unitAAdmin: Client; // invited unit
let unitBAdmin: Client; // not invited unit
let leaderA: Client; // inside unit A: comments as unit A

beforeAll(async () => {
  h = await createHarness();
  admin = await adminClient(h);
  rootId = (await admin.get('/api/orgs/roots')).json().items[0].id;
  ids.orgDept = await org(rootId, 'department', '组织部', 'ZZB');
  ids.propDept = await org(rootId, 'department', '宣传部', 'XCB');
  ids.discDept = await org(rootId, 'department', '纪工委', 'JGW');
  ids.unitA = await org(rootId, 'unit', '省教育厅', 'JYT');
  ids.unitB = await org(rootId, 'unit', '省财政厅', 'CZT');
  ids.pgA = await org(ids.unitA, 'partyGroup', '省教育厅党组', 'JYT-DZ');

  const k = h.deps.db.kysely;
  const list = await k
    .insertInto('responsibility_lists')
    .values({ year: 2026, title: '省直机关2026年度党建工作责任清单', owner_org_id: ids.orgDept })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.list = list.id;
  const part = async (seq: number, title: string) =>
    (await k.insertInto('list_parts').values({ list_id: ids.list, seq, title, drafting_org_id: ids.orgDept }).returning('id').executeTakeFirstOrThrow()).id;
  ids.part1 = await part(1, '党的政治建设');
  ids.part2 = await part(2, '党的组织建设');
  const task = async (partId: number, level: string, seq: number, code: string, content: string) =>
    (await k
      .insertInto('list_tasks')
      .values({ list_id: ids.list, part_id: partId, level_code: level, seq, code, content, frequency: 'yearly' })
      .returning('id')
      .executeTakeFirstOrThrow()).id;
  // Official numbers: part 1 L1 (1), part 1 L2 (2), part 2 L1 (3).
  ids.task2 = await task(ids.part1, 'L2', 1, 'T2', '机关党委每季度研究党建工作');
  ids.task1 = await task(ids.part1, 'L1', 1, 'T1', '党组每年听取党建工作汇报');
  ids.task3 = await task(ids.part2, 'L1', 1, 'T3', '落实“三会一课”制度');

  orgStaff = await userClient('zzb', 'departmentStaff', ids.orgDept);
  propStaff = await userClient('xcb', 'departmentStaff', ids.propDept);
  discStaff = await userClient('jgw', 'departmentStaff', ids.discDept);
  unitAAdmin = await userClient('jytadmin', 'unitAdmin', ids.unitA);
  unitBAdmin = await userClient('cztadmin', 'unitAdmin', ids.unitB);
  leaderA = await userClient('jytleader', 'leader', ids.pgA);
});
afterAll(async () => h.close());

describe('opinions (征求意见)', () => {
  let roundId: number;
  const opinionIds: Record<string, number> = {};

  it('a unit cannot see the draft before it is invited', async () => {
    expect((await unitAAdmin.get(`/api/lists/${ids.list}/opinion-rounds`)).statusCode).toBe(404);
  });

  it('refuses bad rounds: no manager, inactive or wrong kind of organisation, past deadline', async () => {
    const body = { title: '第一轮征求意见', deadline: dateIn(7), orgIds: [ids.propDept, ids.unitA] };
    const notOwner = await propStaff.post(`/api/lists/${ids.list}/opinion-rounds`, body);
    expect(notOwner.statusCode).toBe(403);
    expect(notOwner.json().code).toBe('LIST_NOT_MANAGER');
    expect((await unitAAdmin.post(`/api/lists/${ids.list}/opinion-rounds`, body)).statusCode).toBe(403);
    const branchKind = await orgStaff.post(`/api/lists/${ids.list}/opinion-rounds`, { ...body, orgIds: [ids.pgA] });
    expect(branchKind.statusCode).toBe(400);
    expect(branchKind.json().code).toBe('OPINION_BAD_ORG');
    expect(branchKind.json().message).toContain('省教育厅党组');
    const missing = await orgStaff.post(`/api/lists/${ids.list}/opinion-rounds`, { ...body, orgIds: [999_999] });
    expect(missing.json().code).toBe('OPINION_BAD_ORG');
    const bad = await orgStaff.post(`/api/lists/${ids.list}/opinion-rounds`, { ...body, deadline: '2030-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION');
    const past = await orgStaff.post(`/api/lists/${ids.list}/opinion-rounds`, { ...body, deadline: dateIn(-1) });
    expect(past.json().code).toBe('OPINION_BAD_DEADLINE');
    const none = await orgStaff.post(`/api/lists/${ids.list}/opinion-rounds`, { ...body, orgIds: [] });
    expect(none.statusCode).toBe(400);
    expect(await listStatus()).toBe('draft');
    const rounds = await h.deps.db.kysely.selectFrom('opinion_rounds').select('id').execute();
    expect(rounds).toEqual([]);
  });

  it('opens a round: the list goes to soliciting with a transition row and audit', async () => {
    const res = await orgStaff.post(`/api/lists/${ids.list}/opinion-rounds`, {
      title: '第一轮征求意见',
      deadline: dateIn(7),
      orgIds: [ids.propDept, ids.unitA, ids.propDept],
    });
    expect(res.statusCode, res.body).toBe(200);
    roundId = res.json().id;
    expect(await listStatus()).toBe('soliciting');
    const k = h.deps.db.kysely;
    const tr = await k.selectFrom('list_transitions').selectAll().where('list_id', '=', ids.list).execute();
    expect(tr).toHaveLength(1);
    expect(tr[0]).toMatchObject({ from_status: 'draft', to_status: 'soliciting', comment: '发起征求意见', snapshot_id: null, actor_name: '用户zzb(zzb)' });
    const audit = await k.selectFrom('audit_log').select(['action', 'entity_type', 'entity_id']).where('action', 'in', ['opinionRound.open', 'list.openOpinions']).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['opinionRound.open', 'list.openOpinions']);

    const list = await admin.get(`/api/lists/${ids.list}/opinion-rounds`);
    expect(list.statusCode).toBe(200);
    expect(list.json().list.status).toBe('soliciting');
    expect(list.json().total).toBe(1);
    const r = list.json().items[0];
    expect(r).toMatchObject({ id: roundId, status: 'open', opinionCount: 0, answeredCount: 0, pastDeadline: false, commentOrg: null });
    expect(r.orgs.map((o: { name: string }) => o.name).sort()).toEqual(['宣传部', '省教育厅'].sort());
  });

  it('an invited unit now sees the draft and the round, and may comment; an uninvited one may not', async () => {
    const seen = await unitAAdmin.get(`/api/lists/${ids.list}/opinion-rounds`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().items[0].commentOrg).toEqual({ id: ids.unitA, name: '省教育厅' });
    expect((await unitBAdmin.get(`/api/lists/${ids.list}/opinion-rounds`)).statusCode).toBe(404);
    expect((await unitBAdmin.get(`/api/opinion-rounds/${roundId}`)).statusCode).toBe(404);
    expect((await unitBAdmin.post(`/api/opinion-rounds/${roundId}/opinions`, { targetType: 'list', targetId: ids.list, content: 'x' })).statusCode).toBe(404);
  });

  it('invited organisations give opinions on the whole list, a part and a task', async () => {
    const give = async (c: Client, targetType: string, targetId: number, content: string) => {
      const res = await c.post(`/api/opinion-rounds/${roundId}/opinions`, { targetType, targetId, content });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().id as number;
    };
    opinionIds.prop = await give(propStaff, 'task', ids.task2, '建议明确季度研究的具体时间');
    opinionIds.propList = await give(propStaff, 'list', ids.list, '建议增加意识形态工作内容');
    opinionIds.unitA = await give(unitAAdmin, 'part', ids.part2, '建议细化组织建设要求');
    opinionIds.leader = await give(leaderA, 'task', ids.task3, '建议增加主题党日');
    const o = await h.deps.db.kysely.selectFrom('opinions').select(['id', 'org_id']).orderBy('id').execute();
    expect(o.map((x) => x.org_id)).toEqual([ids.propDept, ids.propDept, ids.unitA, ids.unitA]);
  });

  it('refuses opinions from the uninvited, on foreign targets, and empty ones', async () => {
    const notInvited = await discStaff.post(`/api/opinion-rounds/${roundId}/opinions`, { targetType: 'list', targetId: ids.list, content: '意见' });
    expect(notInvited.statusCode).toBe(403);
    expect(notInvited.json().code).toBe('OPINION_NOT_INVITED');
    expect(notInvited.json().message).toContain('未向您所在的部门或单位征求意见');
    const wrongList = await propStaff.post(`/api/opinion-rounds/${roundId}/opinions`, { targetType: 'list', targetId: ids.list + 1, content: '意见' });
    expect(wrongList.json().code).toBe('OPINION_BAD_TARGET');
    const wrongPart = await propStaff.post(`/api/opinion-rounds/${roundId}/opinions`, { targetType: 'part', targetId: 999_999, content: '意见' });
    expect(wrongPart.json().code).toBe('OPINION_BAD_TARGET');
    const empty = await propStaff.post(`/api/opinion-rounds/${roundId}/opinions`, { targetType: 'list', targetId: ids.list, content: '  ' });
    expect(empty.statusCode).toBe(400);
    const n = await h.deps.db.kysely.selectFrom('opinions').select('id').execute();
    expect(n).toHaveLength(4);
  });

  it('the committee sees every opinion with its target label; a unit only its own', async () => {
    const all = await orgStaff.get(`/api/opinion-rounds/${roundId}`);
    expect(all.statusCode).toBe(200);
    const ops = all.json().opinions as { orgName: string; targetLabel: string; authorName: string }[];
    expect(ops.map((o) => o.targetLabel)).toEqual(['第2项 机关党委每季度研究党建工作', '全文', '第二部分 党的组织建设', '第3项 落实“三会一课”制度']);
    expect(all.json().opinionCount).toBe(4);
    expect(all.json().orgs.find((o: { id: number }) => o.id === ids.unitA).opinionCount).toBe(2);

    const mine = await unitAAdmin.get(`/api/opinion-rounds/${roundId}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().opinions.map((o: { orgName: string }) => o.orgName)).toEqual(['省教育厅', '省教育厅']);
    expect(mine.json().opinionCount).toBe(2);
    expect(JSON.stringify(mine.json())).not.toContain('意识形态');
    const leader = await leaderA.get(`/api/opinion-rounds/${roundId}`);
    expect(leader.json().opinions).toHaveLength(2);
    const rounds = await unitAAdmin.get(`/api/lists/${ids.list}/opinion-rounds`);
    expect(rounds.json().items[0].opinionCount).toBe(2);
  });

  it('answers opinions: a reply is required unless adopted; only the manager answers', async () => {
    const noReply = await orgStaff.post(`/api/opinions/${opinionIds.prop}/answer`, { handling: 'notAdopted', reply: '' });
    expect(noReply.statusCode).toBe(400);
    expect(noReply.json().code).toBe('OPINION_REPLY_REQUIRED');
    expect((await propStaff.post(`/api/opinions/${opinionIds.prop}/answer`, { handling: 'adopted' })).json().code).toBe('LIST_NOT_MANAGER');
    expect((await unitAAdmin.post(`/api/opinions/${opinionIds.unitA}/answer`, { handling: 'adopted' })).statusCode).toBe(403);
    const ok = async (id: number, handling: string, reply = '') => {
      const res = await orgStaff.post(`/api/opinions/${id}/answer`, { handling, reply });
      expect(res.statusCode, res.body).toBe(200);
    };
    await ok(opinionIds.prop!, 'adopted');
    await ok(opinionIds.propList!, 'partlyAdopted', '已在第一部分增加相关内容');
    await ok(opinionIds.unitA!, 'notAdopted', '具体要求由各单位结合实际细化');
    const r = await orgStaff.get(`/api/opinion-rounds/${roundId}`);
    expect(r.json().answeredCount).toBe(3);
    expect(r.json().opinions[1]).toMatchObject({ handling: 'partlyAdopted', reply: '已在第一部分增加相关内容', repliedByName: '用户zzb' });
    const pending = await orgStaff.get(`/api/opinion-rounds/${roundId}?pending=true`);
    expect(pending.json().opinions.map((o: { id: number }) => o.id)).toEqual([opinionIds.leader]);
    const audit = await h.deps.db.kysely.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'opinion.answer').orderBy('seq').execute();
    expect(audit).toHaveLength(3);
  });

  it('exports the summary table (征求意见汇总表)', async () => {
    const res = await orgStaff.get(`/api/opinion-rounds/${roundId}/summary.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const cd = String(res.headers['content-disposition']);
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(cd)![1]!)).toMatch(/^省直机关2026年度党建工作责任清单征求意见汇总表_\d{8}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('征求意见汇总表');
    expect(ws.getCell('A1').value).toBe('《省直机关2026年度党建工作责任清单》征求意见汇总表');
    const row = (n: number) => [1, 2, 3, 4, 5, 6].map((c) => ws.getRow(n).getCell(c).value);
    expect(row(3)).toEqual(['序号', '提出单位', '针对内容', '意见建议', '处理情况', '说明']);
    expect(row(4)).toEqual([1, '宣传部', '第2项 机关党委每季度研究党建工作', '建议明确季度研究的具体时间', '采纳', '']);
    expect(row(5)).toEqual([2, '宣传部', '全文', '建议增加意识形态工作内容', '部分采纳', '已在第一部分增加相关内容']);
    expect(row(6)).toEqual([3, '省教育厅', '第二部分 党的组织建设', '建议细化组织建设要求', '未采纳', '具体要求由各单位结合实际细化']);
    expect(row(7)).toEqual([4, '省教育厅', '第3项 落实“三会一课”制度', '建议增加主题党日', '未处理', '']);
    expect(ws.getCell('A3').fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(ws.getCell('D5').border?.top?.style).toBe('thin');
    expect(ws.getCell('D5').alignment?.wrapText).toBe(true);

    // A unit's export holds its own opinions only.
    const unit = await unitAAdmin.get(`/api/opinion-rounds/${roundId}/summary.xlsx`);
    const uwb = new ExcelJS.Workbook();
    await uwb.xlsx.load(unit.rawPayload as unknown as ArrayBuffer);
    const uws = uwb.worksheets[0]!;
    expect(uws.rowCount).toBe(5);
    expect(uws.getRow(4).getCell(2).value).toBe('省教育厅');
  });

  it('refuses opinions after the deadline', async () => {
    h.deps.clock.advance(8 * DAY);
    try {
      // Sessions idle for a week have expired: sign in again in the future.
      await propStaff.login('xcb');
      await orgStaff.login('zzb');
      const late = await propStaff.post(`/api/opinion-rounds/${roundId}/opinions`, { targetType: 'list', targetId: ids.list, content: '迟到的意见' });
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('OPINION_PAST_DEADLINE');
      expect(late.json().message).toContain('截止');
      expect((await orgStaff.get(`/api/lists/${ids.list}/opinion-rounds`)).json().items[0].pastDeadline).toBe(true);
    } finally {
      h.deps.clock.advance(-8 * DAY);
      await propStaff.login('xcb');
      await orgStaff.login('zzb');
    }
  });

  it('closes the round: the list goes back to draft; no more opinions', async () => {
    // A second round keeps the list soliciting until it closes too.
    const second = await admin.post(`/api/lists/${ids.list}/opinion-rounds`, { title: '第二轮', deadline: dateIn(3), orgIds: [ids.discDept] });
    expect(second.statusCode, second.body).toBe(200);
    expect((await h.deps.db.kysely.selectFrom('list_transitions').select('id').execute())).toHaveLength(1);

    expect((await propStaff.post(`/api/opinion-rounds/${roundId}/close`)).json().code).toBe('LIST_NOT_MANAGER');
    const c1 = await orgStaff.post(`/api/opinion-rounds/${roundId}/close`);
    expect(c1.statusCode, c1.body).toBe(200);
    expect(c1.json().listStatus).toBe('soliciting');
    expect((await orgStaff.post(`/api/opinion-rounds/${roundId}/close`)).json().code).toBe('OPINION_ROUND_CLOSED');
    const closed = await propStaff.post(`/api/opinion-rounds/${roundId}/opinions`, { targetType: 'list', targetId: ids.list, content: '意见' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('OPINION_ROUND_CLOSED');

    const c2 = await orgStaff.post(`/api/opinion-rounds/${second.json().id}/close`);
    expect(c2.json().listStatus).toBe('draft');
    expect(await listStatus()).toBe('draft');
    const tr = await h.deps.db.kysely.selectFrom('list_transitions').selectAll().orderBy('id').execute();
    expect(tr.map((t) => `${t.from_status}→${t.to_status}`)).toEqual(['draft→soliciting', 'soliciting→draft']);
    expect(tr[1]!.comment).toBe('结束征求意见');
    const audit = await h.deps.db.kysely.selectFrom('audit_log').select(['action']).where('entity_type', '=', 'list').orderBy('seq').execute();
    expect(audit.map((x) => x.action)).toEqual(['list.openOpinions', 'list.closeOpinions']);
    const list = await h.deps.db.kysely.selectFrom('responsibility_lists').select('version').where('id', '=', ids.list).executeTakeFirstOrThrow();
    expect(list.version).toBe(3);

    // Opinions can still be answered while drafting; the invited unit still sees the draft.
    const late = await orgStaff.post(`/api/opinions/${opinionIds.leader}/answer`, { handling: 'adopted' });
    expect(late.statusCode).toBe(200);
    expect((await unitAAdmin.get(`/api/lists/${ids.list}/opinion-rounds`)).json().items).toHaveLength(1);
  });

  it('audits every write', async () => {
    const rows = await h.deps.db.kysely
      .selectFrom('audit_log')
      .select(['action'])
      .where('action', 'like', 'opinion%')
      .execute();
    const count = (a: string) => rows.filter((r) => r.action === a).length;
    expect(count('opinionRound.open')).toBe(2);
    expect(count('opinion.create')).toBe(4);
    expect(count('opinion.answer')).toBe(4);
    expect(count('opinionRound.close')).toBe(2);
    const unitEntries = await h.deps.db.kysely.selectFrom('audit_log').select('unit_id').where('action', '=', 'opinion.create').execute();
    expect(unitEntries.filter((e) => e.unit_id === ids.unitA)).toHaveLength(2);
  });
});
