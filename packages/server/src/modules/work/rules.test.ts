/**
 * The work rules in TypeScript and in SQL give the same answers: who records (policy.mayRecord,
 * recordGrantSql and recordingReachSql), who reviews (policy.grantReviews and reviewGrantSql), the light and the days
 * late of a period (core lightOf / lateDaysOf and work/timing.ts lightSql / lateDaysSql) — over
 * generated cases: every role on every organisation of a small province against every
 * organisation, and every status against due dates around today, stored marks and yellow days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addDays, lateDaysOf, lightOf, ROLES, unitPathOf, type PeriodStatus, type Role } from '@qingdan/core';
import { createHarness, type Harness } from '../../testing/harness.ts';
import { grantReviews, mayRecord, recordGrantSql, recordingReachSql, reviewGrantSql } from './policy.ts';
import { lateDaysSql, lightSql } from './timing.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

/**
 * A small province by path: the committee (1), two departments, and two units — one with a party
 * group, an organ committee, branches and a general branch with a branch of its own.
 */
const PATHS = [
  '/1/', '/1/2/', '/1/3/',
  '/1/10/', '/1/10/100/', '/1/10/101/', '/1/10/101/1010/', '/1/10/101/1011/', '/1/10/101/1012/', '/1/10/101/1012/10120/',
  '/1/11/', '/1/11/110/', '/1/11/111/', '/1/11/111/1110/',
];
const UNITS = new Set(['10', '11']);
interface Org { id: number; path: string; unitId: number | null; unitPath: string | null }
const ORGS: Org[] = PATHS.map((path) => {
  const seg = path.split('/').filter(Boolean);
  const inUnit = seg.length >= 2 && UNITS.has(seg[1]!);
  return { id: Number(seg[seg.length - 1]), path, unitId: inUnit ? Number(seg[1]) : null, unitPath: inUnit ? unitPathOf(path) : null };
});
const GRANTS = ROLES.flatMap((role) => ORGS.map((o) => ({ role, org: o })));

/** Evaluate `expr` over rows given as JSON, in one query, in the rows' order. */
async function evaluate<T>(rows: object[], columns: string, expr: ReturnType<typeof sql>): Promise<T[]> {
  const r = await sql<{ v: T }>`
    SELECT ${expr} AS v
    FROM jsonb_to_recordset(${JSON.stringify(rows.map((x, i) => ({ ...x, n: i })))}::jsonb) AS c(${sql.raw(columns)}, n int)
    ORDER BY c.n`.execute(h.deps.db.kysely);
  return r.rows.map((x) => x.v);
}

