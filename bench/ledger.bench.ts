/**
 * 电子台账 of a large unit: a party group, an organ committee and 40 branches with a 104-task
 * list (40 + 44 + 20 tasks, monthly to yearly) distributed over the year, every period submitted
 * and approved with two records, one evidence file per record and its review history. Timed:
 * GET /api/work/units/:unitId/ledger.xlsx over HTTP, read to the end, against the baseline of the
 * ledger's own queries alone (the same rows, no workbook). Memory: the process's peak RSS and its
 * growth during the export, sampled every 10 ms. Targets: ≤ 10 s, ≤ 300 MB of growth (the embedded
 * PGlite alone holds several hundred MB before the export starts; with PostgreSQL that is not in
 * this process).
 */
import { sql } from 'kysely';
import { createDb, openPglite } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { SystemClock } from '../packages/server/src/clock.ts';
import { buildApp } from '../packages/server/src/app.ts';
import { createAdmin } from '../packages/server/src/modules/auth/setup.ts';
import { SYSTEM_ACTOR } from '../packages/server/src/modules/audit/record.ts';
import { createSession, SESSION_COOKIE } from '../packages/server/src/modules/auth/session.ts';
import { distributeList } from '../packages/server/src/modules/work/distribution/distribute.ts';
import { write } from '../packages/server/src/write.ts';
import { viewContext } from '../packages/server/src/modules/work/timing.ts';
import { assignmentRows, evidenceRows, ledgerOrgs, recordRows, reviewRows } from '../packages/server/src/modules/work/ledger/ledger-rows.ts';
import { figure, ms, report, type BenchResult } from './lib.ts';

const YEAR = 2022;
const BRANCHES = 40;
const MB = 1024 * 1024;

/** Frequencies of a level's tasks, in turn. */
const MIX: Record<string, string[]> = {
  L1: ['yearly', 'quarterly', 'yearly', 'halfYearly', 'yearly'],
  L2: ['monthly', 'quarterly', 'yearly', 'halfYearly', 'yearly'],
  L3: ['monthly', 'quarterly', 'monthly', 'halfYearly', 'yearly'],
};

