/**
 * Test data of 一级抓一级 (docs/WORK.md), shared by the work, dashboard and notifications tests: a
 * small province built on the lists fixture (the committee, 组织部 owning the list, 宣传部 named
 * as a reviewer), two units, accounts for every role and the 2022 list issued through the API —
 * which distributes it (distributeList) — with tasks of every frequency at every level.
 *
 *   unit A 省财政厅: party group (L1), organ committee (L2), branches A1 and A2 (L3) under it
 *   unit B 省教育厅: party group (L1), organ committee (L2), branch B1 under it, and a general
 *                   branch inside the organ committee (level L2 but not a holder: its ancestor is
 *                   the L2 holder) with branch B2 under it
 *
 * The clock is set to FIXTURE_TODAY (noon, Beijing). Sessions time out by that clock too: move it
 * with `await setToday(h, date, f)`, which signs the fixture's clients in again (or
 * `h.deps.clock.setTo/advance`, then `await relogin(f)`). The fixture's own accounts are
 * `LazyClient`s: they sign in on their first request.
 */
import { sql } from 'kysely';
import type { Role } from '@qingdan/core';
import type { LightMyRequestResponse } from 'fastify';
import { Client, TEST_PASSWORD, type Harness } from '../../testing/harness.ts';
import { hashPassword } from '../auth/passwords.ts';
import { buildFixture, insertList, type Fixture } from '../lists/lifecycle/test-fixture.ts';
import { distributeList } from './distribution/distribute.ts';
import { SYSTEM_ACTOR } from '../audit/record.ts';
import { write } from '../../write.ts';

export const FIXTURE_YEAR = 2022;
/** The fixture's "today" after building: Q1 and the first months of 2022 are past due. */
export const FIXTURE_TODAY = '2022-04-15';

export interface UnitOrgs {
  unitId: number;
  partyGroupId: number;
  organCommitteeId: number;
  /** The unit's two branches (L3 holders). */
  branchIds: [number, number];
  /** Unit B only: the general branch inside the organ committee (no tasks of its own). */
  generalBranchId?: number;
}

export interface WorkTasks {
  /** L1, yearly, due at year end; reviewed by the list's owner (组织部). */
  l1Yearly: number;
  /** L1, quarterly, due 10 days after each quarter; reviewer 宣传部. */
  l1Quarterly: number;
  /** L2, monthly, due 5 days after each month. */
  l2Monthly: number;
  /** L2, half-yearly, due at the end of each half (part 2). */
  l2HalfYearly: number;
  /** L2, once, due on 2022-06-30. */
  l2Once: number;
  /** L3, monthly, due at each month's end. */
  l3Monthly: number;
  /** L3, quarterly with a date rule (ignored for recurring tasks: due at each quarter's end) (part 2). */
  l3Quarterly: number;
  /** L3, ongoing (one period for the year). */
  l3Ongoing: number;
}

export interface WorkClients {
  /** 工委管理员 (committee administrator). */
  admin: Client;
  /** departmentStaff of 组织部, the list's owner (reviews party groups on tasks without a named reviewer). */
  ownerStaff: Client;
  /** departmentStaff of 宣传部, the reviewer named on l1Quarterly. */
  reviewerStaff: Client;
  /** inspector (province-wide reader). */
  inspector: Client;
  /** Unit A: branchSecretary on branch A1. */
  aSecretary: Client;
  /** Unit A: organStaff on the organ committee. */
  aOrganStaff: Client;
  /** Unit A: leader on the party group (reaches the whole unit). */
  aLeader: Client;
  /** Unit A: unitAdmin on the unit node. */
  aAdmin: Client;
  /** Unit A: viewer on the unit node. */
  aViewer: Client;
  /** Unit B: branchSecretary on branch B1. */
  bSecretary: Client;
  /** Unit B: organStaff on the organ committee. */
  bOrganStaff: Client;
  /** Unit B: unitAdmin on the unit node. */
  bAdmin: Client;
}

