import type { Deps } from '../../deps.ts';
import { notFound } from '../../http/errors.ts';

/** Mark one of the caller's notifications as read (again is a no-op). Another account's id answers 404. */
export async function markRead(deps: Deps, accountId: number, id: number): Promise<{ id: number; readAt: string }> {
  return deps.db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('notifications')
      .select(['id', 'read_at'])
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!row) throw notFound();
    if (row.read_at !== null) return { id, readAt: new Date(row.read_at).toISOString() };
    const now = deps.clock.now();
    await trx.updateTable('notifications').set({ read_at: now }).where('id', '=', id).where('account_id', '=', accountId).execute();
    return { id, readAt: now.toISOString() };
  });
}

/** Mark all of the caller's notifications as read; returns how many were unread. */
export async function markAllRead(deps: Deps, accountId: number): Promise<{ count: number }> {
  const r = await deps.db.kysely
    .updateTable('notifications')
    .set({ read_at: deps.clock.now() })
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return { count: Number(r.numUpdatedRows) };
}
