/** Source documents and items as the API shows them, and the reads shared by the use cases. */
import { z } from 'zod';
import { SOURCE_KINDS, type SourceKind } from '@qingdan/core';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../http/errors.ts';
import type { Trx } from './rights.ts';

type K = Kysely<Database> | Trx;

export const sourceDocumentSchema = z.object({
  id: z.number().int(),
  listId: z.number().int(),
  kind: z.enum(SOURCE_KINDS),
  title: z.string(),
  docNumber: z.string(),
  version: z.number().int(),
  itemCount: z.number().int(),
});
export type SourceDocument = z.infer<typeof sourceDocumentSchema>;

export const sourceItemSchema = z.object({
  id: z.number().int(),
  documentId: z.number().int(),
  parentId: z.number().int().nullable(),
  seq: z.number().int(),
  label: z.string(),
  text: z.string(),
  involvesCommittee: z.boolean(),
  version: z.number().int(),
  /** 1 for an aspect or chapter, 2 for its items, … */
  depth: z.number().int(),
  childCount: z.number().int(),
});
export type SourceItem = z.infer<typeof sourceItemSchema>;

export const sourceDocumentDetailSchema = sourceDocumentSchema.extend({ items: z.array(sourceItemSchema) });

export interface DocRow {
  id: number;
  list_id: number;
  kind: SourceKind;
  title: string;
  doc_number: string;
  version: number;
}

export interface ItemRow {
  id: number;
  document_id: number;
  parent_id: number | null;
  seq: number;
  label: string;
  text: string;
  involves_committee: boolean;
  version: number;
}

export const docDto = (d: DocRow, itemCount: number): SourceDocument => ({
  id: d.id,
  listId: d.list_id,
  kind: d.kind,
  title: d.title,
  docNumber: d.doc_number,
  version: d.version,
  itemCount,
});

export const docAudit = (d: DocRow) => ({ listId: d.list_id, kind: d.kind, title: d.title, docNumber: d.doc_number, version: d.version });
export const itemAudit = (i: ItemRow) => ({
  documentId: i.document_id,
  parentId: i.parent_id,
  seq: i.seq,
  label: i.label,
  text: i.text,
  involvesCommittee: i.involves_committee,
  version: i.version,
});

export async function loadDoc(k: K, id: number, lock = false): Promise<DocRow> {
  let q = k.selectFrom('source_documents').select(['id', 'list_id', 'kind', 'title', 'doc_number', 'version']).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function loadItem(k: K, id: number, lock = false): Promise<ItemRow & { list_id: number }> {
  let q = k
    .selectFrom('source_items as i')
    .innerJoin('source_documents as d', 'd.id', 'i.document_id')
    .select(['i.id', 'i.document_id', 'i.parent_id', 'i.seq', 'i.label', 'i.text', 'i.involves_committee', 'i.version', 'd.list_id'])
    .where('i.id', '=', id);
  if (lock) q = q.forUpdate('i');
  const row = await q.executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export const itemDto = (r: ItemRow, depth: number, childCount: number): SourceItem => ({
  id: r.id,
  documentId: r.document_id,
  parentId: r.parent_id,
  seq: r.seq,
  label: r.label,
  text: r.text,
  involvesCommittee: r.involves_committee,
  version: r.version,
  depth,
  childCount,
});

/** The items of documents, in tree order (parent before children, children by seq), with depth. */
export function treeOrder(rows: readonly ItemRow[]): SourceItem[] {
  const kids = new Map<number | null, ItemRow[]>();
  for (const r of rows) {
    const a = kids.get(r.parent_id);
    if (a) a.push(r);
    else kids.set(r.parent_id, [r]);
  }
  for (const a of kids.values()) a.sort((x, y) => x.seq - y.seq || x.id - y.id);
  const out: SourceItem[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const r of kids.get(parent) ?? []) {
      out.push(itemDto(r, depth, kids.get(r.id)?.length ?? 0));
      walk(r.id, depth + 1);
    }
  };
  walk(null, 1);
  return out;
}

export async function itemsOf(k: K, documentIds: readonly number[]): Promise<ItemRow[]> {
  if (documentIds.length === 0) return [];
  return k
    .selectFrom('source_items')
    .select(['id', 'document_id', 'parent_id', 'seq', 'label', 'text', 'involves_committee', 'version'])
    .where('document_id', 'in', documentIds)
    .execute();
}

export function assertVersion(row: { version: number }, version: number, current: unknown): void {
  if (row.version !== version) throw new AppError(409, 'CONFLICT', {}, [], { current });
}

/** A fresh id from an identity column's sequence (to insert trees in one statement). */
export const ID_SEQUENCE = "pg_get_serial_sequence('source_items', 'id')";
