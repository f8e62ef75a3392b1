import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from './schema.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { PglitePriorityPool, withDbPriority } from './pglite-pool.ts';
import { PgliteThread } from './pglite-thread.ts';
import { preparingPool } from './prepared.ts';

/** int8 as JS number (ids, counts and sequence numbers stay far below 2^53). */
pg.types.setTypeParser(20, (v: string) => Number(v));
/** date as its 'YYYY-MM-DD' text: business dates carry no time zone. */
pg.types.setTypeParser(1082, (v: string) => v);

export interface Db {
  kysely: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** Run a script of several statements (migrations, restore). */
  execScript(script: string): Promise<void>;
  /** The PGlite instance, when embedded in this thread (tests and benches pass their own). */
  pglite?: PGlite;
  /**
   * A cheap `SELECT 1` at the highest priority, bounded by timeoutMs: never waits longer, whatever
   * the load (the check itself stays queued and still counts when it answers later).
   */
  check(timeoutMs?: number): Promise<DbCheck>;
  close(): Promise<void>;
}

export interface DbCheck {
  /** answered: this check answered in time; busy: it did not within timeoutMs; failed: the database threw. */
  state: 'answered' | 'busy' | 'failed';
  /** This check's time, when it answered. */
  latencyMs: number | null;
  /** Time since the database last answered a check (0 when this one did); null when it never did. */
  lastOkAgeMs: number | null;
  error?: string;
}

/** The default bound of a health check: a load balancer's probe must have its answer within a second. */
export const CHECK_TIMEOUT_MS = 500;

function makeCheck(kysely: Kysely<Database>): (timeoutMs?: number) => Promise<DbCheck> {
  let lastOkAt: number | null = null;
  let inFlight: Promise<{ ok: true; latencyMs: number } | { ok: false; error: string }> | null = null;
  const age = () => (lastOkAt === null ? null : Math.round(performance.now() - lastOkAt));
  return async (timeoutMs = CHECK_TIMEOUT_MS) => {
    // One check at a time: probes that come while one waits share it rather than pile up.
    inFlight ??= (async () => {
      const t = performance.now();
      try {
        await withDbPriority('urgent', () => sql`SELECT 1`.execute(kysely));
        lastOkAt = performance.now();
        return { ok: true as const, latencyMs: Math.round((lastOkAt - t) * 10) / 10 };
      } catch (e) {
        return { ok: false as const, error: (e as Error).message };
      } finally {
        inFlight = null;
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const r = await Promise.race([inFlight, timeout]);
    clearTimeout(timer);
    if (r === null) return { state: 'busy', latencyMs: null, lastOkAgeMs: age() };
    if (!r.ok) return { state: 'failed', latencyMs: null, lastOkAgeMs: age(), error: r.error };
    return { state: 'answered', latencyMs: r.latencyMs, lastOkAgeMs: 0 };
  };
}

export interface DbOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /**
   * An existing PGlite to wrap in this thread (tests clone a migrated template). Without one the
   * database opens on its own thread (pglite-thread.ts), so its queries never stop the server's.
   */
  pglite?: PGlite;
  poolSize?: number;
}

export async function openPglite(dataDir?: string): Promise<PGlite> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  return PGlite.create(dataDir ? path.resolve(dataDir) : undefined, {
    parsers: { 20: (v: string) => Number(v), 1082: (v: string) => v },
  });
}

export async function createDb(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 20 });
    // An idle connection the server ends (restart, failover) must not crash the process; the pool
    // drops it and opens a new one on the next query.
    pool.on('error', (err) => console.warn(`[qingdan] idle database connection lost: ${err.message}`));
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    return {
      kysely,
      kind: 'postgres',
      async execScript(script) {
        await sql.raw(script).execute(kysely);
      },
      check: makeCheck(kysely),
      async close() {
        await kysely.destroy();
      },
    };
  }
  // One process per data directory (db/data-dir-lock.ts): refused while another holds it.
  const lock = !opts.pglite && opts.dataDir ? lockDataDir(opts.dataDir) : null;
  let pglite: PGlite | PgliteThread;
  try {
    if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
    pglite = opts.pglite ?? (await PgliteThread.open(opts.dataDir ? path.resolve(opts.dataDir) : undefined));
  } catch (e) {
    lock?.release();
    throw e;
  }
  // The one connection, handed out by priority and per-request fairness (db/pglite-pool.ts).
  const pool = new PglitePriorityPool(pglite);
  const kysely = new Kysely<Database>({
    // The adapter implements the part of pg.Pool that Kysely uses.
    dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }),
  });
  return {
    kysely,
    kind: 'pglite',
    ...(pglite instanceof PgliteThread ? {} : { pglite }),
    async execScript(script) {
      // Wait for the single connection so a script never lands inside someone else's transaction.
      const release = await pool.acquire();
      try {
        await pglite.exec(script);
      } finally {
        release();
      }
    },
    check: makeCheck(kysely),
    async close() {
      try {
        await kysely.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}
