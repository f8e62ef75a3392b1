/**
 * How far the demo seed got, and how an interrupted one is undone.
 *
 * The seed writes the `settings` row `demo.seed` = 'started' in a transaction of its own, on an
 * empty database only, before it starts; everything else is one transaction whose last write
 * turns the row into 'complete'. A database whose row still says 'started' is an interrupted
 * demo: the seed's transaction was rolled back (a kill, a crash, an error) or, should a part of it
 * ever have been committed, only part of the demo is there. Either way the next start removes
 * what is there — every table but the schema's own bookkeeping and the migrations' reference data,
 * in one TRUNCATE … RESTART IDENTITY, so that the identity sequences a rolled-back seed moved on
 * start again at 1 — and seeds again: the same ids and links (/lists/1, the accounts' ids) as a
 * clean first start. A database without the row is never wiped, whatever it holds.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { MIGRATION_DATA_TABLES } from '../modules/system/backup.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The settings key of the seed's progress. */
export const DEMO_SEED_SETTING = 'demo.seed';
/** 'none': no demo seed was ever started here. */
export type DemoSeedState = 'none' | 'started' | 'complete';

/** Audit entries the seed itself writes (by the system): any other entry is someone's work. */
export const DEMO_SEED_AUDIT_ACTIONS: readonly string[] = ['demo.seed', 'work.distribute'];

/** Tables a reseed keeps: the migrations' bookkeeping and their reference data. */
const KEPT_TABLES: readonly string[] = ['schema_migrations', ...MIGRATION_DATA_TABLES];

/** Serialises demo seeds (two servers starting on one PostgreSQL). */
export async function lockDemoSeed(trx: Transaction<Database>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(704214)`.execute(trx);
}

export async function demoSeedState(q: Q): Promise<DemoSeedState> {
  const rows = await q.selectFrom('settings').select(['key', 'value']).where('key', 'in', [DEMO_SEED_SETTING, 'demo']).execute();
  const marker = rows.find((r) => r.key === DEMO_SEED_SETTING)?.value;
  if (marker === 'started' || marker === 'complete') return marker;
  // A demo seeded before the marker existed: that seed was one transaction, ending with 'demo'.
  return rows.some((r) => r.key === 'demo' && r.value === true) ? 'complete' : 'none';
}

export async function markDemoSeed(trx: Transaction<Database>, state: 'started' | 'complete'): Promise<void> {
  const value = JSON.stringify(state);
  await trx
    .insertInto('settings')
    .values({ key: DEMO_SEED_SETTING, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Organisations or accounts exist: the seed will not write into such a database. */
export async function hasOrgsOrAccounts(q: Q): Promise<boolean> {
  const r = await sql<{ any: boolean }>`SELECT (EXISTS (SELECT 1 FROM orgs) OR EXISTS (SELECT 1 FROM accounts)) AS any`.execute(q);
  return r.rows[0]?.any === true;
}

/**
 * Someone has used this database: a session, or an audit entry that the seed does not write (a
 * sign-in, an administrator created on the setup page or by the command line, an import). Such a
 * database is not wiped even when its marker says 'started'.
 */
export async function hasOthersWork(q: Q): Promise<boolean> {
  const r = await sql<{ used: boolean }>`
    SELECT (EXISTS (SELECT 1 FROM sessions)
         OR EXISTS (SELECT 1 FROM audit_log
                    WHERE actor_id IS NOT NULL OR actor_name <> 'system' OR action <> ALL(${[...DEMO_SEED_AUDIT_ACTIONS]}::text[]))) AS used`.execute(q);
  return r.rows[0]?.used === true;
}

/**
 * Empty every table of an interrupted demo (the marker included) and restart its identity
 * sequences, in one statement. Refuses unless the marker says 'started' and nobody else has used
 * the database; runs inside the caller's transaction (the reseed's, so that a failed reseed leaves
 * the interrupted demo and its marker as they were).
 */
export async function wipeInterruptedDemo(trx: Transaction<Database>): Promise<void> {
  if ((await demoSeedState(trx)) !== 'started' || (await hasOthersWork(trx))) {
    throw new Error('数据库不是未完成的演示数据，不能清除。The database is not an interrupted demo seed; it is not wiped.');
  }
  const r = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables
    WHERE schemaname = current_schema() AND tablename <> ALL(${[...KEPT_TABLES]}::text[]) ORDER BY tablename`.execute(trx);
  // No CASCADE: a kept table referring to a wiped one stops the wipe instead of being emptied too.
  await sql`TRUNCATE ${sql.join(r.rows.map((t) => sql.table(t.name)))} RESTART IDENTITY`.execute(trx);
}
