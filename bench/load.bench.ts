/**
 * Mixed load against a running server: `tsx packages/server/src/main.ts` with the demo (DEMO=1) on
 * PGlite in a fresh DATA_DIR, and again on PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL: a
 * fresh database `qd_bench_load`, dropped afterwards). LOAD_USERS signed-in users (default 150) work
 * for LOAD_SECONDS (default 60) each, every user waiting for its answer and pausing 0.5–1.5 ×
 * LOAD_THINK_MS (default 1000) before the next request:
 *   - readers (the rest): 我的任务 (GET /api/dashboard/my-tasks) and a period page (GET /api/work/periods/:id), in turn;
 *   - LOAD_REVIEWERS (default 5) reviewers: the review queue (GET /api/work/reviews);
 *   - LOAD_WRITERS (default 5) branch secretaries: add a record (POST /api/work/periods/:id/reports);
 *   - a probe: GET /api/health every 500 ms (the watchdog's view).
 * Printed per kind: p50, p99, max, throughput and errors; the server's resident memory (peak and at
 * the end). Baseline: a bare Fastify process answering every route with a small JSON, under the same
 * users for LOAD_BARE_SECONDS (default 15), in the same run. Loopback only; every loop ends by time.
 * LOAD_ENGINES=pglite,postgres picks the engines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { figure, freePort, percentile, report, startProcess, type BenchResult, type Figure } from './lib.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const num = (name: string, d: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : d;
};
const USERS = num('LOAD_USERS', 150);
const SECONDS = num('LOAD_SECONDS', 60);
const BARE_SECONDS = num('LOAD_BARE_SECONDS', 15);
const THINK_MS = num('LOAD_THINK_MS', 1000);
const WRITERS = Math.min(num('LOAD_WRITERS', 5), USERS);
const REVIEWERS = Math.min(num('LOAD_REVIEWERS', 5), USERS - WRITERS);
const READERS = USERS - WRITERS - REVIEWERS;
const ENGINES = (process.env.LOAD_ENGINES ?? 'pglite,postgres').split(',').map((s) => s.trim());
const REQUEST_TIMEOUT_MS = 120_000;
const HEALTH_EVERY_MS = 500;
const PASSWORD = 'Demo@2026';

/** Demo accounts the users sign in as (several sessions per account). */
const READER_ACCOUNTS = ['jyt_zb1', 'jyt_jgdw', 'jyt_leader', 'viewer', 'jyt_admin'];
const REVIEWER_ACCOUNTS = ['jyt_jgdw', 'jyt_leader'];
const WRITER_ACCOUNT = 'jyt_zb1';

type Kind = 'myTasks' | 'period' | 'reviewQueue' | 'addRecord' | 'health';
const KINDS: Kind[] = ['myTasks', 'period', 'reviewQueue', 'addRecord', 'health'];
const LABEL: Record<Kind, string> = {
  myTasks: '我的任务 my tasks (read)',
  period: 'period page (read)',
  reviewQueue: 'review queue (reviewer)',
  addRecord: 'add a record (write)',
  health: 'GET /api/health',
};

interface Session {
  cookie: string;
  csrf: string;
}

interface Tally {
  latencies: Record<Kind, number[]>;
  errors: Record<Kind, number>;
  firstError: Partial<Record<Kind, string>>;
}

const newTally = (): Tally => ({
  latencies: { myTasks: [], period: [], reviewQueue: [], addRecord: [], health: [] },
  errors: { myTasks: 0, period: 0, reviewQueue: 0, addRecord: 0, health: 0 },
  firstError: {},
});

/** Resident memory of a process from /proc (Linux), in MiB; null elsewhere. */
function rssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}


async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const body = (await res.json()) as { csrfToken?: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (res.status !== 200 || !cookie || !body.csrfToken) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  return { cookie, csrf: body.csrfToken };
}

