import { sql } from 'kysely';
import type { Deps } from '../../../deps.ts';

export interface SnapshotInfo {
  id: number;
  listId: number;
  label: string;
  status: string;
  revision: number;
  taskCount: number;
  /** The transition the snapshot was taken at (e.g. inReview, issued), when there is one. */
  transition: { fromStatus: string; toStatus: string; actorName: string } | null;
  createdAt: string;
}

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
  const rows = await k
    .selectFrom('list_snapshots as s')
    .leftJoin('list_transitions as t', 't.snapshot_id', 's.id')
    .select([
      's.id',
      's.list_id',
      's.label',
      's.status',
      's.revision',
      's.created_at',
      't.from_status',
      't.to_status',
      't.actor_name',
      sql<number>`coalesce(jsonb_array_length(s.data -> 'tasks'), 0)::int`.as('task_count'),
    ])
    .where('s.list_id', '=', listId)
    .orderBy('s.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  // A snapshot may be referenced by more than one transition: keep the first row of each.
  const seen = new Set<number>();
  const items: SnapshotInfo[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    items.push({
      id: r.id,
      listId: r.list_id,
      label: r.label,
      status: r.status,
      revision: r.revision,
      taskCount: Number(r.task_count),
      transition: r.to_status ? { fromStatus: r.from_status ?? '', toStatus: r.to_status, actorName: r.actor_name ?? '' } : null,
      createdAt: new Date(r.created_at).toISOString(),
    });
  }
  return { items, total: Number(total.n) };
}