export interface WorkFixture {
  base: Fixture;
  year: number;
  listId: number;
  /** Part 1 (drafted by 宣传部) and part 2 (drafted by 组织部). */
  partIds: [number, number];
  ownerDeptId: number;
  reviewerDeptId: number;
  a: UnitOrgs;
  b: UnitOrgs;
  tasks: WorkTasks;
  c: WorkClients;
  /** The username of every client, for signing in again. */
  usernames: Map<Client, string>;
  /** Some period ids (seq 1 unless named otherwise). */
  periods: {
    aPartyGroupYearly: number;
    aPartyGroupQ1: number;
    aOrganMonthly1: number;
    aOrganOnce: number;
    aBranch1Monthly1: number;
    aBranch1Monthly2: number;
    aBranch2Monthly1: number;
    aBranch1Ongoing: number;
    bPartyGroupYearly: number;
    bOrganMonthly1: number;
    bBranch1Monthly1: number;
    bBranch2Monthly1: number;
  };
}

/**
 * A client that signs in on its first request, and again after `relogin` (sessions time out by
 * the business clock): tests pay only for the accounts they use.
 */
export class LazyClient extends Client {
  constructor(
    app: Harness['app'],
    readonly username: string,
  ) {
    super(app);
  }

  override async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    if (!this.cookie) {
      const res = await this.login(this.username);
      if (res.statusCode !== 200) throw new Error(`login ${this.username}: ${res.body}`);
    }
    return super.request(method, url, payload, headers);
  }
}

