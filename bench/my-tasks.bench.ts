/**
 * 我的任务 under load: the real server (session, CSRF, access guard, zod) on PGlite with the
 * province of the overview bench (about 150,000 periods and 300,000 records), 50 concurrent
 * branch secretaries (one account and session each, on 50 different branches) calling
 * GET /api/dashboard/my-tasks, autocannon for 5 s. Target: p99 ≤ 30 ms. Baseline: a bare Fastify
 * route answering the same JSON from memory, under the same load. With BENCH_DATABASE_URL or
 * TEST_DATABASE_URL, the same on PostgreSQL (MY_TASKS_PG_ONLY=1 skips PGlite).
 */
import Fastify from 'fastify';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { createDb, openPglite, type Db } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { SystemClock } from '../packages/server/src/clock.ts';
import { buildApp } from '../packages/server/src/app.ts';
import { createSession, SESSION_COOKIE } from '../packages/server/src/modules/auth/session.ts';
import { BENCH_NOW, seedWork, withPostgres } from './overview.bench.ts';
import { figure, report, type BenchResult, type Figure } from './lib.ts';

const USERS = 50;
const SECONDS = 5;
const PATH = '/api/dashboard/my-tasks?page=1&pageSize=20';

/** Mean pause of a working user between two requests (a person reads the page before the next click). */
const THINK_MS = 1000;
const USER_SECONDS = 20;

/**
 * 50 users at work: each sends a request, waits for the answer, pauses 0.5–1.5 × THINK_MS, and
 * again, for USER_SECONDS. Returns the latency percentiles over every request.
 */
async function users(base: string, cookies: string[]): Promise<{ p50: number; p99: number; count: number }> {
  const latencies: number[] = [];
  const until = performance.now() + USER_SECONDS * 1000;
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  await Promise.all(
    cookies.map(async (cookie, i) => {
      await new Promise((r) => setTimeout(r, (i * THINK_MS) / cookies.length));
      while (performance.now() < until) {
        const t = performance.now();
        const res = await fetch(base + PATH, { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${base}${PATH}: ${res.status}`);
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, THINK_MS * (0.5 + random())));
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { p50: Math.round(at(0.5) * 10) / 10, p99: Math.round(at(0.99) * 10) / 10, count: latencies.length };
}

async function measure(db: Db, label: string): Promise<{ figures: Figure[]; notes: string[] }> {
  const clock = new SystemClock();
  clock.setTo(BENCH_NOW);
  const seeded = await seedWork(db, clock);
  const k = db.kysely;

  // 50 branch secretaries on 50 branches spread over the units: a person, an account, a grant, a session.
  const branches = await sql<{ id: number; path: string; unit_id: number }>`
    SELECT o.id, o.path, o.unit_id FROM orgs o
    WHERE o.kind = 'branch' AND EXISTS (SELECT 1 FROM assignments a WHERE a.org_id = o.id)
    ORDER BY o.unit_id, o.id`.execute(k);
  const step = Math.floor(branches.rows.length / USERS);
  const picked = Array.from({ length: USERS }, (_, i) => branches.rows[i * step]!);
  const cookies: string[] = [];
  for (const [i, b] of picked.entries()) {
    const person = await k
      .insertInto('people')
      .values({ org_id: b.id, unit_id: b.unit_id, org_path: b.path, code: `BENCH-${i}`, name: `书记${i}`, post: '书记' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const account = await k
      .insertInto('accounts')
      .values({ person_id: person.id, username: `bench_secretary_${i}`, password_hash: 'x', must_change_password: false })
      .returning('id')
      .executeTakeFirstOrThrow();
    await k.insertInto('role_grants').values({ person_id: person.id, role: 'branchSecretary', org_id: b.id }).execute();
    const s = await createSession(db, clock, account.id, '127.0.0.1', 'bench');
    cookies.push(`${SESSION_COOKIE}=${s.token}`);
  }

  const deps = { db, clock, config: { ...loadConfig({}), webDist: '/nonexistent' } };
  const app = await buildApp(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const first = await fetch(base + PATH, { headers: { cookie: cookies[0]! } });
  const body = await first.text();
  if (first.status !== 200) throw new Error(`GET ${PATH}: ${first.status} ${body.slice(0, 200)}`);
  const total = (JSON.parse(body) as { total: number }).total;

  const bare = Fastify({ logger: false });
  bare.get('/api/dashboard/my-tasks', async (_req, reply) => reply.type('application/json').send(body));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const bareBase = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

  // Each connection is one secretary: autocannon's requests rotate through the 50 cookies.
  const requests = cookies.map((cookie) => ({ method: 'GET' as const, path: PATH, headers: { cookie } }));
  const load = async (url: string) => {
    // `requests` (a sequence per connection) is outside the typed subset in bench/autocannon.d.ts.
    const options = { url, connections: USERS, duration: SECONDS, requests };
    const r = await autocannon(options);
    if (r.errors || r.non2xx) throw new Error(`${url}: ${r.errors} errors, ${r.non2xx} non-2xx`);
    return r;
  };
  await load(base); // warm-up
  const real = await load(base);
  const bareLoad = await load(bareBase);
  const paced = await users(base, cookies);
  const barePaced = await users(bareBase, cookies);
  await bare.close();
  await app.close();

  return {
    notes: [
      `${label}: ${seeded.periods} periods, ${seeded.reports} records; ${USERS} branch secretaries on ${USERS} branches (each sees about ${total} periods of the year); page of 20, ${(body.length / 1024).toFixed(1)} KiB`,
      `working users: ${USERS} users × ${USER_SECONDS} s, each waiting for its answer and pausing ${THINK_MS / 2}–${(THINK_MS * 3) / 2} ms before the next request (${paced.count} requests)`,
      `saturated: autocannon ${USERS} connections × ${SECONDS} s after a warm-up run, no pause; server, database and load generator share this process`,
    ],
    figures: [
      figure(`${label}: my tasks, ${USERS} users working (${THINK_MS} ms between requests): p99`, paced.p99, 'ms', barePaced.p99, 'bare Fastify, same JSON', { max: 30 }),
      figure(`${label}: my tasks, ${USERS} users working: p50`, paced.p50, 'ms', barePaced.p50, 'bare Fastify, same JSON'),
      figure(`${label}: my tasks, ${USERS} connections saturated: p99`, real.latency.p99, 'ms', bareLoad.latency.p99, 'bare Fastify, same JSON'),
      figure(`${label}: my tasks, ${USERS} connections saturated: p50`, real.latency.p50, 'ms', bareLoad.latency.p50, 'bare Fastify, same JSON'),
      figure(`${label}: my tasks, ${USERS} users: throughput`, real.requests.average, 'req/s', bareLoad.requests.average, 'bare Fastify, same JSON'),
    ],
  };
}

export async function run(): Promise<BenchResult> {
  const figures: Figure[] = [];
  const notes: string[] = [
    'PGlite has one connection: the 50 users queue for it, so p99 there is about 50 × the time of one request',
  ];
  if (!process.env.MY_TASKS_PG_ONLY) {
    const pglite = await createDb({ pglite: await openPglite() });
    await migrate(pglite);
    const r = await measure(pglite, 'PGlite');
    await pglite.close();
    figures.push(...r.figures);
    notes.push(...r.notes);
  }
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const r = await withPostgres(pgUrl, 'qd_bench_my_tasks', (db) => measure(db, 'PostgreSQL'));
    figures.push(...r.figures);
    notes.push(...r.notes);
  } else {
    notes.push('PostgreSQL not measured: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
  }
  return report({ bench: 'my-tasks', notes, figures });
}

if (import.meta.main) await run();
