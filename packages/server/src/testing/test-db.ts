/**
 * Databases for integration tests. PGlite: the schema is migrated once per worker process into a
 * template, and each test file gets a clone. PostgreSQL (QD_TEST_DB=postgres, TEST_DATABASE_URL):
 * each test file gets a fresh database created from a migrated template database.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { createDb, openPglite, type Db } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { MIGRATIONS } from '../db/migrations/index.ts';

let template: Promise<PGlite> | undefined;

export function testDbKind(): 'pglite' | 'postgres' {
  return process.env.QD_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

async function pgliteTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const p = await openPglite();
    const db = await createDb({ pglite: p });
    await migrate(db);
    return p;
  })();
  return template;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const schemaTag = crypto.createHash('sha1').update(MIGRATIONS.map((m) => m.id + m.up).join('\n')).digest('hex').slice(0, 10);

async function ensurePgTemplate(client: pg.Client): Promise<string> {
  const name = `qd_tpl_${schemaTag}`;
  await client.query('SELECT pg_advisory_lock(704213)');
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${name}`);
      const db = await createDb({ databaseUrl: withDatabase(adminUrl(), name), poolSize: 1 });
      await migrate(db);
      await db.close();
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(704213)');
  }
  return name;
}

/** A fresh, migrated, empty database. Close it with `db.close()` (PostgreSQL: also dropped). */
export async function createTestDb(): Promise<Db> {
  if (testDbKind() === 'pglite') {
    const clone = (await (await pgliteTemplate()).clone()) as PGlite;
    return createDb({ pglite: clone });
  }
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  const tpl = await ensurePgTemplate(client);
  const name = `qd_t_${crypto.randomBytes(6).toString('hex')}`;
  // CREATE DATABASE … TEMPLATE needs the template to have no other connections; retry briefly.
  for (let i = 0; ; i++) {
    try {
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
      break;
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await client.end();
  const db = await createDb({ databaseUrl: withDatabase(adminUrl(), name), poolSize: 10 });
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    const c = new pg.Client({ connectionString: adminUrl() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
  return db;
}
