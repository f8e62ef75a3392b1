import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, shot, type Browser } from './browser.ts';

/**
 * The platform as a person uses it, in Chinese: sign in, the organisation tree, an organisation
 * import with a bad row, the audit trail, the language switch, sign out.
 * The steps share one browser and run in order; each opens its page by address so that a failing
 * step does not hide the next one.
 */
const baseUrl = inject('baseUrl');
const chromiumPath = inject('chromiumPath');
const skipReason = inject('skipReason');
if (skipReason) console.warn(`[qingdan e2e] skipped: ${skipReason}`);

const PASSWORD = 'Demo@2026';
/** The two branches the import adds under 省教育厅机关党委. */
const NEW = [
  { code: 'E2E-IMP-01', name: 'E2E导入测试一党支部', short: '导入测试一' },
  { code: 'E2E-IMP-02', name: 'E2E导入测试二党支部', short: '导入测试二' },
] as const;
const MARKER = 'E2E导入测试';
const BAD_PARENT = 'E2E-NO-SUCH-PARENT';
const BAD_FILE = '组织导入-有错误.xlsx';
const GOOD_FILE = '组织导入-已修正.xlsx';
const HEADER = ['组织编码', '组织名称', '简称', '类型', '责任层级', '上级组织编码', '排序', '状态'];

interface OrgItem { id: number; code: string; name: string; kind: string }
interface OrgPage { items: OrgItem[]; total: number }

