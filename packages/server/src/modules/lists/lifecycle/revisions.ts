/**
 * Revisions of an issued list (修订). The owner opens revision N+1 with a reason (a snapshot of the
 * list before it is kept); while it is open the owner edits the list through the structure routes
 * (policy.ts allows it); publishing it (with a notice to the units) stores the snapshot after,
 * sets the list's revision to N+1, writes a transition row and calls every `onListRevised` hook —
 * all in one transaction. One revision is open at a time.
 */
import type { Deps } from '../../../deps.ts';
import { AppError, notFound } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import { assertCanManageList, loadPolicyList, type PolicyUser } from '../policy.ts';
import { onListRevised } from './hooks.ts';
import { lockList, storeSnapshot } from './transition.ts';

export interface RevisionResult {
  id: number;
  listId: number;
  revision: number;
  status: 'open' | 'published';
  beforeSnapshotId: number | null;
  afterSnapshotId: number | null;
}

export async function openRevision(deps: Deps, actor: Actor, user: PolicyUser, listId: number, input: { reason: string }): Promise<RevisionResult> {
  return write(deps, actor, async (w) => {
    const { trx, now } = w;
    const list = await lockList(trx, listId);
    const policyList = await loadPolicyList(trx, listId, false);
    await assertCanManageList(trx, user, policyList);
    if (list.status !== 'issued') throw new AppError(409, 'LIST_REVISION_ISSUED_ONLY');
    if (policyList.openRevisionId !== null) {
      const open = await trx.selectFrom('list_revisions').select('revision').where('id', '=', policyList.openRevisionId).executeTakeFirstOrThrow();
      throw new AppError(409, 'LIST_REVISION_OPEN', { revision: open.revision });
    }
    const last = await trx
      .selectFrom('list_revisions')
      .select((eb) => eb.fn.max('revision').as('n'))
      .where('list_id', '=', listId)
      .executeTakeFirst();
    const revision = Math.max(list.revision, Number(last?.n ?? 0)) + 1;
    const beforeSnapshotId = await storeSnapshot(w, listId, `修订${revision}前`);
    const row = await trx
      .insertInto('list_revisions')
      .values({ list_id: listId, revision, reason: input.reason, before_snapshot_id: beforeSnapshotId, created_by: actor.accountId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('responsibility_lists').set({ version: list.version + 1, updated_at: now }).where('id', '=', listId).execute();
    w.audit({
      action: 'list.revisionOpen',
      entityType: 'list',
      entityId: listId,
      before: { revision: list.revision },
      after: { revisionId: row.id, revision, reason: input.reason, beforeSnapshotId },
    });
    return { id: row.id, listId, revision, status: 'open', beforeSnapshotId, afterSnapshotId: null };
  });
}

export async function publishRevision(deps: Deps, actor: Actor, user: PolicyUser, revisionId: number, input: { notice: string }): Promise<RevisionResult> {
  return write(deps, actor, async (w) => {
    const { trx, now } = w;
    const rev0 = await trx.selectFrom('list_revisions').select('list_id').where('id', '=', revisionId).executeTakeFirst();
    if (!rev0) throw notFound();
    const list = await lockList(trx, rev0.list_id);
    await assertCanManageList(trx, user, await loadPolicyList(trx, list.id, false));
    const rev = await trx.selectFrom('list_revisions').selectAll().where('id', '=', revisionId).forUpdate().executeTakeFirstOrThrow();
    if (rev.status !== 'open') throw new AppError(409, 'LIST_REVISION_PUBLISHED');
    await trx
      .updateTable('responsibility_lists')
      .set({ revision: rev.revision, version: list.version + 1, updated_at: now })
      .where('id', '=', list.id)
      .execute();
    const afterSnapshotId = await storeSnapshot(w, list.id, `修订${rev.revision}`);
    await trx
      .updateTable('list_revisions')
      .set({ status: 'published', notice: input.notice, after_snapshot_id: afterSnapshotId, published_at: now })
      .where('id', '=', revisionId)
      .execute();
    const comment = `修订${rev.revision}：${input.notice}`;
    await trx
      .insertInto('list_transitions')
      .values({
        list_id: list.id,
        from_status: list.status,
        to_status: list.status,
        actor_id: actor.accountId,
        actor_name: actor.name,
        comment,
        snapshot_id: afterSnapshotId,
        at: now,
      })
      .execute();
    w.audit({
      action: 'list.revisionPublish',
      entityType: 'list',
      entityId: list.id,
      before: { revision: list.revision, revisionStatus: 'open' },
      after: { revision: rev.revision, revisionId, notice: input.notice, beforeSnapshotId: rev.before_snapshot_id, afterSnapshotId },
    });
    for (const hook of onListRevised) {
      await hook(w, { listId: list.id, year: list.year, revision: rev.revision, revisionId, beforeSnapshotId: rev.before_snapshot_id, afterSnapshotId });
    }
    return { id: revisionId, listId: list.id, revision: rev.revision, status: 'published', beforeSnapshotId: rev.before_snapshot_id, afterSnapshotId };
  });
}
