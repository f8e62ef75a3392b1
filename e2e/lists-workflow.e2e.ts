import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { button, launch, settle, shot, type Browser } from './browser.ts';
import { ARTIFACTS } from './global-setup.ts';

/**
 * Drafting and issuing the demo 2023 list in Chinese, with three people in three browsers: the
 * committee administrator (admin), the owner department's staff (zzb, 组织部) and a staff member
 * of 纪检监察工委, who drafts part 5 (党风廉政建设) — the demo has no such account, so the test opens
 * one as admin and changes its forced password. Steps, in order, each sharing the server's state
 * with the next: two departments edit their own parts at once, and 纪检监察工委 cannot touch part 1;
 * an edit conflict; 送审 refused for uncovered source items, which are then linked from 推荐任务;
 * a 征求意见 round answered; 送审, 审定, 印发 as 鄂直工发〔2023〕3号; the Word document downloaded
 * and read; the 2022 → 2023 comparison.
 */
const baseUrl = inject('baseUrl');
const chromiumPath = inject('chromiumPath');
const skipReason = inject('skipReason');

const PASSWORD = 'Demo@2026';
/** The 纪检监察工委 account the test opens (first password, then the one it sets). */
const JJGW = { username: 'e2e_jjgw', code: 'E2E-JJGW-01', name: '纪检测试员', first: 'Start@2026x', password: 'Jjgw@2026e2e' };
const DOC_PREFIX = '鄂直工发';
const DOC_SEQ = 3;
const DOC_NUMBER = '鄂直工发〔2023〕3号';
const MEETING_DATE = '2023-03-10';
const ISSUE_DATE = '2023-03-15';
/**
 * The business date of the meeting and the issue (the demo starts at its own, 2022-10-31, and a
 * meeting may not lie in the future): the server's clock moves there through POST /api/system/clock.
 */
const STORY_DATE = '2023-03-16';
const NOTICE_TITLE = '关于印发《2023年省直机关党建工作责任清单》的通知';
/** What each edit appends to a task's content (appended, so the 2022 → 2023 diff is a pure insertion). */
const ADD = {
  jjgw: '（2023年新增要求：每半年开展一次廉政风险排查。）',
  zzb: '（2023年新增要求：建立任务落实情况季度通报制度。）',
  conflictAdmin: '（管理员的修改：纳入年度考核。）',
  conflictZzb: '（组织部的修改：每季度调度一次。）',
};
const OPINION = '建议在党风廉政建设部分增加对新提拔干部开展任前廉政谈话的要求。';
const REPLY = '已在相关任务的工作要求中体现，任前廉政谈话纳入干部选任程序，不单列任务。';

interface ListRow { id: number; year: number; status: string; docNumber: string | null }
interface Part { id: number; seq: number; title: string; draftingOrgId: number | null; draftingOrgName: string | null }
interface Task {
  id: number; code: string; originTaskId: number | null; number: number | null; partId: number; sectionId: number | null; levelCode: string;
  content: string; requirements: string; frequency: string; dueRule: unknown; evidence: string; reviewerOrgId: number | null; weight: string | null;
  withdrawnAt: string | null; version: number;
}
interface ListDetail {
  list: { id: number; title: string; status: string; docNumber: string | null; noticeTitle: string | null };
  parts: Part[];
  tasks: Task[];
  rights: { canManage: boolean; editablePartIds: number[] };
}
interface Coverage {
  totals: { required: number; covered: number; waived: number; uncovered: number };
  items: { id: number; label: string; text: string; covered: boolean; waived: boolean }[];
}

