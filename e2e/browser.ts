import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { ARTIFACTS } from './global-setup.ts';

/** Flags for Debian's Chromium in a container: no sandbox, no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A Chromium with a fresh profile (--user-data-dir), in Chinese, at a desktop size. */
export async function launch(executablePath: string, baseURL: string): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingdan-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    baseURL,
    acceptDownloads: true,
  });
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  // What the browser said, for reading after a failure: e2e/artifacts/browser.log.
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const logFile = path.join(ARTIFACTS, 'browser.log');
  fs.writeFileSync(logFile, '');
  const write = (line: string) => fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  page.on('console', (m) => write(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => write(`pageerror: ${e.stack ?? e.message}`));
  page.on('requestfailed', (r) => write(`requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) write(`navigated: ${f.url()}`);
  });
  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Save a full-page screenshot as e2e/artifacts/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A button by its text; antd writes a two-character label as “确 认”, so spaces between characters are allowed. */
export function button(scope: Page | Locator, text: string): Locator {
  return scope.locator('button').filter({ hasText: new RegExp(`^\\s*${[...text].join('\\s*')}\\s*$`) });
}

/** Wait until antd's animations (dialogs, drawers, dropdowns) and spinners are done: a click during an opening animation can be lost. */
export async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(`!document.querySelector('[class*="-appear"], [class*="-enter"], [class*="-leave"], .ant-spin-spinning, .ant-spin-blur')`, undefined, { timeout: 5_000 })
    .catch(() => {});
  await page.waitForTimeout(300);
}
