import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { button, launch, settle, type Browser } from './browser.ts';
import { ARTIFACTS } from './global-setup.ts';

/**
 * 责任分工 for a real unit, as 省教育厅's leadership member (jyt_leader): tick several party-group
 * tasks across the part tables and give them one owner and one lead department in one step; the
 * table shows it on every task ticked and on none other. Then a lead with cooperating members
 * (一岗双责) on one task, and the table exported, filled in and imported back after its preview.
 */
const baseUrl = inject('baseUrl');
const chromiumPath = inject('chromiumPath');
const skipReason = inject('skipReason');

const PASSWORD = 'Demo@2026';
const LEAD = '办公室（批量分工）';

interface Row {
  assignmentId: number; canAssign: boolean; leadDepartment: string; ownerPersonId: number | null; ownerName: string | null; taskContent: string;
  cooperators: { id: number; name: string }[]; measures: { content: string }[];
}


describe.skipIf(!!skipReason)('责任分工：勾选多项任务，一次分工（zh-CN）', () => {
  let browser: Browser | undefined;
  let page: Page;

  const unitIdOf = async () => {
    const units = await page.request.get('/api/auth/me');
    expect(units.status()).toBe(200);
    const me = (await units.json()) as { grants: { orgPath: string }[] };
    return Number(me.grants[0]!.orgPath.split('/').filter(Boolean)[1]);
  };
  const table = async (): Promise<Row[]> => {
    const unitId = await unitIdOf();
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

  it('gives a task a lead and two cooperating members (一岗双责), shown in their own column', async () => {
    await page.goto('/division');
    const first = page.getByTestId('division-table').first().locator('tr.ant-table-row').first();
    await first.waitFor();
    const id = Number(await first.getAttribute('data-row-key'));
    await settle(page);
    await first.getByTestId('edit-division').click();
    const dlg = page.locator('.ant-modal-wrap:visible .ant-modal').filter({ hasText: '责任分工' });
    await dlg.waitFor();
    await settle(page);
    await dlg.getByTestId('division-cooperators-select').click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await options.first().waitFor();
    await settle(page);
    const lead = (await table()).find((r) => r.assignmentId === id)!.ownerName;
    const names: string[] = [];
    for (let i = 0; names.length < 2; i++) {
      const name = ((await options.nth(i).innerText()).split(' · ')[0] ?? '').trim();
      if (name === lead) continue;
      await options.nth(i).click();
      names.push(name);
    }
    await page.keyboard.press('Escape');
    await settle(page);
    await button(dlg, '保存').click();
    await page.locator('.ant-message-notice').filter({ hasText: '分工已保存' }).first().waitFor();
    const row = (await table()).find((r) => r.assignmentId === id)!;
    expect(row.cooperators.map((c) => c.name)).toEqual(names);
    const cell = page.locator(`tr[data-row-key="${id}"]`).getByTestId('division-cooperators');
    await expect.poll(() => cell.innerText()).toBe(names.join('\n'));
  });

  it('imports the exported table after a preview: the changed row only, all of it', async () => {
    const unitId = await unitIdOf();
    const x = await page.request.get(`/api/work/units/${unitId}/division.xlsx`);
    expect(x.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await x.body()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
    const col = (name: string) => header.indexOf(name);
    // The third data row: a new lead department and two measures.
    const target = ws.getRow(5);
    const content = String(target.getCell(col('工作任务')).value);
    target.getCell(col('牵头部门')).value = '机关党委（导入）';
    target.getCell(col('具体措施')).value = '1. 每季度听取一次汇报\n2. 年底专题总结';
    const file = path.join(fs.mkdtempSync(path.join(ARTIFACTS, 'division-')), '责任分工表.xlsx');
    fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const before = await table();

    await page.goto('/division');
    await page.getByTestId('division-table').first().waitFor();
    await page.locator('input[type="file"][accept=".xlsx"]').setInputFiles(file);
    const preview = page.getByTestId('division-import-preview');
    await preview.waitFor();
    await expect.poll(() => preview.innerText()).toContain('1 项将修改');
    await expect.poll(() => page.getByTestId('division-import-changes').innerText()).toContain('机关党委（导入）');
    // Nothing is written before the confirmation.
    expect(await table()).toEqual(before);
    await page.screenshot({ path: path.join(ARTIFACTS, 'division-import.png') });
    await settle(page);
    await page.getByTestId('confirm-division-import').click();
    await page.locator('.ant-message-notice').filter({ hasText: '已导入：1 项任务的分工已更新' }).first().waitFor();
    const after = await table();
    for (const r of after) {
      const was = before.find((b) => b.assignmentId === r.assignmentId)!;
      if (r.taskContent === content && r.leadDepartment !== was.leadDepartment) {
        expect(r.leadDepartment).toBe('机关党委（导入）');
        expect(r.measures.map((m) => m.content)).toEqual(['每季度听取一次汇报', '年底专题总结']);
      } else {
        expect(r).toEqual(was);
      }
    }
    expect(after.filter((r) => r.leadDepartment === '机关党委（导入）')).toHaveLength(1);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
