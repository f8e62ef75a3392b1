/**
 * PGlite has one connection, and Kysely expects a pool: this pool hands that one connection to one
 * holder at a time (a transaction keeps it until it commits). Who gets it next is not the order of
 * asking: a request needs several turns (session, access check, its queries, its transaction), and
 * under a plain queue each turn goes to the back behind every other request's turn, so a request
 * with many turns (a write, the review queue) waits many times as long as a one-query read.
 *
 * Instead each turn carries the work it belongs to (an AsyncLocalStorage context set per HTTP
 * request, see prioritizeDbWork), and the connection goes to the waiter with the earliest
 * *virtual start*: when its request started, plus an offset for its class —
 *   urgent (GET /api/health)      always first;
 *   write (POST, PUT, PATCH, DELETE) 10 s earlier than it started: ahead of every read of the last 10 s;
 *   read (GET)                    when it started: the oldest request first, so its later turns
 *                                 do not queue behind requests that came after it;
 *   heavy (a read that has held the connection for more than HEAVY_MS in all) and
 *   background (no request: reminder sweep, statistics)  5 s later than they started.
 * The offsets are finite, so no class starves: a heavy read waits behind newer work for at most
 * about 5 s of arrivals. PostgreSQL has a real pool and ignores all this.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export type DbPriority = 'urgent' | 'write' | 'read' | 'background';

/** The unit of fairness: one HTTP request (or one job), across all its turns on the connection. */
export interface DbWork {
  priority: DbPriority;
  /** When the work started (ms, the pool's clock). */
  startedAt: number;
  /** How long the work has held the connection so far, in all its turns (ms). */
  heldMs: number;
}

/** A read that has held the connection longer than this in all counts as heavy. */
export const HEAVY_MS = 200;
const OFFSET_MS: Record<DbPriority | 'heavy', number> = {
  urgent: -Infinity,
  write: -10_000,
  read: 0,
  heavy: 5_000,
  background: 5_000,
};

const store = new AsyncLocalStorage<DbWork>();

export function dbWork(priority: DbPriority, startedAt = performance.now()): DbWork {
  return { priority, startedAt, heldMs: 0 };
}

/** Run fn as (part of) `work`: its database turns are scheduled as that work's. */
export function runAsDbWork<T>(work: DbWork, fn: () => T): T {
  return store.run(work, fn);
}

/** Run fn with its own database priority (health's check, a job): a new unit of work that starts now. */
export function withDbPriority<T>(priority: DbPriority, fn: () => T): T {
  return store.run(dbWork(priority), fn);
}

export function currentDbWork(): DbWork | undefined {
  return store.getStore();
}

/** The class of an HTTP request. */
export function priorityOfRequest(method: string | undefined, url: string | undefined): DbPriority {
  if (url === '/api/health' || url?.startsWith('/api/health?')) return 'urgent';
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'read' : 'write';
}

/**
 * Make every request an HTTP server handles one unit of database work (wraps its 'request'
 * listeners, so the context covers the whole request: hooks, body, handler, reply).
 */
export function prioritizeDbWork(server: Server): void {
  type Listener = (req: IncomingMessage, res: ServerResponse) => void;
  const listeners = server.listeners('request') as Listener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    runAsDbWork(dbWork(priorityOfRequest(req.method, req.url)), () => {
      for (const l of listeners) l.call(server, req, res);
    });
  });
}

/** Where the connection goes first: lower is sooner. */
export function virtualStart(work: DbWork): number {
  const cls = work.priority === 'read' && work.heldMs > HEAVY_MS ? 'heavy' : work.priority;
  return work.startedAt + OFFSET_MS[cls];
}

interface Waiter {
  work: DbWork;
  seq: number;
  grant: () => void;
}

export interface PoolStats {
  waiting: number;
  busy: boolean;
  grants: number;
}

/** What the pool needs of PGlite: in this thread (tests) or on its own (pglite-thread.ts). */
export interface PgliteLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
}

export class PglitePriorityPool {
  private waiters: Waiter[] = [];
  private busy = false;
  private seq = 0;
  private grants = 0;

  constructor(
    private readonly pglite: PgliteLike,
    private readonly now: () => number = () => performance.now(),
  ) {}

  stats(): PoolStats {
    return { waiting: this.waiters.length, busy: this.busy, grants: this.grants };
  }

  /** Wait for the connection; `work` defaults to the caller's context (or background work that starts now). */
  async acquire(work: DbWork = currentDbWork() ?? dbWork('background', this.now())): Promise<() => void> {
    if (this.busy) await new Promise<void>((grant) => this.waiters.push({ work, seq: this.seq++, grant }));
    this.busy = true;
    this.grants++;
    const since = this.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      work.heldMs += this.now() - since;
      this.handOn();
    };
  }

  private handOn() {
    if (this.waiters.length === 0) {
      this.busy = false;
      return;
    }
    let best = 0;
    let bestKey = virtualStart(this.waiters[0]!.work);
    for (let i = 1; i < this.waiters.length; i++) {
      const w = this.waiters[i]!;
      const key = virtualStart(w.work);
      if (key < bestKey || (key === bestKey && w.seq < this.waiters[best]!.seq)) {
        best = i;
        bestKey = key;
      }
    }
    const [next] = this.waiters.splice(best, 1);
    next!.grant();
  }

  /** The part of pg.Pool that Kysely's PostgresDialect uses. */
  async connect() {
    const release = await this.acquire();
    const pglite = this.pglite;
    return {
      query: async (text: string, params?: readonly unknown[]) => {
        const r = await pglite.query(text, params as unknown[] | undefined);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length, command: guessCommand(text) };
      },
      release,
    };
  }

  async end() {}
}

function guessCommand(text: string): string {
  const m = /^\s*(\w+)/.exec(text);
  return (m?.[1] ?? 'SELECT').toUpperCase();
}
