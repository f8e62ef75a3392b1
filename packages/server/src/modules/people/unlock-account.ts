import type { Deps } from '../../deps.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { loadAccountForWrite } from './shared.ts';

/** Clear a sign-in lock and the failure count. */
export async function unlockAccount(deps: Deps, actor: Actor, accountId: number) {
  const { db, clock } = deps;
  await db.kysely.transaction().execute(async (trx) => {
    const a = await loadAccountForWrite(trx, accountId);
    await trx.updateTable('accounts').set({ failed_count: 0, locked_until: null, updated_at: clock.now() }).where('id', '=', a.id).execute();
    await recordAudit(trx, clock, actor, [
      {
        action: 'account.unlock',
        entityType: 'account',
        entityId: a.id,
        unitId: a.unit_id,
        orgPath: a.org_path,
        before: { failedCount: a.failed_count, lockedUntil: a.locked_until },
        after: { failedCount: 0, lockedUntil: null },
      },
    ]);
  });
}
