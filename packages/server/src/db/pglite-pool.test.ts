import Fastify from 'fastify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDb, testDbKind } from '../testing/test-db.ts';
import {
  currentDbWork,
  dbWork,
  HEAVY_MS,
  PglitePriorityPool,
  prioritizeDbWork,
  priorityOfRequest,
  runAsDbWork,
  withDbPriority,
  type DbWork,
} from './pglite-pool.ts';

const fakePglite = { query: async () => ({ rows: [], affectedRows: 0, fields: [] }) };

/** A pool on a clock the test sets, and a helper that records the order in which waiters get the connection. */
function setup() {
  let now = 0;
  const pool = new PglitePriorityPool(fakePglite as never, () => now);
  const order: string[] = [];
  const releases = new Map<string, () => void>();
  const ask = (name: string, work?: DbWork) =>
    pool.acquire(work).then((release) => {
      order.push(name);
      releases.set(name, release);
    });
  const release = async (name: string) => {
    releases.get(name)!();
    await new Promise((r) => setImmediate(r));
  };
  return { pool, order, ask, release, setNow: (t: number) => (now = t) };
}

/** Let queued promise callbacks run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('PGlite connection queue: order of grants under contention (PGlite only)', () => {
  it('hands the connection to health first, then writes, then the oldest read, then heavy reads and background work', async () => {
    const { order, ask, release, setNow } = setup();
    await ask('holder', dbWork('read', 0));
    setNow(1000);
    const waits = [
      ask('background', dbWork('background', 10)),
      ask('heavy read', { priority: 'read', startedAt: 20, heldMs: HEAVY_MS + 1 }),
      ask('newer read', dbWork('read', 100)),
      ask('older read', dbWork('read', 50)),
      ask('write', dbWork('write', 200)),
      ask('health', dbWork('urgent', 300)),
    ];
    await settle();
    expect(order).toEqual(['holder']);
    for (const name of ['holder', 'health', 'write', 'older read', 'newer read', 'background', 'heavy read']) {
      await release(name);
    }
    await Promise.all(waits);
    expect(order).toEqual(['holder', 'health', 'write', 'older read', 'newer read', 'background', 'heavy read']);
  });

  it('gives a request its next turn before a request that started after it (per-request fairness, not per-query)', async () => {
    const { order, ask, release } = setup();
    const first = dbWork('read', 0);
    await ask('first, turn 1', first);
    const later = ask('second request', dbWork('read', 10));
    // The first request's next query asks only after the second request is already waiting.
    const next = ask('first, turn 2', first);
    await release('first, turn 1');
    await release('first, turn 2');
    await Promise.all([later, next]);
    expect(order).toEqual(['first, turn 1', 'first, turn 2', 'second request']);
  });

  it('lets no class starve: a read waiting more than 10 s goes before a new write, a background job before reads 5 s newer', async () => {
    const { order, ask, release } = setup();
    await ask('holder', dbWork('read', 0));
    const waits = [
      ask('new read', dbWork('read', 6_000)),
      ask('old background', dbWork('background', 0)),
      ask('new write', dbWork('write', 10_500)),
      ask('old read', dbWork('read', 100)),
    ];
    for (const name of ['holder', 'old read', 'new write', 'old background']) await release(name);
    await Promise.all(waits);
    expect(order).toEqual(['holder', 'old read', 'new write', 'old background', 'new read']);
  });

  it('keeps the order of asking among equals, and a read becomes heavy once it has held the connection long enough', async () => {
    const { order, ask, release, setNow } = setup();
    const big = dbWork('read', 0);
    await ask('big, turn 1', big);
    setNow(HEAVY_MS + 50); // the big read held the connection that long
    const waits = [ask('a', dbWork('read', 100)), ask('b', dbWork('read', 100)), ask('big, turn 2', big)];
    await release('big, turn 1');
    expect(big.heldMs).toBeGreaterThan(HEAVY_MS);
    for (const name of ['a', 'b']) await release(name);
    await Promise.all(waits);
    expect(order).toEqual(['big, turn 1', 'a', 'b', 'big, turn 2']);
  });

  it('takes the caller’s context when no work is given, and treats work without a context as background', async () => {
    const { pool, order, ask, release } = setup();
    await ask('holder', dbWork('read', 0));
    const untagged = pool.acquire().then((r) => (order.push('untagged'), r));
    const write = withDbPriority('write', () => pool.acquire()).then((r) => (order.push('write'), r));
    await release('holder');
    (await write)();
    (await untagged)();
    expect(order).toEqual(['holder', 'write', 'untagged']);
    expect(pool.stats()).toMatchObject({ waiting: 0, busy: false });
  });

  it('classifies requests: health urgent, GET read, other methods write', () => {
    expect(priorityOfRequest('GET', '/api/health')).toBe('urgent');
    expect(priorityOfRequest('GET', '/api/health?x=1')).toBe('urgent');
    expect(priorityOfRequest('GET', '/api/dashboard/my-tasks')).toBe('read');
    expect(priorityOfRequest('POST', '/api/work/periods/1/reports')).toBe('write');
    expect(priorityOfRequest('DELETE', '/api/work/reports/1')).toBe('write');
  });

  it('makes each request of a Fastify server one unit of work, across its body and handler', async () => {
    const app = Fastify();
    app.all('/api/*', async () => currentDbWork() ?? null);
    prioritizeDbWork(app.server);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    try {
      const body = JSON.stringify({ text: 'x'.repeat(200_000) });
      type Seen = { priority?: string } | null;
      const post = (await (await fetch(`${base}/api/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as Seen;
      const get = (await (await fetch(`${base}/api/x`)).json()) as Seen;
      const health = (await (await fetch(`${base}/api/health`)).json()) as Seen;
      expect([post?.priority, get?.priority, health?.priority]).toEqual(['write', 'read', 'urgent']);
    } finally {
      await app.close();
    }
  });

  it.skipIf(testDbKind() !== 'pglite')('schedules Kysely queries by their context on the real connection (PGlite only)', async () => {
    const db = await createTestDb();
    try {
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      const order: string[] = [];
      // A transaction holds the one connection until the gate opens.
      const holder = db.kysely.transaction().execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        await gate;
      });
      await settle();
      const q = (name: string, work: DbWork) =>
        runAsDbWork(work, () => sql`SELECT 1`.execute(db.kysely)).then(() => {
          order.push(name);
        });
      const waits = [q('read', dbWork('read')), q('background', dbWork('background')), q('write', dbWork('write')), q('health', dbWork('urgent'))];
      await settle();
      open();
      await Promise.all([holder, ...waits]);
      expect(order).toEqual(['health', 'write', 'read', 'background']);
    } finally {
      await db.close();
    }
  });
});