/** Insert an organisation under a parent (path, depth and unit worked out). */
export async function insertOrg(h: Harness, parentId: number, kind: string, name: string, code: string, levelCode: string | null = null): Promise<number> {
  const k = h.deps.db.kysely;
  const parent = await k.selectFrom('orgs').select(['path', 'depth', 'unit_id']).where('id', '=', parentId).executeTakeFirstOrThrow();
  const now = h.deps.clock.now();
  const row = await k
    .insertInto('orgs')
    .values({ parent_id: parentId, unit_id: parent.unit_id, kind, level_code: levelCode, name, short_name: name, code, path: '/', depth: parent.depth + 1, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .updateTable('orgs')
    .set({ path: `${parent.path}${row.id}/`, unit_id: kind === 'unit' ? row.id : parent.unit_id })
    .where('id', '=', row.id)
    .execute();
  return row.id;
}

/**
 * Set the clock to noon (Beijing) of a date. Sessions time out by the same clock (30 minutes
 * idle), so with a fixture its clients sign in again.
 */
export async function setToday(h: Harness, date: string, f?: WorkFixture): Promise<void> {
  h.deps.clock.setTo(new Date(`${date}T12:00:00+08:00`));
  if (f) await relogin(f);
}

/**
 * Sign the clients of the fixture in again (after moving the clock past the session timeouts):
 * the fixture's own accounts on their next request, the lists fixture's at once.
 */
export async function relogin(f: WorkFixture): Promise<void> {
  for (const [client, username] of f.usernames) {
    if (client instanceof LazyClient) {
      client.cookie = '';
      client.csrf = '';
      continue;
    }
    const res = await client.login(username);
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
  }
}

/** The id of a period: organisation, task and sequence number (1-based); throws when there is none. */
export async function periodOf(h: Harness, orgId: number, taskId: number, seq: number): Promise<number> {
  const r = await h.deps.db.kysely
    .selectFrom('periods')
    .select('id')
    .where('org_id', '=', orgId)
    .where('task_id', '=', taskId)
    .where('seq', '=', seq)
    .where('withdrawn_at', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  if (!r) throw new Error(`no period ${seq} of task ${taskId} for organisation ${orgId}`);
  return r.id;
}

/** The id of an assignment: organisation and task; throws when there is none. */
export async function assignmentOf(h: Harness, orgId: number, taskId: number): Promise<number> {
  const r = await h.deps.db.kysely.selectFrom('assignments').select('id').where('org_id', '=', orgId).where('task_id', '=', taskId).executeTakeFirst();
  if (!r) throw new Error(`no assignment of task ${taskId} for organisation ${orgId}`);
  return r.id;
}

async function addTask(
  h: Harness,
  listId: number,
  partId: number,
  level: string,
  seq: number,
  content: string,
  frequency: string,
  dueRule: object,
  reviewerOrgId: number | null = null,
): Promise<number> {
  const r = await sql<{ id: number }>`
    INSERT INTO list_tasks (list_id, part_id, level_code, seq, code, content, frequency, due_rule, reviewer_org_id)
    VALUES (${listId}, ${partId}, ${level}, ${seq}, ${`W-${level}-${partId}-${seq}`}, ${content}, ${frequency}, ${JSON.stringify(dueRule)}::jsonb, ${reviewerOrgId})
    RETURNING id`.execute(h.deps.db.kysely);
  return r.rows[0]!.id;
}

/** Build the province, issue and distribute the 2022 list, sign everyone in. */
export async function buildWorkFixture(h: Harness): Promise<WorkFixture> {
  await setToday(h, FIXTURE_TODAY);
  const base = await buildFixture(h);
  const k = h.deps.db.kysely;
  const usernames = new Map<Client, string>([
    [base.admin, 'admin'],
    [base.ownerStaff, 'zzb_staff'],
    [base.otherStaff, 'xcb_staff'],
    [base.unitViewer, 'czt_viewer'],
  ]);
  // Accounts share one password hash and sign in on their first request.
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const account = async (username: string, role: Role, orgId: number): Promise<Client> => {
    const org = await k.selectFrom('orgs').select(['path', 'unit_id']).where('id', '=', orgId).executeTakeFirstOrThrow();
    const person = await k
      .insertInto('people')
      .values({ org_id: orgId, unit_id: org.unit_id, org_path: org.path, code: `P-${username}`, name: `用户${username}`, post: '干部' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await k.insertInto('accounts').values({ person_id: person.id, username, password_hash: passwordHash, must_change_password: false }).execute();
    await k.insertInto('role_grants').values({ person_id: person.id, role, org_id: orgId }).execute();
    const client = new LazyClient(h.app, username);
    usernames.set(client, username);
    return client;
  };

  // Unit A is the lists fixture's unit (省财政厅).
  const aUnit = base.unitId;
  await k.updateTable('orgs').set({ sort_order: 1 }).where('id', '=', aUnit).execute();
  const aPg = await insertOrg(h, aUnit, 'partyGroup', '中共省财政厅党组', 'U-CZT-PG', 'L1');
  const aOc = await insertOrg(h, aUnit, 'organCommittee', '省财政厅机关党委', 'U-CZT-OC', 'L2');
  const aB1 = await insertOrg(h, aOc, 'branch', '省财政厅办公室党支部', 'U-CZT-B01', 'L3');
  const aB2 = await insertOrg(h, aOc, 'branch', '省财政厅预算处党支部', 'U-CZT-B02', 'L3');
  const bUnit = await insertOrg(h, base.rootId, 'unit', '省教育厅', 'U-JYT');
  await k.updateTable('orgs').set({ sort_order: 2 }).where('id', '=', bUnit).execute();
  const bPg = await insertOrg(h, bUnit, 'partyGroup', '中共省教育厅党组', 'U-JYT-PG', 'L1');
  const bOc = await insertOrg(h, bUnit, 'organCommittee', '省教育厅机关党委', 'U-JYT-OC', 'L2');
  const bB1 = await insertOrg(h, bOc, 'branch', '省教育厅办公室党支部', 'U-JYT-B01', 'L3');
  const bGb = await insertOrg(h, bOc, 'generalBranch', '省教育厅直属单位党总支', 'U-JYT-G01', 'L2');
  const bB2 = await insertOrg(h, bGb, 'branch', '省教育厅直属单位第一党支部', 'U-JYT-B02', 'L3');

  // The list: the lists fixture's part 1 with its two L1 tasks, made yearly and quarterly, and more.
  const l = await insertList(h, base, FIXTURE_YEAR, 'approved');
  const [l1Yearly, l1Quarterly] = l.taskIds as [number, number];
  await sql`UPDATE list_tasks SET frequency = 'yearly', due_rule = '{"kind":"yearEnd"}'::jsonb WHERE id = ${l1Yearly}`.execute(k);
  await sql`UPDATE list_tasks SET frequency = 'quarterly', due_rule = '{"kind":"afterPeriodEnd","days":10}'::jsonb, reviewer_org_id = ${base.otherDeptId}
            WHERE id = ${l1Quarterly}`.execute(k);
  const part2 = await sql<{ id: number }>`
    INSERT INTO list_parts (list_id, seq, title, drafting_org_id) VALUES (${l.listId}, 2, '加强党的组织建设', ${base.ownerDeptId}) RETURNING id`.execute(k);
  const p1 = l.partId;
  const p2 = part2.rows[0]!.id;
  const tasks: WorkTasks = {
    l1Yearly,
    l1Quarterly,
    l2Monthly: await addTask(h, l.listId, p1, 'L2', 1, '每月召开机关党委会议研究党建工作', 'monthly', { kind: 'afterPeriodEnd', days: 5 }),
    l2HalfYearly: await addTask(h, l.listId, p2, 'L2', 1, '每半年听取党支部工作汇报', 'halfYearly', { kind: 'yearEnd' }),
    l2Once: await addTask(h, l.listId, p1, 'L2', 2, '制定年度党建工作计划', 'once', { kind: 'date', date: '2022-06-30' }),
    l3Monthly: await addTask(h, l.listId, p1, 'L3', 1, '每月开展主题党日活动', 'monthly', { kind: 'yearEnd' }),
    l3Quarterly: await addTask(h, l.listId, p2, 'L3', 1, '每季度讲一次党课', 'quarterly', { kind: 'date', date: '2022-12-20' }),
    l3Ongoing: await addTask(h, l.listId, p2, 'L3', 2, '经常性开展谈心谈话', 'ongoing', { kind: 'yearEnd' }),
  };

  // Issue through the API: the onListIssued hook distributes the list. distributeList again
  // is a no-op then (and distributes when the hooks are not registered).
  const issued = await base.ownerStaff.post(`/api/lists/${l.listId}/issue`, { docSeq: 2, issueDate: '2022-03-18' });
  if (issued.statusCode !== 200) throw new Error(`issue: ${issued.body}`);
  await write(h.deps, SYSTEM_ACTOR, (w) => distributeList(w, { listId: l.listId, year: FIXTURE_YEAR }));

  const c: WorkClients = {
    admin: base.admin,
    ownerStaff: base.ownerStaff,
    reviewerStaff: base.otherStaff,
    inspector: await account('inspector1', 'inspector', base.rootId),
    aSecretary: await account('a_secretary', 'branchSecretary', aB1),
    aOrganStaff: await account('a_organ', 'organStaff', aOc),
    aLeader: await account('a_leader', 'leader', aPg),
    aAdmin: await account('a_admin', 'unitAdmin', aUnit),
    aViewer: base.unitViewer,
    bSecretary: await account('b_secretary', 'branchSecretary', bB1),
    bOrganStaff: await account('b_organ', 'organStaff', bOc),
    bAdmin: await account('b_admin', 'unitAdmin', bUnit),
  };

  const periods = {
    aPartyGroupYearly: await periodOf(h, aPg, tasks.l1Yearly, 1),
    aPartyGroupQ1: await periodOf(h, aPg, tasks.l1Quarterly, 1),
    aOrganMonthly1: await periodOf(h, aOc, tasks.l2Monthly, 1),
    aOrganOnce: await periodOf(h, aOc, tasks.l2Once, 1),
    aBranch1Monthly1: await periodOf(h, aB1, tasks.l3Monthly, 1),
    aBranch1Monthly2: await periodOf(h, aB1, tasks.l3Monthly, 2),
    aBranch2Monthly1: await periodOf(h, aB2, tasks.l3Monthly, 1),
    aBranch1Ongoing: await periodOf(h, aB1, tasks.l3Ongoing, 1),
    bPartyGroupYearly: await periodOf(h, bPg, tasks.l1Yearly, 1),
    bOrganMonthly1: await periodOf(h, bOc, tasks.l2Monthly, 1),
    bBranch1Monthly1: await periodOf(h, bB1, tasks.l3Monthly, 1),
    bBranch2Monthly1: await periodOf(h, bB2, tasks.l3Monthly, 1),
  };
  const f: WorkFixture = {
    base,
    year: FIXTURE_YEAR,
    listId: l.listId,
    partIds: [p1, p2],
    ownerDeptId: base.ownerDeptId,
    reviewerDeptId: base.otherDeptId,
    a: { unitId: aUnit, partyGroupId: aPg, organCommitteeId: aOc, branchIds: [aB1, aB2] },
    b: { unitId: bUnit, partyGroupId: bPg, organCommitteeId: bOc, branchIds: [bB1, bB2], generalBranchId: bGb },
    tasks,
    c,
    periods,
    usernames,
  };
  return f;
}
