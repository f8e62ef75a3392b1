/**
 * 履责明细 (GET /api/dashboard/periods) on the province of the overview bench (about 150,000
 * periods, 300,000 records), signed in as the committee's administrator (the widest scope), through
 * the real route (session, access guard, zod), page 1 and page 500 (pageSize 20) of every filter
 * the page offers. Targets: ≤ 200 ms on PGlite, ≤ 100 ms on PostgreSQL (p95 of each). Baseline,
 * in the same run on the same database: a bare indexed `SELECT … FROM periods ORDER BY unit_id, id
 * LIMIT 20` at the same offset. With BENCH_DATABASE_URL or TEST_DATABASE_URL, the same on
 * PostgreSQL (PERIODS_PG_ONLY=1 skips PGlite).
 */
import { sql } from 'kysely';
import type { Db } from '../packages/server/src/db/database.ts';
import { BENCH_YEAR, onBothDatabases, seededApp, timed } from './overview.bench.ts';
import { figure, percentile, type BenchResult, type Figure } from './lib.ts';

const RUNS = Math.max(1, Number(process.env.PERIODS_RUNS) || 20);
const PAGE_SIZE = 20;
const FAR_PAGE = 500;

async function measure(db: Db, label: string, target: number): Promise<{ figures: Figure[]; note: string }> {
  const { seeded, app, headers } = await seededApp(db);
  const unit = await sql<{ unit_id: number }>`SELECT unit_id FROM periods GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1`.execute(db.kysely);
  const part = await sql<{ part_id: number }>`SELECT part_id FROM periods GROUP BY part_id ORDER BY count(*) DESC LIMIT 1`.execute(db.kysely);

  // The page's filters: none (what needs doing first), by due date, a unit, a level, a part, a
  // status, a light, late ones, and a text search.
  const filters: [string, string][] = [
    ['default order', ''],
    ['by due date, newest first', '&order=desc'],
    ['one unit', `&unitId=${unit.rows[0]!.unit_id}`],
    ['level L3', '&levelCode=L3'],
    ['one part', `&partId=${part.rows[0]!.part_id}`],
    ['status approved', '&status=approved'],
    ['light red', '&light=red'],
    ['late only', '&late=true'],
    ['text 党课', `&q=${encodeURIComponent('党课')}`],
  ];
  const figures: Figure[] = [];
  const sizes: string[] = [];
  let worst = 0;
  for (const page of [1, FAR_PAGE]) {
    const offset = (page - 1) * PAGE_SIZE;
    const base = await timed(RUNS, () => sql`SELECT id, unit_id, status, due_on FROM periods ORDER BY unit_id, id LIMIT ${PAGE_SIZE} OFFSET ${offset}`.execute(db.kysely));
    for (const [name, f] of filters) {
      const url = `/api/dashboard/periods?year=${BENCH_YEAR}&page=${page}&pageSize=${PAGE_SIZE}${f}`;
      const first = await app.inject({ method: 'GET', url, headers });
      if (first.statusCode !== 200) throw new Error(`GET ${url}: ${first.statusCode} ${first.body.slice(0, 300)}`);
      const body = first.json() as { items: unknown[]; total: number };
      if (page === 1) sizes.push(`${name}: ${body.total} rows`);
      const times = await timed(RUNS, async () => {
        const r = await app.inject({ method: 'GET', url, headers });
        if (r.statusCode !== 200) throw new Error(`${r.statusCode}`);
      });
      worst = Math.max(worst, percentile(times, 95));
      console.error(`  ${label} page ${page}, ${name}: p95 ${percentile(times, 95).toFixed(1)} ms (bare ${percentile(base, 95).toFixed(1)} ms)`);
      figures.push(figure(`${label}: periods, ${name}, page ${page} p95`, percentile(times, 95), 'ms', percentile(base, 95), `bare indexed SELECT … LIMIT ${PAGE_SIZE} OFFSET ${offset}`, { max: target }));
    }
  }
  await app.close();
  return {
    note: `${label}: ${seeded.periods} periods, ${seeded.reports} records (seeded in ${Math.round(seeded.seedMs)} ms); committee-wide scope; ${RUNS} runs after warm-up; slowest p95 ${worst.toFixed(1)} ms. Totals on page 1 — ${sizes.join('; ')}`,
    figures,
  };
}

export const run = (): Promise<BenchResult> => onBothDatabases('periods', 'PERIODS_PG_ONLY', measure, { pglite: 200, postgres: 100 });

if (import.meta.main) await run();
