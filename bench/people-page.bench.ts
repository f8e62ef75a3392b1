/**
 * People list: the real server (all hooks: session, CSRF, access guard, zod) on PGlite with the demo
 * province (about 10,000 people), signed in as the committee administrator.
 *   - latency of GET /api/people?page=1&pageSize=50, 300 sequential requests (target p50 ≤ 10 ms);
 *   - throughput with 50 concurrent connections (autocannon, 5 s).
 * Baseline for both: a bare Fastify route on 127.0.0.1 answering the same JSON from memory.
 * Load generator and servers share this process (same conditions for route and baseline).
 */
import Fastify from 'fastify';
import autocannon from 'autocannon';
import { createDb, openPglite } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { SystemClock } from '../packages/server/src/clock.ts';
import { buildApp } from '../packages/server/src/app.ts';
import { seedDemo } from '../packages/server/src/demo/seed.ts';
import { createSession, SESSION_COOKIE } from '../packages/server/src/modules/auth/session.ts';
import { figure, ms, percentile, report, type BenchResult } from './lib.ts';

const PATH = '/api/people?page=1&pageSize=50';
const SEQUENTIAL = 300;
const WARMUP = 30;
const CONNECTIONS = 50;
const SECONDS = 5;

async function sequential(url: string, headers: Record<string, string>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await (await fetch(url, { headers })).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t = process.hrtime.bigint();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    times.push(ms(t));
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  }
  return times.sort((a, b) => a - b);
}

export async function run(): Promise<BenchResult> {
  const db = await createDb({ pglite: await openPglite() });
  await migrate(db);
  const clock = new SystemClock();
  const t = process.hrtime.bigint();
  const seeded = await seedDemo({ db, clock });
  const seedMs = ms(t);
  const deps = { db, clock, config: { ...loadConfig({}), webDist: '/nonexistent' } };
  const app = await buildApp(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const admin = await db.kysely.selectFrom('accounts').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const session = await createSession(db, clock, admin.id, '127.0.0.1', 'bench');
  const headers = { cookie: `${SESSION_COOKIE}=${session.token}` };
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  const first = await fetch(base + PATH, { headers });
  const body = await first.text();
  if (first.status !== 200) throw new Error(`GET ${PATH}: ${first.status} ${body.slice(0, 200)}`);
  const total = (JSON.parse(body) as { total: number }).total;

  const bare = Fastify({ logger: false });
  bare.get('/api/people', async (_req, reply) => reply.type('application/json').send(body));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const bareBase = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

  const real = await sequential(base + PATH, headers);
  const baseline = await sequential(bareBase + PATH, {});

  const load = async (url: string) => {
    const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
    if (r.errors || r.non2xx) throw new Error(`${url}: ${r.errors} errors, ${r.non2xx} non-2xx`);
    return r;
  };
  const realLoad = await load(base + PATH);
  const bareLoad = await load(bareBase + PATH);

  await bare.close();
  await app.close();
  await db.close();

  return report({
    bench: 'people-page',
    notes: [
      `demo province: ${seeded.people} people, ${seeded.orgs} organisations (seeded in ${Math.round(seedMs)} ms); list total ${total}; response ${(body.length / 1024).toFixed(1)} KiB`,
      `${SEQUENTIAL} sequential requests after ${WARMUP} warm-up; autocannon ${CONNECTIONS} connections × ${SECONDS} s; everything on 127.0.0.1 in one process`,
    ],
    figures: [
      figure('GET /api/people page 50: p50', percentile(real, 50), 'ms', percentile(baseline, 50), 'bare Fastify, same JSON', { max: 10 }),
      figure('GET /api/people page 50: p99', percentile(real, 99), 'ms', percentile(baseline, 99), 'bare Fastify, same JSON'),
      figure(`throughput, ${CONNECTIONS} connections`, realLoad.requests.average, 'req/s', bareLoad.requests.average, 'bare Fastify, same JSON'),
      figure(`latency under load, ${CONNECTIONS} connections: p50`, realLoad.latency.p50, 'ms', bareLoad.latency.p50, 'bare Fastify, same JSON'),
    ],
  });
}

if (import.meta.main) await run();
