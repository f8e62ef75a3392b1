/** Items of a source document: add (at the end of its parent's children), edit, delete with the subtree. */
import { z } from 'zod';
import { sql } from 'kysely';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import { write } from '../../../write.ts';
import { assertOwnerEdits, type Caller } from './rights.ts';
import { assertVersion, itemAudit, itemDto, loadDoc, loadItem, type ItemRow, type SourceItem } from './source-rows.ts';

export const MAX_ITEM_TEXT = 2000;
export const MAX_LABEL = 20;

export const sourceItemInputSchema = z.object({
  label: z.string().trim().max(MAX_LABEL).default(''),
  text: z.string().trim().min(1).max(MAX_ITEM_TEXT),
  involvesCommittee: z.boolean().default(true),
});
export type SourceItemInput = z.infer<typeof sourceItemInputSchema>;

const toItem = itemDto;

async function depthOf(trx: Parameters<typeof loadItem>[0], parentId: number | null): Promise<number> {
  if (parentId === null) return 1;
  const r = await sql<{ d: number }>`
    WITH RECURSIVE up(id, parent_id, d) AS (
      SELECT id, parent_id, 1 FROM source_items WHERE id = ${parentId}
      UNION ALL SELECT i.id, i.parent_id, up.d + 1 FROM source_items i JOIN up ON i.id = up.parent_id
    ) SELECT max(d)::int AS d FROM up`.execute(trx);
  return (r.rows[0]?.d ?? 0) + 1;
}

export async function createSourceItem(
  deps: Deps, caller: Caller, documentId: number, input: SourceItemInput & { parentId?: number | null | undefined },
): Promise<SourceItem> {
  return write(deps, caller, async ({ trx, audit }) => {
    const doc = await loadDoc(trx, documentId);
    await assertOwnerEdits(trx, caller, doc.list_id);
    const parentId = input.parentId ?? null;
    if (parentId !== null) {
      const parent = await trx.selectFrom('source_items').select(['document_id']).where('id', '=', parentId).executeTakeFirst();
      if (!parent || parent.document_id !== documentId) throw new AppError(400, 'SOURCE_PARENT_INVALID');
    }
    const last = await trx
      .selectFrom('source_items')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('document_id', '=', documentId)
      .where((eb) => (parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', parentId)))
      .executeTakeFirst();
    const row = await trx
      .insertInto('source_items')
      .values({
        document_id: documentId,
        parent_id: parentId,
        seq: Number(last?.seq ?? 0) + 1,
        label: input.label,
        text: input.text,
        involves_committee: input.involvesCommittee,
      })
      .returning(['id', 'document_id', 'parent_id', 'seq', 'label', 'text', 'involves_committee', 'version'])
      .executeTakeFirstOrThrow();
    audit({ action: 'sourceItem.create', entityType: 'sourceItem', entityId: row.id, after: itemAudit(row) });
    return toItem(row, await depthOf(trx, parentId), 0);
  });
}

export async function updateSourceItem(deps: Deps, caller: Caller, id: number, input: SourceItemInput & { version: number }): Promise<SourceItem> {
  return write(deps, caller, async ({ trx, audit }) => {
    const head = await loadItem(trx, id);
    await assertOwnerEdits(trx, caller, head.list_id);
    const before = await loadItem(trx, id, true);
    const kids = await trx.selectFrom('source_items').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow();
    const depth = await depthOf(trx, before.parent_id);
    assertVersion(before, input.version, toItem(before, depth, Number(kids.n)));
    const after: ItemRow = { ...before, label: input.label, text: input.text, involves_committee: input.involvesCommittee, version: before.version + 1 };
    await trx
      .updateTable('source_items')
      .set({ label: after.label, text: after.text, involves_committee: after.involves_committee, version: after.version })
      .where('id', '=', id)
      .execute();
    audit({ action: 'sourceItem.update', entityType: 'sourceItem', entityId: id, before: itemAudit(before), after: itemAudit(after) });
    return toItem(after, depth, Number(kids.n));
  });
}

/** Delete an item and everything under it (their links and waivers go with them); later siblings close up. */
export async function deleteSourceItem(deps: Deps, caller: Caller, id: number): Promise<{ deleted: number }> {
  return write(deps, caller, async ({ trx, audit }) => {
    const head = await loadItem(trx, id);
    await assertOwnerEdits(trx, caller, head.list_id);
    const before = await loadItem(trx, id, true);
    const sub = await sql<{ id: number }>`
      WITH RECURSIVE down(id) AS (
        SELECT id FROM source_items WHERE id = ${id}
        UNION ALL SELECT i.id FROM source_items i JOIN down ON i.parent_id = down.id
      ) SELECT id FROM down`.execute(trx);
    const ids = sub.rows.map((r) => r.id);
    await trx.deleteFrom('source_items').where('id', 'in', ids).execute();
    await trx
      .updateTable('source_items')
      .set((eb) => ({ seq: eb('seq', '-', 1) }))
      .where('document_id', '=', before.document_id)
      .where((eb) => (before.parent_id === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', before.parent_id)))
      .where('seq', '>', before.seq)
      .execute();
    audit({ action: 'sourceItem.delete', entityType: 'sourceItem', entityId: id, before: { ...itemAudit(before), subtree: ids.length } });
    return { deleted: ids.length };
  });
}
