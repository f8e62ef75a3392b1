import type { SnapshotInfo } from '@qingdan/core';
import { sql } from 'kysely';
import type { Deps } from '../../../deps.ts';

/** Snapshots of a list, newest first. */
export async function findSnapshots(
  deps: Pick<Deps, 'db'>,
  listId: number,
  q: { page: number; pageSize: number },
): Promise<{ items: SnapshotInfo[]; total: number }> {
  const k = deps.db.kysely;
  const total = await k
    .selectFrom('list_snapshots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('list_id', '=', listId)
    .executeTakeFirstOrThrow();
  // The transition that took the snapshot (the first one naming it), by a correlated subquery so
  // that each snapshot is one row whatever refers to it.
  const rows = await k
    .selectFrom('list_snapshots as s')
    .select([
      's.id',
      's.list_id',
      's.label',
      's.status',
      's.revision',
      's.created_at',
      sql<{ from_status: string; to_status: string; actor_name: string } | null>`(
        SELECT jsonb_build_object('from_status', t.from_status, 'to_status', t.to_status, 'actor_name', t.actor_name)
        FROM list_transitions t WHERE t.snapshot_id = s.id ORDER BY t.id LIMIT 1)`.as('transition'),
      sql<number>`coalesce(jsonb_array_length(s.data -> 'tasks'), 0)::int`.as('task_count'),
    ])
    .where('s.list_id', '=', listId)
    .orderBy('s.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const items: SnapshotInfo[] = rows.map((r) => {
    const t = (typeof r.transition === 'string' ? JSON.parse(r.transition) : r.transition) as { from_status: string; to_status: string; actor_name: string } | null;
    return {
      id: r.id,
      listId: r.list_id,
      label: r.label,
      status: r.status,
      revision: r.revision,
      taskCount: Number(r.task_count),
      transition: t ? { fromStatus: t.from_status, toStatus: t.to_status, actorName: t.actor_name } : null,
      createdAt: new Date(r.created_at).toISOString(),
    };
  });
  return { items, total: Number(total.n) };
}
