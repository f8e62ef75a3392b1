import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { compareLists, lightOf, periodPlan, ROLES, type PeriodStatus } from '@qingdan/core';
import { buildSnapshot } from '../modules/lists/versions/snapshot.ts';
import { loadOfficialDocument } from '../modules/lists/documents/document-model.ts';
import { Client, createHarness, type Harness } from '../testing/harness.ts';
import { useTempFilesDir } from '../modules/lists/lifecycle/test-fixture.ts';
import { blobPath, sniffFile } from '../modules/files/store.ts';
import { reviewerOrgOf } from '../modules/work/policy.ts';
import { startClock } from '../modules/system/business-date.ts';
import { SystemClock, todayOf } from '../clock.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, planDemo, seedDemo, type SeedResult } from './seed.ts';
import { plan2022 } from './lists/seed-lists.ts';
import { DEMO_BUSINESS_DATE, LAGGING_UNIT_CODES } from './work/seed-work.ts';
import { topicOf } from './work/texts.ts';

let h: Harness;
let result: SeedResult;
let filesDir: string;
beforeAll(async () => {
  h = await createHarness();
  filesDir = useTempFilesDir(h);
  result = await seedDemo(h.deps);
});
afterAll(async () => h.close());

describe('demo seed', () => {
  it('builds the same province every time', () => {
    const a = planDemo(0, 0);
    const b = planDemo(0, 0);
    expect(a.people.map((p) => p.name)).toEqual(b.people.map((p) => p.name));
    expect(a.orgs.map((o) => o.name)).toEqual(b.orgs.map((o) => o.name));
  });

  it('has 100 units, about 3,000 branches and about 10,000 people', async () => {
    expect(result.units).toBe(100);
    expect(result.branches).toBeGreaterThan(2800);
    expect(result.branches).toBeLessThan(3200);
    expect(result.people).toBeGreaterThan(9000);
    const k = h.deps.db.kysely;
    const perUnit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orgs WHERE kind = 'branch' GROUP BY unit_id`.execute(k);
    expect(perUnit.rows.length).toBe(100);
    for (const r of perUnit.rows) {
      expect(r.n).toBeGreaterThanOrEqual(5);
      expect(r.n).toBeLessThanOrEqual(80);
    }
    const codes = await k.selectFrom('people').select('code').orderBy('id').limit(1).executeTakeFirstOrThrow();
    expect(codes.code).toBe('P000001');
  });

  it('keeps paths, depths and unit ids consistent with the parents', async () => {
    const bad = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM orgs c JOIN orgs p ON p.id = c.parent_id
      WHERE c.path <> p.path || c.id || '/' OR c.depth <> p.depth + 1
         OR (c.kind = 'unit' AND c.unit_id <> c.id)
         OR (c.kind NOT IN ('unit', 'department') AND c.unit_id IS DISTINCT FROM p.unit_id)`.execute(h.deps.db.kysely);
    expect(bad.rows[0]?.n).toBe(0);
    const people = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM people x JOIN orgs o ON o.id = x.org_id WHERE x.org_path <> o.path OR x.unit_id IS DISTINCT FROM o.unit_id`.execute(h.deps.db.kysely);
    expect(people.rows[0]?.n).toBe(0);
    const jyt = await h.deps.db.kysely.selectFrom('orgs').select(['kind', 'name', 'level_code']).where('code', 'in', ['U002-PG', 'U002-OC', 'U002-B001']).orderBy('code').execute();
    expect(jyt).toEqual([
      { kind: 'branch', name: '办公室党支部', level_code: 'L3' },
      { kind: 'organCommittee', name: '省教育厅机关党委', level_code: 'L2' },
      { kind: 'partyGroup', name: '中共省教育厅党组', level_code: 'L1' },
    ]);
  });

  it('creates a demo account for every role, each signing in with the demo password', async () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(ROLES));
    for (const a of DEMO_ACCOUNTS) {
      const c = new Client(h.app);
      const r = await c.login(a.username, DEMO_PASSWORD);
      expect(r.statusCode, a.username).toBe(200);
      expect(r.json().mustChangePassword).toBe(false);
      const me = (await c.get('/api/auth/me')).json();
      expect(me.grants.map((g: { role: string }) => g.role)).toEqual([a.role]);
      expect(me.demo).toBe(true);
    }
  });

  it('records the seed in the audit trail and leaves the id sequences after the seeded rows', async () => {
    const k = h.deps.db.kysely;
    const e = await k.selectFrom('audit_log').selectAll().where('action', '=', 'demo.seed').executeTakeFirstOrThrow();
    expect(e.after).toMatchObject({ units: 100, people: result.people });
    const max = await k.selectFrom('orgs').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow();
    const root = await k.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const now = h.deps.clock.now();
    const o = await k
      .insertInto('orgs')
      .values({ parent_id: root.id, unit_id: null, kind: 'department', level_code: null, name: '新部门', code: 'D99', path: '/', depth: 1, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(o.id).toBe(Number(max.m) + 1);
  });

  it('refuses to seed a database that has data', async () => {
    await expect(seedDemo(h.deps)).rejects.toThrow(/已有/);
  });
});

describe('demo lists', () => {
  const k = () => h.deps.db.kysely;
  const listOf = (year: number) => k().selectFrom('responsibility_lists').selectAll().where('year', '=', year).executeTakeFirstOrThrow();

  it('has the issued 2022 list: 104 tasks = 40 + 44 + 20, six parts each with all three levels', async () => {
    const l = await listOf(2022);
    expect(l).toMatchObject({ status: 'issued', title: '2022年省直机关党建工作责任清单', doc_number: '鄂直工发〔2022〕2号', doc_prefix: '鄂直工发', doc_seq: 2, notice_title: '关于印发《2022年省直机关党建工作责任清单》的通知', co_issuer: '省委党建办' });
    expect(String(l.issue_date)).toMatch(/2022-03-18|Mar 18 2022/);
    const attached = await k().selectFrom('source_documents').select(['kind', 'list_id']).where('attached', '=', true).execute();
    expect(attached).toEqual([{ kind: 'workPoints', list_id: l.id }]);
    const owner = await k().selectFrom('orgs').select(['name', 'kind']).where('id', '=', l.owner_org_id).executeTakeFirstOrThrow();
    expect(owner).toEqual({ name: '组织部', kind: 'department' });
    const levels = await sql<{ level_code: string; n: number }>`
      SELECT level_code, count(*)::int AS n FROM list_tasks WHERE list_id = ${l.id} AND withdrawn_at IS NULL GROUP BY level_code ORDER BY level_code`.execute(k());
    expect(levels.rows).toEqual([{ level_code: 'L1', n: 40 }, { level_code: 'L2', n: 44 }, { level_code: 'L3', n: 20 }]);
    const parts = await sql<{ seq: number; title: string; drafter: string; levels: number; sections: string | null }>`
      SELECT p.seq, p.title, o.name AS drafter, count(DISTINCT t.level_code)::int AS levels,
             (SELECT string_agg(s.title, '/' ORDER BY s.seq) FROM list_sections s WHERE s.part_id = p.id) AS sections
      FROM list_parts p JOIN orgs o ON o.id = p.drafting_org_id LEFT JOIN list_tasks t ON t.part_id = p.id
      WHERE p.list_id = ${l.id} GROUP BY p.id, p.seq, p.title, o.name ORDER BY p.seq`.execute(k());
    expect(parts.rows).toEqual([
      { seq: 1, title: '落实机关党建主体责任', drafter: '组织部', levels: 3, sections: null },
      { seq: 2, title: '政治建设', drafter: '组织部', levels: 3, sections: null },
      { seq: 3, title: '思想建设', drafter: '组织部', levels: 3, sections: null },
      { seq: 4, title: '组织建设', drafter: '组织部', levels: 3, sections: null },
      { seq: 5, title: '党风廉政建设', drafter: '纪检监察工委', levels: 3, sections: '作风建设/纪律建设/反腐败斗争' },
      { seq: 6, title: '精神文明建设', drafter: '宣传部', levels: 3, sections: null },
    ]);
    const s = await buildSnapshot(k(), l.id);
    expect(s.tasks.map((t) => t.number)).toEqual(Array.from({ length: 104 }, (_, i) => i + 1));
    // 第N项 is the list's own order, as written: its codes were given in that order (T2022-0001 …),
    // part 五 included, whose sections each hold their three levels.
    expect(s.tasks.map((t) => t.code)).toEqual(plan2022().map((t) => t.code));
    expect(s.tasks.find((t) => t.number === 77)).toMatchObject({ code: 'T2022-0077', levelCode: 'L1' });
    expect(s.tasks.find((t) => t.number === 79)).toMatchObject({ code: 'T2022-0079', levelCode: 'L2' });
    // The issued document prints part 五 as written: each section opens with its title, then its levels.
    const doc = await loadOfficialDocument(h.deps, l.id);
    expect(doc.parts[4]!.groups.map((g) => [g.section, g.level, g.rows.map((r) => r.number)])).toEqual([
      ['作风建设', '党组（党委）', [77, 78]],
      [null, '机关党委', [79, 80]],
      [null, '党支部', [81]],
      ['纪律建设', '党组（党委）', [82, 83, 84]],
      [null, '机关党委', [85, 86, 87]],
      [null, '党支部', [88]],
      ['反腐败斗争', '党组（党委）', [89, 90]],
      [null, '机关党委', [91, 92, 93]],
      [null, '党支部', [94]],
    ]);
    expect(doc.parts[0]!.groups.map((g) => g.section)).toEqual([null, null, null]);
    expect(s.tasks.every((t) => t.content.length > 10 && t.requirements !== '' && t.evidence !== '' && t.reviewerOrgId !== null)).toBe(true);
  });

  it('has the 2022 sources: an upper-level list of 12 aspects (8 involving the committee) and work points, fully covered', async () => {
    const l = await listOf(2022);
    const docs = await k().selectFrom('source_documents').select(['id', 'kind', 'title']).where('list_id', '=', l.id).orderBy('id').execute();
    expect(docs.map((d) => [d.kind, d.title])).toEqual([
      ['upperList', '省委2022年落实全面从严治党主体责任清单'],
      ['workPoints', '2022年省直机关党建工作要点'],
    ]);
    const aspects = await sql<{ involves: boolean; items: number }>`
      SELECT a.involves_committee AS involves, (SELECT count(*)::int FROM source_items i WHERE i.parent_id = a.id) AS items
      FROM source_items a WHERE a.document_id = ${docs[0]!.id} AND a.parent_id IS NULL ORDER BY a.seq`.execute(k());
    expect(aspects.rows.length).toBe(12);
    expect(aspects.rows.filter((a) => a.involves).length).toBe(8);
    for (const a of aspects.rows) {
      expect(a.items).toBeGreaterThanOrEqual(2);
      expect(a.items).toBeLessThanOrEqual(4);
    }
    // Required: leaves of the work points, and leaves of involving aspects. Each linked to a task.
    const uncovered = await sql<{ required: number; uncovered: number }>`
      SELECT count(*)::int AS required,
             count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM task_sources ts WHERE ts.source_item_id = i.id))::int AS uncovered
      FROM source_items i JOIN source_documents d ON d.id = i.document_id LEFT JOIN source_items p ON p.id = i.parent_id
      WHERE d.list_id = ${l.id} AND NOT EXISTS (SELECT 1 FROM source_items c WHERE c.parent_id = i.id)
        AND (d.kind = 'workPoints' OR (i.involves_committee AND coalesce(p.involves_committee, true)))`.execute(k());
    expect(uncovered.rows[0]!.required).toBeGreaterThan(30);
    expect(uncovered.rows[0]!.uncovered).toBe(0);
  });

  it('has the 2022 history: draft → inReview → approved → issued with snapshots and the approval meeting', async () => {
    const l = await listOf(2022);
    const ts = await k()
      .selectFrom('list_transitions as t')
      .innerJoin('list_snapshots as s', 's.id', 't.snapshot_id')
      .select(['t.from_status', 't.to_status', 's.label', 's.status', 's.data'])
      .where('t.list_id', '=', l.id)
      .orderBy('t.id')
      .execute();
    expect(ts.map((t) => [t.from_status, t.to_status, t.label, t.status])).toEqual([
      ['draft', 'inReview', '送审稿', 'inReview'],
      ['inReview', 'approved', '审定稿', 'approved'],
      ['approved', 'issued', '印发稿', 'issued'],
    ]);
    const issued = ts[2]!.data as { tasks: unknown[]; list: { docNumber: string } };
    expect(issued.tasks.length).toBe(104);
    expect(issued.list.docNumber).toBe('鄂直工发〔2022〕2号');
    const m = await k().selectFrom('approval_meetings').selectAll().where('list_id', '=', l.id).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ meeting_name: '工委书记办公会', decision: 'approved' });
    expect(String(m.meeting_date)).toMatch(/2022-03-15|Mar 15 2022/);
  });

  it('has the 2023 draft copied from 2022: origins, edits, additions, removals, sources partly traced', async () => {
    const l22 = await listOf(2022);
    const l23 = await listOf(2023);
    expect(l23).toMatchObject({ status: 'draft', copied_from_id: l22.id });
    const origins = await sql<{ total: number; with_origin: number; bad: number }>`
      SELECT count(*)::int AS total, count(t.origin_task_id)::int AS with_origin,
             count(*) FILTER (WHERE t.origin_task_id IS NOT NULL AND o.list_id <> ${l22.id})::int AS bad
      FROM list_tasks t LEFT JOIN list_tasks o ON o.id = t.origin_task_id WHERE t.list_id = ${l23.id}`.execute(k());
    expect(origins.rows[0]).toEqual({ total: 104, with_origin: 100, bad: 0 });
    const c = compareLists(await buildSnapshot(k(), l22.id), await buildSnapshot(k(), l23.id));
    expect(c.summary.added).toBe(4);
    expect(c.summary.removed).toBe(4);
    expect(c.summary.changed).toBeGreaterThanOrEqual(10);
    expect(c.changed.every((x) => x.match === 'origin')).toBe(true);
    expect(c.moved.map((m) => [m.moves, m.from.partTitle, m.to.partTitle])).toEqual([[['part'], '思想建设', '组织建设']]);
    expect(c.changed.some((x) => x.fields.some((f) => f.field === 'content' && f.diff?.some((d) => d.op === 'insert' && d.text.includes('二十大'))))).toBe(true);
    const cover = await sql<{ required: number; linked: number }>`
      SELECT count(*)::int AS required, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM task_sources ts WHERE ts.source_item_id = i.id))::int AS linked
      FROM source_items i JOIN source_documents d ON d.id = i.document_id
      WHERE d.list_id = ${l23.id} AND i.parent_id IS NOT NULL AND i.involves_committee`.execute(k());
    expect(cover.rows[0]!.linked).toBeGreaterThan(0);
    expect(cover.rows[0]!.linked).toBeLessThan(cover.rows[0]!.required);
  });
});

describe('demo work on the 2022 list', () => {
  const k = () => h.deps.db.kysely;
  const D = DEMO_BUSINESS_DATE;
  const accountId = async (username: string) =>
    (await k().selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

  it('distributes the list to the whole province: tasks × holders at every level, periods as periodPlan', async () => {
    const holders = await sql<{ l1: number; l2: number; l3: number }>`
      SELECT count(*) FILTER (WHERE o.kind = 'partyGroup')::int AS l1,
             count(*) FILTER (WHERE o.level_code = 'L2' AND p.kind = 'unit')::int AS l2,
             count(*) FILTER (WHERE o.kind = 'branch')::int AS l3
      FROM orgs o JOIN orgs p ON p.id = o.parent_id`.execute(k());
    const hs = holders.rows[0]!;
    expect(hs).toEqual({ l1: 100, l2: 100, l3: result.branches });
    const byLevel = await sql<{ level_code: string; assignments: number; orgs: number }>`
      SELECT level_code, count(*)::int AS assignments, count(DISTINCT org_id)::int AS orgs
      FROM assignments GROUP BY level_code ORDER BY level_code`.execute(k());
    expect(byLevel.rows).toEqual([
      { level_code: 'L1', assignments: 40 * hs.l1, orgs: hs.l1 },
      { level_code: 'L2', assignments: 44 * hs.l2, orgs: hs.l2 },
      { level_code: 'L3', assignments: 20 * hs.l3, orgs: hs.l3 },
    ]);
    const perHolder = { L1: 0, L2: 0, L3: 0 };
    for (const t of plan2022()) perHolder[t.level] += periodPlan(t.frequency, t.due, 2022).length;
    const periods = await sql<{ n: number }>`SELECT count(*)::int AS n FROM periods`.execute(k());
    expect(periods.rows[0]!.n).toBe(perHolder.L1 * hs.l1 + perHolder.L2 * hs.l2 + perHolder.L3 * hs.l3);
    expect(result.work).toMatchObject({ assignments: 40 * hs.l1 + 44 * hs.l2 + 20 * hs.l3, periods: periods.rows[0]!.n });
  });

  it('has a stable spread of states as of the business date', async () => {
    const w = result.work!;
    // Deterministic: the same numbers on every run and on both databases.
    expect(w.byState).toEqual({ approvedLate: 13677, approvedOnTime: 99360, inProgress: 18948, open: 75888, returned: 7512, submitted: 14627 });
    expect(w.evidence).toBe(8);
    const s = await sql<{ status: PeriodStatus; n: number }>`SELECT status, count(*)::int AS n FROM periods GROUP BY status ORDER BY status`.execute(k());
    expect(Object.fromEntries(s.rows.map((r) => [r.status, r.n]))).toEqual({
      approved: w.byState.approvedOnTime! + w.byState.approvedLate!,
      submitted: w.byState.submitted,
      returned: w.byState.returned,
      pending: w.byState.inProgress! + w.byState.open!,
    });
    // Periods due before the business date: mostly approved on time.
    const past = await sql<{ total: number; on_time: number; late: number }>`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE status = 'approved' AND late_days = 0)::int AS on_time,
             count(*) FILTER (WHERE status = 'approved' AND late_days > 0)::int AS late
      FROM periods WHERE due_on < ${D}::date`.execute(k());
    const p = past.rows[0]!;
    expect(p.on_time / p.total).toBeGreaterThan(0.6);
    expect(p.late / p.total).toBeGreaterThan(0.05);
  });

  it('shows every light on the business date: red (overdue), yellow (due within 7 days), green and done', async () => {
    const rows = await sql<{ status: PeriodStatus; due_on: string; late_days: number; n: number }>`
      SELECT status, due_on::text AS due_on, late_days, count(*)::int AS n FROM periods
      WHERE starts_on <= ${D}::date GROUP BY status, due_on, late_days`.execute(k());
    const lights: Record<string, number> = {};
    for (const r of rows.rows) {
      const l = lightOf({ status: r.status, dueOn: r.due_on, submittedOn: null, lateDays: r.late_days }, D);
      lights[l] = (lights[l] ?? 0) + r.n;
    }
    expect(lights.red).toBeGreaterThan(1000);
    expect(lights.yellow).toBeGreaterThan(100);
    expect(lights.green).toBeGreaterThan(1000);
    expect(lights.done).toBeGreaterThan(50_000);
  });

  it('keeps counts, times, late marks and review histories consistent with the rules', async () => {
    const bad = await sql<Record<string, number>>`
      WITH rc AS (SELECT unit_id, period_id, count(*)::int AS n, max(created_at) AS last_created, min(happened_on) AS first_on, max(happened_on) AS last_on
                  FROM reports GROUP BY unit_id, period_id),
           rv AS (SELECT unit_id, period_id, count(*)::int AS n,
                         count(*) FILTER (WHERE action = 'submitted')::int AS submissions,
                         max(at) FILTER (WHERE action = 'submitted') AS last_submitted,
                         max(at) FILTER (WHERE action = 'approved') AS approved,
                         (array_agg(action ORDER BY at DESC))[1] AS last_action
                  FROM reviews GROUP BY unit_id, period_id)
      SELECT
        count(*) FILTER (WHERE p.report_count <> coalesce(rc.n, 0))::int AS report_count,
        count(*) FILTER (WHERE (p.status = 'approved') <> (p.approved_at IS NOT NULL))::int AS approved_at,
        count(*) FILTER (WHERE (p.status IN ('submitted', 'approved', 'returned')) <> (p.submitted_at IS NOT NULL))::int AS submitted_at,
        count(*) FILTER (WHERE p.status <> 'pending' AND p.report_count = 0)::int AS submitted_without_record,
        count(*) FILTER (WHERE p.submitted_at IS NOT NULL AND p.late_days <> greatest(0, (p.submitted_at AT TIME ZONE 'Asia/Shanghai')::date - p.due_on))::int AS late_mark,
        count(*) FILTER (WHERE p.submitted_at IS NULL AND p.late_days <> 0)::int AS late_without_submission,
        count(*) FILTER (WHERE p.status = 'pending' AND rv.n IS NOT NULL)::int AS pending_with_history,
        count(*) FILTER (WHERE p.status <> 'pending' AND rv.last_action IS DISTINCT FROM p.status)::int AS last_action,
        count(*) FILTER (WHERE p.submitted_at IS DISTINCT FROM rv.last_submitted)::int AS last_submission,
        count(*) FILTER (WHERE p.approved_at IS DISTINCT FROM rv.approved)::int AS approval_time,
        count(*) FILTER (WHERE rc.last_created > p.submitted_at)::int AS record_after_submission,
        count(*) FILTER (WHERE rc.first_on < p.starts_on OR rc.last_on > p.ends_on OR rc.last_on >= ${D}::date)::int AS record_date,
        count(*) FILTER (WHERE greatest(p.submitted_at, p.approved_at, rc.last_created) >= ${`${D}T09:00:00+08:00`}::timestamptz)::int AS after_business_now
      FROM periods p
      LEFT JOIN rc ON rc.unit_id = p.unit_id AND rc.period_id = p.id
      LEFT JOIN rv ON rv.unit_id = p.unit_id AND rv.period_id = p.id`.execute(k());
    expect(bad.rows[0]).toEqual({
      report_count: 0, approved_at: 0, submitted_at: 0, submitted_without_record: 0, late_mark: 0, late_without_submission: 0,
      pending_with_history: 0, last_action: 0, last_submission: 0, approval_time: 0, record_after_submission: 0, record_date: 0, after_business_now: 0,
    });
    const returned = await sql<{ n: number; empty: number; resubmitted: number }>`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE reason = '')::int AS empty,
             count(DISTINCT period_id) FILTER (WHERE EXISTS (SELECT 1 FROM periods p WHERE p.unit_id = v.unit_id AND p.id = v.period_id AND p.status = 'approved'))::int AS resubmitted
      FROM reviews v WHERE action = 'returned'`.execute(k());
    expect(returned.rows[0]!.n).toBeGreaterThan(result.work!.byState.returned!);
    expect(returned.rows[0]!.empty).toBe(0);
    expect(returned.rows[0]!.resubmitted).toBeGreaterThan(1000);
    const reasons = await sql<{ reason: string }>`SELECT DISTINCT reason FROM reviews WHERE action = 'returned' ORDER BY reason`.execute(k());
    expect(reasons.rows.map((r) => r.reason)).toContain('佐证材料不完整，请补充会议记录。');
  });

  it('has a few units lagging badly: most of their past periods still open', async () => {
    const r = await sql<{ code: string; open_share: number }>`
      SELECT u.code, avg(CASE WHEN p.status IN ('pending', 'returned') THEN 1.0 ELSE 0.0 END)::float8 AS open_share
      FROM periods p JOIN orgs u ON u.id = p.unit_id WHERE p.due_on < ${D}::date GROUP BY u.code`.execute(k());
    const lagging = r.rows.filter((x) => x.open_share > 0.5).map((x) => x.code).sort();
    expect(lagging).toEqual([...LAGGING_UNIT_CODES].sort());
    expect(Math.max(...r.rows.filter((x) => !LAGGING_UNIT_CODES.includes(x.code)).map((x) => x.open_share))).toBeLessThan(0.25);
  });

  it('writes records in Chinese from the task, by the demo accounts where they exist, reviewed by the level above', async () => {
    const zb1 = await accountId('jyt_zb1');
    const jgdw = await accountId('jyt_jgdw');
    const leader = await accountId('jyt_leader');
    const zzb = await accountId('zzb');
    const branch = await k().selectFrom('orgs').select(['id']).where('code', '=', 'U002-B001').executeTakeFirstOrThrow();
    const sample = await sql<{ content: string; task: string; author_id: number | null; author_name: string; label: string }>`
      SELECT r.content, t.content AS task, r.author_id, r.author_name, p.label FROM reports r
      JOIN periods p ON p.unit_id = r.unit_id AND p.id = r.period_id JOIN list_tasks t ON t.id = p.task_id
      WHERE r.org_id = ${branch.id} ORDER BY r.id`.execute(k());
    expect(sample.rows.length).toBeGreaterThan(20);
    for (const r of sample.rows) {
      expect(r.author_id).toBe(zb1);
      expect(r.content).toContain(`“${topicOf(r.task)}”`);
      expect(r.content).not.toMatch(/[{}]/);
      if (r.label !== '全年') expect(r.content.startsWith(`${r.label}，`)).toBe(true);
    }
    // Other organisations: the secretary's name, no account.
    const others = await sql<{ with_account: number; unnamed: number }>`
      SELECT count(*) FILTER (WHERE author_id IS NOT NULL)::int AS with_account, count(*) FILTER (WHERE author_name = '')::int AS unnamed
      FROM reports r JOIN orgs u ON u.id = r.unit_id WHERE u.code = 'U003'`.execute(k());
    expect(others.rows[0]).toEqual({ with_account: 0, unnamed: 0 });
    // Reviewers: the branch by the organ committee (jyt_jgdw), the organ committee by the party group
    // (jyt_leader), the party group by the task's department — as the work policy names them.
    const reviews = await sql<{ level_code: string; period_id: number; org_id: number; task_id: number; actor_id: number | null; actor_org_id: number }>`
      SELECT DISTINCT ON (p.level_code) p.level_code, p.id AS period_id, p.org_id, p.task_id, v.actor_id, v.actor_org_id
      FROM reviews v JOIN periods p ON p.unit_id = v.unit_id AND p.id = v.period_id JOIN orgs u ON u.id = p.unit_id
      WHERE u.code = 'U002' AND v.action = 'approved' AND p.org_id IN (${branch.id}, (SELECT id FROM orgs WHERE code = 'U002-OC'), (SELECT id FROM orgs WHERE code = 'U002-PG'))
        AND (p.level_code <> 'L1' OR p.task_id IN (SELECT t.id FROM list_tasks t JOIN orgs d ON d.id = t.reviewer_org_id WHERE d.name = '组织部'))
      ORDER BY p.level_code, p.id`.execute(k());
    expect(reviews.rows.map((r) => [r.level_code, r.actor_id])).toEqual([['L1', zzb], ['L2', leader], ['L3', jgdw]]);
    for (const r of reviews.rows) {
      const expected = await reviewerOrgOf(k(), r.org_id, r.level_code, r.task_id);
      expect(r.actor_org_id, r.level_code).toBe(expected?.id);
    }
    const submissions = await sql<{ wrong: number }>`
      SELECT count(*)::int AS wrong FROM reviews v JOIN periods p ON p.unit_id = v.unit_id AND p.id = v.period_id
      WHERE v.action = 'submitted' AND v.actor_org_id <> p.org_id`.execute(k());
    expect(submissions.rows[0]!.wrong).toBe(0);
  });

  it('stores a few real evidence files for 省教育厅 (PDF and PNG) in the file store', async () => {
    const ev = await sql<{ name: string; mime: string; size: number; sha256: string; code: string }>`
      SELECT e.name, e.mime, e.size::int AS size, f.sha256, u.code FROM evidence e
      JOIN files f ON f.id = e.file_id JOIN orgs u ON u.id = e.unit_id ORDER BY e.id`.execute(k());
    expect(ev.rows.length).toBe(8);
    expect(new Set(ev.rows.map((e) => e.code))).toEqual(new Set(['U002']));
    expect(new Set(ev.rows.map((e) => e.mime))).toEqual(new Set(['application/pdf', 'image/png']));
    for (const e of ev.rows) {
      const file = blobPath(filesDir, e.sha256);
      expect(fs.statSync(file).size).toBe(e.size);
      expect(await sniffFile(file)).toBe(e.mime === 'application/pdf' ? 'pdf' : 'png');
      expect(e.name).toMatch(/(会议记录\.pdf|活动照片\.png)$/);
    }
  });

  it('stores the business date, and the server starts there unless CLOCK_DATE says otherwise', async () => {
    const s = await k().selectFrom('settings').select('value').where('key', '=', 'demo.businessDate').executeTakeFirstOrThrow();
    expect(s.value).toBe(D);
    const clock = new SystemClock();
    expect(await startClock({ db: h.deps.db, clock, config: { ...h.deps.config, clockDate: undefined } })).toBe(D);
    expect(todayOf(clock)).toBe(D);
    const real = new SystemClock();
    expect(await startClock({ db: h.deps.db, clock: real, config: { ...h.deps.config, clockDate: 'real' } })).toBeNull();
  });
});
