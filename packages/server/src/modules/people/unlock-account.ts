import type { Deps } from '../../deps.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { loadAccountForWrite } from './shared.ts';

/** Clear a sign-in lock and the failure count. */
export async function unlockAccount(deps: Deps, actor: Actor, accountId: number) {
  await write(deps, actor, async ({ trx, now, audit }) => {
    const a = await loadAccountForWrite(trx, accountId);
    await trx.updateTable('accounts').set({ failed_count: 0, locked_until: null, updated_at: now }).where('id', '=', a.id).execute();
    audit({
      action: 'account.unlock',
      entityType: 'account',
      entityId: a.id,
      unitId: a.unit_id,
      orgPath: a.org_path,
      before: { failedCount: a.failed_count, lockedUntil: a.locked_until },
      after: { failedCount: 0, lockedUntil: null },
    });
  });
}
