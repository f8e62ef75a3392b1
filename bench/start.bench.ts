/**
 * Start-up: time from spawning `tsx packages/server/src/main.ts` until GET /api/health answers —
 * on an empty DATA_DIR (migrations and the demo seed included; target ≤ 20 s) and again on the now
 * existing data directory (target ≤ 5 s). Baseline: spawning a bare node process that listens with
 * an empty Fastify app, until it answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { figure, freePort, ms, report, type BenchResult } from './lib.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const TIMEOUT_MS = 120_000;

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Spawn, then poll the URL until it answers with any HTTP status `ok` accepts. */
async function timeToAnswer(cmd: string, args: string[], env: NodeJS.ProcessEnv, url: string, ok: (status: number) => boolean): Promise<number> {
  const t = process.hrtime.bigint();
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${cmd} exited with ${child.exitCode}: ${stderr}`);
      if (ms(t) > TIMEOUT_MS) throw new Error(`${url} did not answer within ${TIMEOUT_MS} ms`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (ok(res.status)) return ms(t);
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await stop(child);
  }
}

const BARE_APP = `
import Fastify from 'fastify';
const app = Fastify();
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', async () => { await app.close(); process.exit(0); });
`;

export async function run(): Promise<BenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-start-'));
  const env = (port: number): NodeJS.ProcessEnv => ({
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    DEMO: '1',
    LOG_LEVEL: 'warn',
    WEB_DIST: path.join(dataDir, 'no-web'),
  });
  try {
    let port = await freePort();
    const empty = await timeToAnswer(TSX, ['packages/server/src/main.ts'], env(port), `http://127.0.0.1:${port}/api/health`, (s) => s === 200);
    port = await freePort();
    const existing = await timeToAnswer(TSX, ['packages/server/src/main.ts'], env(port), `http://127.0.0.1:${port}/api/health`, (s) => s === 200);
    // The bare app runs from the repository root so that `fastify` resolves as it does for the server.
    const bareFile = path.join(ROOT, 'bench', 'results', 'bare-fastify.mjs');
    fs.mkdirSync(path.dirname(bareFile), { recursive: true });
    fs.writeFileSync(bareFile, BARE_APP);
    port = await freePort();
    const bare = await timeToAnswer(process.execPath, [bareFile], { ...process.env, PORT: String(port) }, `http://127.0.0.1:${port}/`, (s) => s > 0);
    port = await freePort();
    const bareTsx = await timeToAnswer(TSX, [bareFile], { ...process.env, PORT: String(port) }, `http://127.0.0.1:${port}/`, (s) => s > 0);
    return report({
      bench: 'start',
      notes: [
        'spawn → first 200 from GET /api/health on 127.0.0.1, polled every 25 ms; PGlite in a fresh temporary DATA_DIR',
        `the same bare Fastify app started through tsx took ${Math.round(bareTsx)} ms (the share of tsx itself)`,
      ],
      figures: [
        figure('start, empty data dir (migrate + demo seed)', empty, 'ms', bare, 'bare node + empty Fastify', { max: 20_000 }),
        figure('start, existing data dir', existing, 'ms', bare, 'bare node + empty Fastify', { max: 5_000 }),
      ],
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) await run();
