/**
 * Runs the reminder sweep in the running server: once shortly after start, then every
 * `config.reminderSweepMinutes` minutes (0 disables it), each run after vacuuming and analysing the work tables on PGlite. Runs never overlap; `stop` clears the
 * timers and waits for a run in progress. Tests call `runSweep` directly and start no timers.
 */
import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { runSweep, type SweepResult } from './run-sweep.ts';
import { SWEEPS } from './sweeps.ts';

export interface SweepLog {
  info(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface ReminderScheduler {
  stop(): Promise<void>;
}

/**
 * PGlite has no autovacuum: the tables the sweeps read are vacuumed and their statistics refreshed before each
 * run, as PostgreSQL's autovacuum does — so the sweep and the views keep good plans as records
 * accumulate, dead row versions are reclaimed, and counts over a year's periods read the indexes
 * alone (an index-only scan needs the visibility map a vacuum keeps).
 */
export async function maintainTables(deps: Deps): Promise<void> {
  if (deps.db.kind !== 'pglite') return;
  const tables = [...new Set([...SWEEPS.flatMap((s) => s.tables), 'notifications'])];
  await sql`VACUUM (ANALYZE) ${sql.join(tables.map((t) => sql.table(t)))}`.execute(deps.db.kysely);
}

export function startReminderScheduler(deps: Deps, log: SweepLog, firstDelayMs = 30_000): ReminderScheduler {
  const minutes = deps.config.reminderSweepMinutes;
  if (!(minutes > 0)) return { stop: async () => {} };
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = maintainTables(deps)
      .then(() => runSweep(deps))
      .then((r: SweepResult) => {
        if (r.total > 0) log.info({ sweep: r }, '提醒已生成 reminders written');
      })
      .catch((err: unknown) => log.error({ err }, '提醒生成失败 reminder sweep failed'))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, firstDelayMs);
  const every = setInterval(tick, minutes * 60_000);
  first.unref();
  every.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      if (running) await running;
    },
  };
}
