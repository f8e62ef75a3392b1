import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { button, launch, settle, type Browser } from './browser.ts';
import { ARTIFACTS } from './global-setup.ts';

/**
 * 责任分工 for a real unit, as 省教育厅's leadership member (jyt_leader): tick several party-group
 * tasks across the part tables and give them one owner and one lead department in one step; the
 * table shows it on every task ticked and on none other.
 */
const baseUrl = inject('baseUrl');
const chromiumPath = inject('chromiumPath');
const skipReason = inject('skipReason');

const PASSWORD = 'Demo@2026';
const LEAD = '办公室（批量分工）';

interface Row { assignmentId: number; canAssign: boolean; leadDepartment: string; ownerPersonId: number | null; ownerName: string | null; taskContent: string }


describe.skipIf(!!skipReason)('责任分工：勾选多项任务，一次分工（zh-CN）', () => {
  let browser: Browser | undefined;
  let page: Page;

  const table = async (): Promise<Row[]> => {
    const units = await page.request.get('/api/auth/me');
    expect(units.status()).toBe(200);
    const me = (await units.json()) as { grants: { orgPath: string }[] };
    const unitId = Number(me.grants[0]!.orgPath.split('/').filter(Boolean)[1]);
    const res = await page.request.get(`/api/work/units/${unitId}/division?pageSize=500`);
    expect(res.status()).toBe(200);
    return ((await res.json()) as { items: Row[] }).items;
  };

  beforeAll(async () => {
    browser = await launch(chromiumPath, baseUrl);
    page = browser.page;
    await page.goto('/login');
    await page.locator('input#username').fill('jyt_leader');
    await page.locator('input#password').fill(PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('ticks three tasks in two parts, divides them at once, and the table shows it on those three only', async () => {
    const before = await table();
    expect(before.filter((r) => r.canAssign).length).toBeGreaterThan(3);
    await page.goto('/division');
    const tables = page.getByTestId('division-table');
    await tables.first().waitFor();
    await settle(page);
    // Two tasks of the first part, one of the second.
    const tick = async (t: Locator, n: number) => {
      const boxes = t.locator('tr.ant-table-row td.ant-table-selection-column .ant-checkbox-wrapper:not(.ant-checkbox-wrapper-disabled)');
      for (let i = 0; i < n; i++) await boxes.nth(i).click();
    };
    await tick(tables.nth(0), 2);
    await tick(tables.nth(1), 1);
    const bar = page.getByTestId('bulk-bar');
    await expect.poll(() => bar.innerText()).toContain('已选择 3 项任务');
    const chosenIds = await page.locator('tbody tr.ant-table-row-selected').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row-key'))));
    expect(chosenIds).toHaveLength(3);

    await page.getByTestId('bulk-divide').click();
    const dlg = page.locator('.ant-modal-wrap:visible .ant-modal').filter({ hasText: '批量分工（3 项任务）' });
    await dlg.waitFor();
    await settle(page);
    await dlg.getByTestId('bulk-owner').click();
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    await option.waitFor();
    // The dropdown slides in: a click during the animation can be lost.
    await settle(page);
    const ownerName = ((await option.innerText()).split(' · ')[0] ?? '').trim();
    await option.click();
    await expect.poll(() => dlg.getByTestId('bulk-owner').innerText()).toContain(ownerName);
    await dlg.getByTestId('bulk-lead').fill(LEAD);
    await page.screenshot({ path: path.join(ARTIFACTS, 'division-bulk.png') });
    await button(dlg, '保存').click();
    await page.locator('.ant-message-notice').filter({ hasText: '已为 3 项任务分工' }).first().waitFor();
    await expect.poll(() => page.getByTestId('bulk-bar').count()).toBe(0);

    const after = await table();
    for (const r of after) {
      const was = before.find((b) => b.assignmentId === r.assignmentId)!;
      if (chosenIds.includes(r.assignmentId)) {
        expect(r.leadDepartment).toBe(LEAD);
        expect(r.ownerName).toBe(ownerName);
      } else {
        expect([r.leadDepartment, r.ownerPersonId]).toEqual([was.leadDepartment, was.ownerPersonId]);
      }
    }
    await expect.poll(() => page.getByText(LEAD, { exact: true }).count()).toBe(3);
  });
});
