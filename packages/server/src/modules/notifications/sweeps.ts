/**
 * The reminder sweep's extension point. A module whose work needs reminders declares a `Sweep` —
 * the notifications it writes for the day (dedupe keys make a second run the same day a no-op),
 * the figures it answers and the tables it reads — and plugs it in (`modules/index.ts`, `plug`).
 * `run-sweep.ts` runs every registered sweep in one transaction.
 */
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/schema.ts';

export interface Sweep {
  name: string;
  /** The tables it reads, vacuumed and analysed before a scheduled run on PGlite (scheduler.ts). */
  tables: readonly string[];
  /** Its figures in the sweep's answer (`POST /api/notifications/sweep`). */
  figures: Record<string, z.ZodNumber>;
  /** Write the day's notifications; answer how many were written and the figures. */
  run(trx: Transaction<Database>, at: { today: string; now: Date }): Promise<{ written: number; figures: Record<string, number> }>;
}

export const SWEEPS: Sweep[] = [];
