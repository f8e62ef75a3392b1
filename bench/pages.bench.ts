/**
 * Pages as a user opens them: the real server (`packages/server/src/main.ts`, PGlite, the full
 * demo) serving the built web app (`npm run build:web` first), in headless Chromium (CHROMIUM_PATH
 * or /usr/bin/chromium), on loopback.
 *
 * - First visit: a fresh profile opens the site; every byte the browser receives (compressed, with
 *   headers) until the sign-in form is usable. Target ≤ 400 KB. Baseline: the HTML document alone.
 * - Main pages with a warm cache: 我的任务, 审核, 责任分工, 单位进度, 全省总览, 履责明细 and the
 *   list, each as a role that has it, opened PAGES_RUNS times (default 10) after one warm-up, from
 *   navigation to its content on screen (a table row, an empty state or figures, and no spinner),
 *   timed in the page: the navigation's start to the first animation frame showing it (the
 *   context bypasses the app's CSP so this check can run there). Target ≤ 1 s p95. Baseline: the sign-in page (the app shell alone) to its form, the same way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { figure, freePort, percentile, report, startProcess, type BenchResult, type Figure } from './lib.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = Math.max(1, Number(process.env.PAGES_RUNS) || 10);
const PASSWORD = 'Demo@2026';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The main pages, each with a demo account that has it in its menu. */
const PAGES: { name: string; path: string; user: string }[] = [
  { name: '我的任务 my tasks', path: '/my-tasks', user: 'jyt_zb1' },
  { name: '审核 reviews', path: '/reviews', user: 'jyt_jgdw' },
  { name: '责任分工 division', path: '/division', user: 'jyt_leader' },
  { name: '单位进度 unit progress', path: '/dashboard/unit', user: 'jyt_admin' },
  { name: '全省总览 overview', path: '/dashboard/overview', user: 'admin' },
  { name: '履责明细 records', path: '/dashboard/periods', user: 'admin' },
  { name: '责任清单 the list', path: '/lists/1', user: 'admin' },
];

function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error('no Chromium: install Debian\'s chromium (apt-get install -y chromium fonts-noto-cjk) or set CHROMIUM_PATH');
}

async function browserContext(base: string): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-pages-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, bypassCSP: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 }, baseURL: base,
  });
  context.setDefaultTimeout(60_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close: async () => { await context.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** What the checks below use of the page they run in (bench code is typed without the DOM). */
interface PageNode { querySelector(selector: string): PageNode | null }
declare const document: PageNode;

/** The sign-in form is usable: its field and its enabled button on screen. */
function loginReadyInPage(): number | false {
  const ok = document.querySelector('input#username:not([disabled])') && document.querySelector('button[type="submit"]:not([disabled])');
  return ok ? performance.now() : false;
}

/** A page's content is on screen: rows, an empty state or figures in the main area, and nothing still spinning. */
function contentReadyInPage(): number | false {
  const main = document.querySelector('main');
  const content = main?.querySelector('.ant-table-row, .ant-empty, .ant-statistic-content-value, .ant-list-item, .ant-descriptions, .ant-tree-treenode');
  const busy = main?.querySelector('.ant-spin-spinning, .ant-skeleton-active');
  return content && !busy ? performance.now() : false;
}

/**
 * Milliseconds from the start of the navigation (the page's own clock, so the browser's and this
 * process's scheduling add nothing) to the first animation frame in which `ready` holds.
 */
async function timeNavigation(page: Page, url: string, ready: () => number | false): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const at = await page.waitForFunction(ready, undefined, { polling: 'raf' });
  return (await at.jsonValue()) as number;
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.locator('input#username').fill(username);
  await page.locator('input#password').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

export async function run(): Promise<BenchResult> {
  const dist = path.join(ROOT, 'packages', 'web', 'dist', 'index.html');
  if (!fs.existsSync(dist)) throw new Error('the web app is not built: run `npm run build:web` first');
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-pages-data-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', DEMO: '1', DATA_DIR: dataDir, FILES_DIR: path.join(dataDir, 'files'),
    LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT: '100000', REMINDER_SWEEP_MINUTES: '0', DATABASE_URL: '',
  };
  const server = await startProcess(['--import', 'tsx', 'packages/server/src/main.ts'], env, port, '/api/health', 300_000);
  const figures: Figure[] = [];
  const notes: string[] = [];
  try {
    // First visit: every byte received until the sign-in form is usable.
    const first = await browserContext(server.base);
    try {
      const cdp = await first.context.newCDPSession(first.page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const bytes = new Map<string, number>();
      let documentId = '';
      cdp.on('Network.requestWillBeSent', (e: { requestId: string; type?: string }) => {
        if (e.type === 'Document' && !documentId) documentId = e.requestId;
      });
      cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => bytes.set(e.requestId, e.encodedDataLength));
      await first.page.goto('/', { waitUntil: 'commit' });
      await first.page.waitForFunction(loginReadyInPage, undefined, { polling: 'raf' });
      // Requests in flight when the form became usable are counted once they end.
      await first.page.waitForLoadState('networkidle');
      const total = [...bytes.values()].reduce((s, n) => s + n, 0);
      const html = bytes.get(documentId) ?? 0;
      figures.push(figure('first visit: received until the sign-in form is usable', total / 1024, 'KB', html / 1024, 'the HTML document alone', { max: 400 }));
      notes.push(`first visit: ${bytes.size} responses, ${(total / 1024).toFixed(1)} KB received (compressed, with headers)`);
    } finally {
      await first.close();
    }

    // Warm cache, per page.
    const shell = await browserContext(server.base);
    const shellTimes: number[] = [];
    try {
      await timeNavigation(shell.page, '/login', loginReadyInPage);
      for (let i = 0; i < RUNS; i++) shellTimes.push(await timeNavigation(shell.page, '/login', loginReadyInPage));
    } finally {
      await shell.close();
    }
    shellTimes.sort((a, b) => a - b);
    const byUser = new Map<string, typeof PAGES>();
    for (const p of PAGES) byUser.set(p.user, [...(byUser.get(p.user) ?? []), p]);
    for (const [user, pages] of byUser) {
      const b = await browserContext(server.base);
      try {
        await signIn(b.page, user);
        for (const p of pages) {
          await timeNavigation(b.page, p.path, contentReadyInPage); // warm-up: the page's code and data into the cache
          const times: number[] = [];
          for (let i = 0; i < RUNS; i++) times.push(await timeNavigation(b.page, p.path, contentReadyInPage));
          times.sort((a, c) => a - c);
          figures.push(figure(`${p.name} (${user}): navigation to content p95`, percentile(times, 95), 'ms', percentile(shellTimes, 95), 'the sign-in page to its form', { max: 1000 }));
          notes.push(`${p.name} as ${user}: p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms over ${RUNS}`);
        }
      } finally {
        await b.close();
      }
    }
    notes.push(`PGlite with the full demo; warm cache; ${RUNS} runs per page after one warm-up; sign-in page p50 ${percentile(shellTimes, 50).toFixed(0)} ms`);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return report({ bench: 'pages', notes, figures });
}

if (import.meta.main) await run();
