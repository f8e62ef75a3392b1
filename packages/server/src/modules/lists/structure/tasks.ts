/** Tasks of a list: create (with a generated code), edit (version-guarded), delete or withdraw, reorder. */
import { sql } from 'kysely';
import type { TaskInput } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { AppError, notFound, staleVersion } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { assertCanEditPart, loadPolicyPart, type PolicyPart } from '../policy.ts';
import type { ListTask } from '@qingdan/core';
import { applyOrder, assertCommitteeOrg, assertLevelExists, assertSameSet, auditPlace, nextTaskCode, taskView, type Trx } from './shared.ts';

/** What the audit trail keeps of a task. */
const auditOf = (t: ListTask) => ({
  code: t.code,
  partId: t.partId,
  sectionId: t.sectionId,
  levelCode: t.levelCode,
  seq: t.seq,
  content: t.content,
  requirements: t.requirements,
  frequency: t.frequency,
  dueRule: t.dueRule,
  evidence: t.evidence,
  reviewerOrgId: t.reviewerOrgId,
  weight: t.weight,
  withdrawnAt: t.withdrawnAt,
});

/** Checks shared by create and edit: the part is the list's, the section the part's, the level and reviewer exist. */
async function assertPlacement(trx: Trx, listId: number, part: PolicyPart, input: TaskInput): Promise<void> {
  if (part.listId !== listId) throw new AppError(400, 'PART_NOT_IN_LIST');
  if (input.sectionId !== null) {
    const s = await trx.selectFrom('list_sections').select('part_id').where('id', '=', input.sectionId).executeTakeFirst();
    if (!s || s.part_id !== part.id) throw new AppError(400, 'SECTION_NOT_IN_PART');
  }
  await assertLevelExists(trx, input.levelCode);
  if (input.reviewerOrgId !== null) await assertCommitteeOrg(trx, input.reviewerOrgId, 'TASK_REVIEWER_INVALID');
}

const nextSeq = (partId: number, levelCode: string) =>
  sql<number>`(SELECT coalesce(max(seq), 0) + 1 FROM list_tasks WHERE part_id = ${partId} AND level_code = ${levelCode})`;

const contentColumns = (input: TaskInput) => ({
  section_id: input.sectionId,
  level_code: input.levelCode,
  content: input.content,
  requirements: input.requirements,
  frequency: input.frequency,
  due_rule: JSON.stringify(input.dueRule),
  evidence: input.evidence,
  reviewer_org_id: input.reviewerOrgId,
  weight: input.weight,
});

