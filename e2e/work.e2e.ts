import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, settle, type Browser } from './browser.ts';
import { ARTIFACTS } from './global-setup.ts';

/**
 * 一级抓一级 in Chinese, on the demo 2022 list distributed to the demo province, with three people in
 * three browsers: 省教育厅办公室党支部's secretary (jyt_zb1) records work with a PDF and a PNG and
 * submits it; the organ committee (jyt_jgdw) returns it with a reason; the secretary reads the
 * reason, fixes the record and resubmits; it is approved, and the unit's and the committee's views
 * (admin) count it. Then the business clock moves past another period's due date: its light turns
 * red, and after it is recorded, submitted and approved it keeps its late mark.
 */
const baseUrl = inject('baseUrl');
const chromiumPath = inject('chromiumPath');
const skipReason = inject('skipReason');

const PASSWORD = 'Demo@2026';
const DEMO_DATE = '2022-10-31';
const RECORD = '召开支部委员会会议，传达学习上级会议精神，研究部署第四季度党建重点工作。';
const FIXED = '补充：会议由支部书记主持，全体支委参加，形成会议纪要并在支部党员大会上通报。';
const REASON = '佐证材料不完整，请补充会议纪要的签到页，并写明参会人员。';

interface Period {
  id: number; taskCode: string; taskContent: string; label: string; startsOn: string; dueOn: string;
  status: string; light: string; lateDays: number; reportCount: number; unitId: number;
}
interface MyTasks { items: Period[]; total: number; today: string }
interface Progress { total: number; due: number; approved: number; submitted: number; returned: number; overdue: number; late: number }

