/**
 * The business date: the Beijing date of the server's clock. On demo data the server starts at the
 * demo's own business date (the demo list is 2022's, so its work is shown as of mid-year), unless
 * CLOCK_DATE says otherwise; see docs/OPERATIONS.md.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { beijingInstant, clockShifted, DEMO_BUSINESS_DATE_SETTING, startDateOf, todayOf, type SystemClock } from '../../clock.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The demo's business date stored by the demo seed, or null without demo data. */
export async function demoBusinessDate(db: Q): Promise<string | null> {
  const r = await db.selectFrom('settings').select('value').where('key', '=', DEMO_BUSINESS_DATE_SETTING).executeTakeFirst();
  return typeof r?.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(r.value) ? r.value : null;
}

/**
 * Set the clock at start: CLOCK_DATE, else the demo's business date, at 09:00 Beijing time; it
 * keeps ticking from there. Returns the date it was set to, or null when it keeps the real time.
 */
export async function startClock(deps: Pick<Deps, 'db' | 'config'> & { clock: SystemClock }): Promise<string | null> {
  const date = startDateOf(deps.config.clockDate, await demoBusinessDate(deps.db.kysely));
  if (date === null) return null;
  deps.clock.setTo(beijingInstant(date));
  return date;
}

export interface BusinessDateInfo {
  /** Today's Beijing date on the server's clock. */
  businessDate: string;
  /** True when the clock runs away from the real time (a demo or test business date). */
  clockShifted: boolean;
}

export function businessDateOf(deps: Pick<Deps, 'clock'>): BusinessDateInfo {
  return { businessDate: todayOf(deps.clock), clockShifted: clockShifted(deps.clock) };
}
