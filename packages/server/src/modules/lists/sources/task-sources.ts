/** Links between a task and the source items it carries out (replace the whole set). */
import { z } from 'zod';
import { SOURCE_KINDS } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { AppError, notFound } from '../../../http/errors.ts';
import { write } from '../../../write.ts';
import { assertTaskEdits, type Caller } from './rights.ts';

export const linkedItemSchema = z.object({
  id: z.number().int(),
  documentId: z.number().int(),
  documentKind: z.enum(SOURCE_KINDS),
  documentTitle: z.string(),
  label: z.string(),
  text: z.string(),
});
export const taskSourcesSchema = z.object({ taskId: z.number().int(), sourceItemIds: z.array(z.number().int()), items: z.array(linkedItemSchema) });
export type TaskSources = z.infer<typeof taskSourcesSchema>;

export const MAX_LINKS = 200;

async function read(k: Deps['db']['kysely'], taskId: number): Promise<TaskSources> {
  const rows = await k
    .selectFrom('task_sources as ts')
    .innerJoin('source_items as i', 'i.id', 'ts.source_item_id')
    .innerJoin('source_documents as d', 'd.id', 'i.document_id')
    .select(['i.id', 'i.document_id', 'd.kind', 'd.title', 'i.label', 'i.text'])
    .where('ts.task_id', '=', taskId)
    .orderBy('d.kind', 'desc')
    .orderBy('d.id')
    .orderBy('i.id')
    .execute();
  return {
    taskId,
    sourceItemIds: rows.map((r) => r.id).sort((a, b) => a - b),
    items: rows.map((r) => ({ id: r.id, documentId: r.document_id, documentKind: r.kind, documentTitle: r.title, label: r.label, text: r.text })),
  };
}

export async function getTaskSources(deps: Deps, taskId: number): Promise<TaskSources> {
  return read(deps.db.kysely, taskId);
}

export async function setTaskSources(deps: Deps, caller: Caller, taskId: number, sourceItemIds: readonly number[]): Promise<TaskSources> {
  const wanted = [...new Set(sourceItemIds)].sort((a, b) => a - b);
  return write(deps, caller, async ({ trx, now, audit }) => {
    const task = await trx.selectFrom('list_tasks').select(['id', 'list_id', 'part_id', 'code']).where('id', '=', taskId).executeTakeFirst();
    if (!task) throw notFound();
    await assertTaskEdits(trx, caller, taskId);
    if (wanted.length > 0) {
      const found = await trx
        .selectFrom('source_items as i')
        .innerJoin('source_documents as d', 'd.id', 'i.document_id')
        .select(['i.id'])
        .where('i.id', 'in', wanted)
        .where('d.list_id', '=', task.list_id)
        .execute();
      const ok = new Set(found.map((r) => r.id));
      const bad = wanted.filter((id) => !ok.has(id));
      if (bad.length > 0) {
        throw new AppError(400, 'SOURCE_ITEM_NOT_IN_LIST', {}, bad.slice(0, 20).map((id) => ({ path: `sourceItemIds.${wanted.indexOf(id)}`, reason: 'SOURCE_ITEM_NOT_IN_LIST' })));
      }
    }
    const before = (await trx.selectFrom('task_sources').select('source_item_id').where('task_id', '=', taskId).execute()).map((r) => r.source_item_id).sort((a, b) => a - b);
    const removed = before.filter((id) => !wanted.includes(id));
    const added = wanted.filter((id) => !before.includes(id));
    if (removed.length > 0) await trx.deleteFrom('task_sources').where('task_id', '=', taskId).where('source_item_id', 'in', removed).execute();
    if (added.length > 0) {
      await trx.insertInto('task_sources').values(added.map((id) => ({ task_id: taskId, source_item_id: id, created_at: now }))).execute();
    }
    if (removed.length > 0 || added.length > 0) {
      audit({ action: 'listTask.sources', entityType: 'listTask', entityId: taskId, before: { code: task.code, sourceItemIds: before }, after: { code: task.code, sourceItemIds: wanted } });
    }
    return read(trx, taskId);
  });
}
