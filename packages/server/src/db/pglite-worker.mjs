/**
 * The embedded database's own thread (see pglite-thread.ts). PGlite runs PostgreSQL compiled to
 * WebAssembly, and a query runs to its end without yielding: on the server's main thread a heavy
 * query would stop every other request, health included, until it finished. Here it stops only
 * this thread. Plain JavaScript, so it loads the same way under tsx, node and vitest.
 *
 * Messages in:  { id, op: 'query', text, params } | { id, op: 'exec', script } | { id, op: 'close' }
 * Messages out: { ready: true } | { ready: false, error } once, then { id, ok: true, rows, affectedRows }
 *               or { id, ok: false, error } per message, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** The same parsers as the in-process database (database.ts): int8 as number, date as its text. */
const parsers = { 20: (v) => Number(v), 1082: (v) => v };

/** An error as plain data: its message and PostgreSQL's fields (code, constraint, detail…). */
function plainError(e) {
  const out = { message: e instanceof Error ? e.message : String(e) };
  if (e && typeof e === 'object') {
    for (const [k, v] of Object.entries(e)) {
      if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    }
  }
  return out;
}

let db;
try {
  db = await PGlite.create(workerData.dataDir ?? undefined, { parsers });
  parentPort.postMessage({ ready: true });
} catch (e) {
  parentPort.postMessage({ ready: false, error: plainError(e) });
}

// One message at a time, in order: PGlite has one connection, and the pool on the main thread
// already hands it to one holder at a time.
let chain = Promise.resolve();
parentPort.on('message', (msg) => {
  chain = chain.then(async () => {
    try {
      if (msg.op === 'query') {
        const r = await db.query(msg.text, msg.params);
        parentPort.postMessage({ id: msg.id, ok: true, rows: r.rows, affectedRows: r.affectedRows ?? null });
      } else if (msg.op === 'exec') {
        await db.exec(msg.script);
        parentPort.postMessage({ id: msg.id, ok: true, rows: [], affectedRows: null });
      } else if (msg.op === 'close') {
        if (!db.closed) await db.close();
        parentPort.postMessage({ id: msg.id, ok: true, rows: [], affectedRows: null });
        parentPort.close();
      }
    } catch (e) {
      parentPort.postMessage({ id: msg.id, ok: false, error: plainError(e) });
    }
  });
});
