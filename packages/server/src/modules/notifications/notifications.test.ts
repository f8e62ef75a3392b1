import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createHarness, type Harness } from '../../testing/harness.ts';
import { notificationText } from './list-notifications.ts';
import { maintainTables } from './scheduler.ts';
import { notify } from './notify.ts';
import { runSweep } from './run-sweep.ts';
import { SWEEPS, type Sweep } from './sweeps.ts';
import { buildWorkFixture, periodOf, relogin, setToday, type WorkFixture } from '../work/test-fixture.ts';
import { loadWorkSettings } from '../work/settings/work-settings.ts';

interface Item {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

let h: Harness;
let f: WorkFixture;
const account: Record<string, number> = {};
/** Branch A1's monthly periods of April and May; the organ committee's of April. */
let b1April: number;
let b1May: number;
let b2May: number;
let ocApril: number;

/** An account's notifications as the inbox shows them in Chinese (stored as kind and params). */
const inbox = async (username: string) =>
  (
    await h.deps.db.kysely
      .selectFrom('notifications')
      .select(['id', 'kind', 'title', 'body', 'params', 'link', 'dedupe_key'])
      .where('account_id', '=', account[username]!)
      .orderBy('id')
      .execute()
  ).map((r) => ({ id: r.id, kind: r.kind, link: r.link, dedupe_key: r.dedupe_key, ...notificationText(r, 'zh-CN') }));
const keyed = async (username: string, key: string) => (await inbox(username)).filter((n) => n.dedupe_key === key);
const sweep = async () => {
  const res = await f.c.admin.post('/api/notifications/sweep');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { today: string; dueSoon: number; overdue: number; overdueBelow: number; digest: number; total: number };
};

beforeAll(async () => {
  h = await createHarness();
  f = await buildWorkFixture(h);
  const rows = await h.deps.db.kysely.selectFrom('accounts').select(['id', 'username']).execute();
  for (const r of rows) account[r.username] = r.id;
  b1April = await periodOf(h, f.a.branchIds[0], f.tasks.l3Monthly, 4);
  b1May = await periodOf(h, f.a.branchIds[0], f.tasks.l3Monthly, 5);
  b2May = await periodOf(h, f.a.branchIds[1], f.tasks.l3Monthly, 5);
  ocApril = await periodOf(h, f.a.organCommitteeId, f.tasks.l2Monthly, 4);
}, 120_000);
afterAll(async () => h?.close());

describe('work settings GET/PUT /api/work/settings', () => {
  it('defaults to 7 and 7, readable by every work role', async () => {
    const res = await f.c.aSecretary.get('/api/work/settings');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ yellowDays: 7, reminderDays: 7 });
  });

  it('is changed by the committee only, within 1–60 days, and audited', async () => {
    expect((await f.c.aAdmin.put('/api/work/settings', { yellowDays: 5, reminderDays: 5 })).statusCode).toBe(403);
    const bad = await f.c.admin.put('/api/work/settings', { yellowDays: 0, reminderDays: 61 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { path: string; message: string }) => [d.path, d.message])).toEqual([
      ['body.yellowDays', '天数须在1至60之间'],
      ['body.reminderDays', '天数须在1至60之间'],
    ]);
    expect(await loadWorkSettings(h.deps.db.kysely)).toEqual({ yellowDays: 7, reminderDays: 7 });
    const ok = await f.c.admin.put('/api/work/settings', { yellowDays: 10, reminderDays: 3 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await f.c.inspector.get('/api/work/settings')).json()).toEqual({ yellowDays: 10, reminderDays: 3 });
    expect(await loadWorkSettings(h.deps.db.kysely)).toEqual({ yellowDays: 10, reminderDays: 3 });
    const audit = await h.deps.db.kysely.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'work.settings.update').execute();
    expect(audit).toEqual([{ before: { yellowDays: 7, reminderDays: 7 }, after: { yellowDays: 10, reminderDays: 3 } }]);
  });
});

