import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, settle, shot, type Browser } from './browser.ts';

/**
 * The list pages as the committee administrator uses them, in Chinese: the lists by year, the issued
 * demo 2022 list (counts 40 + 44 + 20 = 104, read-only, its history), a new list with a part and a
 * task, and an edit conflict shown side by side and overwritten.
 */

const baseUrl = inject('baseUrl');
const chromiumPath = inject('chromiumPath');
const skipReason = inject('skipReason');

const PASSWORD = 'Demo@2026';
/** A year no demo list uses, so the test's list never meets another one. */
const YEAR = 2031;

interface ListRow { id: number; year: number; status: string; docNumber: string | null; taskCount: number }
interface ListDetail {
  list: { id: number; version: number };
  parts: { id: number; title: string }[];
  tasks: { id: number; partId: number; sectionId: number | null; levelCode: string; content: string; requirements: string; frequency: string; dueRule: unknown; evidence: string; reviewerOrgId: number | null; weight: string | null; version: number }[];
  totals: { all: number; byLevel: { levelCode: string; count: number }[] };
}

describe.skipIf(!!skipReason)('责任清单 in the browser (zh-CN)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launch(chromiumPath, baseUrl);
    page = browser.page;
    await page.goto('/login');
    await page.locator('input#username').fill('admin');
    await page.locator('input#password').fill(PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) {
      const name = ctx.task.name.replace(/[^\w\u4e00-\u9fff-]+/g, '-').slice(0, 60);
      await shot(page, `FAILED-lists-${name}`).catch(() => {});
    }
  });

  async function api<T>(p: string): Promise<T> {
    const res = await page.request.get(p);
    expect(res.status(), `GET ${p}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }
  async function lists(): Promise<ListRow[]> {
    return (await api<{ items: ListRow[] }>('/api/lists?pageSize=100')).items;
  }
  async function open(p: string) {
    await page.goto(p);
    await page.waitForLoadState('networkidle');
  }

  it('(a) 责任清单：菜单进入，按年度列出清单，2022 年已印发、104 项', async () => {
    await open('/');
    await page.locator('.ant-menu-item').filter({ hasText: '责任清单' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/lists');
    const row = page.locator('tr[data-row-key]').filter({ hasText: '2022年省直机关党建工作责任清单' });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.innerText()).toMatch(/已印发[\s\S]*鄂直工发〔2022〕2号[\s\S]*104/);
  });

  it('(b) 2022 年清单：任务数矩阵 40 + 44 + 20 = 104，已印发只读，流转记录有书记办公会', async () => {
    const l2022 = (await lists()).find((l) => l.year === 2022);
    expect(l2022, 'the demo 2022 list').toBeTruthy();
    await open(`/lists/${l2022!.id}`);
    const matrix = page.locator('[data-testid="counts-matrix"]');
    await expect.poll(() => matrix.innerText()).toContain('40 + 44 + 20 = 104');
    expect(await page.locator('[data-testid="counts-total"]').innerText()).toBe('104');
    // 第N项 in the list's own order: part 五's sections each with their three levels, 77 … 94 down the page.
    const detail = await api<ListDetail & { sections: { id: number; title: string }[] }>(`/api/lists/${l2022!.id}`);
    const zuofeng = detail.sections.find((x) => x.title === '作风建设')!;
    const block = page.locator(`[data-testid="list-section-${zuofeng.id}"]`);
    await expect.poll(() => block.locator('h5').innerText()).toBe('作风建设');
    const numbers = await block.locator('tr[data-row-key] td:first-child').allInnerTexts();
    expect(numbers.map((n) => n.trim())).toEqual(['77', '78', '79', '80', '81']);
    const all = await page.locator('tr[data-row-key] td:first-child').allInnerTexts();
    expect(all.map((n) => Number(n.trim()))).toEqual(Array.from({ length: 104 }, (_, i) => i + 1));
    await expect.poll(() => page.locator('.ant-alert').filter({ hasText: '修改请发起修订' }).count()).toBe(1);
    expect(await page.locator('.ant-alert').filter({ hasText: '修改请发起修订' }).innerText()).toContain('已印发（鄂直工发〔2022〕2号），修改请发起修订');
    expect(await page.locator('button').filter({ hasText: '新增任务' }).count()).toBe(0);
    expect(await page.locator('button').filter({ hasText: '发起修订' }).count()).toBe(1);
    await page.locator('.ant-tabs-tab').filter({ hasText: '流转记录' }).click();
    await expect.poll(() => page.locator('.ant-timeline').innerText()).toContain('工委书记办公会');
  });

  it('(c) 新建年度清单，新增部分和任务，矩阵随之更新', async () => {
    await open('/lists');
    await page.locator('button').filter({ hasText: '新建年度清单' }).first().click();
    const modal = page.locator('.ant-modal:visible');
    await modal.locator('input#year').fill(String(YEAR));
    await expect.poll(() => modal.locator('input#title').inputValue()).toBe(`${YEAR}年省直机关党建工作责任清单`);
    // The owner department defaults to the organisation department.
    await expect.poll(() => modal.innerText()).toContain('组织部');
    await settle(page);
    await modal.locator('.ant-btn-primary').click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/lists\/\d+$/);

    await page.locator('button').filter({ hasText: '新增部分' }).first().click();
    const partModal = page.locator('.ant-modal:visible');
    await partModal.locator('input#title').fill('E2E党的政治建设');
    await settle(page);
    await partModal.locator('.ant-btn-primary').click();
    await expect.poll(() => page.locator('.ant-card').filter({ hasText: 'E2E党的政治建设' }).count()).toBeGreaterThan(0);

    await page.locator('button').filter({ hasText: '新增任务' }).first().click();
    const drawer = page.locator('.ant-drawer:visible');
    await drawer.locator('textarea#content').fill('E2E任务：每季度专题研究一次机关党建工作');
    await settle(page);
    await drawer.locator('.ant-btn-primary').click();
    await expect.poll(() => page.locator('[data-testid="counts-total"]').innerText()).toBe('1');
    await expect.poll(() => page.locator('tr[data-row-key]').filter({ hasText: 'E2E任务' }).count()).toBe(1);
  });

  it('(d) 编辑冲突：他人先保存后，并排显示两个版本，可用我的修改覆盖', async () => {
    const mine = (await lists()).find((l) => l.year === YEAR);
    expect(mine, 'the list made in (c)').toBeTruthy();
    await open(`/lists/${mine!.id}`);
    await page.locator('tr[data-row-key]').filter({ hasText: 'E2E任务' }).locator('button').filter({ hasText: '编辑' }).click();
    const drawer = page.locator('.ant-drawer:visible');
    await drawer.locator('textarea#content').fill('E2E任务（我的修改）');

    // Someone else saves the task first.
    const d = await api<ListDetail>(`/api/lists/${mine!.id}`);
    const t = d.tasks[0]!;
    const me = await api<{ csrfToken: string }>('/api/auth/me');
    const res = await page.request.put(`/api/list-tasks/${t.id}`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { partId: t.partId, sectionId: t.sectionId, levelCode: t.levelCode, content: 'E2E任务（他人的修改）', requirements: t.requirements, frequency: t.frequency, dueRule: t.dueRule, evidence: t.evidence, reviewerOrgId: t.reviewerOrgId, weight: null, version: t.version },
    });
    expect(res.status(), await res.text()).toBe(200);

    await settle(page);
    await drawer.locator('.ant-btn-primary').click();
    const dialog = page.locator('.ant-modal:visible').filter({ hasText: '保存冲突' });
    await expect.poll(() => dialog.count()).toBe(1);
    const text = await dialog.innerText();
    expect(text).toContain('您的修改');
    expect(text).toContain('他人已保存的版本');
    expect(text).toContain('E2E任务（我的修改）');
    expect(text).toContain('E2E任务（他人的修改）');
    await dialog.locator('button').filter({ hasText: '用我的修改覆盖' }).click();
    await expect.poll(async () => (await api<ListDetail>(`/api/lists/${mine!.id}`)).tasks[0]!.content).toBe('E2E任务（我的修改）');
  });
});
