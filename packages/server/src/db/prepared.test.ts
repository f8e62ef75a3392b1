import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './database.ts';
import { prepared, statementNameOf } from './prepared.ts';
import { createTestDb } from '../testing/test-db.ts';

describe('prepared queries', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('names a marked text by its hash, and only a marked one', () => {
    const a = prepared('x', sql`SELECT ${1}::int AS n`).compile(db.kysely);
    const b = prepared('x', sql`SELECT ${1}::int + 1 AS n`).compile(db.kysely);
    expect(statementNameOf(a.sql)).toMatch(/^qd_[0-9a-f]{20}$/);
    expect(statementNameOf(a.sql)).not.toBe(statementNameOf(b.sql));
    expect(statementNameOf('SELECT 1')).toBeNull();
    expect(() => prepared('Bad name', sql`SELECT 1`)).toThrow();
  });

  it('answers with its parameters, run after run, and leaves other queries as they were', async () => {
    const q = (n: number) => prepared('probe', sql<{ n: number; t: string }>`SELECT ${n}::int * 2 AS n, ${String(n)}::text AS t`);
    for (let i = 1; i <= 8; i++) {
      const r = await q(i).execute(db.kysely);
      expect(r.rows).toEqual([{ n: i * 2, t: String(i) }]);
    }
    const plain = await sql<{ n: number }>`SELECT ${5}::int AS n`.execute(db.kysely);
    expect(plain.rows).toEqual([{ n: 5 }]);
  });

  it('is a named statement of the connection on PostgreSQL, planned once per connection', async () => {
    if (db.kind !== 'postgres') return;
    const names = await db.kysely.connection().execute(async (c) => {
      await prepared('probe-two', sql`SELECT ${7}::int AS n`).execute(c);
      await prepared('probe-two', sql`SELECT ${8}::int AS n`).execute(c);
      await sql`SELECT 9`.execute(c);
      const r = await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements`.execute(c);
      return r.rows;
    });
    const mine = names.filter((r) => r.statement.includes('prepared:probe-two'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.name).toMatch(/^qd_/);
    expect(names.some((r) => r.statement.includes('SELECT 9'))).toBe(false);
  });
});