describe('the reminder sweep', () => {
  it('is run on demand by the committee only', async () => {
    expect((await f.c.aAdmin.post('/api/notifications/sweep')).statusCode).toBe(403);
    expect((await f.c.aSecretary.post('/api/notifications/sweep')).statusCode).toBe(403);
  });

  it('reminds only within the reminder days of the settings', async () => {
    // reminderDays is 3 now: on 2022-04-25 April (due 04-30) is 5 days away
    await setToday(h, '2022-04-25', f);
    const r = await sweep();
    expect(r.today).toBe('2022-04-25');
    expect(await keyed('a_secretary', `dueSoon:${b1April}`)).toEqual([]);
    expect(r.overdue).toBeGreaterThan(0);
    await f.c.admin.put('/api/work/settings', { yellowDays: 7, reminderDays: 7 });
  });

  it('writes dueSoon to the recorders once, then overdue and overdueBelow once each', async () => {
    const first = await sweep();
    expect(first.dueSoon).toBeGreaterThan(0);
    // the branch's recorders: its secretary and the unit administrator
    for (const u of ['a_secretary', 'a_admin']) {
      const soon = await keyed(u, `dueSoon:${b1April}`);
      expect(soon).toHaveLength(1);
      expect(soon[0]).toMatchObject({ kind: 'dueSoon', link: `/work/periods/${b1April}` });
      expect(soon[0]!.title).toContain('临期提醒');
      expect(soon[0]!.title).toContain('省财政厅办公室党支部');
      expect(soon[0]!.title).toContain('4月');
      expect(soon[0]!.title).toContain('2022-04-30');
      expect(soon[0]!.body).toContain('每月开展主题党日活动');
    }
    // not the reviewers, not readers, not another unit
    for (const u of ['a_organ', 'czt_viewer', 'b_admin', 'b_secretary', 'a_leader']) expect(await keyed(u, `dueSoon:${b1April}`)).toEqual([]);

    const again = await sweep();
    expect(again.total).toBe(0);

    await setToday(h, '2022-05-01', f);
    const late = await sweep();
    expect(late.overdue).toBeGreaterThan(0);
    expect(late.overdueBelow).toBeGreaterThan(0);
    const overdue = await keyed('a_secretary', `overdue:${b1April}`);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ kind: 'overdue', link: `/work/periods/${b1April}` });
    expect(overdue[0]!.title).toContain('逾期提醒');
    expect(overdue[0]!.body).toContain('已逾期1天');
    // the branch's reviewer: the organ committee's staff; the leader reviews the organ committee, not branches
    const below = await keyed('a_organ', `overdue:${b1April}`);
    expect(below).toHaveLength(1);
    expect(below[0]).toMatchObject({ kind: 'overdueBelow', link: `/work/periods/${b1April}` });
    expect(below[0]!.title).toContain('下级逾期');
    expect(await keyed('a_leader', `overdue:${b1April}`)).toEqual([]);
    expect(await keyed('b_organ', `overdue:${b1April}`)).toEqual([]);
    expect(await keyed('a_secretary', `dueSoon:${b1April}`)).toHaveLength(1);

    expect((await sweep()).total).toBe(0);
  });

  it('tells the level above: the organ committee’s overdue work reaches the leader, the party group’s the named department', async () => {
    // the organ committee's April period is due 05-05: on 05-06 it is overdue
    await setToday(h, '2022-05-06', f);
    await sweep();
    expect(await keyed('a_organ', `overdue:${ocApril}`)).toMatchObject([{ kind: 'overdue' }]);
    expect(await keyed('a_leader', `overdue:${ocApril}`)).toMatchObject([{ kind: 'overdueBelow' }]);
    expect(await keyed('a_secretary', `overdue:${ocApril}`)).toEqual([]);
    // the party group's first quarter (due 04-10) is reviewed by 宣传部, named on the task
    expect(await keyed('xcb_staff', `overdue:${f.periods.aPartyGroupQ1}`)).toMatchObject([{ kind: 'overdueBelow' }]);
    expect(await keyed('zzb_staff', `overdue:${f.periods.aPartyGroupQ1}`)).toEqual([]);
    expect(await keyed('a_leader', `overdue:${f.periods.aPartyGroupQ1}`)).toMatchObject([{ kind: 'overdue' }]);
  });

  it('writes nothing for approved periods and nothing new for submitted ones', async () => {
    const k = h.deps.db.kysely;
    await k.updateTable('periods').set({ status: 'approved', report_count: 1 }).where('id', '=', b1May).execute();
    await k.updateTable('periods').set({ status: 'submitted', report_count: 1 }).where('id', '=', b2May).execute();
    await setToday(h, '2022-05-28', f);
    await sweep();
    await setToday(h, '2022-06-02', f);
    await sweep();
    const all = await k.selectFrom('notifications').select('dedupe_key').where('dedupe_key', 'in', [`dueSoon:${b1May}`, `overdue:${b1May}`, `dueSoon:${b2May}`, `overdue:${b2May}`]).execute();
    expect(all).toEqual([]);
  });

  it('writes one digest a day per account with something to do, counting what is due soon, overdue and to review', async () => {
    await setToday(h, '2022-06-10', f);
    await sweep();
    const digests = (await inbox('a_organ')).filter((n) => n.kind === 'digest');
    const today = digests.filter((n) => n.dedupe_key === 'digest:2022-06-10');
    expect(today).toHaveLength(1);
    expect(today[0]!.link).toBe('/my-tasks');
    // branch A2's May period awaits the organ committee's review
    expect(today[0]!.title).toMatch(/^今日待办：您有.*1项待审核$/);
    expect(today[0]!.title).toMatch(/项任务逾期|项逾期/);
    // later the same day: no second digest
    h.deps.clock.advance(3 * 3600_000);
    await relogin(f);
    const later = await sweep();
    expect(later.digest).toBe(0);
    expect((await inbox('a_organ')).filter((n) => n.dedupe_key === 'digest:2022-06-10')).toHaveLength(1);
    // the next day: a new one
    await setToday(h, '2022-06-11', f);
    expect((await sweep()).digest).toBeGreaterThan(0);
    expect(await keyed('a_organ', 'digest:2022-06-11')).toHaveLength(1);
    // readers, and the committee administrator with nothing submitted to review, have nothing to do: no digest
    for (const u of ['czt_viewer', 'inspector1', 'admin']) expect(await keyed(u, 'digest:2022-06-11')).toEqual([]);
  });
});

