/**
 * Numbers that add up: each figure is computed here from the raw period rows, with the rules
 * written out again (due: due date before today; a rate: approved among those due ÷ those due),
 * and compared with every view that shows it — the province overview (totals, units, parts,
 * levels, the heat map), a unit's page (totals, level × part, organisations), the organ
 * committee's matrix (its own tasks, the branches, the column totals) and the drill-down's count.
 * Periods in every state are set up first (approved before and after their due date, submitted,
 * returned, late marks), so that approvals of periods not yet due exist and must not count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createHarness, type Harness } from '../../testing/harness.ts';
import { buildWorkFixture, FIXTURE_TODAY, type WorkFixture } from '../work/test-fixture.ts';

interface Progress { total: number; due: number; approved: number; approvedDue: number; submitted: number; returned: number; overdue: number; late: number; rate: number | null }
interface Raw { org_id: number; unit_id: number; part_id: number; level_code: string; status: string; due_on: string; late_days: number }

let h: Harness;
let f: WorkFixture;
let raw: Raw[];

/** The figures of a group of raw rows, by the rules as the product states them. */
function figures(rows: Raw[]): Progress {
  const due = rows.filter((r) => r.due_on < FIXTURE_TODAY);
  const approvedDue = due.filter((r) => r.status === 'approved').length;
  return {
    total: rows.length,
    due: due.length,
    approved: rows.filter((r) => r.status === 'approved').length,
    approvedDue,
    submitted: rows.filter((r) => r.status === 'submitted').length,
    returned: rows.filter((r) => r.status === 'returned').length,
    overdue: due.filter((r) => r.status === 'pending' || r.status === 'returned').length,
    late: rows.filter((r) => r.late_days > 0).length,
    rate: due.length ? Math.round((approvedDue / due.length) * 10_000) / 10_000 : null,
  };
}
const pick = (p: Progress): Progress => ({
  total: p.total, due: p.due, approved: p.approved, approvedDue: p.approvedDue, submitted: p.submitted,
  returned: p.returned, overdue: p.overdue, late: p.late, rate: p.rate,
});

beforeAll(async () => {
  h = await createHarness();
  f = await buildWorkFixture(h);
  const k = h.deps.db.kysely;
  // Every state: approved after its due date (counts), approved early (does not count in the rate),
  // submitted late, returned, and pending — in both units.
  const ids = (await sql<{ id: number; due_on: string; org_id: number }>`
    SELECT id, to_char(due_on, 'YYYY-MM-DD') AS due_on, org_id FROM periods WHERE year = 2022 AND withdrawn_at IS NULL ORDER BY org_id, due_on, id`.execute(k)).rows;
  let n = 0;
  for (const p of ids) {
    const past = p.due_on < FIXTURE_TODAY;
    const pattern = n++ % 6;
    const [status, late] = past
      ? ([['approved', 0], ['approved', 2], ['submitted', 5], ['returned', 0], ['pending', 0], ['approved', 0]] as const)[pattern]!
      : ([['approved', 0], ['pending', 0], ['submitted', 0], ['pending', 0], ['approved', 0], ['pending', 0]] as const)[pattern]!;
    if (status === 'pending') continue;
    await sql`UPDATE periods SET status = ${status}, late_days = ${late}, report_count = 1,
      submitted_at = now(), approved_at = CASE WHEN ${status} = 'approved' THEN now() ELSE NULL END WHERE id = ${p.id}`.execute(k);
  }
  raw = (await sql<Raw>`
    SELECT p.org_id, o.unit_id, p.part_id, p.level_code, p.status, to_char(p.due_on, 'YYYY-MM-DD') AS due_on, p.late_days
    FROM periods p JOIN orgs o ON o.id = p.org_id WHERE p.year = 2022 AND p.withdrawn_at IS NULL`.execute(k)).rows;
});
afterAll(async () => h.close());

