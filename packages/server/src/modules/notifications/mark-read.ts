import type { Count, MarkedRead } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../http/errors.ts';

/** Mark one of the caller's notifications as read (again is a no-op). Another account's id answers 404. */
export async function markRead(deps: Deps, accountId: number, id: number): Promise<MarkedRead> {
  const row = await deps.db.kysely
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(deps.clock.now())) }))
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .returning('read_at')
    .executeTakeFirst();
  if (!row?.read_at) throw notFound();
  return { id, readAt: new Date(row.read_at).toISOString() };
}

/** Mark all of the caller's notifications as read; returns how many were unread. */
export async function markAllRead(deps: Deps, accountId: number): Promise<Count> {
  const r = await deps.db.kysely
    .updateTable('notifications')
    .set({ read_at: deps.clock.now() })
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return { count: Number(r.numUpdatedRows) };
}
