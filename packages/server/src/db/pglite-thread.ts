/**
 * PGlite on its own thread (pglite-worker.mjs), reached by messages. In the server's thread a
 * PGlite query is synchronous WebAssembly: while one ran, nothing else did — no health answer, no
 * reply already computed, no timeout. On its own thread, a heavy query delays only the database's
 * next turn; the server keeps answering (health says "busy" within its bound, see database.ts).
 *
 * It offers the part of PGlite the server uses (query, exec, close, closed). Rows come back by
 * structured clone (Date, Uint8Array and numbers as PGlite gave them); errors keep PostgreSQL's
 * fields (code, constraint, detail), so `code === '23505'` still tells a duplicate.
 */
import { Worker } from 'node:worker_threads';

export interface ThreadResult {
  rows: Record<string, unknown>[];
  affectedRows?: number;
}

interface Reply {
  id: number;
  ok: boolean;
  rows?: Record<string, unknown>[];
  affectedRows?: number | null;
  error?: Record<string, unknown> & { message: string };
}

/** The worker's error, rebuilt as an Error carrying the same fields. */
function toError(plain: Record<string, unknown> & { message: string }): Error {
  return Object.assign(new Error(plain.message), plain);
}

export class PgliteThread {
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: ThreadResult) => void; reject: (e: Error) => void }>();
  private gone: Error | null = null;
  closed = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve({ rows: m.rows ?? [], ...(m.affectedRows != null ? { affectedRows: m.affectedRows } : {}) });
      else p.reject(toError(m.error ?? { message: 'database thread error' }));
    });
    const fail = (e: Error) => {
      this.gone ??= e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', (e) => fail(e));
    worker.on('exit', (code) => fail(new Error(`数据库线程已退出 (${code}) Database thread exited`)));
  }

  /** Start the thread and open the database in dataDir (in memory without one). */
  static async open(dataDir?: string): Promise<PgliteThread> {
    const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir: dataDir ?? null } });
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`数据库线程启动失败 (${code}) Database thread failed to start`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (m: { ready: boolean; error?: Record<string, unknown> & { message: string } }) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (m.ready) resolve();
        else {
          void worker.terminate();
          reject(toError(m.error ?? { message: 'database thread failed to start' }));
        }
      });
    });
    return new PgliteThread(worker);
  }

  private send(op: 'query' | 'exec' | 'close', payload: Record<string, unknown>): Promise<ThreadResult> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<ThreadResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, ...payload });
    });
  }

  query(text: string, params?: unknown[]): Promise<ThreadResult> {
    return this.send('query', { text, params: params ?? [] });
  }

  async exec(script: string): Promise<void> {
    await this.send('exec', { script });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.send('close', {});
    } catch {
      // The thread is already gone: nothing left to close.
    }
    await this.worker.terminate();
  }
}
