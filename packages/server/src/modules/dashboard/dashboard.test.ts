import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createHarness, type Harness } from '../../testing/harness.ts';
import { buildWorkFixture, FIXTURE_TODAY, periodOf, setToday, type WorkFixture } from '../work/test-fixture.ts';

interface Progress { total: number; due: number; approved: number; submitted: number; returned: number; overdue: number; late: number; rate: number | null }
interface PeriodItem { id: number; periodId: number; orgId: number; dueOn: string; status: string; light: string; lateDays: number; taskId: number; unitId: number; orgName: string }

let h: Harness;
let f: WorkFixture;

async function countPeriods(where: ReturnType<typeof sql>): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM periods WHERE withdrawn_at IS NULL AND year = 2022 AND ${where}`.execute(h.deps.db.kysely);
  return r.rows[0]!.n;
}

async function setPeriod(id: number, status: string, lateDays = 0) {
  await sql`UPDATE periods SET status = ${status}, late_days = ${lateDays}, report_count = 1,
    submitted_at = CASE WHEN ${status} IN ('submitted', 'approved') THEN now() ELSE NULL END,
    approved_at = CASE WHEN ${status} = 'approved' THEN now() ELSE NULL END WHERE id = ${id}`.execute(h.deps.db.kysely);
}

beforeAll(async () => {
  h = await createHarness();
  f = await buildWorkFixture(h);
});
afterAll(async () => h.close());

describe('my tasks', () => {
  it('lists the branch secretary’s own periods by due date with lights, and only theirs', async () => {
    const res = await f.c.aSecretary.get('/api/dashboard/my-tasks?pageSize=200');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: PeriodItem[]; total: number; year: number; counts: Record<string, number>; today: string };
    const [b1] = f.a.branchIds;
    expect(body.year).toBe(2022);
    expect(body.today).toBe(FIXTURE_TODAY);
    expect(body.total).toBe(await countPeriods(sql`org_id = ${b1}`));
    expect(body.items.every((i) => i.orgId === b1)).toBe(true);
    const dues = body.items.map((i) => i.dueOn);
    expect(dues).toEqual([...dues].sort());
    // On 2022-04-15: January–March monthly and Q1 are past due; nothing is due within 7 days.
    expect(body.counts).toEqual({ red: 4, yellow: 0, green: body.total - 4, done: 0 });
    expect(body.items[0]).toMatchObject({ dueOn: '2022-01-31', status: 'pending', light: 'red', lateDays: 74 });
    expect(body.items[0]!.periodId).toBe(body.items[0]!.id);
  });

  it('counts approved as done, keeps the late mark, filters by light, status and text', async () => {
    await setPeriod(f.periods.aBranch1Monthly1, 'approved');
    await setPeriod(f.periods.aBranch1Monthly2, 'submitted', 3);
    const body = (await f.c.aSecretary.get('/api/dashboard/my-tasks?pageSize=200')).json() as { items: PeriodItem[]; counts: Record<string, number>; total: number };
    expect(body.counts.red).toBe(2);
    expect(body.counts.done).toBe(1);
    expect(body.items.find((i) => i.id === f.periods.aBranch1Monthly2)).toMatchObject({ status: 'submitted', light: 'green', lateDays: 3 });

    const red = (await f.c.aSecretary.get('/api/dashboard/my-tasks?light=red')).json() as { items: PeriodItem[]; total: number };
    expect(red.total).toBe(2);
    expect(red.items.every((i) => i.light === 'red')).toBe(true);
    const approved = (await f.c.aSecretary.get('/api/dashboard/my-tasks?status=approved')).json() as { items: PeriodItem[]; total: number };
    expect(approved.items.map((i) => i.id)).toEqual([f.periods.aBranch1Monthly1]);
    const text = (await f.c.aSecretary.get(`/api/dashboard/my-tasks?q=${encodeURIComponent('党课')}`)).json() as { items: PeriodItem[]; total: number };
    expect(text.total).toBe(4);
    expect(text.items.every((i) => i.taskId === f.tasks.l3Quarterly)).toBe(true);
    const page2 = (await f.c.aSecretary.get('/api/dashboard/my-tasks?page=2&pageSize=5')).json() as { items: PeriodItem[]; total: number };
    expect(page2.items).toHaveLength(5);
    expect(page2.total).toBe(body.total);
  });

  it('turns a light yellow and then red as the clock moves', async () => {
    const april = await sql<{ id: number }>`SELECT id FROM periods WHERE org_id = ${f.a.branchIds[0]} AND task_id = ${f.tasks.l3Monthly} AND seq = 4`.execute(h.deps.db.kysely);
    const id = april.rows[0]!.id;
    const lightOfApril = async () => ((await f.c.aSecretary.get('/api/dashboard/my-tasks?pageSize=200')).json() as { items: PeriodItem[] }).items.find((i) => i.id === id)!;
    expect((await lightOfApril()).light).toBe('green');
    await setToday(h, '2022-04-25', f);
    expect((await lightOfApril()).light).toBe('yellow');
    await setToday(h, '2022-05-03', f);
    expect(await lightOfApril()).toMatchObject({ light: 'red', lateDays: 3 });
    await setToday(h, FIXTURE_TODAY, f);
  });

  it('gives the unit administrator every organisation of the unit, and a viewer nothing', async () => {
    // Done periods are left out by default and counted in counts.done.
    const body = (await f.c.aAdmin.get('/api/dashboard/my-tasks?pageSize=1')).json() as { total: number; counts: Record<string, number> };
    expect(body.total).toBe(await countPeriods(sql`unit_id = ${f.a.unitId} AND status <> 'approved'`));
    expect(body.total + body.counts.done!).toBe(await countPeriods(sql`unit_id = ${f.a.unitId}`));
    const all = (await f.c.aAdmin.get('/api/dashboard/my-tasks?pageSize=1&showDone=1')).json() as { total: number };
    expect(all.total).toBe(await countPeriods(sql`unit_id = ${f.a.unitId}`));
    const viewer = (await f.c.aViewer.get('/api/dashboard/my-tasks')).json() as { total: number; items: unknown[] };
    expect(viewer).toMatchObject({ total: 0, items: [] });
  });

  it('refuses bad filters with a Chinese message', async () => {
    const res = await f.c.aSecretary.get('/api/dashboard/my-tasks?light=purple');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION' });
  });
});

describe('overview', () => {
  it('gives the committee every unit with totals, ranks and a heat map', async () => {
    const res = await f.c.admin.get('/api/dashboard/overview?year=2022');
    expect(res.statusCode).toBe(200);
    const o = res.json() as {
      province: Progress; units: (Progress & { id: number; rank: number; byPart: (Progress & { partId: number })[] })[];
      cells: (Progress & { unitId: number; partId: number; levelCode: string })[]; heatmap: { unitIds: number[]; partIds: number[]; rates: (number | null)[][] };
      parts: { id: number }[];
    };
    expect(o.units.map((u) => u.id).sort()).toEqual([f.a.unitId, f.b.unitId].sort());
    const a = o.units.find((u) => u.id === f.a.unitId)!;
    const b = o.units.find((u) => u.id === f.b.unitId)!;
    expect(a.total).toBe(await countPeriods(sql`unit_id = ${f.a.unitId}`));
    expect(a.approved).toBe(1);
    expect(a.submitted).toBe(1);
    expect(a.late).toBe(1);
    expect(b.approved).toBe(0);
    // Unit A completed one period due so far, unit B none: A ranks first.
    expect(a.rank).toBe(1);
    expect(b.rank).toBe(2);
    expect(a.rate).toBeCloseTo(1 / a.due, 4);
    expect(o.province.total).toBe(a.total + b.total);
    expect(o.province.overdue).toBe(a.overdue + b.overdue);
    const sumCells = o.cells.filter((c) => c.unitId === f.a.unitId).reduce((s, c) => s + c.total, 0);
    expect(sumCells).toBe(a.total);
    expect(o.parts.map((p) => p.id)).toEqual(f.partIds);
    expect(o.heatmap.unitIds).toEqual(o.units.map((u) => u.id));
    expect(o.heatmap.rates[0]).toHaveLength(2);
  });

  it('gives the parts of the year’s issued list for the part filters, by default the dashboards’ year', async () => {
    const res = await f.c.admin.get('/api/dashboard/parts?year=2022');
    expect(res.statusCode).toBe(200);
    const o = res.json() as { year: number; parts: { id: number; seq: number; title: string }[] };
    expect(o.year).toBe(2022);
    expect(o.parts.map((p) => p.id)).toEqual(f.partIds);
    expect(o.parts.every((p) => p.title.length > 0)).toBe(true);
    const byDefault = await f.c.admin.get('/api/dashboard/parts');
    expect(byDefault.json()).toEqual(o);
    expect((await f.c.admin.get('/api/dashboard/parts?year=2031')).json()).toEqual({ year: 2031, parts: [] });
    expect((await f.c.admin.get('/api/dashboard/parts?year=abc')).statusCode).toBe(400);
  });

  it('filters by level, part and reviewing department', async () => {
    const l3 = (await f.c.admin.get('/api/dashboard/overview?levelCode=L3')).json() as { province: Progress };
    expect(l3.province.total).toBe(await countPeriods(sql`level_code = 'L3'`));
    const dept = (await f.c.admin.get(`/api/dashboard/overview?departmentId=${f.reviewerDeptId}`)).json() as { province: Progress };
    expect(dept.province.total).toBe(await countPeriods(sql`task_id = ${f.tasks.l1Quarterly}`));
    const part = (await f.c.inspector.get(`/api/dashboard/overview?partId=${f.partIds[1]}`)).json() as { province: Progress; parts: { id: number }[] };
    expect(part.province.total).toBe(await countPeriods(sql`part_id = ${f.partIds[1]}`));
    expect(part.parts.map((p) => p.id)).toEqual([f.partIds[1]]);
  });

  it('shows a unit only its own numbers, and answers 404 for another unit', async () => {
    const o = (await f.c.aAdmin.get('/api/dashboard/overview')).json() as { units: { id: number }[]; province: Progress };
    expect(o.units.map((u) => u.id)).toEqual([f.a.unitId]);
    expect(o.province.total).toBe(await countPeriods(sql`unit_id = ${f.a.unitId}`));
    expect((await f.c.aAdmin.get(`/api/dashboard/overview?unitId=${f.b.unitId}`)).statusCode).toBe(404);
    const mine = (await f.c.aSecretary.get('/api/dashboard/overview')).json() as { units: { id: number }[]; province: Progress };
    expect(mine.units.map((u) => u.id)).toEqual([f.a.unitId]);
    expect(mine.province.total).toBe(await countPeriods(sql`org_id = ${f.a.branchIds[0]}`));
  });
});

describe('unit view', () => {
  it('counts by level × part, by organisation, lights and lates', async () => {
    const res = await f.c.aLeader.get(`/api/dashboard/units/${f.a.unitId}?year=2022`);
    expect(res.statusCode).toBe(200);
    const u = res.json() as {
      totals: Progress; orgs: (Progress & { id: number })[]; lights: { green: number; yellow: number; red: number; done: number };
      byLevelPart: (Progress & { levelCode: string; partId: number })[]; lates: { marked: number; overdue: number; maxDays: number };
    };
    const total = await countPeriods(sql`unit_id = ${f.a.unitId}`);
    expect(u.totals.total).toBe(total);
    expect(u.orgs.map((o) => o.id)).toEqual([f.a.partyGroupId, f.a.organCommitteeId, ...f.a.branchIds]);
    const b1 = u.orgs.find((o) => o.id === f.a.branchIds[0])!;
    expect(b1).toMatchObject({ total: await countPeriods(sql`org_id = ${f.a.branchIds[0]}`), approved: 1, submitted: 1, late: 1 });
    expect(u.lights.green + u.lights.yellow + u.lights.red + u.lights.done).toBe(total);
    expect(u.lights.done).toBe(1);
    expect(u.lights.red).toBe(u.totals.overdue);
    expect(u.lates.marked).toBe(1);
    expect(u.lates.maxDays).toBeGreaterThanOrEqual(74);
    const l3p1 = u.byLevelPart.find((c) => c.levelCode === 'L3' && c.partId === f.partIds[0])!;
    expect(l3p1.total).toBe(24);
  });

  it('answers 404 for another unit and for an organisation that is not a unit; a scope below the unit sees its own part', async () => {
    expect((await f.c.aAdmin.get(`/api/dashboard/units/${f.b.unitId}`)).statusCode).toBe(404);
    expect((await f.c.aAdmin.get(`/api/dashboard/units/${f.a.branchIds[0]}`)).statusCode).toBe(404);
    const mine = await f.c.aSecretary.get(`/api/dashboard/units/${f.a.unitId}`);
    expect(mine.statusCode).toBe(200);
    const orgs = (mine.json() as { orgs: { id: number }[] }).orgs.map((o) => o.id);
    expect(orgs).toEqual([f.a.branchIds[0]]);
  });
});

describe('organ committee matrix', () => {
  it('gives its own tasks and its branches × parts', async () => {
    const res = await f.c.aOrganStaff.get(`/api/dashboard/orgs/${f.a.organCommitteeId}/matrix`);
    expect(res.statusCode).toBe(200);
    const m = res.json() as {
      own: { totals: Progress; tasks: { taskId: number; total: number; nextDueOn: string | null; nextLight: string | null }[] };
      branches: (Progress & { id: number; cells: (Progress & { partId: number })[] })[];
      partTotals: (Progress & { partId: number })[];
    };
    expect(m.own.tasks.map((t) => t.taskId).sort()).toEqual([f.tasks.l2Monthly, f.tasks.l2Once, f.tasks.l2HalfYearly].sort());
    expect(m.own.tasks.find((t) => t.taskId === f.tasks.l2Monthly)).toMatchObject({ total: 12, nextDueOn: '2022-02-05', nextLight: 'red' });
    expect(m.branches.map((b) => b.id)).toEqual(f.a.branchIds);
    const b1 = m.branches[0]!;
    expect(b1.cells.find((c) => c.partId === f.partIds[0])).toMatchObject({ total: 12, approved: 1, submitted: 1, late: 1, overdue: 1 });
    expect(b1.cells.find((c) => c.partId === f.partIds[1])).toMatchObject({ total: 5, overdue: 1 });
    expect(m.partTotals.find((c) => c.partId === f.partIds[0])!.total).toBe(24);
  });

  it('includes branches under a general branch, and answers 404 outside the scope', async () => {
    const m = (await f.c.bOrganStaff.get(`/api/dashboard/orgs/${f.b.organCommitteeId}/matrix`)).json() as { branches: { id: number }[] };
    expect(m.branches.map((b) => b.id).sort()).toEqual([...f.b.branchIds].sort());
    expect((await f.c.aSecretary.get(`/api/dashboard/orgs/${f.a.organCommitteeId}/matrix`)).statusCode).toBe(404);
    expect((await f.c.aOrganStaff.get(`/api/dashboard/orgs/${f.b.organCommitteeId}/matrix`)).statusCode).toBe(404);
    // A branch shows its own tasks and no branches below it.
    const branch = (await f.c.aOrganStaff.get(`/api/dashboard/orgs/${f.a.branchIds[0]}/matrix`)).json() as { branches: unknown[]; own: { tasks: unknown[] } };
    expect(branch.branches).toEqual([]);
    expect(branch.own.tasks.length).toBeGreaterThan(0);
  });
});

describe('drill-down', () => {
  it('lists the periods in scope with filters', async () => {
    const late = (await f.c.inspector.get('/api/dashboard/periods?late=1')).json() as { items: PeriodItem[]; total: number };
    expect(late.items.map((i) => i.id)).toEqual([f.periods.aBranch1Monthly2]);
    const red = (await f.c.admin.get(`/api/dashboard/periods?light=red&unitId=${f.b.unitId}&pageSize=200`)).json() as { items: PeriodItem[]; total: number };
    expect(red.total).toBeGreaterThan(0);
    expect(red.items.every((i) => i.unitId === f.b.unitId && i.light === 'red')).toBe(true);
    const dept = (await f.c.ownerStaff.get(`/api/dashboard/periods?departmentId=${f.reviewerDeptId}`)).json() as { total: number };
    expect(dept.total).toBe(8);
    const byName = (await f.c.admin.get(`/api/dashboard/periods?q=${encodeURIComponent('预算处')}&pageSize=200`)).json() as { items: PeriodItem[]; total: number };
    expect(byName.total).toBe(await countPeriods(sql`org_id = ${f.a.branchIds[1]}`));
    const desc = (await f.c.admin.get('/api/dashboard/periods?order=desc&pageSize=3')).json() as { items: PeriodItem[] };
    expect(desc.items[0]!.dueOn >= desc.items[2]!.dueOn).toBe(true);
  });

  it('keeps a branch secretary to their branch and answers 404 for other units’ ids', async () => {
    const mine = (await f.c.bSecretary.get('/api/dashboard/periods?pageSize=200')).json() as { items: PeriodItem[]; total: number };
    expect(mine.total).toBe(await countPeriods(sql`org_id = ${f.b.branchIds[0]}`));
    expect(mine.items.every((i) => i.orgId === f.b.branchIds[0])).toBe(true);
    expect((await f.c.aAdmin.get(`/api/dashboard/periods?unitId=${f.b.unitId}`)).statusCode).toBe(404);
    expect((await f.c.aAdmin.get(`/api/dashboard/periods?orgId=${f.b.branchIds[0]}`)).statusCode).toBe(404);
  });
});

describe('the default order of the lists: what needs doing first, done last or hidden', () => {
  interface Item extends PeriodItem { label: string; taskCode: string }
  type Page = { items: Item[]; total: number; counts: Record<string, number> };
  const rank = (i: Item) => (i.status === 'approved' ? 2 : i.status === 'submitted' ? 1 : 0);
  /** Open first by due date (red, yellow, green follow from it), then awaiting review, then done. */
  const inOrder = (items: Item[]) =>
    items.every((x, n) => n === 0 || rank(items[n - 1]!) < rank(x) || (rank(items[n - 1]!) === rank(x) && items[n - 1]!.dueOn <= x.dueOn));
  const lightRank = { red: 0, yellow: 1, green: 2, done: 3 } as Record<string, number>;
  let ids: Record<string, number>;

  beforeAll(async () => {
    // Branch B1 of unit B on 2022-04-25 (yellow: due within 7 days): periods in every state.
    const [b1] = f.b.branchIds;
    ids = {
      jan: await periodOf(h, b1, f.tasks.l3Monthly, 1),
      feb: await periodOf(h, b1, f.tasks.l3Monthly, 2),
      mar: await periodOf(h, b1, f.tasks.l3Monthly, 3),
      apr: await periodOf(h, b1, f.tasks.l3Monthly, 4),
      may: await periodOf(h, b1, f.tasks.l3Monthly, 5),
      jun: await periodOf(h, b1, f.tasks.l3Monthly, 6),
      q1: await periodOf(h, b1, f.tasks.l3Quarterly, 1),
      ongoing: await periodOf(h, b1, f.tasks.l3Ongoing, 1),
    };
    await setPeriod(ids.jan!, 'approved'); // done, due 01-31
    await setPeriod(ids.feb!, 'submitted', 3); // awaiting review, due 02-28
    await setPeriod(ids.mar!, 'returned'); // open and overdue, due 03-31
    await setPeriod(ids.jun!, 'approved'); // done ahead of time, due 06-30
    await setPeriod(ids.ongoing!, 'approved'); // done: the ongoing task has no open period left
    // The organ committee's own tasks: the one-off task overdue since January, the half-yearly one awaiting review.
    const once = await periodOf(h, f.b.organCommitteeId, f.tasks.l2Once, 1);
    await sql`UPDATE periods SET due_on = '2022-01-10' WHERE id = ${once}`.execute(h.deps.db.kysely);
    for (const seq of [1, 2]) await setPeriod(await periodOf(h, f.b.organCommitteeId, f.tasks.l2HalfYearly, seq), 'submitted');
    await setToday(h, '2022-04-25', f);
  });
  afterAll(async () => setToday(h, FIXTURE_TODAY, f));

  it('我的任务 opens on the overdue periods, most overdue first, then due soon, then open by due date, then awaiting review; done hidden', async () => {
    const first = (await f.c.bSecretary.get('/api/dashboard/my-tasks?pageSize=4')).json() as Page;
    // March monthly and Q1 are both due 03-31 (part 1 before part 2), April's is due soon, May's next.
    expect(first.items.map((i) => i.id)).toEqual([ids.mar, ids.q1, ids.apr, ids.may]);
    expect(first.items.map((i) => i.light)).toEqual(['red', 'red', 'yellow', 'green']);
    expect(first.counts).toMatchObject({ red: 2, yellow: 1, done: 3 });
    expect(first.total).toBe(first.counts.red! + first.counts.yellow! + first.counts.green!);

    const all = (await f.c.bSecretary.get('/api/dashboard/my-tasks?pageSize=200')).json() as Page;
    expect(all.items).toHaveLength(all.total);
    expect(all.items.some((i) => i.status === 'approved')).toBe(false);
    expect(inOrder(all.items)).toBe(true);
    expect(all.items.at(-1)!.id).toBe(ids.feb);
    // Lights never go back up among the open ones.
    const open = all.items.filter((i) => i.status !== 'submitted').map((i) => lightRank[i.light]!);
    expect(open).toEqual([...open].sort((a, b) => a - b));

    // Pages are slices of the same order.
    const pages: Item[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 5); page++) {
      const p = (await f.c.bSecretary.get(`/api/dashboard/my-tasks?page=${page}&pageSize=5`)).json() as Page;
      expect(p.total).toBe(all.total);
      pages.push(...p.items);
    }
    expect(pages.map((i) => i.id)).toEqual(all.items.map((i) => i.id));
  });

  it('shows the done periods last with showDone, and when the filter asks for them', async () => {
    const all = (await f.c.bSecretary.get('/api/dashboard/my-tasks?pageSize=200&showDone=1')).json() as Page;
    expect(all.total).toBe(await countPeriods(sql`org_id = ${f.b.branchIds[0]}`));
    expect(all.items).toHaveLength(all.total);
    expect(inOrder(all.items)).toBe(true);
    expect(all.items.slice(-3).map((i) => i.id)).toEqual([ids.jan, ids.jun, ids.ongoing]);
    expect(all.items[0]!.id).toBe(ids.mar);
    const lastPage = (await f.c.bSecretary.get(`/api/dashboard/my-tasks?page=${Math.ceil(all.total / 5)}&pageSize=5&showDone=true`)).json() as Page;
    expect(lastPage.items.at(-1)!.id).toBe(ids.ongoing);

    const done = (await f.c.bSecretary.get('/api/dashboard/my-tasks?light=done')).json() as Page;
    expect(done.total).toBe(3);
    expect(done.items.map((i) => i.id)).toEqual([ids.jan, ids.jun, ids.ongoing]);
    const approved = (await f.c.bSecretary.get('/api/dashboard/my-tasks?status=approved')).json() as Page;
    expect(approved.total).toBe(3);
    const red = (await f.c.bSecretary.get('/api/dashboard/my-tasks?light=red')).json() as Page;
    expect(red.items.map((i) => i.id)).toEqual([ids.mar, ids.q1]);
  });

  it('the drill-down of a unit or organisation has the same default, done last (not hidden: its total matches the dashboards’ counts)', async () => {
    const list = (await f.c.admin.get(`/api/dashboard/periods?orgId=${f.b.branchIds[0]}&pageSize=200`)).json() as Page;
    expect(list.total).toBe(await countPeriods(sql`org_id = ${f.b.branchIds[0]}`));
    expect(inOrder(list.items)).toBe(true);
    expect(list.items.slice(0, 3).map((i) => i.id)).toEqual([ids.mar, ids.q1, ids.apr]);
    expect(list.items.slice(-3).map((i) => i.id)).toEqual([ids.jan, ids.jun, ids.ongoing]);
    const unit = (await f.c.admin.get(`/api/dashboard/periods?unitId=${f.b.unitId}&pageSize=10`)).json() as Page;
    expect(unit.items[0]!.light).toBe('red');
    expect(unit.items.every((i) => i.status === 'pending' || i.status === 'returned')).toBe(true);
    // Sorted by due date when asked.
    const asc = (await f.c.admin.get(`/api/dashboard/periods?orgId=${f.b.branchIds[0]}&order=asc&pageSize=1`)).json() as Page;
    expect(asc.items[0]!.id).toBe(ids.jan);
  });

  it('the organ committee’s own tasks: overdue first by their earliest open period, then awaiting review, done last', async () => {
    type Matrix = { own: { tasks: { taskId: number; nextDueOn: string | null; nextLight: string | null }[] } };
    const oc = (await f.c.bOrganStaff.get(`/api/dashboard/orgs/${f.b.organCommitteeId}/matrix`)).json() as Matrix;
    expect(oc.own.tasks.map((t) => t.taskId)).toEqual([f.tasks.l2Once, f.tasks.l2Monthly, f.tasks.l2HalfYearly]);
    expect(oc.own.tasks.map((t) => t.nextLight)).toEqual(['red', 'red', null]);
    const branch = (await f.c.admin.get(`/api/dashboard/orgs/${f.b.branchIds[0]}/matrix`)).json() as Matrix;
    // Monthly: March (03-31, part 1) ties with Q1 (03-31, part 2); the ongoing task is done.
    expect(branch.own.tasks.map((t) => t.taskId)).toEqual([f.tasks.l3Monthly, f.tasks.l3Quarterly, f.tasks.l3Ongoing]);
    expect(branch.own.tasks.map((t) => t.nextDueOn)).toEqual(['2022-03-31', '2022-03-31', null]);
  });
});
