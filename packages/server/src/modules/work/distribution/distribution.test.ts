import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { FREQUENCIES, periodPlan, type DueRule, type Frequency } from '@qingdan/core';
import { createHarness, type Harness } from '../../../testing/harness.ts';
import { insertList } from '../../lists/lifecycle/test-fixture.ts';
import { onListIssued } from '../../lists/lifecycle/hooks.ts';
import { onOrgActivated } from '../../org/hooks.ts';
import { assignmentOf, buildWorkFixture, FIXTURE_YEAR, insertOrg, periodOf, setToday, FIXTURE_TODAY, type WorkFixture } from '../test-fixture.ts';
import { distributeList, planSql } from './distribute.ts';
import { SYSTEM_ACTOR } from '../../audit/record.ts';
import { write } from '../../../write.ts';

let h: Harness;
let f: WorkFixture;

beforeAll(async () => {
  h = await createHarness();
  f = await buildWorkFixture(h);
});
afterAll(async () => {
  await h.close();
});

const k = () => h.deps.db.kysely;
const sorted = (ids: number[]) => [...ids].sort((x, y) => x - y);

async function taskIdsOf(orgId: number, listId = f.listId, withdrawn = false) {
  const r = await sql<{ task_id: number }>`
    SELECT task_id FROM assignments WHERE org_id = ${orgId} AND list_id = ${listId}
      AND (withdrawn_at IS NOT NULL) = ${withdrawn} ORDER BY task_id`.execute(k());
  return r.rows.map((x) => x.task_id);
}

async function count(query: ReturnType<typeof sql<{ n: number }>>) {
  return (await query.execute(k())).rows[0]!.n;
}

interface PeriodRow { id: number; seq: number; label: string; starts_on: string; ends_on: string; due_on: string; withdrawn: boolean; report_count: number }
async function periodsOf(orgId: number, taskId: number): Promise<PeriodRow[]> {
  const r = await sql<PeriodRow>`
    SELECT id, seq, label, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
           to_char(due_on, 'YYYY-MM-DD') AS due_on, withdrawn_at IS NOT NULL AS withdrawn, report_count
    FROM periods WHERE org_id = ${orgId} AND task_id = ${taskId} ORDER BY starts_on, seq, id`.execute(k());
  return r.rows;
}

const asPlan = (rows: PeriodRow[]) => rows.map((p) => ({ seq: p.seq, label: p.label, startsOn: p.starts_on, endsOn: p.ends_on, dueOn: p.due_on }));
const planOf = (frequency: Frequency, rule: DueRule, year = FIXTURE_YEAR) => periodPlan(frequency, rule, year).map(({ labelEn: _en, ...p }) => p);

/** A record in a period, as the records module stores it. */
async function addRecord(periodId: number) {
  const p = await k().selectFrom('periods').select(['unit_id', 'org_id', 'starts_on']).where('id', '=', periodId).executeTakeFirstOrThrow();
  const now = h.deps.clock.now();
  await k()
    .insertInto('reports')
    .values({ unit_id: p.unit_id, period_id: periodId, org_id: p.org_id, happened_on: p.starts_on, content: '开展活动', created_at: now, updated_at: now })
    .execute();
  await k().updateTable('periods').set({ report_count: sql`report_count + 1` }).where('id', '=', periodId).execute();
}