/** The one open dialog (antd Modal) whose text holds `hasText`. */
function dialog(page: Page, hasText: string | RegExp): Locator {
  return page.locator('.ant-modal-wrap:visible .ant-modal').filter({ hasText });
}
/** Press a dialog's primary button once the dialog has finished opening (a click during the animation can be lost). */
async function submitDialog(page: Page, dlg: Locator) {
  await settle(page);
  await dlg.locator('.ant-modal-footer .ant-btn-primary').click();
}
/** Confirm antd's “确认…？” box (modal.confirm). */
async function confirmBox(page: Page) {
  const box = page.locator('.ant-modal-confirm:visible').last();
  await box.waitFor();
  // The box zooms in: a click during the animation can be lost.
  await settle(page);
  await box.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
}
async function toast(page: Page, text: string) {
  await page.locator('.ant-message-notice').filter({ hasText: text }).first().waitFor();
}
/** The visible part of the page (the list pages are long; dialogs and drawers sit in the viewport). */
async function view(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await settle(page);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}
/** Type a date into an antd DatePicker and accept it. */
async function pickDate(input: Locator, date: string) {
  await input.click();
  await input.press('ControlOrMeta+a');
  await input.fill(date);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(date);
}

/** The paragraphs of a .docx body as text (w:t runs joined, one line per w:p). */
async function docxParagraphs(buffer: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml is missing from the download');
  const decode = (s: string) =>
    s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
  return xml.split('</w:p>').map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1] ?? '')).join(''));
}

