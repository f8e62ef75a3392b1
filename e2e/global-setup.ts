import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/**
 * Starts the real server (`tsx packages/server/src/main.ts`) on a free port with a fresh data
 * directory and the demo province, waits for /api/health, and stops it afterwards.
 * Without Chromium the suite is skipped with a clear message, except under CI=true where a skipped
 * suite is a failure.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
export const ARTIFACTS = path.join(root, 'e2e', 'artifacts');

export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  for (const p of candidates) {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // try the next one
    }
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited (${child.exitCode ?? child.signalCode}) before it was healthy; see ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The server did not answer ${url}/api/health within ${timeoutMs / 1000} s (last: ${last}); see ${logFile}:\n${tail(logFile)}`);
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '';
  }
}

export default async function setup(project: TestProject) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const f of fs.readdirSync(ARTIFACTS)) {
    if (/\.(png|log)$/.test(f)) fs.rmSync(path.join(ARTIFACTS, f), { force: true });
  }
  const chromium = findChromium();
  if (!chromium) {
    const why = `no Chromium found (CHROMIUM_PATH=${process.env.CHROMIUM_PATH ?? '(unset)'}, /usr/bin/chromium missing). Install Debian's chromium (apt-get install -y chromium fonts-noto-cjk) or set CHROMIUM_PATH.`;
    if (process.env.CI === 'true') {
      throw new Error(`[qingdan e2e] CI=true and the end-to-end suite cannot run: ${why}`);
    }
    console.warn(`\n[qingdan e2e] END-TO-END SUITE SKIPPED: ${why}\n`);
    project.provide('baseUrl', '');
    project.provide('chromiumPath', '');
    project.provide('skipReason', why);
    return;
  }

  const webIndex = path.join(root, 'packages', 'web', 'dist', 'index.html');
  if (!fs.existsSync(webIndex)) {
    throw new Error(`[qingdan e2e] The web app is not built (${webIndex} is missing): run \`npm run test:e2e\`, which builds it first, or \`npm run build:web\`.`);
  }

  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingdan-e2e-data-'));
  const logFile = path.join(ARTIFACTS, 'server.log');
  const log = fs.openSync(logFile, 'w');
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['packages/server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      DEMO: '1',
      LOGIN_RATE_LIMIT: '100000',
      // POST /api/system/clock: tests move the business date (the demo starts at its own, 2022-10-20).
      CLOCK_CONTROL: '1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.closeSync(log);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, child, logFile, 240_000);
  } catch (e) {
    await stop();
    throw e;
  }
  console.log(`[qingdan e2e] server on ${baseUrl} (data ${dataDir}), Chromium ${chromium}`);
  project.provide('baseUrl', baseUrl);
  project.provide('chromiumPath', chromium);
  project.provide('skipReason', '');
  return stop;
}
