/**
 * One step of a list's life, inside the caller's transaction: checked against core
 * LIST_TRANSITIONS, the status changed, a snapshot of the list as it now stands stored, a
 * list_transitions row written and the change audited (`write`'s context).
 */
import type { Transaction, Updateable } from 'kysely';
import { canTransition, LIST_STATUS_LABELS, LIST_TRANSITIONS, type ListStatus } from '@qingdan/core';
import type { Database, ResponsibilityListsTable } from '../../../db/schema.ts';
import { AppError } from '../../../http/errors.ts';
import type { WriteContext } from '../../../write.ts';
import { buildSnapshot } from '../versions/snapshot.ts';

type Trx = Transaction<Database>;

/** 409 LIST_BAD_TRANSITION naming both statuses. */
export function badTransition(from: ListStatus, to: ListStatus): AppError {
  return new AppError(409, 'LIST_BAD_TRANSITION', {
    from: LIST_STATUS_LABELS[from].zh,
    to: LIST_STATUS_LABELS[to].zh,
    fromEn: LIST_STATUS_LABELS[from].en,
    toEn: LIST_STATUS_LABELS[to].en,
  });
}

export function assertTransition(from: ListStatus, to: ListStatus): void {
  if (!canTransition(from, to)) throw badTransition(from, to);
}

/** Store the list as it stands now as a snapshot; returns its id. */
export async function storeSnapshot(w: Pick<WriteContext, 'trx' | 'now'>, listId: number, label: string): Promise<number> {
  const data = await buildSnapshot(w.trx, listId);
  const row = await w.trx
    .insertInto('list_snapshots')
    .values({ list_id: listId, label, status: data.list.status, revision: data.list.revision, data: JSON.stringify(data), created_at: w.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface LockedList {
  id: number;
  year: number;
  title: string;
  status: ListStatus;
  revision: number;
  version: number;
  ownerOrgId: number;
  docNumber: string | null;
}

/** The list row, locked FOR UPDATE so that transitions of one list run one at a time. */
export async function lockList(trx: Trx, listId: number): Promise<LockedList> {
  const l = await trx
    .selectFrom('responsibility_lists')
    .select(['id', 'year', 'title', 'status', 'revision', 'version', 'owner_org_id', 'doc_number'])
    .where('id', '=', listId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { id: l.id, year: l.year, title: l.title, status: l.status, revision: l.revision, version: l.version, ownerOrgId: l.owner_org_id, docNumber: l.doc_number };
}

export interface TransitionResult {
  transitionId: number;
  snapshotId: number;
}

/**
 * Move a locked list from its status to `to` (any extra columns in `set`), snapshot it under
 * `label`, write the transition row (with `comment`) and the audit entry.
 */
export async function transitionList(
  w: WriteContext,
  list: LockedList,
  to: ListStatus,
  opts: { label: string; comment?: string; set?: Updateable<ResponsibilityListsTable>; audit?: Record<string, unknown> },
): Promise<TransitionResult> {
  assertTransition(list.status, to);
  const { trx, now, actor } = w;
  await trx
    .updateTable('responsibility_lists')
    .set({ ...opts.set, status: to, version: list.version + 1, updated_at: now })
    .where('id', '=', list.id)
    .execute();
  const snapshotId = await storeSnapshot(w, list.id, opts.label);
  const t = await trx
    .insertInto('list_transitions')
    .values({
      list_id: list.id,
      from_status: list.status,
      to_status: to,
      actor_id: actor.accountId,
      actor_name: actor.name,
      comment: opts.comment ?? '',
      snapshot_id: snapshotId,
      at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const action = LIST_TRANSITIONS.find((x) => x.from === list.status && x.to === to)?.action ?? 'transition';
  w.audit({
    action: `list.${action}`,
    entityType: 'list',
    entityId: list.id,
    before: { status: list.status, version: list.version },
    after: { status: to, version: list.version + 1, snapshotId, comment: opts.comment ?? '', ...opts.audit },
  });
  return { transitionId: t.id, snapshotId };
}