describe('the inbox', () => {
  it('lists the caller’s own notifications newest first, with filters and the unread count', async () => {
    const mine = await inbox('a_secretary');
    expect(mine.length).toBeGreaterThan(2);
    const res = await f.c.aSecretary.get('/api/notifications?pageSize=200');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: Item[]; total: number; unread: number };
    expect(page.total).toBe(mine.length);
    expect(page.unread).toBe(mine.length);
    expect(new Set(page.items.map((i) => i.id))).toEqual(new Set(mine.map((n) => n.id)));
    const times = page.items.map((i) => i.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const soon = (await f.c.aSecretary.get('/api/notifications?kind=dueSoon&pageSize=200')).json() as { items: Item[]; total: number };
    expect(soon.total).toBe(mine.filter((n) => n.kind === 'dueSoon').length);
    expect(soon.items.every((i) => i.kind === 'dueSoon')).toBe(true);
    const two = (await f.c.aSecretary.get('/api/notifications?page=2&pageSize=2')).json() as { items: Item[] };
    expect(two.items.map((i) => i.id)).toEqual(page.items.slice(2, 4).map((i) => i.id));
    expect((await f.c.aSecretary.get('/api/notifications/unread-count')).json()).toEqual({ count: mine.length });
  });

  it('marks one as read, all as read, and answers 404 for another account’s notification', async () => {
    const mine = await inbox('a_secretary');
    const total = mine.length;
    const one = await f.c.aSecretary.post(`/api/notifications/${mine[0]!.id}/read`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().readAt).toMatch(/^2022-06-1\d/);
    expect((await f.c.aSecretary.get('/api/notifications/unread-count')).json()).toEqual({ count: total - 1 });
    expect((await f.c.aSecretary.post(`/api/notifications/${mine[0]!.id}/read`)).statusCode).toBe(200);
    const unread = (await f.c.aSecretary.get('/api/notifications?unread=1&pageSize=200')).json() as { items: Item[]; total: number };
    expect(unread.total).toBe(total - 1);
    expect(unread.items.map((i) => i.id)).not.toContain(mine[0]!.id);
    const read = (await f.c.aSecretary.get('/api/notifications?unread=0')).json() as { items: Item[]; total: number };
    expect(read.items.map((i) => i.id)).toEqual([mine[0]!.id]);

    const others = await inbox('a_organ');
    const foreign = await f.c.aSecretary.post(`/api/notifications/${others[0]!.id}/read`);
    expect(foreign.statusCode).toBe(404);
    expect((await f.c.aSecretary.post('/api/notifications/999999/read')).statusCode).toBe(404);
    const still = await h.deps.db.kysely.selectFrom('notifications').select('read_at').where('id', '=', others[0]!.id).executeTakeFirstOrThrow();
    expect(still.read_at).toBeNull();

    const all = await f.c.aSecretary.post('/api/notifications/read-all');
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toEqual({ count: total - 1 });
    expect((await f.c.aSecretary.get('/api/notifications/unread-count')).json()).toEqual({ count: 0 });
    // another account's inbox is untouched
    expect((await f.c.aOrganStaff.get('/api/notifications/unread-count')).json()).toEqual({ count: others.length });
  });
});

