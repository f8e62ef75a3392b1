import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../testing/harness.ts';
import type { Database } from '../../db/schema.ts';

/**
 * Hold every database connection (PGlite's one, or each of PostgreSQL's pool) in a transaction
 * until the returned function is called: the state of a server whose database is saturated.
 */
async function holdAllConnections(h: Harness): Promise<() => Promise<void>> {
  const n = h.deps.db.kind === 'pglite' ? 1 : 10; // testing/test-db.ts opens PostgreSQL with poolSize 10
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let started = 0;
  const held = Array.from({ length: n }, () =>
    h.deps.db.kysely.transaction().execute(async (trx: Transaction<Database>) => {
      await sql`SELECT 1`.execute(trx);
      started++;
      await gate;
    }),
  );
  while (started < n) await new Promise((r) => setTimeout(r, 10));
  return async () => {
    open();
    await Promise.all(held);
  };
}

describe('GET /api/health', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers with the database, the time, the business date and its own database check', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'ok', database: h.deps.db.kind, databaseCheck: 'answered', databaseAgeMs: 0 });
    expect(typeof body.businessDate).toBe('string');
    expect(typeof body.clockShifted).toBe('boolean');
    expect(typeof body.time).toBe('string');
    expect(body.databaseLatencyMs).toBeGreaterThanOrEqual(0);
  });

  it('does not wait behind a saturated database: it answers "busy" with the age of the last good check, then "answered" again', async () => {
    await h.app.inject({ method: 'GET', url: '/api/health' });
    const release = await holdAllConnections(h);
    let busy;
    try {
      busy = await h.app.inject({ method: 'GET', url: '/api/health' });
    } finally {
      await release();
    }
    expect(busy.statusCode).toBe(200);
    expect(busy.json()).toMatchObject({ status: 'ok', databaseCheck: 'busy', databaseLatencyMs: null });
    expect(busy.json().databaseAgeMs).toBeGreaterThanOrEqual(0);
    const after = await h.app.inject({ method: 'GET', url: '/api/health' });
    expect(after.json()).toMatchObject({ status: 'ok', databaseCheck: 'answered', databaseAgeMs: 0 });
  });
});

describe('GET /api/health without a database', () => {
  it('is 503 "unavailable" with "failed" once the database does not answer', async () => {
    const h = await createHarness();
    try {
      await h.deps.db.close();
      const res = await h.app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unavailable', databaseCheck: 'failed', database: h.deps.db.kind });
    } finally {
      await h.app.close();
    }
  });
});
