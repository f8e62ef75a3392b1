/**
 * The demo province's committee-side reviewers: every committee department named as reviewer on
 * the issued 2022 list's tasks has a demo account that sees exactly the submitted party-group
 * periods of those tasks in 审核, approves and returns them, and is refused on another
 * department's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { roleHas } from '@qingdan/core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../../../demo/seed.ts';
import { DEMO_DEPARTMENTS } from '../../../demo/units.ts';
import { Client, createHarness, type Harness } from '../../../testing/harness.ts';

interface Department {
  id: number;
  name: string;
  key: string;
  /** The submitted party-group periods whose task names this department. */
  submitted: number[];
}

let h: Harness;
let departments: Department[];

const client = async (username: string) => {
  const c = new Client(h.app);
  const res = await c.login(username, DEMO_PASSWORD);
  expect(res.statusCode, res.body).toBe(200);
  return c;
};
const reviewerOf = (key: string) => {
  const a = DEMO_ACCOUNTS.find((x) => x.grantAt.at === 'department' && x.grantAt.key === key && roleHas(x.role, 'work.review'));
  expect(a, `a demo reviewer of ${key}`).toBeDefined();
  return a!.username;
};
const queueOf = async (c: Client) => {
  const ids: number[] = [];
  let total: number | undefined;
  for (let page = 1; ; page++) {
    const res = await c.get(`/api/work/reviews?pageSize=200&page=${page}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: { periodId: number; reviewerOrgId: number; levelCode: string }[]; total: number };
    total = body.total;
    ids.push(...body.items.map((i) => i.periodId));
    if (body.items.length < 200) break;
  }
  expect(ids).toHaveLength(total);
  return ids.sort((a, b) => a - b);
};

beforeAll(async () => {
  h = await createHarness();
  await seedDemo(h.deps);
  const named = await sql<{ id: number; name: string }>`
    SELECT DISTINCT d.id, d.name FROM list_tasks t
    JOIN responsibility_lists l ON l.id = t.list_id AND l.year = 2022 AND l.status = 'issued'
    JOIN orgs d ON d.id = t.reviewer_org_id
    ORDER BY d.id`.execute(h.deps.db.kysely);
  departments = [];
  for (const d of named.rows) {
    const key = DEMO_DEPARTMENTS.find((x) => x.name === d.name)?.key ?? '';
    const periods = await sql<{ id: number }>`
      SELECT p.id FROM periods p JOIN list_tasks t ON t.id = p.task_id
      WHERE p.level_code = 'L1' AND p.status = 'submitted' AND p.withdrawn_at IS NULL AND t.reviewer_org_id = ${d.id}
      ORDER BY p.id`.execute(h.deps.db.kysely);
    departments.push({ id: d.id, name: d.name, key, submitted: periods.rows.map((r) => r.id) });
  }
}, 300_000);
afterAll(async () => h?.close());

describe('the demo’s committee-side reviewers', () => {
  it('names every department on the 2022 list’s tasks, 党建督查巡察室 among them', () => {
    expect(departments.map((d) => d.name)).toEqual(expect.arrayContaining(['组织部', '宣传部', '纪检监察工委', '党建督查巡察室']));
    for (const d of departments) expect(d.key, d.name).not.toBe('');
    expect(departments.find((d) => d.name === '党建督查巡察室')!.submitted.length).toBeGreaterThan(0);
  });

  it('gives each named department an account with 审核 whose queue is exactly its submitted periods', async () => {
    for (const d of departments) {
      const c = await client(reviewerOf(d.key));
      const me = (await c.get('/api/auth/me')).json() as { permissions: string[] };
      expect(me.permissions, d.name).toContain('work.review');
      expect(await queueOf(c), d.name).toEqual(d.submitted);
    }
  });

  it('lets each department approve and return its own, and refuses another department’s', async () => {
    for (const [i, d] of departments.entries()) {
      if (d.submitted.length < 2) continue;
      const c = await client(reviewerOf(d.key));
      const [first, second] = d.submitted as [number, number];
      const other = departments[(i + 1) % departments.length]!;
      const stranger = await client(reviewerOf(other.key));
      const refused = await stranger.post(`/api/work/periods/${first}/approve`, { comment: '同意' });
      expect([403, 404], `${other.name} on ${d.name}`).toContain(refused.statusCode);
      expect((await stranger.get(`/api/work/periods/${first}`)).json().canReview).toBe(false);

      expect((await c.get(`/api/work/periods/${first}`)).json().canReview, d.name).toBe(true);
      const ok = await c.post(`/api/work/periods/${first}/approve`, { comment: '同意' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().status).toBe('approved');
      const back = await c.post(`/api/work/periods/${second}/return`, { reason: '材料不全，请补充会议纪要' });
      expect(back.statusCode, back.body).toBe(200);
      expect(back.json().status).toBe('returned');
      const left = await queueOf(c);
      expect(left).toEqual(d.submitted.filter((p) => p !== first && p !== second));
    }
  });

  it('keeps the queues of units’ reviewers to their own unit', async () => {
    const leader = await client('jyt_leader');
    const res = await leader.get('/api/work/reviews?pageSize=200');
    const items = (res.json() as { items: { unitName: string; levelCode: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((i) => `${i.unitName}:${i.levelCode}`))).toEqual(new Set(['省教育厅:L2']));
  });
});
