import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, Client, TEST_PASSWORD, type Harness } from '../../../testing/harness.ts';
import { notificationText } from '../../notifications/list-notifications.ts';
import { multipartBody, pdfBytes, userClient, useTempFilesDir } from '../../lists/lifecycle/test-fixture.ts';
import { buildWorkFixture, relogin, setToday, type WorkFixture } from '../test-fixture.ts';

let h: Harness;
let f: WorkFixture;
let dir: string;

beforeAll(async () => {
  h = await createHarness();
  dir = useTempFilesDir(h);
  f = await buildWorkFixture(h);
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const k = () => h.deps.db.kysely;
const pngBytes = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR', 'latin1'), Buffer.alloc(17)]);

async function accountId(username: string): Promise<number> {
  return (await k().selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

/** An account's notifications as the inbox shows them in Chinese (stored as kind and params). */
async function inbox(username: string) {
  const rows = await k().selectFrom('notifications').select(['kind', 'title', 'body', 'params', 'link']).where('account_id', '=', await accountId(username)).orderBy('id').execute();
  return rows.map((r) => ({ kind: r.kind, link: r.link, ...notificationText(r, 'zh-CN') }));
}

/** Audit entries of work (the fixture's clients sign in on first use, which is audited too). */
const workAudit = async () =>
  ((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity_type IN ('period', 'report', 'evidence')`.execute(k())).rows[0] as { n: number }).n;

/** Everything a refused request must leave as it was. */
async function state(periodId: number) {
  const period = await k().selectFrom('periods').selectAll().where('id', '=', periodId).executeTakeFirstOrThrow();
  const count = async (table: 'reviews' | 'notifications' | 'reports') =>
    ((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(k())).rows[0] as { n: number }).n;
  return { period, reviews: await count('reviews'), notifications: await count('notifications'), audit: await workAudit(), reports: await count('reports') };
}

async function record(c: Client, periodId: number, happenedOn: string, content = '按要求开展工作并形成记录') {
  const res = await c.post(`/api/work/periods/${periodId}/reports`, { happenedOn, content });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: number; version: number };
}

async function submitted(c: Client, periodId: number, happenedOn: string) {
  await record(c, periodId, happenedOn);
  const res = await c.post(`/api/work/periods/${periodId}/submit`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { status: string; lateDays: number; version: number };
}

function expectRefused(res: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  expect((res.json() as { code: string }).code).toBe(code);
}

describe('the whole cycle: record → evidence → submit → return → fix → resubmit → approve', () => {
  it('runs level by level with the history, the notices and the audit trail', async () => {
    const pid = f.periods.aBranch1Ongoing;
    const sec = f.c.aSecretary;
    const organ = f.c.aOrganStaff;

    // An empty period cannot be submitted.
    let before = await state(pid);
    expectRefused(await sec.post(`/api/work/periods/${pid}/submit`), 400, 'PERIOD_EMPTY');
    expect(await state(pid)).toEqual(before);

    const r = await record(sec, pid, '2022-04-11', '支部书记与 8 名党员开展谈心谈话');
    for (const file of [
      { name: '谈心谈话记录.pdf', data: pdfBytes('记录') },
      { name: '现场照片.png', data: pngBytes() },
    ]) {
      const m = multipartBody({}, { ...file, field: 'file' });
      const up = await sec.request('POST', `/api/work/reports/${r.id}/evidence`, m.payload, m.headers);
      expect(up.statusCode, up.body).toBe(200);
    }

    const sub = await sec.post(`/api/work/periods/${pid}/submit`);
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json()).toMatchObject({ id: pid, status: 'submitted', lateDays: 0, reportCount: 1 });
    // The organ committee is told, with a link to the period.
    const toReview = (await inbox('a_organ')).filter((n) => n.kind === 'submitted');
    expect(toReview).toHaveLength(1);
    expect(toReview[0]!.link).toBe(`/work/periods/${pid}`);
    expect(toReview[0]!.title).toContain('省财政厅办公室党支部');
    // Nothing is recorded, changed or submitted while the period awaits review.
    before = await state(pid);
    expectRefused(await sec.post(`/api/work/periods/${pid}/reports`, { happenedOn: '2022-04-12', content: '补充' }), 409, 'PERIOD_AWAITING_REVIEW');
    expectRefused(await sec.put(`/api/work/reports/${r.id}`, { happenedOn: '2022-04-12', content: '改', version: 1 }), 409, 'PERIOD_AWAITING_REVIEW');
    expectRefused(await sec.post(`/api/work/periods/${pid}/submit`), 409, 'PERIOD_AWAITING_REVIEW');
    expect(await state(pid)).toEqual(before);

    let view = (await organ.get(`/api/work/periods/${pid}`)).json();
    expect(view).toMatchObject({ canReview: true, canRecord: false, period: { status: 'submitted', light: 'green' } });
    expect(view.reports[0].evidence).toHaveLength(2);

    // Return without a reason: refused, nothing changes.
    before = await state(pid);
    for (const body of [{}, { reason: '' }, { reason: '  好 ' }]) expectRefused(await organ.post(`/api/work/periods/${pid}/return`, body), 400, 'RETURN_REASON_REQUIRED');
    expect(await state(pid)).toEqual(before);

    const reason = '记实过于简单，请补充谈话对象、主要内容和整改措施';
    const ret = await organ.post(`/api/work/periods/${pid}/return`, { reason });
    expect(ret.statusCode, ret.body).toBe(200);
    expect(ret.json()).toMatchObject({ status: 'returned' });
    // The recorders hear why (the secretary and the unit administrator, who records for the unit).
    for (const u of ['a_secretary', 'a_admin']) {
      const n = (await inbox(u)).filter((x) => x.kind === 'returned');
      expect(n).toHaveLength(1);
      expect(n[0]!.body).toContain(reason);
    }
    expect((await inbox('b_secretary')).length).toBe(0);

    // The recorder sees the reason, and may record again.
    view = (await sec.get(`/api/work/periods/${pid}`)).json();
    expect(view).toMatchObject({ canRecord: true, canSubmit: true, canReview: false, period: { status: 'returned' } });
    expect(view.reviews.map((x: { action: string }) => x.action)).toEqual(['submitted', 'returned']);
    expect(view.reviews[1]).toMatchObject({ reason, actorName: '用户a_organ', actorOrgId: f.a.organCommitteeId, actorOrgName: '省财政厅机关党委' });
    expect(view.reviews[0]).toMatchObject({ actorName: '用户a_secretary', actorOrgName: '省财政厅办公室党支部' });

    // Fix and resubmit.
    const fixed = await sec.put(`/api/work/reports/${r.id}`, { happenedOn: '2022-04-11', content: '支部书记与 8 名党员逐一谈心谈话，内容涉及思想、工作、生活，形成整改措施 3 条', version: 1 });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const again = await sec.post(`/api/work/periods/${pid}/submit`);
    expect(again.statusCode, again.body).toBe(200);
    expect((await inbox('a_organ')).filter((n) => n.kind === 'submitted')).toHaveLength(2);

    // A stale version of the period is refused.
    before = await state(pid);
    const stale = await organ.post(`/api/work/periods/${pid}/approve`, { comment: '同意', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CONFLICT', current: { id: pid, status: 'submitted', version: before.period.version } });
    expect(await state(pid)).toEqual(before);

    const ok = await organ.post(`/api/work/periods/${pid}/approve`, { comment: '记实完整，同意', version: before.period.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', lateDays: 0 });
    expect(ok.json().approvedAt).not.toBeNull();
    expect((await inbox('a_secretary')).filter((n) => n.kind === 'approved')).toHaveLength(1);

    view = (await sec.get(`/api/work/periods/${pid}`)).json();
    expect(view).toMatchObject({ canRecord: false, canSubmit: false, canReview: false, period: { status: 'approved', light: 'done' } });
    expect(view.reviews.map((x: { action: string; reason: string }) => [x.action, x.reason])).toEqual([
      ['submitted', ''],
      ['returned', reason],
      ['submitted', ''],
      ['approved', '记实完整，同意'],
    ]);

    // An approved period is closed.
    before = await state(pid);
    expectRefused(await sec.post(`/api/work/periods/${pid}/submit`), 409, 'PERIOD_ALREADY_APPROVED');
    expectRefused(await sec.post(`/api/work/periods/${pid}/reports`, { happenedOn: '2022-04-12', content: '补充' }), 409, 'PERIOD_ALREADY_APPROVED');
    expectRefused(await sec.delete(`/api/work/reports/${r.id}`), 409, 'PERIOD_ALREADY_APPROVED');
    expectRefused(await organ.post(`/api/work/periods/${pid}/approve`, { comment: '' }), 409, 'PERIOD_NOT_SUBMITTED');
    expectRefused(await organ.post(`/api/work/periods/${pid}/return`, { reason: '再退一次' }), 409, 'PERIOD_NOT_SUBMITTED');
    expect(await state(pid)).toEqual(before);

    const audit = await k().selectFrom('audit_log').select('action').where('entity_type', '=', 'period').where('entity_id', '=', String(pid)).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['period.submit', 'period.return', 'period.submit', 'period.approve']);
  });
});

describe('late marks', () => {
  it('marks a late submission and keeps the mark after approval, whenever that is', async () => {
    const pid = f.periods.aBranch1Monthly1; // due 2022-01-31; today 2022-04-15
    const s = await submitted(f.c.aSecretary, pid, '2022-01-20');
    expect(s.lateDays).toBe(74);
    await setToday(h, '2022-06-01', f);
    try {
      const ok = await f.c.aOrganStaff.post(`/api/work/periods/${pid}/approve`, { comment: '' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().lateDays).toBe(74);
      const view = (await f.c.aSecretary.get(`/api/work/periods/${pid}`)).json();
      expect(view.period).toMatchObject({ status: 'approved', light: 'done', lateDays: 74 });
      expect((await k().selectFrom('periods').select('late_days').where('id', '=', pid).executeTakeFirstOrThrow()).late_days).toBe(74);
    } finally {
      await setToday(h, '2022-04-15', f);
    }
  });

  it('takes the mark again at a resubmission after a return', async () => {
    const pid = f.periods.aBranch1Monthly2; // due 2022-02-28; today 2022-04-15: 46 days late
    expect((await submitted(f.c.aSecretary, pid, '2022-02-20')).lateDays).toBe(46);
    expect((await f.c.aOrganStaff.post(`/api/work/periods/${pid}/return`, { reason: '请补充活动照片' })).statusCode).toBe(200);
    await setToday(h, '2022-05-01', f);
    try {
      const again = await f.c.aSecretary.post(`/api/work/periods/${pid}/submit`);
      expect(again.json().lateDays).toBe(62);
    } finally {
      await setToday(h, '2022-04-15', f);
    }
  });
});

describe('who reviews', () => {
  it('refuses a branch secretary, organ staff of another unit, the party group for a branch, and changes nothing', async () => {
    const pid = f.periods.aBranch2Monthly1;
    await submitted(f.c.aAdmin, pid, '2022-01-15');
    const before = await state(pid);
    // No work.review at all.
    expectRefused(await f.c.aSecretary.post(`/api/work/periods/${pid}/approve`, { comment: '' }), 403, 'FORBIDDEN');
    expectRefused(await f.c.aAdmin.post(`/api/work/periods/${pid}/return`, { reason: '不行不行' }), 403, 'FORBIDDEN');
    // Another unit's reviewer: not found.
    expectRefused(await f.c.bOrganStaff.post(`/api/work/periods/${pid}/approve`, { comment: '' }), 404, 'NOT_FOUND');
    expectRefused(await f.c.bOrganStaff.post(`/api/work/periods/${pid}/return`, { reason: '不行不行' }), 404, 'NOT_FOUND');
    // A leadership member reviews the organ committee, not the branches.
    const leader = await f.c.aLeader.post(`/api/work/periods/${pid}/approve`, { comment: '' });
    expectRefused(leader, 403, 'WORK_NOT_REVIEWER');
    expect((leader.json() as { message: string }).message).toContain('省财政厅机关党委');
    // The committee does not reach into a unit's own review.
    expectRefused(await f.c.admin.post(`/api/work/periods/${pid}/approve`, { comment: '' }), 403, 'WORK_NOT_REVIEWER');
    expectRefused(await f.c.ownerStaff.post(`/api/work/periods/${pid}/approve`, { comment: '' }), 403, 'WORK_NOT_REVIEWER');
    expect(await state(pid)).toEqual(before);
    expect((await f.c.aLeader.get(`/api/work/periods/${pid}`)).json().canReview).toBe(false);
  });

  it('refuses a reviewer their own submission', async () => {
    // A person who is both the branch's secretary and organ-committee staff.
    await userClient(h, 'a_dual', 'organStaff', f.a.organCommitteeId);
    const person = await k().selectFrom('accounts').select('person_id').where('username', '=', 'a_dual').executeTakeFirstOrThrow();
    await k().insertInto('role_grants').values({ person_id: person.person_id, role: 'branchSecretary', org_id: f.a.branchIds[1] }).execute();
    const again = new Client(h.app);
    expect((await again.login('a_dual', TEST_PASSWORD)).statusCode).toBe(200);
    const pid = await periodOfBranch2(2);
    await submitted(again, pid, '2022-02-15');
    const before = await state(pid);
    expectRefused(await again.post(`/api/work/periods/${pid}/approve`, { comment: '' }), 403, 'WORK_OWN_SUBMISSION');
    expectRefused(await again.post(`/api/work/periods/${pid}/return`, { reason: '自己退自己' }), 403, 'WORK_OWN_SUBMISSION');
    expect((await again.get(`/api/work/periods/${pid}`)).json().canReview).toBe(false);
    expect(await state(pid)).toEqual(before);
    // Someone else of the organ committee may.
    expect((await f.c.aOrganStaff.post(`/api/work/periods/${pid}/approve`, { comment: '' })).statusCode).toBe(200);
  });

  it('sends the party group to the committee department named on the task, else the list’s owner', async () => {
    const q1 = f.periods.aPartyGroupQ1; // reviewer 宣传部
    const s = await submitted(f.c.aLeader, q1, '2022-03-20');
    expect(s.lateDays).toBe(5); // due 2022-04-10
    expect((await inbox('xcb_staff')).filter((n) => n.kind === 'submitted')).toHaveLength(1);
    expect((await inbox('zzb_staff')).filter((n) => n.kind === 'submitted')).toHaveLength(0);
    const before = await state(q1);
    const wrong = await f.c.ownerStaff.post(`/api/work/periods/${q1}/approve`, { comment: '' });
    expectRefused(wrong, 403, 'WORK_NOT_REVIEWER');
    expect((wrong.json() as { message: string }).message).toContain('宣传部');
    expectRefused(await f.c.aOrganStaff.post(`/api/work/periods/${q1}/approve`, { comment: '' }), 404, 'NOT_FOUND');
    expect(await state(q1)).toEqual(before);
    expect((await f.c.reviewerStaff.get(`/api/work/periods/${q1}`)).json()).toMatchObject({ canReview: true, reviewerOrg: { id: f.reviewerDeptId, name: '宣传部' } });
    expect((await f.c.reviewerStaff.post(`/api/work/periods/${q1}/approve`, { comment: '同意' })).statusCode).toBe(200);

    // The yearly task names no reviewer: the list's owner (组织部) reviews it.
    const yearly = f.periods.bPartyGroupYearly;
    const bLeader = await userClient(h, 'b_leader', 'leader', f.b.partyGroupId);
    await submitted(bLeader, yearly, '2022-04-01');
    expectRefused(await f.c.reviewerStaff.post(`/api/work/periods/${yearly}/return`, { reason: '不归我审' }), 403, 'WORK_NOT_REVIEWER');
    expect((await f.c.ownerStaff.post(`/api/work/periods/${yearly}/return`, { reason: '请补充党组会议纪要' })).statusCode).toBe(200);
  });

  it('answers 409 WORK_NO_REVIEWER when the unit has no organisation at the level above', async () => {
    const pid = f.periods.bBranch1Monthly1;
    await submitted(f.c.bSecretary, pid, '2022-01-10');
    await k().updateTable('orgs').set({ level_code: null }).where('id', 'in', [f.b.organCommitteeId, f.b.generalBranchId!]).execute();
    try {
      const before = await state(pid);
      expectRefused(await f.c.bOrganStaff.post(`/api/work/periods/${pid}/approve`, { comment: '' }), 409, 'WORK_NO_REVIEWER');
      expect(await state(pid)).toEqual(before);
    } finally {
      await k().updateTable('orgs').set({ level_code: 'L2' }).where('id', 'in', [f.b.organCommitteeId, f.b.generalBranchId!]).execute();
    }
  });
});

async function periodOfBranch2(seq: number): Promise<number> {
  const r = await k()
    .selectFrom('periods')
    .select('id')
    .where('org_id', '=', f.a.branchIds[1])
    .where('task_id', '=', f.tasks.l3Monthly)
    .where('seq', '=', seq)
    .executeTakeFirstOrThrow();
  return r.id;
}

describe('the review queue', () => {
  type Item = { periodId: number; status: string; unitId: number; levelCode: string; orgName: string; reviewerOrgName: string };
  const queue = async (c: Client, qs = '') => {
    const res = await c.get(`/api/work/reviews${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; total: number };
  };
  let organMonthly: number;
  let bOrganMonthly: number;
  let branch3: number;

  beforeAll(async () => {
    await relogin(f);
    organMonthly = f.periods.aOrganMonthly1;
    bOrganMonthly = f.periods.bOrganMonthly1;
    await submitted(f.c.aOrganStaff, organMonthly, '2022-01-25');
    await submitted(f.c.bOrganStaff, bOrganMonthly, '2022-01-26');
    branch3 = await periodOfBranch2(3);
    await submitted(f.c.aAdmin, branch3, '2022-03-10');
  });

  it('lists for the organ committee its branches’ submissions awaiting review, newest first', async () => {
    const q = await queue(f.c.aOrganStaff);
    const ids = q.items.map((i) => i.periodId);
    expect(ids).toEqual(expect.arrayContaining([branch3, f.periods.aBranch2Monthly1, f.periods.aBranch1Monthly2]));
    const times = q.items.map((i) => (i as Item & { submittedAt: string }).submittedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(ids).not.toContain(organMonthly); // its own work goes to the party group
    expect(ids).not.toContain(bOrganMonthly);
    expect(q.items.every((i) => i.status === 'submitted' && i.unitId === f.a.unitId && i.levelCode === 'L3' && i.reviewerOrgName === '省财政厅机关党委')).toBe(true);
    expect(q.total).toBe(q.items.length);
    // Reviewed ones come back with status=all.
    const all = await queue(f.c.aOrganStaff, '?status=all&pageSize=100');
    expect(all.items.map((i) => i.periodId)).toEqual(expect.arrayContaining([f.periods.aBranch1Ongoing, f.periods.aBranch1Monthly1, branch3]));
    expect(all.items.find((i) => i.periodId === f.periods.aBranch1Ongoing)!.status).toBe('approved');
    // Paging.
    const page = await queue(f.c.aOrganStaff, '?status=all&pageSize=1&page=2');
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(all.total);
  });

  it('lists for a leadership member the organ committee, and for the other unit its own', async () => {
    expect((await queue(f.c.aLeader)).items.map((i) => i.periodId)).toEqual([organMonthly]);
    const bLeader = new Client(h.app);
    expect((await bLeader.login('b_leader')).statusCode).toBe(200);
    expect((await queue(bLeader)).items.map((i) => i.periodId)).toEqual([bOrganMonthly]);
  });

  it('lists for a committee department the party groups on its tasks, for the committee root all of them', async () => {
    const pg = f.periods.aPartyGroupYearly;
    await submitted(f.c.aLeader, pg, '2022-04-02');
    expect((await queue(f.c.ownerStaff)).items.map((i) => i.periodId)).toEqual([pg]);
    expect((await queue(f.c.reviewerStaff)).items).toEqual([]);
    expect((await queue(f.c.reviewerStaff, '?status=all')).items.map((i) => i.periodId)).toEqual([f.periods.aPartyGroupQ1]);
    const admin = await queue(f.c.admin, '?status=all');
    expect(admin.items.map((i) => i.periodId).sort()).toEqual([pg, f.periods.aPartyGroupQ1, f.periods.bPartyGroupYearly].sort());
    expect(admin.items.every((i) => i.levelCode === 'L1')).toBe(true);
  });

  it('filters by year, level, unit and text; readers without work.review are refused', async () => {
    expect((await queue(f.c.admin, '?status=all&unitId=' + f.b.unitId)).items.map((i) => i.periodId)).toEqual([f.periods.bPartyGroupYearly]);
    expect((await queue(f.c.admin, '?status=all&year=2023')).total).toBe(0);
    expect((await queue(f.c.admin, '?status=all&levelCode=L2')).total).toBe(0);
    const found = await queue(f.c.aOrganStaff, `?q=${encodeURIComponent('预算处')}`);
    expect(found.items.map((i) => i.periodId).sort()).toEqual([branch3, f.periods.aBranch2Monthly1].sort());
    expect(found.items.every((i) => i.orgName === '省财政厅预算处党支部')).toBe(true);
    expect((await queue(f.c.aOrganStaff, `?q=${encodeURIComponent('主题党日')}`)).total).toBeGreaterThan(0);
    expect((await queue(f.c.aOrganStaff, `?q=${encodeURIComponent('不存在的内容')}`)).total).toBe(0);
    expect((await f.c.aSecretary.get('/api/work/reviews')).statusCode).toBe(403);
    // Readers without work.review are refused; an inspector granted on the committee root (not
    // on the supervision office) reviews nothing and sees an empty queue.
    expect((await f.c.aViewer.get('/api/work/reviews')).statusCode).toBe(403);
    const inspectorQueue = await f.c.inspector.get('/api/work/reviews?status=all');
    expect(inspectorQueue.statusCode, inspectorQueue.body).toBe(200);
    expect(inspectorQueue.json()).toMatchObject({ items: [], total: 0 });
  });
});
