/**
 * The committee's overview over a province-sized year: the demo province (100 units, about 3,000
 * branches) with its 2022 list distributed (distributeList), topped up with periods to about
 * 150,000 and about 300,000 records (set-based SQL), a mix of approved, submitted, returned and
 * open periods, some marked late. Timed: GET /api/dashboard/overview through the whole app
 * (app.inject: session, access guard, zod) against the raw aggregate SQL alone (the baseline).
 * Targets: ≤ 300 ms on PGlite; ≤ 100 ms on PostgreSQL (when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL is set, the same run on PostgreSQL too; OVERVIEW_PG_ONLY=1 skips PGlite).
 */
import { sql } from 'kysely';
import { createDb, openPglite, type Db } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { SystemClock } from '../packages/server/src/clock.ts';
import { buildApp } from '../packages/server/src/app.ts';
import { seedDemo } from '../packages/server/src/demo/seed.ts';
import { createSession, SESSION_COOKIE } from '../packages/server/src/modules/auth/session.ts';
import { distributeList } from '../packages/server/src/modules/work/distribution/distribute.ts';
import { SYSTEM_ACTOR } from '../packages/server/src/modules/audit/record.ts';
import { write } from '../packages/server/src/write.ts';
import { overviewAggregateSql } from '../packages/server/src/modules/dashboard/overview.ts';
import { viewContext } from '../packages/server/src/modules/work/timing.ts';
import { figure, ms, percentile, report, type BenchResult, type Figure } from './lib.ts';

export const BENCH_YEAR = 2022;
/** Mid-year: half of the year's periods are due. */
export const BENCH_NOW = new Date('2022-07-15T12:00:00+08:00');
const TARGET_PERIODS = 150_000;
const RUNS = 30;
const WARMUP = 5;

export interface WorkSeed {
  periods: number;
  reports: number;
  seedMs: number;
}

/**
 * The demo province with the year's issued list distributed, more periods where the list gives
 * fewer than `targetPeriods` (extra monthly tasks for the branches), statuses, late marks and
 * `recordsPerDuePeriod` records on every period due so far.
 */
export async function seedWork(db: Db, clock: SystemClock, targetPeriods = TARGET_PERIODS): Promise<WorkSeed> {
  const t = process.hrtime.bigint();
  const step = (what: string) => console.error(`  seed: ${what} after ${Math.round(ms(t))} ms`);
  const k = db.kysely;
  await seedDemo({ db, clock });
  step('demo province');
  const list = await sql<{ id: number }>`SELECT id FROM responsibility_lists WHERE year = ${BENCH_YEAR} AND status = 'issued' ORDER BY id LIMIT 1`.execute(k);
  const listId = list.rows[0]?.id;
  if (!listId) throw new Error(`the demo has no issued ${BENCH_YEAR} list`);
  await write({ db, clock }, SYSTEM_ACTOR, (w) => distributeList(w, { listId, year: BENCH_YEAR }));
  let periods = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM periods`.execute(k)).rows[0]!.n;
  step(`list distributed (${periods} periods)`);
  // Top up: monthly L3 tasks in the list's parts (12 periods per branch each) until the target.
  const branches = (await sql<{ n: number }>`SELECT count(DISTINCT org_id)::int AS n FROM assignments WHERE level_code = 'L3'`.execute(k)).rows[0]!.n;
  const extra = Math.max(0, Math.round((targetPeriods - periods) / (12 * Math.max(branches, 1))));
  if (extra > 0) {
    await sql`
      INSERT INTO list_tasks (list_id, part_id, level_code, seq, code, content, frequency, due_rule)
      SELECT ${listId}, lp.id, 'L3', 900 + g, 'B' || lp.seq || '-' || g, '基准测试任务' || g, 'monthly', '{"kind":"afterPeriodEnd","days":5}'::jsonb
      FROM generate_series(1, ${extra}) g
      JOIN LATERAL (SELECT id, seq FROM list_parts WHERE list_id = ${listId} ORDER BY seq LIMIT 1 OFFSET (g - 1) % 6) lp ON true`.execute(k);
    await write({ db, clock }, SYSTEM_ACTOR, (w) => distributeList(w, { listId, year: BENCH_YEAR }));
    periods = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM periods`.execute(k)).rows[0]!.n;
    step(`${extra} monthly tasks added (${periods} periods)`);
  }
  // States: of the periods due so far, 60 % approved, 15 % submitted, 5 % returned, the rest open;
  // a tenth of the completed ones late by 1–20 days. Two records on every completed or returned one.
  const today = '2022-07-15';
  await sql`
    UPDATE periods SET
      status = CASE WHEN id % 20 < 12 THEN 'approved' WHEN id % 20 < 15 THEN 'submitted' WHEN id % 20 < 16 THEN 'returned' ELSE 'pending' END,
      late_days = CASE WHEN id % 20 < 16 AND id % 10 = 3 THEN 1 + id % 20 ELSE 0 END,
      submitted_at = CASE WHEN id % 20 < 16 THEN ${clock.now()}::timestamptz END,
      approved_at = CASE WHEN id % 20 < 12 THEN ${clock.now()}::timestamptz END
    WHERE due_on < ${today}::date`.execute(k);
  step('statuses');
  await sql`
    INSERT INTO reports (unit_id, period_id, org_id, happened_on, content, author_name, created_at, updated_at)
    SELECT p.unit_id, p.id, p.org_id, p.starts_on + g, '开展' || p.label || '工作，形成记录' || g, '基准', ${clock.now()}, ${clock.now()}
    FROM periods p, generate_series(0, 1) g
    WHERE p.status <> 'pending'`.execute(k);
  // More records on open periods up to about two per period overall.
  const have = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports`.execute(k)).rows[0]!.n;
  const want = 2 * periods - have;
  if (want > 0) {
    await sql`
      INSERT INTO reports (unit_id, period_id, org_id, happened_on, content, author_name, created_at, updated_at)
      SELECT p.unit_id, p.id, p.org_id, p.starts_on, '草稿记录', '基准', ${clock.now()}, ${clock.now()}
      FROM periods p WHERE p.status = 'pending' ORDER BY p.id LIMIT ${want}`.execute(k);
  }
  await sql`UPDATE periods p SET report_count = r.n FROM (SELECT unit_id, period_id, count(*)::int AS n FROM reports GROUP BY 1, 2) r
            WHERE r.unit_id = p.unit_id AND r.period_id = p.id`.execute(k);
  step('records');
  // The tables as the running server keeps them: vacuumed and analysed (autovacuum on PostgreSQL,
  // the sweep's upkeep on PGlite — notifications/scheduler.ts maintainTables), not straight after a
  // bulk rewrite of every period.
  await sql`VACUUM (ANALYZE)`.execute(k);
  const reports = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports`.execute(k)).rows[0]!.n;
  return { periods, reports, seedMs: ms(t) };
}