async function view(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await settle(page);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
/** Type a date into an antd DatePicker and accept it. */
async function pickDate(input: Locator, date: string) {
  await input.click();
  await input.press('ControlOrMeta+a');
  await input.fill(date);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(date);
}
const addDays = (date: string, n: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** A one-page PDF that says "meeting minutes". */
function pdfFile(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 44 >>\nstream\nBT /F1 18 Tf 30 100 Td (meeting minutes) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A 24 × 16 PNG, red on white. */
function pngFile(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const w = 24;
  const h = 16;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3, 0xff);
    row[0] = 0;
    for (let x = 4; x < 20; x++) if (y > 3 && y < 12) row.writeUIntBE(0xc81e1e, 1 + x * 3, 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe.skipIf(!!skipReason)('一级抓一级：履责记实、退回、重新提交、审核、时限（zh-CN）', () => {
  const people: Record<'zb' | 'jgdw' | 'admin', Browser | undefined> = { zb: undefined, jgdw: undefined, admin: undefined };
  let zb: Page;
  let jgdw: Page;
  let admin: Page;
  let p1: Period;
  let p2: Period;
  let before: { unit: Progress; overview: Progress };
  const files = { pdf: '', png: '' };

  async function signIn(page: Page, username: string) {
    await page.goto('/login');
    await page.locator('input#username').fill(username);
    await page.locator('input#password').fill(PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }
  async function api<T>(page: Page, p: string): Promise<T> {
    const res = await page.request.get(p);
    expect(res.status(), `GET ${p}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }
  async function post<T>(page: Page, p: string, data: unknown): Promise<T> {
    const me = await api<{ csrfToken: string }>(page, '/api/auth/me');
    const res = await page.request.fetch(p, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken }, data });
    expect(res.status(), `POST ${p}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }
  async function open(page: Page, p: string) {
    await page.goto(p);
    await page.waitForLoadState('networkidle');
  }
  const period = (page: Page, id: number) => api<{ period: Period & { version: number } }>(page, `/api/work/periods/${id}`);
  /** The unit's and the committee's figures for 省教育厅 in 2022. */
  async function figures(): Promise<{ unit: Progress; overview: Progress }> {
    const unit = await api<{ totals: Progress }>(admin, `/api/dashboard/units/${p1.unitId}?year=2022`);
    const ov = await api<{ units: (Progress & { id: number })[] }>(admin, `/api/dashboard/overview?year=2022`);
    const row = ov.units.find((u) => u.id === p1.unitId);
    expect(row, 'the overview has a row for 省教育厅').toBeTruthy();
    return { unit: unit.totals, overview: row as Progress };
  }
  async function setClock(date: string) {
    await post(admin, '/api/system/clock', { date });
    expect((await api<{ businessDate: string }>(admin, '/api/health')).businessDate).toBe(date);
  }
  /** Open a period page and wait for its header. */
  async function openPeriod(page: Page, id: number) {
    await open(page, `/work/periods/${id}`);
    await page.getByTestId('period-status').waitFor();
  }
  async function status(page: Page): Promise<string | null> {
    return page.getByTestId('period-status').getAttribute('data-status');
  }
  async function addRecord(page: Page, date: string, content: string) {
    await page.getByTestId('add-record').click();
    const form = page.locator('.ant-modal:visible');
    await pickDate(form.getByTestId('record-date').locator('input').or(form.locator('input[data-testid="record-date"]')).first(), date);
    await form.getByTestId('record-content').fill(content);
    await form.getByTestId('save-record').click();
    await page.getByTestId('record').filter({ hasText: content }).first().waitFor();
  }
  async function submit(page: Page) {
    await page.getByTestId('submit-period').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => status(page)).toBe('submitted');
  }

  beforeAll(async () => {
    if (skipReason) return;
    for (const k of ['zb', 'jgdw', 'admin'] as const) people[k] = await launch(chromiumPath, baseUrl);
    zb = people.zb!.page;
    jgdw = people.jgdw!.page;
    admin = people.admin!.page;
    await signIn(admin, 'admin');
    await setClock(DEMO_DATE);
    await signIn(zb, 'jyt_zb1');
    await signIn(jgdw, 'jyt_jgdw');
    const dir = fs.mkdtempSync(path.join(ARTIFACTS, 'upload-'));
    files.pdf = path.join(dir, '支委会会议纪要.pdf');
    files.png = path.join(dir, '会议现场.png');
    fs.writeFileSync(files.pdf, pdfFile());
    fs.writeFileSync(files.png, pngFile());
  });

  afterAll(async () => {
    for (const b of Object.values(people)) await b?.close();
    for (const f of Object.values(files)) if (f) fs.rmSync(path.dirname(f), { recursive: true, force: true });
  });

  it("a branch secretary's home counts only what the branch holds (no 单位 0 / 党组 0)", async () => {
    await zb.goto(`${baseUrl}/`);
    const card = zb.locator('.ant-card', { hasText: '管理范围概览' });
    await card.locator('.ant-statistic').first().waitFor();
    const titles = (await card.locator('.ant-statistic-title').allTextContents()).map((t) => t.trim());
    expect(titles).toContain('党支部');
    expect(titles).not.toContain('单位');
    expect(titles).not.toContain('党组(党委)');
    const overview = await api<{ orgsByKind: Record<string, number> }>(zb, '/api/overview');
    const branchValue = await card.locator('.ant-statistic', { hasText: '党支部' }).locator('.ant-statistic-content-value').textContent();
    expect(Number(branchValue)).toBe(overview.orgsByKind.branch);
  });

  it('我的任务 opens on what needs doing: open work by due date (overdue first), then awaiting review, done hidden', async () => {
    await zb.goto(`${baseUrl}/my-tasks`);
    const table = zb.getByTestId('my-tasks-table');
    await table.locator('tr.ant-table-row').first().waitFor();
    const shown = await table.locator('tr.ant-table-row').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row-key'))));
    const mine = await api<{ items: { periodId: number; status: string; dueOn: string; light: string }[] }>(zb, '/api/dashboard/my-tasks?year=2022&page=1&pageSize=20');
    // The page shows the server's order …
    expect(shown).toEqual(mine.items.map((p) => p.periodId));
    // … which is the rule: no done work, open before awaiting review, each by due date; overdue (red) first.
    const rank = (s: string) => (s === 'pending' || s === 'returned' ? 0 : s === 'submitted' ? 1 : 2);
    expect(mine.items.every((p) => p.status !== 'approved')).toBe(true);
    for (let i = 1; i < mine.items.length; i++) {
      const [a, b] = [mine.items[i - 1]!, mine.items[i]!];
      expect(rank(a.status) < rank(b.status) || (rank(a.status) === rank(b.status) && a.dueOn <= b.dueOn), `${a.periodId} before ${b.periodId}`).toBe(true);
    }
    expect(mine.items[0]!.light).toBe('red');
  });

  it('the branch secretary records work with a PDF and an image, and submits it', async () => {
    const mine = await api<MyTasks>(zb, '/api/dashboard/my-tasks?year=2022&status=pending&pageSize=200');
    expect(mine.today).toBe(DEMO_DATE);
    const candidates = mine.items.filter((p) => p.reportCount === 0 && p.startsOn <= DEMO_DATE);
    // p1: on track (green); p2: the next one to fall due, for the late mark at the end.
    p1 = candidates.find((p) => p.light === 'green' && p.dueOn > addDays(DEMO_DATE, 30)) as Period;
    p2 = candidates.filter((p) => p.dueOn > DEMO_DATE && p.id !== p1?.id).sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0] as Period;
    expect(p1, 'an open period on track').toBeTruthy();
    expect(p2, 'an open period falling due soon').toBeTruthy();
    before = await figures();

    await open(zb, '/my-tasks');
    await zb.getByTestId('my-tasks-table').waitFor();
    await view(zb, 'work-01-my-tasks');

    await openPeriod(zb, p1.id);
    expect(await zb.getByTestId('period-light').locator('[data-light]').getAttribute('data-light')).toBe('green');
    await addRecord(zb, '2022-10-28', RECORD);
    const record = zb.getByTestId('record').filter({ hasText: RECORD });
    await record.locator('input[type="file"]').setInputFiles(files.pdf);
    await record.getByTestId('evidence-file').filter({ hasText: '支委会会议纪要.pdf' }).waitFor();
    await record.locator('input[type="file"]').setInputFiles(files.png);
    await record.getByTestId('evidence-image').first().waitFor();
    await expect.poll(async () => (await api<{ reports: { evidence: unknown[] }[] }>(zb, `/api/work/periods/${p1.id}`)).reports[0]?.evidence.length).toBe(2);
    await view(zb, 'work-02-recorded');
    await submit(zb);
    await view(zb, 'work-03-submitted');
  });

  it('the organ committee returns it with a reason', async () => {
    await open(jgdw, '/reviews');
    const table = jgdw.getByTestId('reviews-table');
    await table.waitFor();
    await table.locator(`tr[data-row-key="${p1.id}"]`).waitFor();
    await view(jgdw, 'work-04-review-queue');
    await openPeriod(jgdw, p1.id);
    await jgdw.getByTestId('return-period').click();
    await jgdw.getByTestId('return-reason').fill(REASON);
    await jgdw.getByTestId('review-ok').click();
    await expect.poll(() => status(jgdw)).toBe('returned');
  });

  it('the secretary sees the reason, fixes the record and resubmits', async () => {
    await openPeriod(zb, p1.id);
    await expect.poll(() => status(zb)).toBe('returned');
    await expect.poll(() => zb.getByTestId('return-alert').innerText()).toContain(REASON);
    await view(zb, 'work-05-returned');
    await addRecord(zb, '2022-10-29', FIXED);
    await submit(zb);
    const p = await api<{ reviews: { action: string; reason: string }[] }>(zb, `/api/work/periods/${p1.id}`);
    expect(p.reviews.map((r) => r.action)).toEqual(expect.arrayContaining(['submitted', 'returned']));
    expect(p.reviews.some((r) => r.action === 'returned' && r.reason === REASON)).toBe(true);
  });

  it('the organ committee approves it, and the unit and committee views count it', async () => {
    await openPeriod(jgdw, p1.id);
    await jgdw.getByTestId('approve-period').click();
    await jgdw.getByTestId('review-ok').click();
    await expect.poll(() => status(jgdw)).toBe('approved');
    expect(await jgdw.getByTestId('period-light').locator('[data-light]').getAttribute('data-light')).toBe('done');
    await view(jgdw, 'work-06-approved');

    const after = await figures();
    expect(after.unit.approved).toBe(before.unit.approved + 1);
    expect(after.overview.approved).toBe(before.overview.approved + 1);
    await open(admin, `/dashboard/unit?unitId=${p1.unitId}&year=2022`);
    await admin.getByTestId('unit-org-table').waitFor();
    await view(admin, 'work-07-unit-view');
    await open(admin, '/dashboard/overview?year=2022');
    await admin.getByTestId('overview-heatmap').waitFor();
    await view(admin, 'work-08-overview');
  });

  it('moving the clock past a due date turns the light red, and the late mark stays after approval', async () => {
    const late = addDays(p2.dueOn, 3);
    await setClock(late);
    await openPeriod(zb, p2.id);
    const light = zb.getByTestId('period-light');
    await expect.poll(() => light.locator('[data-light]').getAttribute('data-light')).toBe('red');
    await expect.poll(() => light.innerText()).toContain('逾期3天');
    await view(zb, 'work-09-overdue');

    await addRecord(zb, p2.startsOn > addDays(p2.dueOn, -1) ? p2.startsOn : addDays(p2.dueOn, -1), RECORD);
    await submit(zb);
    await openPeriod(jgdw, p2.id);
    await jgdw.getByTestId('approve-period').click();
    await jgdw.getByTestId('review-ok').click();
    await expect.poll(() => status(jgdw)).toBe('approved');

    await openPeriod(zb, p2.id);
    await expect.poll(() => zb.getByTestId('period-light').locator('[data-light]').getAttribute('data-light')).toBe('done');
    await expect.poll(() => zb.getByTestId('period-light').locator('[data-late]').getAttribute('data-late')).toBe('3');
    expect((await period(zb, p2.id)).period.lateDays).toBe(3);
    await view(zb, 'work-10-late-mark-kept');
    await setClock(DEMO_DATE);
  });
  it('work done late carries its real date: today by the server’s date, the rule named, a date after today refused, the record marked 迟报', async () => {
    // A period of the branch that nobody has recorded yet, three days past its due date.
    const mine = await api<MyTasks>(zb, '/api/dashboard/my-tasks?year=2022&status=pending&pageSize=200');
    const p3 = mine.items.filter((p) => p.reportCount === 0 && p.id !== p1.id && p.id !== p2.id && p.dueOn > DEMO_DATE).sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
    expect(p3, 'another open period of the branch').toBeTruthy();
    const today = addDays(p3!.dueOn, 3);
    await setClock(today);
    try {
      await openPeriod(zb, p3!.id);
      await zb.getByTestId('add-record').click();
      const form = zb.locator('.ant-modal:visible');
      const input = form.locator('input[data-testid="record-date"]').or(form.getByTestId('record-date').locator('input')).first();
      // Today as the server counts it, whatever the browser's clock; every rule in the hint.
      await expect.poll(() => input.inputValue()).toBe(today);
      const hint = await form.getByTestId('record-date-hint').innerText();
      expect(hint).toContain(`${p3!.startsOn}（本期开始）`);
      expect(hint).toContain(`${today}（今天）`);
      expect(hint).toContain('迟报');
      await form.getByTestId('record-late').waitFor();
      // A date after today is refused with the rule, not replaced.
      const future = addDays(today, 2);
      await input.click();
      await input.press('ControlOrMeta+a');
      await input.fill(future);
      await input.press('Enter');
      await form.getByTestId('record-content').fill(RECORD);
      await form.getByTestId('save-record').click();
      await expect.poll(() => form.locator('.ant-form-item-explain-error').first().innerText()).toContain('（今天）');
      expect((await api<{ reports: unknown[] }>(zb, `/api/work/periods/${p3!.id}`)).reports).toHaveLength(0);
      await view(zb, 'work-11-date-refused');
      // Today, after the due date: saved with its real date and marked late.
      await pickDate(input, today);
      await form.getByTestId('save-record').click();
      const record = zb.getByTestId('record').filter({ hasText: RECORD }).first();
      await record.waitFor();
      expect(await record.getByTestId('record-date-text').innerText()).toBe(today);
      await record.getByText('迟报').waitFor();
      const saved = await api<{ reports: { happenedOn: string; late: boolean }[] }>(zb, `/api/work/periods/${p3!.id}`);
      expect(saved.reports).toMatchObject([{ happenedOn: today, late: true }]);
      await view(zb, 'work-12-late-record');
    } finally {
      await setClock(DEMO_DATE);
    }
  });

  it('党建督查巡察室 (dcs) has 审核 in its menu, sees exactly the work that names its department, and approves from it', async () => {
    const b = await launch(chromiumPath, baseUrl);
    try {
      const dcs = b.page;
      await signIn(dcs, 'dcs');
      await dcs.locator('.ant-menu').getByText('审核', { exact: true }).click();
      await dcs.waitForURL((u) => u.pathname === '/reviews');
      const queue = await api<{ items: { periodId: number }[]; total: number }>(dcs, '/api/work/reviews?page=1&pageSize=100');
      expect(queue.total, 'the demo has work awaiting 党建督查巡察室').toBeGreaterThan(0);
      const table = dcs.getByTestId('reviews-table');
      await table.locator('.ant-table-row').first().waitFor();
      expect(await table.locator('.ant-table-row').count()).toBe(Math.min(20, queue.total));
      expect(await dcs.locator('main .ant-pagination-total-text').innerText()).toBe(`共 ${queue.total} 项`);
      // Every item is the department's to review, and the department may review it.
      for (const item of queue.items) {
        const p = await api<{ reviewerOrg: { name: string } | null; canReview: boolean; period: { status: string } }>(dcs, `/api/work/periods/${item.periodId}`);
        expect(p.reviewerOrg?.name).toBe('党建督查巡察室');
        expect(p.period.status).toBe('submitted');
        expect(p.canReview).toBe(true);
      }
      await view(dcs, 'work-13-dcs-reviews');

      await table.getByTestId('review-link').first().click();
      await dcs.waitForURL((u) => u.pathname === `/work/periods/${queue.items[0]!.periodId}`);
      await dcs.getByTestId('period-status').waitFor();
      await dcs.getByTestId('approve-period').click();
      await dcs.getByTestId('review-ok').click();
      await expect.poll(() => status(dcs)).toBe('approved');
      const after = await api<{ total: number }>(dcs, '/api/work/reviews?page=1&pageSize=1');
      expect(after.total).toBe(queue.total - 1);
    } finally {
      await b.close();
    }
  });
});