describe('the work rules, in TypeScript and in SQL', () => {
  it('who records: a recording grant on the organisation or on its unit node', async () => {
    const work = ORGS.filter((o) => o.unitId !== null);
    const cases = GRANTS.flatMap(({ role, org }) => work.map((o) => ({ role, g_org: org.id, g_path: org.path, o_id: o.id, o_unit: o.unitId, o_path: o.path })));
    const inSql = await evaluate<boolean>(cases, 'role text, g_org int, g_path text, o_id int, o_unit int, o_path text',
      recordGrantSql({ role: sql`c.role`, orgId: sql`c.g_org` }, { id: sql`c.o_id`, unitId: sql`c.o_unit` }));
    const inTs = cases.map((c) => mayRecord({ grants: [{ id: 1, role: c.role, orgId: c.g_org, orgPath: c.g_path, orgName: '' }] }, c.o_path));
    expect(inSql).toEqual(inTs);
    // Both ways occur: the cases are not all one answer.
    expect(inTs.filter(Boolean).length).toBeGreaterThan(20);
    expect(inTs.filter((x) => !x).length).toBeGreaterThan(20);
  });

  it('who records, as 我的任务 asks it for all of a user’s grants at once', async () => {
    const work = ORGS.filter((o) => o.unitId !== null);
    const grant = (role: Role, org: Org) => ({ id: 1, role, orgId: org.id, orgPath: org.path, orgName: '' });
    // Every single grant, and users holding two: a unit's administrator with a branch secretary's grant elsewhere, and so on.
    const users = [
      ...GRANTS.map(({ role, org }) => [grant(role, org)]),
      ...ORGS.map((o, i) => [grant('branchSecretary', o), grant('unitAdmin', ORGS[(i + 5) % ORGS.length]!)]),
      ...ORGS.map((o, i) => [grant('organStaff', o), grant('viewer', ORGS[(i + 3) % ORGS.length]!)]),
    ];
    for (const grants of users) {
      const reach = recordingReachSql({ grants }, { orgId: sql`c.o_id`, unitId: sql`c.o_unit` });
      const inTs = work.map((o) => mayRecord({ grants }, o.path));
      const inSql = reach === null ? work.map(() => false) : await evaluate<boolean>(work.map((o) => ({ o_id: o.id, o_unit: o.unitId })), 'o_id int, o_unit int', reach);
      expect(inSql, JSON.stringify(grants.map((g) => [g.role, g.orgPath]))).toEqual(inTs);
    }
  });

  it('who reviews: the reviewing grants on the reviewer organisation or above it, on its side', async () => {
    // Reviewers: the committee's side (the root and departments) and every organisation of a unit.
    const reviewers = ORGS.map((o) => ({ path: o.path, inUnit: o.unitId !== null, unitPath: o.unitPath ?? o.path }));
    const cases = GRANTS.flatMap(({ role, org }) => reviewers.map((r) => ({ role, g_path: org.path, r_path: r.path, r_in_unit: r.inUnit, r_unit_path: r.unitPath })));
    const inSql = await evaluate<boolean>(cases, 'role text, g_path text, r_path text, r_in_unit boolean, r_unit_path text',
      reviewGrantSql({ role: sql`c.role`, orgPath: sql`c.g_path` }, { path: sql`c.r_path`, inUnit: sql`c.r_in_unit`, unitPath: sql`c.r_unit_path` }));
    const inTs = cases.map((c) => grantReviews({ role: c.role as Role, orgPath: c.g_path }, { path: c.r_path, inUnit: c.r_in_unit }));
    expect(inSql).toEqual(inTs);
    expect(inTs.filter(Boolean).length).toBeGreaterThan(20);
    expect(inTs.filter((x) => !x).length).toBeGreaterThan(20);
  });

  it('the light and the days late of a period, around today', async () => {
    const today = '2022-07-15';
    const statuses: PeriodStatus[] = ['pending', 'returned', 'submitted', 'approved'];
    const cases = statuses.flatMap((status) =>
      [-40, -8, -7, -1, 0, 1, 6, 7, 8, 30, 61].flatMap((offset) =>
        [0, 3, 90].flatMap((late) => [1, 7, 30, 60].map((yellow) => ({ status, due_on: addDays(today, offset), late_days: late, yellow }))),
      ),
    );
    for (const yellow of [1, 7, 30, 60]) {
      const mine = cases.filter((c) => c.yellow === yellow);
      const ctx = { today, yellowDays: yellow };
      const lights = await evaluate<string>(mine, 'status text, due_on date, late_days int, yellow int', lightSql(ctx, 'c'));
      const late = await evaluate<number>(mine, 'status text, due_on date, late_days int, yellow int', lateDaysSql(ctx, 'c'));
      const timing = (c: (typeof mine)[number]) => ({ status: c.status, dueOn: c.due_on, submittedOn: null, lateDays: c.late_days });
      expect(lights).toEqual(mine.map((c) => lightOf(timing(c), today, yellow)));
      expect(late).toEqual(mine.map((c) => lateDaysOf(timing(c), today)));
    }
    // Every light occurs among the cases.
    expect(new Set(cases.map((c) => lightOf({ status: c.status, dueOn: c.due_on, submittedOn: null, lateDays: c.late_days }, today, c.yellow)))).toEqual(
      new Set(['done', 'green', 'yellow', 'red']),
    );
  });
});
