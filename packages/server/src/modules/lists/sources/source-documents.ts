/** Source documents of a list: the upper-level list and the year's work points. */
import { z } from 'zod';
import { sql } from 'kysely';
import { SOURCE_KINDS } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { write } from '../../../write.ts';
import { assertOwnerEdits, type Caller } from './rights.ts';
import {
  assertVersion, docAudit, docDto, itemsOf, loadDoc, treeOrder, type SourceDocument, type SourceItem,
} from './source-rows.ts';

export const sourceDocumentInputSchema = z.object({
  kind: z.enum(SOURCE_KINDS),
  title: z.string().trim().min(1).max(200),
  docNumber: z.string().trim().max(100).default(''),
});
export type SourceDocumentInput = z.infer<typeof sourceDocumentInputSchema>;

export async function listSourceDocuments(deps: Deps, listId: number): Promise<SourceDocument[]> {
  const rows = await deps.db.kysely
    .selectFrom('source_documents as d')
    .select(['d.id', 'd.list_id', 'd.kind', 'd.title', 'd.doc_number', 'd.version'])
    .select(sql<number>`(SELECT count(*)::int FROM source_items i WHERE i.document_id = d.id)`.as('n'))
    .where('d.list_id', '=', listId)
    .orderBy(sql`CASE d.kind WHEN 'upperList' THEN 0 ELSE 1 END`)
    .orderBy('d.id')
    .execute();
  return rows.map((r) => docDto(r, r.n));
}

export async function getSourceDocument(deps: Deps, id: number): Promise<SourceDocument & { items: SourceItem[] }> {
  const doc = await loadDoc(deps.db.kysely, id);
  const items = treeOrder(await itemsOf(deps.db.kysely, [id]));
  return { ...docDto(doc, items.length), items };
}

export async function createSourceDocument(deps: Deps, caller: Caller, listId: number, input: SourceDocumentInput): Promise<SourceDocument> {
  return write(deps, caller, async ({ trx, now, audit }) => {
    await assertOwnerEdits(trx, caller, listId);
    const row = await trx
      .insertInto('source_documents')
      .values({ list_id: listId, kind: input.kind, title: input.title, doc_number: input.docNumber, created_at: now })
      .returning(['id', 'list_id', 'kind', 'title', 'doc_number', 'version'])
      .executeTakeFirstOrThrow();
    audit({ action: 'sourceDocument.create', entityType: 'sourceDocument', entityId: row.id, after: docAudit(row) });
    return docDto(row, 0);
  });
}

export async function updateSourceDocument(
  deps: Deps, caller: Caller, id: number, input: SourceDocumentInput & { version: number },
): Promise<SourceDocument> {
  return write(deps, caller, async ({ trx, audit }) => {
    const head = await loadDoc(trx, id);
    await assertOwnerEdits(trx, caller, head.list_id);
    const before = await loadDoc(trx, id, true);
    const n = (await itemsOf(trx, [id])).length;
    assertVersion(before, input.version, docDto(before, n));
    const after = { ...before, kind: input.kind, title: input.title, doc_number: input.docNumber, version: before.version + 1 };
    await trx
      .updateTable('source_documents')
      .set({ kind: after.kind, title: after.title, doc_number: after.doc_number, version: after.version })
      .where('id', '=', id)
      .execute();
    audit({ action: 'sourceDocument.update', entityType: 'sourceDocument', entityId: id, before: docAudit(before), after: docAudit(after) });
    return docDto(after, n);
  });
}

/** Delete a document with its items; their links and waivers go with them. */
export async function deleteSourceDocument(deps: Deps, caller: Caller, id: number): Promise<void> {
  await write(deps, caller, async ({ trx, audit }) => {
    const head = await loadDoc(trx, id);
    await assertOwnerEdits(trx, caller, head.list_id);
    const before = await loadDoc(trx, id, true);
    const items = await itemsOf(trx, [id]);
    const links = items.length
      ? await trx.selectFrom('task_sources').select((eb) => eb.fn.countAll<number>().as('n')).where('source_item_id', 'in', items.map((i) => i.id)).executeTakeFirstOrThrow()
      : { n: 0 };
    // One statement: the parent references inside the document are checked at its end.
    await trx.deleteFrom('source_items').where('document_id', '=', id).execute();
    await trx.deleteFrom('source_documents').where('id', '=', id).execute();
    audit({
      action: 'sourceDocument.delete',
      entityType: 'sourceDocument',
      entityId: id,
      before: { ...docAudit(before), items: items.length, links: Number(links.n) },
    });
  });
}