describe('table upkeep before each sweep', () => {
  it('on PGlite vacuums the work tables: dead row versions reclaimed, the visibility map kept for index-only counts', async () => {
    const k = h.deps.db.kysely;
    const pages = async () =>
      (await sql<{ visible: number; pages: number }>`SELECT relallvisible AS visible, relpages AS pages FROM pg_class WHERE relname = 'periods'`.execute(k)).rows[0]!;
    // Every period rewritten: each now has a dead version and no page is all-visible.
    await sql`UPDATE periods SET report_count = report_count`.execute(k);
    await maintainTables(h.deps);
    const after = await pages();
    if (h.deps.db.kind === 'pglite') {
      expect(after.pages).toBeGreaterThan(0);
      expect(after.visible).toBe(after.pages);
    }
    // Nothing changed in the rows themselves.
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM periods`.execute(k);
    expect(n.rows[0]!.n).toBeGreaterThan(0);
  });
});

describe('sweeps plug in', () => {
  it('runs every registered sweep in one transaction: its figures in the answer, its notifications in the total', async () => {
    const extra: Sweep = {
      name: 'test',
      tables: [],
      figures: {},
      run: async (trx, at) => {
        const n = await notify(trx, { now: () => at.now }, [account['a_secretary']!], { kind: 'digest', params: { date: at.today, soon: 0, late: 0, review: 1 }, dedupeKey: `test:${at.today}` });
        return { written: n, figures: { testWritten: n } };
      },
    };
    SWEEPS.push(extra);
    try {
      const first = await runSweep(h.deps);
      expect(first).toMatchObject({ testWritten: 1 });
      expect(first.total).toBe(1 + (['dueSoon', 'overdue', 'overdueBelow', 'digest'] as const).reduce((s, k) => s + Number(first[k]), 0));
      // Again the same day: nothing new, from any sweep.
      expect(await runSweep(h.deps)).toMatchObject({ testWritten: 0, total: 0 });
    } finally {
      SWEEPS.splice(SWEEPS.indexOf(extra), 1);
    }
  });
});
