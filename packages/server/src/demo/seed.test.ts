import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { compareLists, ROLES } from '@qingdan/core';
import { buildSnapshot } from '../modules/lists/versions/snapshot.ts';
import { Client, createHarness, type Harness } from '../testing/harness.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, planDemo, seedDemo, type SeedResult } from './seed.ts';

let h: Harness;
let result: SeedResult;
beforeAll(async () => {
  h = await createHarness();
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