/** A fresh, migrated PostgreSQL database for `fn`, dropped afterwards. */
export async function withPostgres<T>(url: string, prefix: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const pg = await import('pg');
  const name = `${prefix}_${process.pid}`;
  const admin = new pg.default.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await createDb({ databaseUrl: u.toString(), poolSize: 10 });
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(ms(t));
  }
  return times.sort((a, b) => a - b);
}

/** The seeded province behind the real app, and the committee administrator's session cookie. */
export async function seededApp(db: Db) {
  const clock = new SystemClock();
  clock.setTo(BENCH_NOW);
  const seeded = await seedWork(db, clock);
  const deps = { db, clock, config: { ...loadConfig({}), webDist: '/nonexistent' } };
  const app = await buildApp(deps);
  await app.ready();
  const admin = await db.kysely.selectFrom('accounts').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const session = await createSession(db, clock, admin.id, '127.0.0.1', 'bench');
  return { seeded, deps, app, headers: { cookie: `${SESSION_COOKIE}=${session.token}` } };
}

async function measure(db: Db, label: string, target: number): Promise<{ figures: Figure[]; note: string }> {
  const { seeded, deps, app, headers } = await seededApp(db);
  const url = `/api/dashboard/overview?year=${BENCH_YEAR}`;
  const first = await app.inject({ method: 'GET', url, headers });
  if (first.statusCode !== 200) throw new Error(`GET ${url}: ${first.statusCode} ${first.body.slice(0, 300)}`);
  const body = first.json() as { province: { total: number; approved: number }; units: unknown[] };
  if (body.province.total !== seeded.periods) throw new Error(`overview counts ${body.province.total} periods, the table has ${seeded.periods}`);

  const route = await timed(RUNS, async () => {
    const r = await app.inject({ method: 'GET', url, headers });
    if (r.statusCode !== 200) throw new Error(`${r.statusCode}`);
  });
  const ctx = await viewContext(deps, BENCH_YEAR);
  const raw = await timed(RUNS, () => overviewAggregateSql(ctx, 'all', {}).execute(db.kysely));
  const filtered = await timed(RUNS, async () => {
    const r = await app.inject({ method: 'GET', url: `${url}&levelCode=L3&departmentId=2`, headers });
    if (r.statusCode !== 200) throw new Error(`${r.statusCode}`);
  });
  await app.close();
  return {
    note: `${label}: ${seeded.periods} periods, ${seeded.reports} records, ${body.units.length} units (seeded in ${Math.round(seeded.seedMs)} ms); reply ${(first.body.length / 1024).toFixed(0)} KiB; ${RUNS} runs after ${WARMUP} warm-up`,
    figures: [
      figure(`${label}: GET /api/dashboard/overview p50`, percentile(route, 50), 'ms', percentile(raw, 50), 'the aggregate SQL alone', { max: target }),
      figure(`${label}: GET /api/dashboard/overview p95`, percentile(route, 95), 'ms', percentile(raw, 95), 'the aggregate SQL alone', { max: target }),
      figure(`${label}: overview, level L3 and a department`, percentile(filtered, 50), 'ms', percentile(raw, 50), 'the aggregate SQL alone (unfiltered)', { max: target }),
    ],
  };
}

/**
 * A measure on an in-memory PGlite (unless `pgOnlyEnv` is set), then on a fresh PostgreSQL database
 * when BENCH_DATABASE_URL or TEST_DATABASE_URL names a server, as one report.
 */
export async function onBothDatabases(
  bench: string,
  pgOnlyEnv: string,
  measureOn: (db: Db, label: string, target: number) => Promise<{ figures: Figure[]; note: string }>,
  targets: { pglite: number; postgres: number },
): Promise<BenchResult> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  if (!process.env[pgOnlyEnv]) {
    const pglite = await createDb({ pglite: await openPglite() });
    await migrate(pglite);
    const p = await measureOn(pglite, 'PGlite', targets.pglite);
    await pglite.close();
    figures.push(...p.figures);
    notes.push(p.note);
  }
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const r = await withPostgres(pgUrl, `qd_bench_${bench}`, (db) => measureOn(db, 'PostgreSQL', targets.postgres));
    figures.push(...r.figures);
    notes.push(r.note);
  } else {
    notes.push('PostgreSQL not measured: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
  }
  return report({ bench, notes, figures });
}

export const run = (): Promise<BenchResult> => onBothDatabases('overview', 'OVERVIEW_PG_ONLY', measure, { pglite: 300, postgres: 100 });

if (import.meta.main) await run();
