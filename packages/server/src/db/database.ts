import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from './schema.ts';

/** int8 as JS number (ids, counts and sequence numbers stay far below 2^53). */
pg.types.setTypeParser(20, (v: string) => Number(v));
/** date as its 'YYYY-MM-DD' text: business dates carry no time zone. */
pg.types.setTypeParser(1082, (v: string) => v);

export interface Db {
  kysely: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** Run a script of several statements (migrations, restore). */
  execScript(script: string): Promise<void>;
  /** The PGlite instance, when embedded (for clone and dump in tests and backups). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** An existing PGlite to wrap (tests clone a migrated template). */
  pglite?: PGlite;
  poolSize?: number;
}

/**
 * PGlite has one connection. Kysely expects a pool, so this hands out that one connection to one
 * holder at a time: a transaction keeps it until it commits, and other queries wait their turn.
 */
class PgliteSinglePool {
  private queue: (() => void)[] = [];
  private busy = false;
  constructor(private readonly pglite: PGlite) {}

  async connect() {
    if (this.busy) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.busy = true;
    const pglite = this.pglite;
    return {
      query: async (text: string, params?: readonly unknown[]) => {
        const r = await pglite.query(text, params as unknown[] | undefined);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length, command: guessCommand(text) };
      },
      release: () => {
        const next = this.queue.shift();
        if (next) next();
        else this.busy = false;
      },
    };
  }
  async end() {}
}

function guessCommand(text: string): string {
  const m = /^\s*(\w+)/.exec(text);
  return (m?.[1] ?? 'SELECT').toUpperCase();
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
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      kysely,
      kind: 'postgres',
      async execScript(script) {
        await sql.raw(script).execute(kysely);
      },
      async close() {
        await kysely.destroy();
      },
    };
  }
  const pglite = opts.pglite ?? (await openPglite(opts.dataDir));
  const pool = new PgliteSinglePool(pglite);
  const kysely = new Kysely<Database>({
    // The adapter implements the part of pg.Pool that Kysely uses.
    dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }),
  });
  return {
    kysely,
    kind: 'pglite',
    pglite,
    async execScript(script) {
      // Wait for the single connection so a script never lands inside someone else's transaction.
      const conn = await pool.connect();
      try {
        await pglite.exec(script);
      } finally {
        conn.release();
      }
    },
    async close() {
      await kysely.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
