/**
 * Distribution: issuing the demo province's 2022 list (104 tasks: 40 L1, 44 L2, 20 L3) to its
 * 100 units (party groups, organ committees or top general branches, about 3,000 branches) —
 * `distributeList` in one transaction, as the onListIssued hook runs it: about 70,000 assignments
 * and their periods (planned in SQL). The demo seed distributes the list itself, so its work rows
 * are removed first. Baseline, in the same run and the same tables (same keys, indexes and
 * foreign keys): a bare `INSERT … SELECT` of exactly the rows the distribution wrote (copied
 * aside first). Targets: ≤ 3 s on PGlite, ≤ 2 s on PostgreSQL (when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL is set), within 2× the baseline.
 */
import { sql } from 'kysely';
import { createDb, openPglite, type Db } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { SystemClock } from '../packages/server/src/clock.ts';
import { seedDemo } from '../packages/server/src/demo/seed.ts';
import { distributeList } from '../packages/server/src/modules/work/distribution/distribute.ts';
import { SYSTEM_ACTOR } from '../packages/server/src/modules/audit/record.ts';
import { write } from '../packages/server/src/write.ts';
import { figure, ms, report, type BenchResult, type Figure } from './lib.ts';

const YEAR = 2022;
const RUNS = 3;

const WORK_TABLES = 'evidence, reviews, reports, measures, periods, assignments';
const ASSIGNMENT_COLUMNS = 'unit_id, id, list_id, year, task_id, part_id, level_code, org_id, owner_person_id, lead_department, withdrawn_at, version, created_at, updated_at';
const PERIOD_COLUMNS =
  'unit_id, id, assignment_id, list_id, year, task_id, part_id, level_code, org_id, seq, label, starts_on, ends_on, due_on, status, report_count, submitted_at, approved_at, late_days, withdrawn_at, version';

async function clearWork(db: Db) {
  await sql`TRUNCATE ${sql.raw(WORK_TABLES)}`.execute(db.kysely);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function measure(db: Db, label: string, target: number): Promise<{ figures: Figure[]; note: string }> {
  const clock = new SystemClock();
  clock.setTo(new Date('2022-03-18T10:00:00+08:00'));
  let t = process.hrtime.bigint();
  await seedDemo({ db, clock });
  const seedMs = ms(t);
  const k = db.kysely;
  const list = await sql<{ id: number; tasks: number }>`
    SELECT l.id, (SELECT count(*)::int FROM list_tasks t WHERE t.list_id = l.id AND t.withdrawn_at IS NULL) AS tasks
    FROM responsibility_lists l WHERE l.year = ${YEAR} AND l.status = 'issued' ORDER BY l.id LIMIT 1`.execute(k);
  const listId = list.rows[0]?.id;
  if (!listId) throw new Error(`the demo has no issued ${YEAR} list`);
  const units = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM orgs WHERE kind = 'unit'`.execute(k)).rows[0]!.n;
  const branches = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM orgs WHERE kind = 'branch' AND active`.execute(k)).rows[0]!.n;
  await sql`ANALYZE`.execute(k);

  const issue: number[] = [];
  const bare: number[] = [];
  let counts = { assignments: 0, periods: 0 };
  for (let run = 0; run < RUNS; run++) {
    await clearWork(db);
    t = process.hrtime.bigint();
    counts = await write({ db, clock }, SYSTEM_ACTOR, (w) => distributeList(w, { listId, year: YEAR }));
    issue.push(ms(t));
    // The same rows, copied aside, then written again by a bare INSERT … SELECT.
    await sql`DROP TABLE IF EXISTS bench_assignments, bench_periods`.execute(k);
    await sql`CREATE TABLE bench_assignments AS SELECT ${sql.raw(ASSIGNMENT_COLUMNS)} FROM assignments`.execute(k);
    await sql`CREATE TABLE bench_periods AS SELECT ${sql.raw(PERIOD_COLUMNS)} FROM periods`.execute(k);
    await clearWork(db);
    t = process.hrtime.bigint();
    await k.transaction().execute(async (trx) => {
      await sql`INSERT INTO assignments (${sql.raw(ASSIGNMENT_COLUMNS)}) SELECT ${sql.raw(ASSIGNMENT_COLUMNS)} FROM bench_assignments`.execute(trx);
      await sql`INSERT INTO periods (${sql.raw(PERIOD_COLUMNS)}) SELECT ${sql.raw(PERIOD_COLUMNS)} FROM bench_periods`.execute(trx);
    });
    bare.push(ms(t));
    const n = (await sql<{ a: number; p: number }>`SELECT (SELECT count(*) FROM assignments)::int AS a, (SELECT count(*) FROM periods)::int AS p`.execute(k)).rows[0]!;
    if (n.a !== counts.assignments || n.p !== counts.periods) throw new Error(`baseline wrote ${JSON.stringify(n)}, the distribution ${JSON.stringify(counts)}`);
  }
  await sql`DROP TABLE IF EXISTS bench_assignments, bench_periods`.execute(k);
  const issueMs = median(issue);
  const bareMs = median(bare);
  return {
    note: `${label}: ${units} units, ${branches} branches, the ${YEAR} list of ${list.rows[0]!.tasks} tasks → ${counts.assignments} assignments and ${counts.periods} periods (demo seeded in ${Math.round(seedMs)} ms); median of ${RUNS} runs: distribution ${issue.map(Math.round).join('/')} ms, bare ${bare.map(Math.round).join('/')} ms`,
    figures: [
      figure(`${label}: distributeList (${counts.assignments} assignments, ${counts.periods} periods)`, issueMs, 'ms', bareMs, 'bare INSERT … SELECT of the same rows', { max: target }),
      figure(`${label}: distribution / bare INSERT`, issueMs / bareMs, '×', null, '', { max: 2 }),
    ],
  };
}

export async function run(): Promise<BenchResult> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const pglite = await createDb({ pglite: await openPglite() });
  await migrate(pglite);
  const p = await measure(pglite, 'PGlite', 3000);
  await pglite.close();
  figures.push(...p.figures);
  notes.push(p.note);

  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const pg = await import('pg');
    const name = `qd_bench_distribution_${process.pid}`;
    const admin = new pg.default.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    const db = await createDb({ databaseUrl: u.toString(), poolSize: 10 });
    try {
      await migrate(db);
      const r = await measure(db, 'PostgreSQL', 2000);
      figures.push(...r.figures);
      notes.push(r.note);
    } finally {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  } else {
    notes.push('PostgreSQL not measured: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
  }
  return report({ bench: 'distribution', notes, figures });
}

if (import.meta.main) await run();
