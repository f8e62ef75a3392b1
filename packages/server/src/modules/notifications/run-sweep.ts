/**
 * The reminder sweep (docs/WORK.md "Notifications"): run every hour by the server, on demand by the
 * committee, and by tests after moving the clock. Every sweep a module registered (sweeps.ts;
 * work: work/reminders/sweep.ts) runs in one transaction, for the Beijing date of the business
 * clock; the answer gives the date, each sweep's figures and the total written.
 */
import type { Deps } from '../../deps.ts';
import { SYSTEM_ACTOR, type Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { SWEEPS } from './sweeps.ts';

export type SweepResult = { today: string; total: number } & Record<string, number | string>;

/** Run the reminders for today. With an actor (a manual run), the run is recorded in the audit trail. */
export async function runSweep(deps: Deps, actor?: Actor): Promise<SweepResult> {
  return write(deps, actor ?? SYSTEM_ACTOR, async ({ trx, now, today, audit }) => {
    let total = 0;
    const figures: Record<string, number> = {};
    for (const sweep of SWEEPS) {
      const r = await sweep.run(trx, { today, now });
      total += r.written;
      Object.assign(figures, r.figures);
    }
    const result: SweepResult = { today, ...figures, total };
    if (actor) audit({ action: 'notifications.sweep', entityType: 'notifications', entityId: today, after: result });
    return result;
  });
}