export async function run(): Promise<BenchResult> {
  const db = await createDb({ pglite: await openPglite() });
  await migrate(db);
  const clock = new SystemClock();
  clock.setTo(new Date('2023-01-15T12:00:00+08:00'));
  const k = db.kysely;
  const t0 = process.hrtime.bigint();
  await createAdmin({ db, clock, config: loadConfig({}) }, SYSTEM_ACTOR, { username: 'admin', password: 'Bench@2026pw', name: '管理员', onlyIfFirst: false });
  const root = await k.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const now = clock.now();
  const org = async (parent: { id: number; path: string; unit: number | null }, kind: string, level: string | null, name: string, code: string, order = 0) => {
    const r = await k
      .insertInto('orgs')
      .values({ parent_id: parent.id, unit_id: parent.unit, kind, level_code: level, name, short_name: name, code, sort_order: order, path: '/', depth: parent.path.split('/').length - 1, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `${parent.path}${r.id}/`;
    const unit = kind === 'unit' ? r.id : parent.unit;
    await k.updateTable('orgs').set({ path, unit_id: unit }).where('id', '=', r.id).execute();
    return { id: r.id, path, unit };
  };
  const dept = await org({ ...root, unit: null }, 'department', null, '组织部', 'D01');
  const unit = await org({ ...root, unit: null }, 'unit', null, '省发展和改革委员会', 'U01');
  await org(unit, 'partyGroup', 'L1', '中共省发展和改革委员会党组', 'U01-PG');
  const oc = await org(unit, 'organCommittee', 'L2', '省发展和改革委员会机关党委', 'U01-OC');
  for (let b = 1; b <= BRANCHES; b++) await org(oc, 'branch', 'L3', `第${b}党支部`, `U01-B${b}`, b);

  const list = await sql<{ id: number }>`
    INSERT INTO responsibility_lists (year, title, status, owner_org_id) VALUES (${YEAR}, '2022年党建工作责任清单', 'issued', ${dept.id}) RETURNING id`.execute(k);
  const listId = list.rows[0]!.id;
  const partIds: number[] = [];
  for (let p = 1; p <= 6; p++) {
    const r = await sql<{ id: number }>`INSERT INTO list_parts (list_id, seq, title) VALUES (${listId}, ${p}, ${`第${p}部分`}) RETURNING id`.execute(k);
    partIds.push(r.rows[0]!.id);
  }
  for (const [level, n] of [['L1', 40], ['L2', 44], ['L3', 20]] as const) {
    for (let i = 0; i < n; i++) {
      const frequency = MIX[level]![i % 5]!;
      await sql`INSERT INTO list_tasks (list_id, part_id, level_code, seq, code, content, frequency, due_rule)
        VALUES (${listId}, ${partIds[i % 6]!}, ${level}, ${i + 1}, ${`${level}-${i + 1}`}, ${`${level}第${i + 1}项任务：认真落实党建工作责任，按要求开展相关工作并形成记录`}, ${frequency},
                '{"kind":"afterPeriodEnd","days":10}'::jsonb)`.execute(k);
    }
  }
  await write({ db, clock: { now: () => now } }, SYSTEM_ACTOR, (w) => distributeList(w, { listId, year: YEAR }));
  const file = await sql<{ id: number }>`
    INSERT INTO files (sha256, size, mime, original_name, created_at) VALUES (${'a'.repeat(64)}, 204800, 'application/pdf', '纪要.pdf', ${now}) RETURNING id`.execute(k);
  await sql`UPDATE periods SET status = 'approved', report_count = 2, submitted_at = ${now}, approved_at = ${now},
    late_days = CASE WHEN id % 7 = 0 THEN 3 ELSE 0 END`.execute(k);
  await sql`INSERT INTO reports (unit_id, period_id, org_id, happened_on, content, author_name, created_at, updated_at)
    SELECT p.unit_id, p.id, p.org_id, p.starts_on + g, '按照要求召开会议，传达学习上级精神，研究部署本期工作，形成会议记录并上传佐证材料。第' || g || '次', '张三', ${now}, ${now}
    FROM periods p, generate_series(0, 1) g`.execute(k);
  await sql`INSERT INTO evidence (unit_id, report_id, file_id, name, mime, size, created_at)
    SELECT r.unit_id, r.id, ${file.rows[0]!.id}, '会议纪要' || r.id || '.pdf', 'application/pdf', 204800, ${now} FROM reports r`.execute(k);
  await sql`INSERT INTO reviews (unit_id, period_id, action, reason, actor_name, actor_org_id, at)
    SELECT p.unit_id, p.id, a.action, a.reason, a.actor, ${oc.id}, ${now}
    FROM periods p, (VALUES ('submitted', '', '张三'), ('approved', '材料齐全，同意', '李四')) a(action, reason, actor)`.execute(k);
  await sql`ANALYZE`.execute(k);
  const seedMs = ms(t0);
  const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(k)).rows[0]!.n;
  const counts = { assignments: await count('assignments'), periods: await count('periods'), reports: await count('reports'), evidence: await count('evidence'), reviews: await count('reviews') };

  const deps = { db, clock, config: { ...loadConfig({}), webDist: '/nonexistent' } };
  const app = await buildApp(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const admin = await k.selectFrom('accounts').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const session = await createSession(db, clock, admin.id, '127.0.0.1', 'bench');
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/work/units/${unit.id}/ledger.xlsx?year=${YEAR}`;

  // Baseline: the ledger's queries alone, organisation by organisation.
  const ctx = await viewContext(deps, YEAR);
  const tb = process.hrtime.bigint();
  let baselineRows = 0;
  for (const o of await ledgerOrgs(deps, unit.id, YEAR)) {
    baselineRows += (await assignmentRows(deps, unit.id, o.id, YEAR)).length;
    baselineRows += (await recordRows(deps, ctx, unit.id, o.id)).length;
    baselineRows += (await reviewRows(deps, unit.id, o.id, YEAR)).length;
    baselineRows += (await evidenceRows(deps, unit.id, o.id, YEAR)).length;
  }
  const baselineMs = ms(tb);

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  let peakRss = rssBefore;
  let peakHeap = heapBefore;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const te = process.hrtime.bigint();
  const res = await fetch(url, { headers: { cookie: `${SESSION_COOKIE}=${session.token}` } });
  if (res.status !== 200 || !res.body) throw new Error(`ledger: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let firstByteMs = 0;
  for await (const chunk of res.body) {
    if (bytes === 0) firstByteMs = ms(te);
    bytes += (chunk as Uint8Array).length;
  }
  const exportMs = ms(te);
  clearInterval(sampler);
  await app.close();
  await db.close();

  return report({
    bench: 'ledger',
    notes: [
      `one unit: a party group, an organ committee and ${BRANCHES} branches; ${counts.assignments} assignments, ${counts.periods} periods, ${counts.reports} records, ${counts.evidence} evidence rows, ${counts.reviews} reviews (seeded in ${Math.round(seedMs)} ms)`,
      `workbook ${(bytes / MB).toFixed(1)} MiB; first byte after ${Math.round(firstByteMs)} ms; baseline read ${baselineRows} rows`,
      `memory: RSS ${Math.round(rssBefore / MB)} MiB before the export (PGlite and the app), heap growth at peak ${Math.round((peakHeap - heapBefore) / MB)} MiB`,
    ],
    figures: [
      figure('ledger.xlsx of a 40-branch unit: time', exportMs, 'ms', baselineMs, 'the ledger queries alone', { max: 10_000 }),
      // The 300 MB budget is the export's: PGlite's own memory (the RSS before) is the database's.
      figure('ledger.xlsx: RSS growth during the export', (peakRss - rssBefore) / MB, 'MB', null, '', { max: 300 }),
      figure('ledger.xlsx: peak RSS of the process', peakRss / MB, 'MB', rssBefore / MB, 'RSS before the export (PGlite and the app)'),
    ],
  });
}

if (import.meta.main) await run();
