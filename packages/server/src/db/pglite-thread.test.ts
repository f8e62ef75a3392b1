import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, openPglite, type Db } from './database.ts';
import { PgliteThread } from './pglite-thread.ts';

/** A query that keeps PGlite busy for a while (a few hundred milliseconds on a usual machine). */
const HEAVY = 'SELECT count(*)::int AS n FROM generate_series(1, 4000000) g WHERE g % 7 = 3';

/** Whether a 1 ms timer set just after the heavy query started fires before that query answers. */
async function timerBeatsQuery(run: () => Promise<unknown>): Promise<boolean> {
  const order: string[] = [];
  const q = run().then(() => order.push('query'));
  await new Promise<void>((r) => setTimeout(() => {
    order.push('timer');
    r();
  }, 1));
  await q;
  return order[0] === 'timer';
}

describe('PGlite on its own thread', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-thread-'));
    db = await createDb({ dataDir: path.join(dir, 'db') });
    await db.execScript(`
      CREATE TABLE t (id bigserial PRIMARY KEY, name text UNIQUE NOT NULL, day date, at timestamptz, data bytea, doc jsonb);
    `);
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is what a data directory opens, and keeps the types of the in-process database', async () => {
    expect(db.kind).toBe('pglite');
    expect(db.pglite).toBeUndefined(); // not in this thread
    const at = new Date('2022-10-31T02:03:04.000Z');
    await sql`INSERT INTO t (name, day, at, data, doc) VALUES ('甲', '2022-10-31', ${at}, ${new Uint8Array([1, 2, 255])}, ${JSON.stringify({ a: [1, '二'] })})`.execute(db.kysely);
    const { rows } = await sql<{ id: number; name: string; day: string; at: Date; data: Uint8Array; doc: unknown }>`SELECT * FROM t`.execute(db.kysely);
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r.id).toBe(1); // int8 as number
    expect(r.day).toBe('2022-10-31'); // date as its text
    expect(r.at).toBeInstanceOf(Date);
    expect(r.at.toISOString()).toBe(at.toISOString());
    expect([...r.data]).toEqual([1, 2, 255]);
    expect(r.doc).toEqual({ a: [1, '二'] });
    const upd = await db.kysely.updateTable('t' as never).set({ name: '乙' } as never).executeTakeFirst();
    expect(Number(upd.numUpdatedRows)).toBe(1);
  });

  it("passes PostgreSQL's error fields through, so a duplicate is still told by its code and constraint", async () => {
    const err = await sql`INSERT INTO t (name) VALUES ('乙')`.execute(db.kysely).then(() => null, (e: unknown) => e as Record<string, unknown>);
    expect(err).toBeInstanceOf(Error);
    expect(err!.code).toBe('23505');
    expect(err!.constraint).toBe('t_name_key');
    // The connection is fine afterwards, and a failed transaction rolls back whole.
    await expect(db.kysely.transaction().execute(async (trx) => {
      await sql`INSERT INTO t (name) VALUES ('丙')`.execute(trx);
      await sql`INSERT INTO t (name) VALUES ('乙')`.execute(trx);
    })).rejects.toMatchObject({ code: '23505' });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM t`.execute(db.kysely);
    expect(rows[0]!.n).toBe(1);
  });

  it('leaves the server thread free while a heavy query runs (in this thread it would not be)', async () => {
    expect(await timerBeatsQuery(() => sql.raw(HEAVY).execute(db.kysely))).toBe(true);
    // The same query on a PGlite in this thread holds everything up until it ends: the timer comes after.
    const local = await openPglite();
    try {
      expect(await timerBeatsQuery(() => local.query(HEAVY))).toBe(false);
    } finally {
      await local.close();
    }
  });

  it('keeps its data across a close and a new open, and refuses work once closed', async () => {
    const thread = await PgliteThread.open(path.join(dir, 'second'));
    await thread.exec(`CREATE TABLE k (v text); INSERT INTO k VALUES ('留');`);
    await thread.close();
    await expect(thread.query('SELECT 1')).rejects.toThrow();
    const again = await PgliteThread.open(path.join(dir, 'second'));
    expect((await again.query('SELECT v FROM k')).rows).toEqual([{ v: '留' }]);
    await again.close();
  });

  it('says why when the database cannot open', async () => {
    const file = path.join(dir, 'not-a-dir');
    fs.writeFileSync(file, 'x');
    await expect(PgliteThread.open(file)).rejects.toThrow();
  });
});