describe.skipIf(!!skipReason)('责任清单：起草、送审、审定、印发（zh-CN）', () => {
  const people: Record<'admin' | 'zzb' | 'jjgw', Browser | undefined> = { admin: undefined, zzb: undefined, jjgw: undefined };
  let admin: Page;
  let zzb: Page;
  let jjgw: Page;
  let listId = 0;
  let list2022Id = 0;
  let workDir = '';
  /** The tasks edited in step 1, with their new contents. */
  const edited: { jjgw?: Task; zzb?: Task; conflict?: Task } = {};

  async function signIn(page: Page, username: string, password: string) {
    await page.goto('/login');
    await page.locator('input#username').fill(username);
    await page.locator('input#password').fill(password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }
  async function api<T>(page: Page, p: string): Promise<T> {
    const res = await page.request.get(p);
    expect(res.status(), `GET ${p}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }
  async function send<T>(page: Page, method: 'POST' | 'PUT', p: string, data: unknown): Promise<{ status: number; body: T }> {
    const me = await api<{ csrfToken: string }>(page, '/api/auth/me');
    const res = await page.request.fetch(p, { method, headers: { 'x-csrf-token': me.csrfToken }, data });
    return { status: res.status(), body: (await res.json()) as T };
  }
  const detail = (page: Page = admin) => api<ListDetail>(page, `/api/lists/${listId}`);
  async function open(page: Page, p: string) {
    await page.goto(p);
    await page.waitForLoadState('networkidle');
  }
  /** The row of a task on the 清单内容 tab. */
  const taskRow = (page: Page, t: Task) => page.locator(`#list-part-${t.partId} tr[data-row-key="${t.id}"]`);
  /** Open a task's editor drawer from its row and replace its content. */
  async function editContent(page: Page, t: Task, content: string): Promise<Locator> {
    const row = taskRow(page, t);
    await row.scrollIntoViewIfNeeded();
    await button(row, '编辑').click();
    const drawer = page.locator('.ant-drawer:visible').filter({ hasText: '编辑任务' });
    await drawer.waitFor();
    await expect.poll(() => drawer.locator('textarea#content').inputValue()).toBe(t.content);
    await drawer.locator('textarea#content').fill(content);
    return drawer;
  }
  /** 2022 content of the 2023 task's origin, to pick tasks the demo left unchanged. */
  async function unchangedSince2022(tasks: Task[]): Promise<Task[]> {
    const old = await api<ListDetail>(admin, `/api/lists/${list2022Id}`);
    const before = new Map(old.tasks.map((t) => [t.id, t]));
    return tasks.filter((t) => {
      const o = t.originTaskId === null ? undefined : before.get(t.originTaskId);
      return !!o && o.content === t.content && !t.content.includes('\n');
    });
  }

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingdan-e2e-lists-'));
    people.admin = await launch(chromiumPath, baseUrl);
    people.zzb = await launch(chromiumPath, baseUrl);
    people.jjgw = await launch(chromiumPath, baseUrl);
    admin = people.admin.page;
    zzb = people.zzb.page;
    jjgw = people.jjgw.page;
    await signIn(admin, 'admin', PASSWORD);
    await signIn(zzb, 'zzb', PASSWORD);
    const lists = (await api<{ items: ListRow[] }>(admin, '/api/lists?pageSize=100')).items;
    const l2023 = lists.find((l) => l.year === 2023);
    const l2022 = lists.find((l) => l.year === 2022);
    expect(l2023?.status, 'the demo 2023 draft').toBe('draft');
    expect(l2022?.status, 'the demo 2022 list').toBe('issued');
    listId = l2023!.id;
    list2022Id = l2022!.id;

    // A staff member of 纪检监察工委 (the demo has none): person, account, departmentStaff grant.
    const d = await detail();
    const p5 = d.parts.find((p) => p.seq === 5);
    expect(p5?.draftingOrgName, 'part 5 of the 2023 draft is drafted by 纪检监察工委').toBe('纪检监察工委');
    const orgId = p5!.draftingOrgId!;
    const person = await send<{ id: number }>(admin, 'POST', '/api/people', { orgId, code: JJGW.code, name: JJGW.name, post: '干部' });
    expect(person.status, JSON.stringify(person.body)).toBe(200);
    const account = await send(admin, 'POST', '/api/accounts', { personId: person.body.id, username: JJGW.username, password: JJGW.first });
    expect(account.status, JSON.stringify(account.body)).toBe(200);
    const grant = await send(admin, 'POST', `/api/people/${person.body.id}/grants`, { role: 'departmentStaff', orgId });
    expect(grant.status, JSON.stringify(grant.body)).toBe(200);
    // First sign-in: the forced password change.
    await signIn(jjgw, JJGW.username, JJGW.first);
    await jjgw.waitForURL((u) => u.pathname === '/change-password');
    await jjgw.locator('input#currentPassword').fill(JJGW.first);
    await jjgw.locator('input#newPassword').fill(JJGW.password);
    await jjgw.locator('input#confirm').fill(JJGW.password);
    await jjgw.locator('button[type="submit"]').click();
    await jjgw.waitForURL((u) => u.pathname === '/');
  });
  afterAll(async () => {
    for (const b of Object.values(people)) await b?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    const name = ctx.task.name.replace(/[^\w\u4e00-\u9fff-]+/g, '-').slice(0, 50);
    for (const [who, b] of Object.entries(people)) {
      if (b && !b.page.isClosed()) await view(b.page, `FAILED-lists-workflow-${name}-${who}`).catch(() => {});
    }
  });

  it('(1) 分部门起草：纪检监察工委改第五部分、组织部同时改第一部分；纪检监察工委不能改第一部分', async () => {
    const d = await detail();
    const p1 = d.parts.find((p) => p.seq === 1)!;
    const p5 = d.parts.find((p) => p.seq === 5)!;
    const byNumber = (a: Task, b: Task) => (a.number ?? 0) - (b.number ?? 0);
    const [t5] = (await unchangedSince2022(d.tasks.filter((t) => t.partId === p5.id))).sort(byNumber);
    const [t1] = (await unchangedSince2022(d.tasks.filter((t) => t.partId === p1.id))).sort(byNumber);
    expect(t5, 'a task of part 5 unchanged since 2022').toBeTruthy();
    expect(t1, 'a task of part 1 unchanged since 2022').toBeTruthy();

    // What each sees: 纪检监察工委 may edit part 5 only.
    await open(jjgw, `/lists/${listId}`);
    await open(zzb, `/lists/${listId}`);
    const mine = jjgw.locator(`#list-part-${p5.id}`);
    await expect.poll(() => mine.locator('.ant-card-head').first().innerText()).toContain('本部门起草，可编辑');
    const jjgwRights = await detail(jjgw);
    expect(jjgwRights.rights.canManage).toBe(false);
    expect(jjgwRights.rights.editablePartIds).toEqual([p5.id]);

    // Both open their task, both save at the same moment.
    const jjgwDrawer = await editContent(jjgw, t5!, t5!.content + ADD.jjgw);
    const zzbDrawer = await editContent(zzb, t1!, t1!.content + ADD.zzb);
    await view(jjgw, '20-dept-edits-part5');
    await Promise.all([jjgwDrawer.locator('.ant-btn-primary').click(), zzbDrawer.locator('.ant-btn-primary').click()]);
    await Promise.all([toast(jjgw, '任务已保存'), toast(zzb, '任务已保存')]);
    await expect.poll(() => taskRow(jjgw, t5!).innerText()).toContain(ADD.jjgw);
    await expect.poll(() => taskRow(zzb, t1!).innerText()).toContain(ADD.zzb);
    const after = await detail();
    edited.jjgw = after.tasks.find((t) => t.id === t5!.id);
    edited.zzb = after.tasks.find((t) => t.id === t1!.id);
    expect(edited.jjgw?.content).toBe(t5!.content + ADD.jjgw);
    expect(edited.zzb?.content).toBe(t1!.content + ADD.zzb);

    // Part 1 is not 纪检监察工委's: no edit, add or delete control there …
    await open(jjgw, `/lists/${listId}`);
    const theirs = jjgw.locator(`#list-part-${p1.id}`);
    await theirs.scrollIntoViewIfNeeded();
    await expect.poll(() => theirs.locator('tr[data-row-key]').count()).toBeGreaterThan(0);
    expect(await button(theirs, '编辑').count()).toBe(0);
    expect(await button(theirs, '删除').count()).toBe(0);
    expect(await button(theirs, '新增任务').count()).toBe(0);
    expect(await theirs.locator('.ant-card-head').first().innerText()).toContain('起草：组织部');
    await view(jjgw, '21-dept-part1-read-only');
    // … and the server refuses in Chinese, naming the drafting department.
    const fresh = (await detail(jjgw)).tasks.find((t) => t.id === t1!.id)!;
    const refused = await send<{ code: string; message: string }>(jjgw, 'PUT', `/api/list-tasks/${fresh.id}`, {
      partId: fresh.partId, sectionId: fresh.sectionId, levelCode: fresh.levelCode, content: `${fresh.content}（越权修改）`, requirements: fresh.requirements,
      frequency: fresh.frequency, dueRule: fresh.dueRule, evidence: fresh.evidence, reviewerOrgId: fresh.reviewerOrgId, weight: fresh.weight === null ? null : Number(fresh.weight), version: fresh.version,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('PART_NOT_YOURS');
    expect(refused.body.message).toBe('该部分由组织部负责起草，您不能修改');
    expect((await detail()).tasks.find((t) => t.id === t1!.id)?.content).toBe(t1!.content + ADD.zzb);
  });

  it('(2) 编辑冲突：管理员和组织部同时打开同一任务，后保存者看到两个版本并覆盖', async () => {
    const d = await detail();
    const p2 = d.parts.find((p) => p.seq === 2)!;
    const [t] = (await unchangedSince2022(d.tasks.filter((x) => x.partId === p2.id))).sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    expect(t, 'a task of part 2 unchanged since 2022').toBeTruthy();
    await open(admin, `/lists/${listId}`);
    await open(zzb, `/lists/${listId}`);
    const adminDrawer = await editContent(admin, t!, t!.content + ADD.conflictAdmin);
    const zzbDrawer = await editContent(zzb, t!, t!.content + ADD.conflictZzb);
    await adminDrawer.locator('.ant-btn-primary').click();
    await toast(admin, '任务已保存');
    await zzbDrawer.locator('.ant-btn-primary').click();
    const conflict = dialog(zzb, '保存冲突');
    await conflict.waitFor();
    await expect.poll(() => conflict.innerText()).toContain(ADD.conflictAdmin);
    const text = await conflict.innerText();
    expect(text).toContain('保存冲突：该任务已被他人修改');
    expect(text).toContain('您的修改');
    expect(text).toMatch(/他人已保存的版本（第 \d+ 版）/);
    expect(text).toContain(t!.content + ADD.conflictZzb);
    expect(text).toContain(t!.content + ADD.conflictAdmin);
    await view(zzb, '22-edit-conflict');
    await button(conflict, '用我的修改覆盖').click();
    await toast(zzb, '任务已保存');
    await expect.poll(async () => (await detail()).tasks.find((x) => x.id === t!.id)?.content).toBe(t!.content + ADD.conflictZzb);
    edited.conflict = (await detail()).tasks.find((x) => x.id === t!.id);
  });

  it('(3) 覆盖检查：有未覆盖条目时送审被拒并列出条目；按推荐任务逐条关联后可以送审', async () => {
    const before = await api<Coverage>(zzb, `/api/lists/${listId}/coverage`);
    expect(before.totals.uncovered, 'the demo 2023 draft has uncovered source items').toBeGreaterThan(0);
    const gaps = before.items.filter((i) => !i.covered && !i.waived);
    expect(gaps).toHaveLength(before.totals.uncovered);

    // 送审 now: the form warns, the server refuses with the items.
    await open(zzb, `/lists/${listId}`);
    await button(zzb, '送审').first().click();
    const submit = dialog(zzb, '送审说明');
    await submit.waitFor();
    await expect.poll(() => submit.innerText()).toContain(`${before.totals.uncovered} 项上级要求未落实到任务`);
    await submitDialog(zzb, submit);
    await confirmBox(zzb);
    const refusal = zzb.locator('.ant-modal-confirm-error:visible');
    await refusal.waitFor();
    const said = await refusal.innerText();
    expect(said).toContain(`还有${before.totals.uncovered}项上级要求未落实到任务（也未说明不列入的理由），不能送审`);
    for (const g of gaps.slice(0, 10)) expect(said).toContain(g.text.length > 60 ? g.text.slice(0, 60) : g.text);
    expect(said).toContain('请在“依据与覆盖”中把这些条目关联到任务，或说明不列入的理由。');
    await view(zzb, '23-submit-refused-uncovered');
    await refusal.locator('.ant-modal-confirm-btns .ant-btn').click();
    await button(submit, '取消').click();
    expect((await detail()).list.status).toBe('draft');

    // 依据与覆盖: only the gaps; link each from its best suggestion (waive only an item nothing resembles).
    await open(zzb, `/lists/${listId}?tab=coverage`);
    const pane = zzb.locator('[role="tabpanel"][aria-hidden="false"]').first();
    await expect.poll(() => pane.innerText()).toContain(`未覆盖 ${before.totals.uncovered}`);
    await pane.locator('.ant-switch').first().click();
    const gapRows = pane.locator('tr[data-row-key]');
    await expect.poll(() => gapRows.count()).toBe(before.totals.uncovered);
    let linked = 0;
    let waived = 0;
    for (let left = before.totals.uncovered; left > 0; left--) {
      const row = gapRows.first();
      const itemText = (await row.innerText()).split('\n').find((l) => gaps.some((g) => l.includes(g.text))) ?? '';
      await button(row, '推荐任务').click();
      const suggest = dialog(zzb, '推荐任务');
      await suggest.waitFor();
      const first = suggest.locator('.ant-list-item').first();
      const none = suggest.locator('.ant-empty, .ant-list-empty-text');
      await expect.poll(async () => (await first.count()) + (await none.count())).toBeGreaterThan(0);
      await suggest.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
      if (await first.count()) {
        if (linked === 0) await view(zzb, '24-coverage-suggestions');
        await button(first, '关联').click();
        await toast(zzb, '已关联');
        await expect.poll(() => first.locator('.ant-tag').filter({ hasText: '已关联' }).count()).toBe(1);
        linked++;
        await suggest.locator('.ant-modal-close').click();
      } else {
        await suggest.locator('.ant-modal-close').click();
        await button(row, '豁免').click();
        const waive = dialog(zzb, '豁免条目');
        await waive.locator('textarea').fill('该项要求由省委统一部署，工委不单列任务。');
        await submitDialog(zzb, waive);
        await toast(zzb, '已豁免');
        waived++;
      }
      await expect.poll(() => gapRows.count(), { message: `the item “${itemText}” leaves the uncovered list` }).toBe(left - 1);
    }
    expect(linked, 'at least one item linked from its suggestions').toBeGreaterThan(0);
    await pane.locator('.ant-switch').first().click();
    await expect.poll(() => pane.innerText()).toContain('未覆盖 0');
    const after = await api<Coverage>(zzb, `/api/lists/${listId}/coverage`);
    expect(after.totals).toMatchObject({ uncovered: 0, covered: before.totals.covered + linked + waived });
    await settle(zzb);
    await shot(zzb, '25-coverage-complete');

    // 送审 is possible now: the form no longer warns (the server's checks agree).
    const history = await api<{ checks: { uncovered: number; unansweredOpinions: number } | null; rights: { actions: string[] } }>(zzb, `/api/lists/${listId}/history`);
    expect(history.checks).toEqual({ uncovered: 0, unansweredOpinions: 0 });
    expect(history.rights.actions).toContain('submit');
    await open(zzb, `/lists/${listId}`);
    await button(zzb, '送审').first().click();
    const ready = dialog(zzb, '送审说明');
    await ready.waitFor();
    await expect.poll(() => ready.innerText()).toContain('送审前系统将检查');
    expect(await ready.innerText()).not.toContain('目前还不能送审');
    await button(ready, '取消').click();
  });

  it('(4) 征求意见：向纪检监察工委征求意见，纪检监察工委提出意见，组织部答复', async () => {
    await open(zzb, `/lists/${listId}?tab=opinions`);
    await button(zzb, '发起征求意见').click();
    const round = dialog(zzb, '发起征求意见');
    await round.waitFor();
    await round.locator('input#title').fill('2023年清单征求意见（第一轮）');
    await round.locator('.ant-form-item').filter({ hasText: '工委部门' }).locator('.ant-select').click();
    await zzb.keyboard.type('纪检');
    await zzb.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '纪检监察工委' }).click();
    await round.locator('.ant-modal-title').click();
    await submitDialog(zzb, round);
    await toast(zzb, '已发起征求意见');
    await expect.poll(async () => (await detail()).list.status).toBe('soliciting');

    // 纪检监察工委 gives its opinion on part 5.
    await open(jjgw, `/lists/${listId}?tab=opinions`);
    const give = button(jjgw, '提出意见');
    await give.waitFor();
    await give.click();
    const form = dialog(jjgw, '针对内容');
    await form.waitFor();
    await expect.poll(() => form.innerText()).toContain('以“纪检监察工委”名义提出');
    await form.locator('.ant-form-item').filter({ hasText: '针对内容' }).locator('.ant-select').click();
    await jjgw.keyboard.type('第5部分');
    await jjgw.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '第5部分 党风廉政建设' }).click();
    await form.locator('textarea#content').fill(OPINION);
    await submitDialog(jjgw, form);
    await toast(jjgw, '意见已提交');
    const mineRow = jjgw.locator('.ant-table-row').filter({ hasText: OPINION });
    await expect.poll(() => mineRow.innerText()).toContain('未处理');
    await settle(jjgw);
    await shot(jjgw, '26-opinion-given');

    // 组织部 answers it.
    await open(zzb, `/lists/${listId}?tab=opinions`);
    const row = zzb.locator('.ant-table-row').filter({ hasText: OPINION });
    await expect.poll(() => row.innerText()).toContain('纪检监察工委');
    expect(await row.innerText()).toContain('党风廉政建设');
    await button(row, '处理').click();
    const answer = dialog(zzb, '处理意见');
    await answer.waitFor();
    await answer.locator('.ant-radio-wrapper').filter({ hasText: /^部分采纳$/ }).click();
    await answer.locator('textarea#reply').fill(REPLY);
    await submitDialog(zzb, answer);
    await toast(zzb, '已保存处理情况');
    await expect.poll(() => row.innerText()).toContain(REPLY);
    expect(await row.innerText()).toContain('部分采纳');
    await settle(zzb);
    await shot(zzb, '27-opinion-answered');
    const history = await api<{ checks: { unansweredOpinions: number } | null }>(zzb, `/api/lists/${listId}/history`);
    expect(history.checks?.unansweredOpinions).toBe(0);
  });

  it('(5) 送审、工委书记办公会审定、印发（鄂直工发〔2023〕3号）', async () => {
    // 组织部 submits.
    await open(zzb, `/lists/${listId}`);
    await button(zzb, '送审').first().click();
    const submit = dialog(zzb, '送审说明');
    await submit.waitFor();
    await submit.locator('textarea#comment').fill('已征求纪检监察工委意见并逐条答复，提请工委书记办公会审定。');
    await submitDialog(zzb, submit);
    await confirmBox(zzb);
    await toast(zzb, '送审完成');
    await expect.poll(() => zzb.locator('.ant-card').first().innerText()).toContain('已送审');
    expect((await detail()).list.status).toBe('inReview');

    // The meeting sits in March 2023: the server's business date moves there first.
    const me = await api<{ csrfToken: string }>(admin, '/api/auth/me');
    const moved = await admin.request.fetch('/api/system/clock', { method: 'POST', headers: { 'x-csrf-token': me.csrfToken }, data: { date: STORY_DATE } });
    expect(moved.status(), await moved.text()).toBe(200);

    // The administrator records the meeting: 工委书记办公会, approved.
    await open(admin, `/lists/${listId}`);
    await button(admin, '审定').first().click();
    const approve = dialog(admin, '会议日期');
    await approve.waitFor();
    await pickDate(approve.locator('input#meetingDate'), MEETING_DATE);
    expect(await approve.locator('input#meetingName').inputValue()).toBe('工委书记办公会');
    expect(await approve.locator('.ant-form-item').filter({ hasText: '会议决定' }).innerText()).toContain('审定通过');
    await approve.locator('textarea#comments').fill('会议原则同意《2023年省直机关党建工作责任清单》，请组织部按程序印发。');
    await submitDialog(admin, approve);
    await confirmBox(admin);
    await toast(admin, '审定完成');
    await expect.poll(async () => (await detail()).list.status).toBe('approved');

    // … and issues it.
    const issueButton = button(admin, '印发').first();
    await issueButton.waitFor();
    await issueButton.click();
    const issue = dialog(admin, '文号前缀');
    await issue.waitFor();
    expect(await issue.locator('input#docPrefix').inputValue()).toBe(DOC_PREFIX);
    await issue.locator('input#docSeq').fill(String(DOC_SEQ));
    await pickDate(issue.locator('input#issueDate'), ISSUE_DATE);
    await expect.poll(() => issue.locator('[data-testid="doc-number-preview"]').innerText()).toBe(DOC_NUMBER);
    expect(await issue.locator('input#noticeTitle').inputValue()).toBe(NOTICE_TITLE);
    await submitDialog(admin, issue);
    await confirmBox(admin);
    await toast(admin, '印发完成');
    await expect.poll(async () => (await detail()).list.docNumber).toBe(DOC_NUMBER);
    const header = admin.locator('.ant-card').first();
    await expect.poll(() => header.innerText()).toContain(DOC_NUMBER);
    expect(await header.innerText()).toContain('已印发');
    expect(await header.innerText()).toContain(ISSUE_DATE);
    await admin.locator('.ant-tabs-tab').filter({ hasText: '流转记录' }).click();
    const timeline = admin.locator('.ant-timeline');
    await expect.poll(() => timeline.innerText()).toContain(`${MEETING_DATE} 工委书记办公会：审定通过`);
    expect(await timeline.innerText()).toContain('已审定 → 已印发');
    await admin.evaluate('window.scrollTo(0, 0)');
    await view(admin, '28-issued');
  });

  it('(6) 下载 Word 公文：含文号、通知标题和每一项任务', async () => {
    await open(admin, `/lists/${listId}`);
    const [download] = await Promise.all([admin.waitForEvent('download'), button(admin, '下载 Word 公文').click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const file = path.join(workDir, download.suggestedFilename());
    await download.saveAs(file);
    const paragraphs = await docxParagraphs(fs.readFileSync(file));
    const text = paragraphs.join('\n');
    const d = await detail();
    expect(d.list.docNumber).toBe(DOC_NUMBER);
    expect(d.list.noticeTitle).toBe(NOTICE_TITLE);
    expect(text).toContain(DOC_NUMBER);
    expect(paragraphs).toContain(NOTICE_TITLE);
    const tasks = d.tasks.filter((t) => t.number !== null && !t.withdrawnAt);
    expect(tasks.length).toBeGreaterThan(100);
    const missing = tasks.filter((t) => !t.content.split(/\r?\n/).every((line) => paragraphs.includes(line)));
    expect(missing.map((t) => `${t.number} ${t.content}`), 'tasks whose content is not in the Word document').toEqual([]);
    for (const t of [edited.jjgw, edited.zzb, edited.conflict]) expect(paragraphs).toContain(t!.content);
  });

  it('(7) 版本对比：2022 → 2023 列出新增和修改，第 1 步改过的任务显示为修改', async () => {
    await open(admin, `/lists/${listId}?tab=versions`);
    const pane = admin.locator('[role="tabpanel"][aria-hidden="false"]').first();
    const fromSelect = pane.locator('.ant-select').first();
    await fromSelect.waitFor();
    await fromSelect.click();
    await admin.keyboard.type('2022');
    await admin.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '2022年省直机关党建工作责任清单' }).click();
    await expect.poll(() => pane.innerText()).toMatch(/2022 · .*→ 2023 · /);
    const stat = async (title: string) => Number((await pane.locator('.ant-statistic').filter({ hasText: title }).innerText()).replace(title, '').replace(/\D/g, ''));
    await expect.poll(() => stat('修改')).toBeGreaterThan(0);
    const added = await stat('新增');
    const changed = await stat('修改');
    expect(added).toBeGreaterThan(0);
    expect(changed).toBeGreaterThan(0);

    const cmp = await api<{ summary: { added: number; changed: number }; changed: { to: { id: number } }[] }>(admin, `/api/lists/compare?from=list:${list2022Id}&to=list:${listId}`);
    expect(cmp.summary).toMatchObject({ added, changed });
    for (const t of [edited.jjgw, edited.zzb, edited.conflict]) expect(cmp.changed.map((c) => c.to.id)).toContain(t!.id);

    // The 修改 tab lists the task 纪检监察工委 edited, its addition marked as inserted.
    const items = pane.locator('[role="tabpanel"][aria-hidden="false"] .ant-list-item');
    const jjgwItem = items.filter({ hasText: edited.jjgw!.content });
    await expect.poll(() => jjgwItem.count()).toBe(1);
    expect(await jjgwItem.locator('ins').allInnerTexts()).toContain(ADD.jjgw);
    expect(await items.filter({ hasText: edited.zzb!.content }).count()).toBe(1);
    await jjgwItem.scrollIntoViewIfNeeded();
    await settle(admin);
    await shot(admin, '29-versions-2022-2023');
  });
});