describe.skipIf(!!skipReason)('清单 in the browser (zh-CN)', () => {
  let browser: Browser;
  let page: Page;
  let workDir: string;
  let organCommittee: OrgItem | undefined;

  beforeAll(async () => {
    browser = await launch(chromiumPath, baseUrl);
    page = browser.page;
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingdan-e2e-files-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) {
      const name = ctx.task.name.replace(/[^\w\u4e00-\u9fff-]+/g, '-').slice(0, 60);
      await shot(page, `FAILED-${name}`).catch(() => {});
    }
  });

  /** GET an API path with the browser's session; the answer must be 2xx. */
  async function api<T>(p: string): Promise<T> {
    const res = await page.request.get(p);
    expect(res.status(), `GET ${p}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }
  async function orgCount(): Promise<number> {
    const o = await api<{ orgsByKind: Record<string, number> }>('/api/overview');
    return Object.values(o.orgsByKind).reduce((s, n) => s + n, 0);
  }
  async function markerOrgs(): Promise<OrgPage> {
    return api<OrgPage>(`/api/orgs?q=${encodeURIComponent(MARKER)}&pageSize=50`);
  }
  async function signIn(username: string, password: string) {
    await page.locator('input#username').fill(username);
    await page.locator('input#password').fill(password);
    await page.locator('button[type="submit"]').click();
  }
  /** The tree's search box (antd Input.Search or any search input on the page). */
  function searchBox(): Locator {
    return page.locator('.ant-input-search input, input[type="search"], input[placeholder*="搜索"], input[placeholder*="查询"], input[placeholder*="名称"]').first();
  }
  /** Open a page of the app by address; the app sends unknown or forbidden addresses home. */
  async function openPage(p: string) {
    await page.goto(p);
    await page.waitForLoadState('networkidle');
    const at = new URL(page.url()).pathname;
    expect(at, `the page ${p} exists for the administrator (the app went to ${at} instead)`).toBe(p);
  }
  /** Open a search result if the page lists results (the tree then shows the organisation). */
  async function openResult(result: Locator) {
    try {
      await result.waitFor({ timeout: 5_000 });
    } catch {
      return;
    }
    await result.click();
  }
  /** Expand a tree node if it is closed. */
  async function expand(node: Locator) {
    const closed = node.locator('.ant-tree-switcher_close');
    if (await closed.count()) await closed.first().click();
  }
  async function workbook(file: string, rows: (string | number)[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('组织机构');
    ws.addRow(HEADER);
    for (const r of rows) ws.addRow(r);
    await wb.xlsx.writeFile(file);
  }
  /** Choose the organisation import if the page offers several kinds. */
  async function chooseOrgImport() {
    const choice = page.locator('.ant-tabs-tab, .ant-radio-button-wrapper, .ant-segmented-item').filter({ hasText: /^\s*组织/ }).first();
    if (await choice.count()) await choice.click();
  }
  async function upload(file: string) {
    await chooseOrgImport();
    await page.locator('input[type="file"][accept*="xlsx"]').first().setInputFiles(file);
  }
  /** Click the primary button of a confirmation dialog if one opened. */
  async function confirmIfAsked() {
    const dialog = page.locator('.ant-modal-confirm:visible, .ant-popconfirm:visible, .ant-modal:visible').last();
    try {
      await dialog.waitFor({ state: 'visible', timeout: 2_000 });
    } catch {
      return;
    }
    await dialog.locator('.ant-btn-primary').last().click();
  }

  it('(a) 登录：错误密码提示，管理员登录后显示演示环境提示和菜单', async () => {
    await page.goto('/');
    await page.waitForURL(/\/login$/);
    await signIn('admin', 'Wrong@2026x');
    const err = page.locator('[data-testid="login-error"]');
    await err.waitFor();
    expect(await err.innerText()).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot(page, '01-login-wrong-password');

    await signIn('admin', PASSWORD);
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByText('演示环境', { exact: false }).first().waitFor();
    const menu = page.locator('.ant-layout-sider .ant-menu');
    await menu.getByText('首页', { exact: true }).waitFor();
    const me = await api<{ username: string; name: string; demo: boolean; mustChangePassword: boolean }>('/api/auth/me');
    expect(me.username).toBe('admin');
    expect(me.demo).toBe(true);
    expect(await page.locator('[data-testid="user-menu"]').innerText()).toContain(me.name);
    await shot(page, '02-home-admin');
  });

  it('(b) 组织树：搜索省教育厅，展开看到机关党委和党支部', async () => {
    await openPage('/orgs');
    const tree = page.locator('.ant-tree').first();
    await tree.waitFor();
    await shot(page, '03-orgs-tree');
    const box = searchBox();
    await box.fill('省教育厅');
    await box.press('Enter');
    // A result list (if the page shows one) leads to the unit; the tree shows it.
    const result = page
      .locator('.ant-select-item-option, .ant-list-item, .ant-table-row')
      .filter({ hasText: /教育厅/ })
      .filter({ hasNotText: /机关|党组|党委|支部|总支/ })
      .first();
    await openResult(result);
    const unitNode = tree.locator('.ant-tree-treenode').filter({ hasText: /教育厅/ }).filter({ hasNotText: /机关|党组|党委|支部|总支/ }).first();
    await unitNode.waitFor();
    await expand(unitNode);
    const ocNode = tree.locator('.ant-tree-treenode').filter({ hasText: /机关党委/ }).first();
    await ocNode.waitFor();
    await expand(ocNode);
    await tree.locator('.ant-tree-treenode').filter({ hasText: /党支部/ }).first().waitFor();
    await shot(page, '04-orgs-jyt-expanded');
  });

  it('(c) 导入组织：有错误行时不写入，修正后导入成功并出现在组织树中', async () => {
    const found = await api<OrgPage>(`/api/orgs?q=${encodeURIComponent('省教育厅机关党委')}&kind=organCommittee`);
    organCommittee = found.items.find((o) => o.name === '省教育厅机关党委');
    expect(organCommittee, 'the demo province has 省教育厅机关党委').toBeDefined();
    const parent = organCommittee!.code;
    const before = await orgCount();
    expect((await markerOrgs()).total).toBe(0);

    const bad = path.join(workDir, BAD_FILE);
    await workbook(bad, [
      [NEW[0].code, NEW[0].name, NEW[0].short, '党支部', '', parent, 901, '正常'],
      [NEW[1].code, NEW[1].name, NEW[1].short, '党支部', '', BAD_PARENT, 902, '正常'],
    ]);
    await openPage('/imports');
    await upload(bad);
    const errors = page.locator('.import-errors');
    await errors.waitFor();
    const badRow = errors.locator('tbody tr').filter({ hasText: BAD_PARENT });
    await badRow.first().waitFor();
    const cells = (await badRow.first().locator('td').allInnerTexts()).map((t) => t.trim());
    expect(cells.some((c) => /^(第\s*)?3(\s*行)?$/.test(c)), `row number 3 in ${JSON.stringify(cells)}`).toBe(true);
    expect(cells.join(' ')).toContain(`上级组织编码“${BAD_PARENT}”不存在`);
    // Row 2 is fine: only row 3 is reported.
    expect(await errors.locator('tbody tr').filter({ hasText: NEW[0].code }).count()).toBe(0);
    const apply = page.getByRole('button', { name: '确认导入' });
    if (await apply.count()) expect(await apply.first().isDisabled()).toBe(true);
    await shot(page, '05-import-errors');
    // Nothing was written.
    expect((await markerOrgs()).total).toBe(0);
    expect(await orgCount()).toBe(before);

    const good = path.join(workDir, GOOD_FILE);
    await workbook(good, [
      [NEW[0].code, NEW[0].name, NEW[0].short, '党支部', '', parent, 901, '正常'],
      [NEW[1].code, NEW[1].name, NEW[1].short, '党支部', '', parent, 902, '正常'],
    ]);
    await upload(good);
    await expect.poll(async () => (await apply.count()) > 0 && (await apply.first().isEnabled()), { timeout: 30_000 }).toBe(true);
    expect(await errors.locator('tbody tr').filter({ hasText: BAD_PARENT }).count()).toBe(0);
    await shot(page, '06-import-preview-ok');
    await apply.first().click();
    await confirmIfAsked();
    await page.getByText(/导入成功|成功导入|已导入|导入完成/).first().waitFor({ timeout: 60_000 });
    await shot(page, '07-import-done');

    const after = await markerOrgs();
    expect(after.items.map((o) => o.code).sort()).toEqual([NEW[0].code, NEW[1].code]);
    expect(after.items.every((o) => o.kind === 'branch')).toBe(true);
    expect(await orgCount()).toBe(before + 2);

    await openPage('/orgs');
    const tree = page.locator('.ant-tree').first();
    await tree.waitFor();
    const box = searchBox();
    await box.fill(NEW[0].name);
    await box.press('Enter');
    const result = page.locator('.ant-select-item-option, .ant-list-item, .ant-table-row').filter({ hasText: NEW[0].name }).first();
    await openResult(result);
    await tree.locator('.ant-tree-treenode').filter({ hasText: NEW[0].name }).first().waitFor();
    await shot(page, '08-orgs-imported-branch');
  });

  it('(d) 审计日志：能看到这次导入的记录', async () => {
    await openPage('/audit');
    const table = page.locator('.ant-table').first();
    await table.waitFor();
    const rows = table.locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    const importRows = rows.filter({ hasText: /导入|import/i }).filter({ hasText: GOOD_FILE });
    await importRows.first().waitFor();
    expect(await importRows.count()).toBeGreaterThan(0);
    const me = await api<{ name: string }>('/api/auth/me');
    expect(await importRows.first().innerText()).toMatch(new RegExp(`admin|${me.name}`));
    await shot(page, '09-audit-log');
    // The trail holds the applied import of the corrected file, by the administrator.
    const trail = await api<{ items: { action: string; actorName: string; after: unknown }[] }>('/api/audit?action=import.orgs&pageSize=50');
    const entry = trail.items.find((e) => (e.after as { fileName?: string } | null)?.fileName === GOOD_FILE);
    expect(entry, `an import.orgs entry for ${GOOD_FILE} in ${JSON.stringify(trail.items)}`).toBeDefined();
    expect(entry!.actorName).toContain(me.name);
  });

  it('(e) 切换为英文再切回中文', async () => {
    await page.goto('/');
    const menu = page.locator('.ant-layout-sider .ant-menu');
    await menu.getByText('首页', { exact: true }).waitFor();
    await page.locator('[data-testid="locale-switch"]').click();
    await menu.getByText('Home', { exact: true }).waitFor();
    await page.getByText('Party-building responsibility list platform').waitFor();
    expect((await api<{ locale: string }>('/api/auth/me')).locale).toBe('en');
    await shot(page, '10-home-english');
    await page.locator('[data-testid="locale-switch"]').click();
    await menu.getByText('首页', { exact: true }).waitFor();
    await page.getByText('党建工作责任清单管理平台').first().waitFor();
    expect((await api<{ locale: string }>('/api/auth/me')).locale).toBe('zh-CN');
  });

  it('(f) 退出登录后回到登录页', async () => {
    await page.goto('/');
    await page.locator('[data-testid="user-menu"]').hover();
    await page.locator('.ant-dropdown-menu-item').filter({ hasText: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    await page.locator('input#username').waitFor();
    const res = await page.request.get('/api/auth/me');
    expect(res.status()).toBe(401);
    await shot(page, '11-signed-out');
  });
});