describe('issuing the list distributes it', () => {
  it('gives every holder the tasks of its level: party groups L1, organ committees L2, branches L3; the general branch inside the organ committee none', async () => {
    const t = f.tasks;
    for (const u of [f.a, f.b]) {
      expect(await taskIdsOf(u.partyGroupId)).toEqual(sorted([t.l1Yearly, t.l1Quarterly]));
      expect(await taskIdsOf(u.organCommitteeId)).toEqual(sorted([t.l2Monthly, t.l2HalfYearly, t.l2Once]));
      for (const b of u.branchIds) expect(await taskIdsOf(b)).toEqual(sorted([t.l3Monthly, t.l3Quarterly, t.l3Ongoing]));
      expect(await taskIdsOf(u.unitId)).toEqual([]);
    }
    expect(await taskIdsOf(f.b.generalBranchId!)).toEqual([]);
    expect(await taskIdsOf(f.base.ownerDeptId)).toEqual([]);
    // 2 units × (2 + 3 + 2 × 3) assignments; periods per unit: L1 1 + 4, L2 12 + 2 + 1, L3 2 × (12 + 4 + 1).
    expect(await count(sql`SELECT count(*)::int AS n FROM assignments WHERE list_id = ${f.listId}`)).toBe(22);
    expect(await count(sql`SELECT count(*)::int AS n FROM periods WHERE list_id = ${f.listId}`)).toBe(108);
  });

  it('copies the task, list, level and organisation onto every assignment and period, with the unit leading', async () => {
    const a = await k().selectFrom('assignments').selectAll().where('id', '=', await assignmentOf(h, f.a.branchIds[0], f.tasks.l3Quarterly)).executeTakeFirstOrThrow();
    expect(a).toMatchObject({ unit_id: f.a.unitId, list_id: f.listId, year: 2022, task_id: f.tasks.l3Quarterly, part_id: f.partIds[1], level_code: 'L3', org_id: f.a.branchIds[0], withdrawn_at: null, lead_department: '', owner_person_id: null });
    const p = await k().selectFrom('periods').selectAll().where('id', '=', f.periods.aBranch1Monthly1).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ unit_id: f.a.unitId, list_id: f.listId, year: 2022, task_id: f.tasks.l3Monthly, part_id: f.partIds[0], level_code: 'L3', org_id: f.a.branchIds[0], status: 'pending', report_count: 0, late_days: 0, withdrawn_at: null });
    const orphans = await count(sql`
      SELECT count(*)::int AS n FROM periods p JOIN assignments a ON a.unit_id = p.unit_id AND a.id = p.assignment_id
      WHERE p.list_id = ${f.listId} AND (a.task_id <> p.task_id OR a.org_id <> p.org_id OR a.level_code <> p.level_code OR a.part_id <> p.part_id)`);
    expect(orphans).toBe(0);
  });

  it('writes one audit entry summarising the distribution, by the account that issued', async () => {
    const rows = await k().selectFrom('audit_log').select(['action', 'actor_name', 'after']).where('entity_type', '=', 'workDistribution').where('entity_id', '=', String(f.listId)).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.action).toBe('work.distribute');
    expect(rows[0]!.actor_name).toContain('zzb_staff');
    expect(rows[0]!.after).toEqual({ listId: f.listId, year: 2022, assignments: 22, periods: 108 });
  });

  it('is idempotent: distributing again adds nothing and audits nothing', async () => {
    const audits = await count(sql`SELECT count(*)::int AS n FROM audit_log`);
    const again = await write(h.deps, SYSTEM_ACTOR, (w) => distributeList(w, { listId: f.listId, year: 2022 }));
    expect(again).toEqual({ assignments: 0, periods: 0 });
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log`)).toBe(audits);
  });

  it('plans the periods of the fixture tasks exactly as periodPlan', async () => {
    const tasks = await k().selectFrom('list_tasks').select(['id', 'frequency', 'due_rule']).where('list_id', '=', f.listId).execute();
    expect(new Set(tasks.map((t) => t.frequency))).toEqual(new Set(['yearly', 'quarterly', 'monthly', 'halfYearly', 'once', 'ongoing']));
    for (const task of tasks) {
      const assignment = await k().selectFrom('assignments').select('org_id').where('task_id', '=', task.id).orderBy('id').executeTakeFirstOrThrow();
      const rule = (typeof task.due_rule === 'string' ? JSON.parse(task.due_rule) : task.due_rule) as DueRule;
      expect(asPlan(await periodsOf(assignment.org_id, task.id))).toEqual(planOf(task.frequency, rule));
    }
  });

  it('plans in SQL what periodPlan plans, for every frequency and due rule, in a leap year too', async () => {
    const l = await insertList(h, f.base, 2031, 'draft');
    const rules: DueRule[] = [{ kind: 'yearEnd' }, { kind: 'afterPeriodEnd', days: 0 }, { kind: 'afterPeriodEnd', days: 45 }, { kind: 'date', date: '2024-02-29' }];
    const cases: { id: number; frequency: Frequency; rule: DueRule }[] = [];
    let seq = 10;
    for (const frequency of FREQUENCIES) {
      for (const rule of rules) {
        const r = await sql<{ id: number }>`
          INSERT INTO list_tasks (list_id, part_id, level_code, seq, code, content, frequency, due_rule)
          VALUES (${l.listId}, ${l.partId}, 'L3', ${seq}, ${`P-${seq}`}, '任务', ${frequency}, ${JSON.stringify(rule)}::jsonb) RETURNING id`.execute(k());
        cases.push({ id: r.rows[0]!.id, frequency, rule });
        seq += 1;
      }
    }
    // An empty due rule (the column's default) is due at the period's end, like yearEnd.
    const empty = await sql<{ id: number }>`
      INSERT INTO list_tasks (list_id, part_id, level_code, seq, code, content, frequency) VALUES (${l.listId}, ${l.partId}, 'L3', 99, 'P-99', '任务', 'monthly') RETURNING id`.execute(k());
    cases.push({ id: empty.rows[0]!.id, frequency: 'monthly', rule: { kind: 'yearEnd' } });
    for (const year of [2024, 2023]) {
      const rows = await sql<{ task_id: number; seq: number; label: string; starts_on: string; ends_on: string; due_on: string }>`
        SELECT task_id, seq, label, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, to_char(due_on, 'YYYY-MM-DD') AS due_on
        FROM (${planSql(l.listId, year)}) x ORDER BY task_id, seq`.execute(k());
      for (const c of cases) {
        const got = rows.rows.filter((r) => r.task_id === c.id).map((r) => ({ seq: r.seq, label: r.label, startsOn: r.starts_on, endsOn: r.ends_on, dueOn: r.due_on }));
        expect(got, `${c.frequency} ${JSON.stringify(c.rule)} ${year}`).toEqual(planOf(c.frequency, c.rule, year));
      }
    }
  });
});

describe('GET /api/work/lists/:listId/distribution', () => {
  const url = () => `/api/work/lists/${f.listId}/distribution`;

  it('counts assignments and periods by level and by unit for the committee', async () => {
    const res = await f.c.admin.get(url());
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.list).toMatchObject({ id: f.listId, year: 2022, status: 'issued' });
    expect(body.totals).toEqual({ units: 2, orgs: 8, assignments: 22, periods: 108, withdrawnAssignments: 0 });
    expect(body.byLevel).toEqual([
      { levelCode: 'L1', levelName: '党组(党委)', orgs: 2, assignments: 4, periods: 10 },
      { levelCode: 'L2', levelName: '机关党委', orgs: 2, assignments: 6, periods: 30 },
      { levelCode: 'L3', levelName: '党支部', orgs: 4, assignments: 12, periods: 68 },
    ]);
    expect(body.units.total).toBe(2);
    expect(body.units.items.map((u: { unitName: string }) => u.unitName)).toEqual(['省财政厅', '省教育厅']);
    expect(body.units.items[0]).toEqual({
      unitId: f.a.unitId,
      unitName: '省财政厅',
      unitCode: 'U-CZT',
      orgs: 4,
      assignments: 11,
      periods: 54,
      byLevel: [
        { levelCode: 'L1', orgs: 1, assignments: 2, periods: 5 },
        { levelCode: 'L2', orgs: 1, assignments: 3, periods: 15 },
        { levelCode: 'L3', orgs: 2, assignments: 6, periods: 34 },
      ],
    });
    // Province-wide readers see the same.
    expect((await f.c.inspector.get(url())).json().totals).toEqual(body.totals);
  });

  it('filters by unit name and pages', async () => {
    const q = (await f.c.admin.get(`${url()}?q=${encodeURIComponent('教育')}`)).json();
    expect(q.units).toMatchObject({ total: 1, items: [{ unitId: f.b.unitId }] });
    const p2 = (await f.c.admin.get(`${url()}?page=2&pageSize=1`)).json();
    expect(p2.units).toMatchObject({ total: 2, items: [{ unitId: f.b.unitId }] });
    const none = (await f.c.admin.get(`${url()}?q=${encodeURIComponent('100%')}`)).json();
    expect(none.units).toEqual({ items: [], total: 0 });
    expect((await f.c.admin.get(`${url()}?pageSize=500`)).statusCode).toBe(400);
  });

  it("limits a unit's people to their scope", async () => {
    const unit = (await f.c.aAdmin.get(url())).json();
    expect(unit.totals).toEqual({ units: 1, orgs: 4, assignments: 11, periods: 54, withdrawnAssignments: 0 });
    expect(unit.units.items.map((u: { unitId: number }) => u.unitId)).toEqual([f.a.unitId]);
    expect((await f.c.aLeader.get(url())).json().totals.assignments).toBe(11);
    const branch = (await f.c.aSecretary.get(url())).json();
    expect(branch.totals).toEqual({ units: 1, orgs: 1, assignments: 3, periods: 17, withdrawnAssignments: 0 });
    expect(branch.byLevel.map((l: { assignments: number }) => l.assignments)).toEqual([0, 0, 3]);
    const b = (await f.c.bAdmin.get(url())).json();
    expect(b.units.items.map((u: { unitId: number }) => u.unitId)).toEqual([f.b.unitId]);
  });

  it('answers 404 for a list the caller may not see or that does not exist, 400 for a bad id, 401 signed out', async () => {
    const draft = await insertList(h, f.base, 2030, 'draft');
    expect((await f.c.aAdmin.get(`/api/work/lists/${draft.listId}/distribution`)).statusCode).toBe(404);
    const empty = await f.c.admin.get(`/api/work/lists/${draft.listId}/distribution`);
    expect(empty.statusCode).toBe(200);
    expect(empty.json().totals).toEqual({ units: 0, orgs: 0, assignments: 0, periods: 0, withdrawnAssignments: 0 });
    expect((await f.c.admin.get('/api/work/lists/999999/distribution')).statusCode).toBe(404);
    const bad = await f.c.admin.get('/api/work/lists/abc/distribution');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION');
    expect((await h.app.inject({ method: 'GET', url: url() })).statusCode).toBe(401);
  });
});

describe('holders', () => {
  it('gives L2 to a general branch directly under a unit without an organ committee, and nothing to inactive organisations', async () => {
    const c = await insertOrg(h, f.base.rootId, 'unit', '省民政厅', 'U-MZT');
    const pg = await insertOrg(h, c, 'partyGroup', '中共省民政厅党组', 'U-MZT-PG', 'L1');
    const gb = await insertOrg(h, c, 'generalBranch', '省民政厅机关党总支', 'U-MZT-GB', 'L2');
    const inner = await insertOrg(h, gb, 'generalBranch', '省民政厅离退休党总支', 'U-MZT-GB2', 'L2');
    const b1 = await insertOrg(h, gb, 'branch', '省民政厅第一党支部', 'U-MZT-B1', 'L3');
    const b2 = await insertOrg(h, inner, 'branch', '省民政厅离退休党支部', 'U-MZT-B2', 'L3');
    const gone = await insertOrg(h, gb, 'branch', '省民政厅原第二党支部', 'U-MZT-B3', 'L3');
    await k().updateTable('orgs').set({ active: false }).where('id', '=', gone).execute();
    const counts = await write(h.deps, SYSTEM_ACTOR, (w) => distributeList(w, { listId: f.listId, year: 2022 }));
    expect(counts).toEqual({ assignments: 2 + 3 + 3 + 3, periods: 5 + 15 + 17 + 17 });
    expect(await taskIdsOf(pg)).toEqual(sorted([f.tasks.l1Yearly, f.tasks.l1Quarterly]));
    expect(await taskIdsOf(gb)).toEqual(sorted([f.tasks.l2Monthly, f.tasks.l2HalfYearly, f.tasks.l2Once]));
    expect(await taskIdsOf(inner)).toEqual([]);
    expect(await taskIdsOf(b1)).toHaveLength(3);
    expect(await taskIdsOf(b2)).toHaveLength(3);
    expect(await taskIdsOf(gone)).toEqual([]);
  });
});

describe('a failing hook issues nothing', () => {
  it('rolls the issue back with the distribution, then issues and distributes the 2023 list', async () => {
    const l = await insertList(h, f.base, 2023, 'approved');
    await sql`INSERT INTO list_tasks (list_id, part_id, level_code, seq, code, content, frequency) VALUES (${l.listId}, ${l.partId}, 'L3', 1, 'T2023-L3', '过好组织生活', 'quarterly')`.execute(k());
    const failing = async () => {
      throw new Error('notification failed');
    };
    onListIssued.push(failing);
    try {
      const res = await f.c.ownerStaff.post(`/api/lists/${l.listId}/issue`, { docSeq: 3, issueDate: '2023-01-10' });
      expect(res.statusCode).toBe(500);
    } finally {
      onListIssued.splice(onListIssued.indexOf(failing), 1);
    }
    expect((await k().selectFrom('responsibility_lists').select('status').where('id', '=', l.listId).executeTakeFirstOrThrow()).status).toBe('approved');
    expect(await count(sql`SELECT count(*)::int AS n FROM assignments WHERE list_id = ${l.listId}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM periods WHERE list_id = ${l.listId}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'workDistribution' AND entity_id = ${String(l.listId)}`)).toBe(0);

    const res = await f.c.ownerStaff.post(`/api/lists/${l.listId}/issue`, { docSeq: 3, issueDate: '2023-01-10' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await taskIdsOf(f.a.partyGroupId, l.listId)).toHaveLength(2);
    expect(await taskIdsOf(f.a.branchIds[0], l.listId)).toHaveLength(1);
    const p = await k().selectFrom('periods').select('year').where('list_id', '=', l.listId).where('org_id', '=', f.a.branchIds[0]).execute();
    expect(p.map((x) => x.year)).toEqual([2023, 2023, 2023, 2023]);
  });
});

describe('organisations created, restored or moved later', () => {
  const list2023 = async () => (await k().selectFrom('responsibility_lists').select('id').where('year', '=', 2023).where('status', '=', 'issued').executeTakeFirstOrThrow()).id;

  it('a new branch receives the tasks of the issued lists of this year and later', async () => {
    const res = await f.c.admin.post('/api/orgs', { name: '省财政厅国库处党支部', code: 'U-CZT-B03', kind: 'branch', parentId: f.a.organCommitteeId });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().id as number;
    expect(await taskIdsOf(id)).toEqual(sorted([f.tasks.l3Monthly, f.tasks.l3Quarterly, f.tasks.l3Ongoing]));
    expect(await taskIdsOf(id, await list2023())).toHaveLength(1);
    expect(asPlan(await periodsOf(id, f.tasks.l3Monthly))).toEqual(planOf('monthly', { kind: 'yearEnd' }));
    const audit = await k().selectFrom('audit_log').select(['action', 'org_path', 'unit_id', 'after']).where('action', '=', 'work.distributeToOrg').orderBy('seq').execute();
    expect(audit.map((a) => a.after)).toEqual([
      { listId: f.listId, year: 2022, orgId: id, reason: 'created', assignments: 3, periods: 17 },
      { listId: await list2023(), year: 2023, orgId: id, reason: 'created', assignments: 1, periods: 4 },
    ]);
    expect(audit[0]!.unit_id).toBe(f.a.unitId);
  });

  it('in a later year, a new organisation receives only that year’s lists', async () => {
    await setToday(h, '2023-02-01', f);
    try {
      const res = await f.c.admin.post('/api/orgs', { name: '省财政厅综合处党支部', code: 'U-CZT-B04', kind: 'branch', parentId: f.a.organCommitteeId });
      expect(res.statusCode, res.body).toBe(200);
      const id = res.json().id as number;
      expect(await taskIdsOf(id)).toEqual([]);
      expect(await taskIdsOf(id, await list2023())).toHaveLength(1);
    } finally {
      await setToday(h, FIXTURE_TODAY, f);
    }
  });

  it('a restored organisation receives what it lacks, and keeps what it had', async () => {
    // Dissolved before the list was issued: no assignments.
    const id = await insertOrg(h, f.b.organCommitteeId, 'branch', '省教育厅原后勤党支部', 'U-JYT-B09', 'L3');
    await k().updateTable('orgs').set({ active: false }).where('id', '=', id).execute();
    await k().deleteFrom('periods').where('org_id', '=', id).execute();
    await k().deleteFrom('assignments').where('org_id', '=', id).execute();
    const res = await f.c.admin.post(`/api/orgs/${id}/activate`, {});
    expect(res.statusCode, res.body).toBe(200);
    const had = await k().selectFrom('assignments').select('id').where('org_id', '=', id).orderBy('id').execute();
    expect(had).toHaveLength(3 + 1);
    const version = res.json().version as number;
    expect((await f.c.admin.post(`/api/orgs/${id}/deactivate`, { version })).statusCode).toBe(200);
    expect((await f.c.admin.post(`/api/orgs/${id}/activate`, {})).statusCode).toBe(200);
    expect(await k().selectFrom('assignments').select('id').where('org_id', '=', id).orderBy('id').execute()).toEqual(had);
  });

  it('a moved branch keeps its work (same assignments and periods) and gets no second set', async () => {
    const branch = f.a.branchIds[1];
    const before = await k().selectFrom('assignments').select(['id', 'unit_id']).where('org_id', '=', branch).orderBy('id').execute();
    const periods = await count(sql`SELECT count(*)::int AS n FROM periods WHERE org_id = ${branch}`);
    const org = (await f.c.admin.get(`/api/orgs/${branch}`)).json();
    const res = await f.c.admin.post(`/api/orgs/${branch}/move`, { parentId: f.b.generalBranchId, version: org.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(await k().selectFrom('assignments').select(['id', 'unit_id']).where('org_id', '=', branch).orderBy('id').execute()).toEqual(before);
    expect(await count(sql`SELECT count(*)::int AS n FROM periods WHERE org_id = ${branch}`)).toBe(periods);
    // Its work now shows under the organisation's new place: unit B's administrator sees it.
    expect((await f.c.bAdmin.get(`/api/work/lists/${f.listId}/distribution`)).json().totals.orgs).toBe(4 + 1 + 1);
  });

  it('a failing hook leaves the organisation uncreated', async () => {
    const failing = async () => {
      throw new Error('boom');
    };
    onOrgActivated.push(failing);
    try {
      const res = await f.c.admin.post('/api/orgs', { name: '省财政厅临时党支部', code: 'U-CZT-B99', kind: 'branch', parentId: f.a.organCommitteeId });
      expect(res.statusCode).toBe(500);
    } finally {
      onOrgActivated.splice(onOrgActivated.indexOf(failing), 1);
    }
    expect(await k().selectFrom('orgs').select('id').where('code', '=', 'U-CZT-B99').executeTakeFirst()).toBeUndefined();
    expect(await count(sql`SELECT count(*)::int AS n FROM assignments a JOIN orgs o ON o.id = a.org_id WHERE o.code = 'U-CZT-B99'`)).toBe(0);
  });
});

describe('a published revision reaches the units', () => {
  it('withdraws, re-plans and adds, keeping recorded work', async () => {
    const [a1, a2] = f.a.branchIds;
    const [b1] = f.b.branchIds;
    const t = f.tasks;
    // Work already done: a record in January (monthly task), in the first half (half-yearly task)
    // and in the ongoing task, which will be withdrawn; B1's ongoing period is approved.
    const jan = await periodOf(h, a1, t.l3Monthly, 1);
    await addRecord(jan);
    const h1 = await periodOf(h, f.a.organCommitteeId, t.l2HalfYearly, 1);
    const h2 = await periodOf(h, f.a.organCommitteeId, t.l2HalfYearly, 2);
    await addRecord(h1);
    await addRecord(f.periods.aBranch1Ongoing);
    const approved = await periodOf(h, b1, t.l3Ongoing, 1);
    await addRecord(approved);
    await k().updateTable('periods').set({ status: 'approved' }).where('id', '=', approved).execute();
    const reports = await count(sql`SELECT count(*)::int AS n FROM reports`);

    const own = f.c.ownerStaff;
    const rev = await own.post(`/api/lists/${f.listId}/revisions`, { reason: '调整任务' });
    expect(rev.statusCode, rev.body).toBe(200);
    const task = async (id: number) => k().selectFrom('list_tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const monthly = await task(t.l3Monthly);
    const edit1 = await own.put(`/api/list-tasks/${t.l3Monthly}`, { partId: monthly.part_id, levelCode: 'L3', content: monthly.content, frequency: 'quarterly', dueRule: { kind: 'afterPeriodEnd', days: 15 }, version: monthly.version });
    expect(edit1.statusCode, edit1.body).toBe(200);
    const half = await task(t.l2HalfYearly);
    const edit2 = await own.put(`/api/list-tasks/${t.l2HalfYearly}`, { partId: half.part_id, levelCode: 'L2', content: half.content, frequency: 'halfYearly', dueRule: { kind: 'afterPeriodEnd', days: 30 }, version: half.version });
    expect(edit2.statusCode, edit2.body).toBe(200);
    expect((await own.delete(`/api/list-tasks/${t.l3Ongoing}`)).json()).toEqual({ ok: true, withdrawn: true });
    const added = await own.post(`/api/lists/${f.listId}/tasks`, { partId: f.partIds[0], levelCode: 'L2', content: '每季度开展一次党建督查', frequency: 'quarterly' });
    expect(added.statusCode, added.body).toBe(200);
    const newTask = added.json().id as number;

    const pub = await own.post(`/api/list-revisions/${rev.json().id}/publish`, { notice: '调整部分任务的频次' });
    expect(pub.statusCode, pub.body).toBe(200);

    // The monthly task is now quarterly: January's recorded period stays, the other months go.
    const quarterly = planOf('quarterly', { kind: 'afterPeriodEnd', days: 15 });
    const a1Periods = await periodsOf(a1, t.l3Monthly);
    expect(a1Periods.map((p) => p.id)).toContain(jan);
    expect(asPlan(a1Periods.filter((p) => p.id !== jan))).toEqual(quarterly);
    expect(a1Periods.find((p) => p.id === jan)).toMatchObject({ label: '1月', report_count: 1, withdrawn: false });
    expect(asPlan(await periodsOf(a2, t.l3Monthly))).toEqual(quarterly);
    // The due rule changed alone: both halves keep their ids, the recorded one its record.
    const halves = await periodsOf(f.a.organCommitteeId, t.l2HalfYearly);
    expect(halves.map((p) => p.id)).toEqual([h1, h2]);
    expect(asPlan(halves)).toEqual(planOf('halfYearly', { kind: 'afterPeriodEnd', days: 30 }));
    // The withdrawn task: assignments and unfinished periods withdrawn, the approved one stays, records stay.
    expect(await taskIdsOf(a1, f.listId, true)).toEqual([t.l3Ongoing]);
    expect(await periodsOf(a1, t.l3Ongoing)).toEqual([expect.objectContaining({ id: f.periods.aBranch1Ongoing, withdrawn: true, report_count: 1 })]);
    expect(await periodsOf(b1, t.l3Ongoing)).toEqual([expect.objectContaining({ id: approved, withdrawn: false })]);
    expect(await count(sql`SELECT count(*)::int AS n FROM reports`)).toBe(reports);
    // The new task reaches every L2 holder.
    expect(await taskIdsOf(f.a.organCommitteeId)).toContain(newTask);
    expect(await taskIdsOf(f.b.organCommitteeId)).toContain(newTask);
    expect(asPlan(await periodsOf(f.b.organCommitteeId, newTask))).toEqual(planOf('quarterly', { kind: 'yearEnd' }));
    expect(await taskIdsOf(f.b.generalBranchId!)).toEqual([]);

    const audit = await k().selectFrom('audit_log').select(['actor_name', 'after']).where('action', '=', 'work.redistribute').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_name).toContain('zzb_staff');
    expect(audit[0]!.after).toMatchObject({ listId: f.listId, replannedTasks: 2, restoredAssignments: 0 });
    const dist = (await f.c.admin.get(`/api/work/lists/${f.listId}/distribution`)).json();
    expect(dist.totals.withdrawnAssignments).toBeGreaterThan(0);
  });

  it('a task moved to another level leaves its old holders and reaches the new ones; moved back, the old work returns', async () => {
    const t = f.tasks;
    const own = f.c.ownerStaff;
    const once = await k().selectFrom('list_tasks').selectAll().where('id', '=', t.l2Once).executeTakeFirstOrThrow();
    const before = await k().selectFrom('assignments').select('id').where('task_id', '=', t.l2Once).where('withdrawn_at', 'is', null).orderBy('id').execute();
    const move = async (levelCode: string) => {
      const rev = await own.post(`/api/lists/${f.listId}/revisions`, { reason: '调整层级' });
      expect(rev.statusCode, rev.body).toBe(200);
      const cur = await k().selectFrom('list_tasks').select('version').where('id', '=', t.l2Once).executeTakeFirstOrThrow();
      const edit = await own.put(`/api/list-tasks/${t.l2Once}`, { partId: once.part_id, levelCode, content: once.content, frequency: 'once', dueRule: { kind: 'date', date: '2022-06-30' }, version: cur.version });
      expect(edit.statusCode, edit.body).toBe(200);
      expect((await own.post(`/api/list-revisions/${rev.json().id}/publish`, { notice: '调整层级' })).statusCode).toBe(200);
    };
    await move('L1');
    expect(await taskIdsOf(f.a.organCommitteeId, f.listId, true)).toContain(t.l2Once);
    expect(await taskIdsOf(f.a.partyGroupId)).toContain(t.l2Once);
    await move('L2');
    const after = await k().selectFrom('assignments').select('id').where('task_id', '=', t.l2Once).where('level_code', '=', 'L2').where('withdrawn_at', 'is', null).orderBy('id').execute();
    expect(after).toEqual(before);
    expect(await periodsOf(f.a.organCommitteeId, t.l2Once)).toEqual([expect.objectContaining({ id: f.periods.aOrganOnce, withdrawn: false })]);
    expect(await taskIdsOf(f.a.partyGroupId, f.listId, true)).toContain(t.l2Once);
  });
});
