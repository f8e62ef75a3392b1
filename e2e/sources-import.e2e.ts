import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { Document, Packer, Paragraph } from 'docx';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { button, launch, settle, type Browser } from './browser.ts';
import { ARTIFACTS } from './global-setup.ts';

/**
 * 依据与覆盖 → 维护上级清单和工作要点, as the owner department's staff (zzb, 组织部) on a draft list
 * of its own (the demo's 2023 draft may have been issued by the list workflow already) that holds
 * an upper-level list: a new 工作要点 document is saved and stays selected, a Word file is checked
 * and previewed against it ("N 个章节，M 条内容，导入《…》", the sign-off left out), imported into it
 * and not into the upper-level list, and the whole import is undone in one step.
 */
const baseUrl = inject('baseUrl');
const chromiumPath = inject('chromiumPath');
const skipReason = inject('skipReason');

const PASSWORD = 'Demo@2026';
/** A year no other story uses. */
const YEAR = 2036;
const TITLE = '2023年工作要点（导入演练）';

interface Doc { id: number; kind: string; title: string; itemCount: number }

async function confirmBox(page: Page, hasText: string): Promise<Locator> {
  const box = page.locator('.ant-modal-confirm:visible').filter({ hasText }).last();
  await box.waitFor();
  await settle(page);
  return box;
}

describe.skipIf(!!skipReason)('来源文件：导入到指定文件，预览后写入，一步撤销（zh-CN）', () => {
  let browser: Browser | undefined;
  let page: Page;
  let listId = 0;
  let workDir = '';

  const api = async <T,>(p: string): Promise<T> => {
    const res = await page.request.get(p);
    expect(res.status(), `GET ${p}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const documents = async () => (await api<{ items: Doc[] }>(`/api/lists/${listId}/sources`)).items;
  const send = async <T,>(method: 'POST', p: string, data: unknown): Promise<T> => {
    const me = await api<{ csrfToken: string }>('/api/auth/me');
    const res = await page.request.fetch(p, { method, headers: { 'x-csrf-token': me.csrfToken }, data });
    expect(res.status(), `${method} ${p}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingdan-e2e-sources-'));
    browser = await launch(chromiumPath, baseUrl);
    page = browser.page;
    await page.goto('/login');
    await page.locator('input#username').fill('zzb');
    await page.locator('input#password').fill(PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    // A draft of its own, owned by 组织部 like the demo's lists, with an upper-level list of one item.
    const lists = (await api<{ items: { id: number; year: number; ownerOrgId: number }[] }>('/api/lists?pageSize=100')).items;
    const owner = lists.find((l) => l.year === 2022)?.ownerOrgId;
    expect(owner, 'the demo 2022 list and its owner').toBeDefined();
    listId = (await send<{ id: number }>('POST', '/api/lists', { year: YEAR, title: `${YEAR}年省直机关党建工作责任清单`, ownerOrgId: owner })).id;
    const upper = await send<{ id: number }>('POST', `/api/lists/${listId}/sources`, { kind: 'upperList', title: `省委${YEAR}年落实全面从严治党主体责任清单` });
    await send('POST', `/api/source-documents/${upper.id}/items`, { label: '一、', text: '指导省直机关落实全面从严治党责任' });
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('saves a new 工作要点 document and keeps it selected, imports a Word file into it after a preview, and undoes the import', async () => {
    const before = await documents();
    await page.goto(`/lists/${listId}?tab=coverage`);
    await button(page, '维护上级清单和工作要点').click();
    const drawer = page.locator('.ant-drawer:visible').filter({ hasText: '上级清单和工作要点' });
    await drawer.waitFor();
    await settle(page);

    // 新增文件 (工作要点) → 保存: the selector shows the new document, not the upper-level list.
    await button(drawer, '新增文件').click();
    const dlg = page.locator('.ant-modal-wrap:visible .ant-modal').filter({ hasText: '新增来源文件' });
    await dlg.waitFor();
    await settle(page);
    await dlg.locator('input#title').fill(TITLE);
    await dlg.locator('.ant-modal-footer .ant-btn-primary').click();
    await dlg.waitFor({ state: 'hidden' });
    await expect.poll(() => drawer.locator('.ant-select').first().textContent()).toContain(`【工作要点】${TITLE}（0）`);
    const created = (await documents()).find((d) => d.title === TITLE);
    expect(created).toBeDefined();

    // A Word file of work points with the document's sign-off after its last item.
    const file = path.join(workDir, '工作要点.docx');
    fs.writeFileSync(
      file,
      await Packer.toBuffer(new Document({ sections: [{ children: [
        '2023年省直机关党建工作要点', '一、加强党的政治建设', '（一）深入学习贯彻党的二十大精神', '（二）严明政治纪律和政治规矩',
        '二、加强督促检查', '（二十三）专项督查', '省委直属机关工委', '2023年3月1日',
      ].map((t) => new Paragraph(t)) }] })),
    );
    await button(drawer, `导入 Excel / Word 到《${TITLE}》`).waitFor();
    await drawer.locator('input[type="file"]').setInputFiles(file);
    const preview = await confirmBox(page, `导入到《${TITLE}》`);
    await expect.poll(() => preview.textContent()).toContain(`2 个章节，3 条内容，导入《${TITLE}》`);
    expect(await preview.textContent()).toContain('文末落款未导入：省委直属机关工委 / 2023年3月1日');
    expect(await preview.textContent()).toContain(`目标文件：【工作要点】${TITLE}`);
    // Nothing is written before the confirmation.
    expect((await documents()).find((d) => d.id === created!.id)?.itemCount).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sources-import-preview.png') });
    await preview.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await page.locator('.ant-message-notice').filter({ hasText: `已导入《${TITLE}》：2 个章节，3 条内容` }).first().waitFor();

    // Into the chosen document only; the last item keeps its own text.
    await expect.poll(async () => (await documents()).find((d) => d.id === created!.id)?.itemCount).toBe(5);
    for (const d of before) expect((await documents()).find((x) => x.id === d.id)?.itemCount, d.title).toBe(d.itemCount);
    const tree = drawer.locator('.ant-tree');
    await expect.poll(() => tree.textContent()).toContain('（二十三）专项督查');
    expect(await tree.textContent()).not.toContain('省委直属机关工委');
    const last = drawer.locator('[data-testid="last-import"]');
    await expect.poll(() => last.textContent()).toContain('最近一次导入：工作要点.docx，5 个条目');
    await settle(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sources-import-done.png') });

    // 撤销本次导入: one step, the document is empty again.
    await button(last, '撤销本次导入').click();
    const undo = await confirmBox(page, '撤销本次导入？');
    expect(await undo.textContent()).toContain('本次导入的 5 个条目将被删除');
    await undo.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await page.locator('.ant-message-notice').filter({ hasText: '已撤销本次导入' }).first().waitFor();
    await drawer.getByText('该文件尚无条目').waitFor();
    await expect.poll(async () => (await documents()).find((d) => d.id === created!.id)?.itemCount).toBe(0);
    await expect.poll(() => last.count()).toBe(0);

    // Leave the list as the demo had it.
    await button(drawer, '删除文件').click();
    const del = await confirmBox(page, `删除“${TITLE}”及其全部条目？`);
    await del.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expect.poll(async () => (await documents()).map((d) => d.id)).toEqual(before.map((d) => d.id));
  });
});