export async function createTask(deps: Deps, actor: Actor, user: CurrentUser, listId: number, input: TaskInput): Promise<ListTask> {
  return write(deps, actor, async ({ trx, now, audit }) => {
    const part = await loadPolicyPart(trx, input.partId);
    if (part.listId !== listId) throw new AppError(400, 'PART_NOT_IN_LIST');
    const list = await assertCanEditPart(trx, user, part);
    await assertPlacement(trx, listId, part, input);
    const row = await trx
      .insertInto('list_tasks')
      .values({
        list_id: listId,
        part_id: part.id,
        seq: nextSeq(part.id, input.levelCode),
        code: await nextTaskCode(trx, listId, list.year),
        ...contentColumns(input),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const view = await taskView(trx, listId, row.id);
    audit({ action: 'listTask.create', entityType: 'listTask', entityId: row.id, ...(await auditPlace(trx, listId)), after: auditOf(view) });
    return view;
  });
}

/**
 * Edit a task, guarded by the version the editor started from: a stale version answers 409
 * CONFLICT with the stored task as `current`. Moving it to another part needs the right to edit
 * both parts; a task that changes part or level goes to the end of its new group.
 */
export async function updateTask(
  deps: Deps,
  actor: Actor,
  user: CurrentUser,
  taskId: number,
  input: TaskInput & { version: number },
): Promise<ListTask> {
  return write(deps, actor, async ({ trx, now, audit }) => {
    const stored = await trx.selectFrom('list_tasks').select(['list_id', 'part_id']).where('id', '=', taskId).executeTakeFirst();
    if (!stored) throw notFound();
    await assertCanEditPart(trx, user, stored.part_id);
    const before = await taskView(trx, stored.list_id, taskId);
    if (before.partId !== stored.part_id) await assertCanEditPart(trx, user, before.partId); // moved meanwhile
    if (before.version !== input.version) throw staleVersion(before);
    const target = input.partId === before.partId ? await loadPolicyPart(trx, before.partId) : await loadPolicyPart(trx, input.partId);
    if (target.id !== before.partId) {
      if (target.listId !== stored.list_id) throw new AppError(400, 'PART_NOT_IN_LIST');
      await assertCanEditPart(trx, user, target);
    }
    await assertPlacement(trx, stored.list_id, target, input);
    const moved = target.id !== before.partId || input.levelCode !== before.levelCode;
    await trx
      .updateTable('list_tasks')
      .set({
        part_id: target.id,
        ...(moved ? { seq: nextSeq(target.id, input.levelCode) } : {}),
        ...contentColumns(input),
        version: before.version + 1,
        updated_at: now,
      })
      .where('id', '=', taskId)
      .execute();
    if (moved) {
      await sql`UPDATE list_tasks SET seq = seq - 1
                WHERE part_id = ${before.partId} AND level_code = ${before.levelCode} AND seq > ${before.seq}`.execute(trx);
    }
    const after = await taskView(trx, stored.list_id, taskId);
    audit({ action: 'listTask.update', entityType: 'listTask', entityId: taskId, ...(await auditPlace(trx, stored.list_id)), before: auditOf(before), after: auditOf(after) });
    return after;
  });
}

/**
 * Delete a task of a draft. In an issued list under revision the task is withdrawn instead (it
 * stays on record, loses its number). While opinions are being solicited tasks are not deleted.
 */
export async function deleteTask(deps: Deps, actor: Actor, user: CurrentUser, taskId: number): Promise<{ ok: true; withdrawn: boolean }> {
  return write(deps, actor, async ({ trx, now, audit }) => {
    const stored = await trx.selectFrom('list_tasks').select(['list_id', 'part_id']).where('id', '=', taskId).executeTakeFirst();
    if (!stored) throw notFound();
    const list = await assertCanEditPart(trx, user, stored.part_id);
    const before = await taskView(trx, stored.list_id, taskId);
    const place = await auditPlace(trx, stored.list_id);
    if (list.status === 'issued') {
      if (before.withdrawnAt === null) {
        await trx.updateTable('list_tasks').set({ withdrawn_at: now, version: before.version + 1, updated_at: now }).where('id', '=', taskId).execute();
        audit({ action: 'listTask.withdraw', entityType: 'listTask', entityId: taskId, ...place, before: auditOf(before), after: auditOf(await taskView(trx, stored.list_id, taskId)) });
      }
      return { ok: true as const, withdrawn: true };
    }
    if (list.status !== 'draft') throw new AppError(409, 'TASK_DELETE_DRAFT_ONLY');
    const copies = await trx
      .selectFrom('list_tasks as t')
      .innerJoin('responsibility_lists as l', 'l.id', 't.list_id')
      .select('l.year')
      .where('t.origin_task_id', '=', taskId)
      .executeTakeFirst();
    if (copies) throw new AppError(409, 'TASK_HAS_COPIES', { year: copies.year });
    await trx.deleteFrom('list_tasks').where('id', '=', taskId).execute();
    await sql`UPDATE list_tasks SET seq = seq - 1
              WHERE part_id = ${before.partId} AND level_code = ${before.levelCode} AND seq > ${before.seq}`.execute(trx);
    audit({ action: 'listTask.delete', entityType: 'listTask', entityId: taskId, ...place, before: { ...auditOf(before), sourceItemIds: before.sourceItemIds } });
    return { ok: true as const, withdrawn: false };
  });
}

/** Put the tasks of one part × level in the given order (every task of the group, each once). */
export async function reorderTasks(
  deps: Deps,
  actor: Actor,
  user: CurrentUser,
  partId: number,
  input: { levelCode: string; taskIds: number[] },
): Promise<{ ok: true }> {
  return write(deps, actor, async ({ trx, audit }) => {
    const list = await assertCanEditPart(trx, user, partId);
    await assertLevelExists(trx, input.levelCode);
    const stored = await trx
      .selectFrom('list_tasks')
      .select('id')
      .where('part_id', '=', partId)
      .where('level_code', '=', input.levelCode)
      .orderBy('seq')
      .orderBy('id')
      .execute();
    assertSameSet(input.taskIds, stored.map((t) => t.id));
    await applyOrder(trx, 'list_tasks', input.taskIds);
    audit({
      action: 'listTask.reorder',
      entityType: 'listPart',
      entityId: partId,
      ...(await auditPlace(trx, list.id)),
      before: { levelCode: input.levelCode, taskIds: stored.map((t) => t.id) },
      after: { levelCode: input.levelCode, taskIds: input.taskIds },
    });
    return { ok: true as const };
  });
}