async function getJson<T>(base: string, s: Session, url: string): Promise<T> {
  const res = await fetch(base + url, { headers: { cookie: s.cookie } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

interface Plan {
  readers: { s: Session; periods: number[] }[];
  reviewers: Session[];
  writers: Session[];
  /** Periods the writers may add records to. */
  recordable: { id: number; happenedOn: string }[];
}

/** Sign the users in (one session each) and find the periods they read and record on. */
async function plan(base: string): Promise<Plan> {
  const periodsOf = new Map<string, number[]>();
  const readers: Plan['readers'] = [];
  for (let i = 0; i < READERS; i++) {
    const username = READER_ACCOUNTS[i % READER_ACCOUNTS.length]!;
    const s = await login(base, username);
    if (!periodsOf.has(username)) {
      const r = await getJson<{ items: { periodId: number }[] }>(base, s, '/api/dashboard/my-tasks?page=1&pageSize=50');
      periodsOf.set(username, r.items.map((p) => p.periodId));
    }
    readers.push({ s, periods: periodsOf.get(username)! });
  }
  const reviewers: Session[] = [];
  for (let i = 0; i < REVIEWERS; i++) reviewers.push(await login(base, REVIEWER_ACCOUNTS[i % REVIEWER_ACCOUNTS.length]!));
  const writers: Session[] = [];
  for (let i = 0; i < WRITERS; i++) writers.push(await login(base, WRITER_ACCOUNT));
  const recordable: Plan['recordable'] = [];
  if (WRITERS > 0) {
    const w = writers[0]!;
    const mine = await getJson<{ today: string; items: { periodId: number; startsOn: string }[] }>(base, w, '/api/dashboard/my-tasks?page=1&pageSize=100');
    for (const p of mine.items) {
      // A record is dated from its period's start up to today (core report-date.ts).
      if (p.startsOn > mine.today) continue;
      const d = await getJson<{ canRecord: boolean }>(base, w, `/api/work/periods/${p.periodId}`);
      if (d.canRecord) recordable.push({ id: p.periodId, happenedOn: p.startsOn });
      if (recordable.length >= 20) break;
    }
    if (recordable.length === 0) throw new Error(`${WRITER_ACCOUNT} has no period to record on`);
  }
  return { readers, reviewers, writers, recordable };
}

/** Every user's loop for `seconds`; the health probe alongside. */
async function drive(base: string, p: Plan, seconds: number): Promise<Tally> {
  const t = newTally();
  const until = performance.now() + seconds * 1000;
  let seed = 4242;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const think = () => new Promise((r) => setTimeout(r, THINK_MS * (0.5 + random())));
  const once = async (kind: Kind, url: string, init: RequestInit = {}) => {
    const started = performance.now();
    try {
      const res = await fetch(base + url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${res.status} ${body.slice(0, 160)}`);
      t.latencies[kind].push(performance.now() - started);
    } catch (e) {
      t.errors[kind]++;
      t.firstError[kind] ??= `${url}: ${(e as Error).message}`;
    }
  };
  const users: Promise<void>[] = [];
  const all = p.readers.length + p.reviewers.length + p.writers.length;
  let n = 0;
  const user = (loop: (i: number) => Promise<void>) => {
    const offset = (n++ * THINK_MS) / all;
    users.push(
      (async () => {
        await new Promise((r) => setTimeout(r, offset));
        for (let i = 0; performance.now() < until; i++) {
          await loop(i);
          await think();
        }
      })(),
    );
  };
  for (const r of p.readers) {
    user(async (i) => {
      const headers = { cookie: r.s.cookie };
      if (i % 2 === 0 || r.periods.length === 0) await once('myTasks', '/api/dashboard/my-tasks?page=1&pageSize=20', { headers });
      else await once('period', `/api/work/periods/${r.periods[Math.floor(random() * r.periods.length)]}`, { headers });
    });
  }
  for (const s of p.reviewers) user(() => once('reviewQueue', '/api/work/reviews?page=1&pageSize=20', { headers: { cookie: s.cookie } }));
  for (const [w, s] of p.writers.entries()) {
    user(async (i) => {
      const period = p.recordable[(w + i * p.writers.length) % p.recordable.length]!;
      await once('addRecord', `/api/work/periods/${period.id}/reports`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ happenedOn: period.happenedOn, content: `压测记录 load bench record ${w}-${i}` }),
      });
    });
  }
  const health = (async () => {
    while (performance.now() < until) {
      await once('health', '/api/health');
      await new Promise((r) => setTimeout(r, HEALTH_EVERY_MS));
    }
  })();
  await Promise.all([...users, health]);
  return t;
}

const BARE_APP = `
import Fastify from 'fastify';
const app = Fastify();
const body = JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: '任务' + i, status: 'open' })), total: 20 });
app.all('/*', async (_req, reply) => reply.type('application/json').send(body));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', async () => { await app.close(); process.exit(0); });
`;

/** The same users against a bare Fastify process (no database, no session): the floor of this machine. */
async function bareBaseline(p: Plan): Promise<Tally> {
  const file = path.join(ROOT, 'bench', 'results', 'bare-fastify-load.mjs');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, BARE_APP);
  const port = await freePort();
  const bare = await startProcess([file], { ...process.env, PORT: String(port) }, port, '/api/health', 30_000);
  try {
    return await drive(bare.base, p, BARE_SECONDS);
  } finally {
    await bare.stop();
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

async function measure(label: string, env: NodeJS.ProcessEnv): Promise<{ figures: Figure[]; notes: string[] }> {
  const port = await freePort();
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO: '1',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '100000',
    REMINDER_SWEEP_MINUTES: '0',
    WEB_DIST: path.join(os.tmpdir(), 'qd-bench-load-no-web'),
  };
  const started = performance.now();
  const server = await startProcess(['--import', 'tsx', 'packages/server/src/main.ts'], serverEnv, port, '/api/health', 300_000);
  const startMs = performance.now() - started;
  try {
    const p = await plan(server.base);
    const rssAfterLogin = rssMiB(server.child.pid);
    let peak = rssAfterLogin ?? 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB(server.child.pid) ?? 0);
    }, 1000);
    const t0 = performance.now();
    const real = await drive(server.base, p, SECONDS);
    const elapsed = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const rssEnd = rssMiB(server.child.pid);
    const bare = await bareBaseline(p);
    const bareElapsed = BARE_SECONDS;

    const figures: Figure[] = [];
    const notes: string[] = [
      `${label}: server started with the demo in ${Math.round(startMs)} ms; ${READERS} readers, ${REVIEWERS} reviewers, ${WRITERS} writers for ${SECONDS} s (${Math.round(elapsed)} s with the slowest answer), health every ${HEALTH_EVERY_MS} ms`,
      `${label}: server memory (RSS) ${rssAfterLogin === null ? '?' : Math.round(rssAfterLogin)} MiB after sign-in, peak ${Math.round(peak)} MiB, ${rssEnd === null ? '?' : Math.round(rssEnd)} MiB at the end`,
    ];
    for (const kind of KINDS) {
      const xs = real.latencies[kind].sort((a, b) => a - b);
      const bs = bare.latencies[kind].sort((a, b) => a - b);
      if (xs.length === 0 && real.errors[kind] === 0) continue;
      const p50 = percentile(xs, 50);
      const p99 = percentile(xs, 99);
      const target = kind === 'addRecord' ? { max: 2000 } : kind === 'health' ? { max: 1000 } : undefined;
      figures.push(figure(`${label}: ${LABEL[kind]} p50`, p50, 'ms', percentile(bs, 50), 'bare Fastify'));
      figures.push(figure(`${label}: ${LABEL[kind]} p99`, p99, 'ms', percentile(bs, 99), 'bare Fastify', target));
      figures.push(figure(`${label}: ${LABEL[kind]} throughput`, xs.length / elapsed, 'req/s', bs.length / bareElapsed, 'bare Fastify'));
      notes.push(
        `${label} ${LABEL[kind]}: ${xs.length} answered, ${real.errors[kind]} errors, p50 ${round1(p50)} ms, p99 ${round1(p99)} ms, max ${round1(xs.at(-1) ?? NaN)} ms` +
          (real.firstError[kind] ? ` (first error: ${real.firstError[kind]})` : ''),
      );
    }
    figures.push(figure(`${label}: errors (all kinds)`, KINDS.reduce((s, k) => s + real.errors[k], 0), 'count', 0, 'none expected', { max: 0 }));
    figures.push(figure(`${label}: server RSS, peak`, peak, 'MiB', null, ''));
    return { figures, notes };
  } finally {
    await server.stop();
  }
}

async function withPgDatabase<T>(url: string, name: string, fn: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  try {
    return await fn(u.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export async function run(): Promise<BenchResult> {
  const figures: Figure[] = [];
  const notes: string[] = [
    `${USERS} users (LOAD_USERS), ${SECONDS} s per engine (LOAD_SECONDS), pause ${THINK_MS / 2}–${(THINK_MS * 3) / 2} ms between requests (LOAD_THINK_MS); load generator and server on this machine's cores, loopback only`,
    `writes target: p99 ≤ 2000 ms; health target: p99 ≤ 1000 ms`,
  ];
  if (ENGINES.includes('pglite')) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-load-'));
    try {
      const r = await measure('PGlite', { DATA_DIR: dataDir, DATABASE_URL: '' });
      figures.push(...r.figures);
      notes.push(...r.notes);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (ENGINES.includes('postgres')) {
    if (pgUrl) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-load-files-'));
      try {
        const r = await withPgDatabase(pgUrl, 'qd_bench_load', (url) => measure('PostgreSQL', { DATABASE_URL: url, DATA_DIR: dataDir }));
        figures.push(...r.figures);
        notes.push(...r.notes);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    } else {
      notes.push('PostgreSQL not measured: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
    }
  }
  return report({ bench: 'load', notes, figures });
}

if (import.meta.main) await run();