describe('every figure agrees with the raw rows, on every view', () => {
  it('has approvals of periods not yet due, which the rate must leave out', () => {
    const early = raw.filter((r) => r.status === 'approved' && r.due_on >= FIXTURE_TODAY);
    expect(early.length).toBeGreaterThan(0);
    const all = figures(raw);
    expect(all.approved).toBeGreaterThan(all.approvedDue);
  });

  it('the province overview: totals, each unit, each part and level, each cell, the heat map', async () => {
    const res = await f.c.admin.get('/api/dashboard/overview?year=2022');
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json() as {
      province: Progress & { byPart: (Progress & { partId: number })[]; byLevel: (Progress & { levelCode: string })[] };
      units: (Progress & { id: number; byPart: (Progress & { partId: number })[] })[];
      cells: (Progress & { unitId: number; partId: number; levelCode: string })[];
      heatmap: { unitIds: number[]; partIds: number[]; rates: (number | null)[][] };
    };
    expect(pick(o.province)).toEqual(figures(raw));
    for (const p of o.province.byPart) expect(pick(p), `part ${p.partId}`).toEqual(figures(raw.filter((r) => r.part_id === p.partId)));
    for (const l of o.province.byLevel) expect(pick(l), `level ${l.levelCode}`).toEqual(figures(raw.filter((r) => r.level_code === l.levelCode)));
    for (const u of o.units) {
      const mine = raw.filter((r) => r.unit_id === u.id);
      expect(pick(u), `unit ${u.id}`).toEqual(figures(mine));
      for (const p of u.byPart) expect(pick(p), `unit ${u.id} part ${p.partId}`).toEqual(figures(mine.filter((r) => r.part_id === p.partId)));
    }
    for (const c of o.cells) {
      expect(pick(c)).toEqual(figures(raw.filter((r) => r.unit_id === c.unitId && r.part_id === c.partId && r.level_code === c.levelCode)));
    }
    // The heat map's rate is the unit × part rate.
    o.heatmap.unitIds.forEach((unitId, y) =>
      o.heatmap.partIds.forEach((partId, x) => {
        expect(o.heatmap.rates[y]![x]).toBe(figures(raw.filter((r) => r.unit_id === unitId && r.part_id === partId)).rate);
      }),
    );
    // Every figure shown as a rate can be recomputed from the two counts shown beside it.
    for (const p of [o.province, ...o.units, ...o.cells]) {
      expect(p.rate).toBe(p.due ? Math.round((p.approvedDue / p.due) * 10_000) / 10_000 : null);
    }
  });

  it('a unit’s page: totals, level × part, by level, by part, each organisation; the drill-down counts the same periods', async () => {
    const res = await f.c.aAdmin.get(`/api/dashboard/units/${f.a.unitId}?year=2022`);
    expect(res.statusCode, res.body).toBe(200);
    const u = res.json() as {
      totals: Progress;
      byLevelPart: (Progress & { levelCode: string; partId: number })[];
      byLevel: (Progress & { levelCode: string })[];
      byPart: (Progress & { partId: number })[];
      orgs: (Progress & { id: number })[];
    };
    const mine = raw.filter((r) => r.unit_id === f.a.unitId);
    expect(pick(u.totals)).toEqual(figures(mine));
    for (const c of u.byLevelPart) expect(pick(c)).toEqual(figures(mine.filter((r) => r.level_code === c.levelCode && r.part_id === c.partId)));
    for (const l of u.byLevel) expect(pick(l)).toEqual(figures(mine.filter((r) => r.level_code === l.levelCode)));
    for (const p of u.byPart) expect(pick(p)).toEqual(figures(mine.filter((r) => r.part_id === p.partId)));
    for (const o of u.orgs) expect(pick(o), `org ${o.id}`).toEqual(figures(mine.filter((r) => r.org_id === o.id)));
    // The same unit on the overview shows the same figures.
    const ov = (await f.c.admin.get('/api/dashboard/overview?year=2022')).json() as { units: (Progress & { id: number })[] };
    expect(pick(ov.units.find((x) => x.id === f.a.unitId)!)).toEqual(pick(u.totals));
    // The drill-down behind the page counts the same periods.
    const drill = (await f.c.aAdmin.get(`/api/dashboard/periods?year=2022&unitId=${f.a.unitId}&pageSize=1`)).json() as { total: number };
    expect(drill.total).toBe(u.totals.total);
    const approved = (await f.c.aAdmin.get(`/api/dashboard/periods?year=2022&unitId=${f.a.unitId}&status=approved&pageSize=1`)).json() as { total: number };
    expect(approved.total).toBe(u.totals.approved);
  });

  it('the organ committee’s matrix: its own tasks and the branches, cell by cell and in total', async () => {
    const res = await f.c.aOrganStaff.get(`/api/dashboard/orgs/${f.a.organCommitteeId}/matrix?year=2022`);
    expect(res.statusCode, res.body).toBe(200);
    const m = res.json() as {
      own: { totals: Progress; tasks: (Progress & { assignmentId: number })[] };
      branches: (Progress & { id: number; cells: (Progress & { partId: number })[] })[];
      partTotals: (Progress & { partId: number })[];
      branchTotals: Progress;
    };
    expect(pick(m.own.totals)).toEqual(figures(raw.filter((r) => r.org_id === f.a.organCommitteeId)));
    const branchRows = raw.filter((r) => f.a.branchIds.includes(r.org_id));
    expect(pick(m.branchTotals)).toEqual(figures(branchRows));
    for (const b of m.branches) {
      expect(pick(b)).toEqual(figures(raw.filter((r) => r.org_id === b.id)));
      for (const c of b.cells) expect(pick(c)).toEqual(figures(raw.filter((r) => r.org_id === b.id && r.part_id === c.partId)));
    }
    for (const p of m.partTotals) expect(pick(p)).toEqual(figures(branchRows.filter((r) => r.part_id === p.partId)));
  });
});
