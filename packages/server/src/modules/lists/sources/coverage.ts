/**
 * Coverage of a list: every item that must be carried out by tasks — each leaf item of the work
 * points, and each leaf item of the upper-level list that involves the committee (it and all its
 * ancestors marked so) — with the tasks linked to it, its waiver if any, and whether it is covered.
 * Withdrawn tasks cover nothing. `loadCoverage` is also what the submit check reads.
 */
import { z } from 'zod';
import type { Kysely } from 'kysely';
import { SOURCE_KINDS } from '@qingdan/core';
import type { Db } from '../../../db/database.ts';
import type { Database } from '../../../db/schema.ts';
import { notFound } from '../../../http/errors.ts';
import { loadListStructure } from '../structure/load-list.ts';
import { itemsOf, treeOrder, type SourceItem } from './source-rows.ts';

const coverTaskSchema = z.object({ id: z.number().int(), number: z.number().int(), code: z.string(), content: z.string(), levelCode: z.string() });
const waiverSchema = z.object({ reason: z.string(), by: z.string(), createdAt: z.string() });

export const coverageItemSchema = z.object({
  id: z.number().int(),
  documentId: z.number().int(),
  documentKind: z.enum(SOURCE_KINDS),
  label: z.string(),
  text: z.string(),
  /** Labels and texts of the ancestors, top first, e.g. ["一、坚持党的政治建设"]. */
  ancestors: z.array(z.string()),
  tasks: z.array(coverTaskSchema),
  waiver: waiverSchema.nullable(),
  /** Linked to at least one (not withdrawn) task. */
  covered: z.boolean(),
  waived: z.boolean(),
});
export const coverageSchema = z.object({
  listId: z.number().int(),
  totals: z.object({ required: z.number().int(), covered: z.number().int(), waived: z.number().int(), uncovered: z.number().int() }),
  documents: z.array(
    z.object({
      id: z.number().int(),
      kind: z.enum(SOURCE_KINDS),
      title: z.string(),
      docNumber: z.string(),
      required: z.number().int(),
      covered: z.number().int(),
      waived: z.number().int(),
    }),
  ),
  items: z.array(coverageItemSchema),
});
export type Coverage = z.infer<typeof coverageSchema>;
export type CoverageItem = z.infer<typeof coverageItemSchema>;

type K = Kysely<Database>;

/** The items of the given tree-ordered items that must be covered. */
export function requiredItems(kind: (typeof SOURCE_KINDS)[number], items: readonly SourceItem[]): { item: SourceItem; ancestors: SourceItem[] }[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const out: { item: SourceItem; ancestors: SourceItem[] }[] = [];
  for (const item of items) {
    if (item.childCount > 0) continue;
    const ancestors: SourceItem[] = [];
    for (let p = item.parentId === null ? undefined : byId.get(item.parentId); p; p = p.parentId === null ? undefined : byId.get(p.parentId)) ancestors.unshift(p);
    if (kind === 'upperList' && !(item.involvesCommittee && ancestors.every((a) => a.involvesCommittee))) continue;
    out.push({ item, ancestors });
  }
  return out;
}

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

export async function loadCoverage(db: Db | K, listId: number): Promise<Coverage> {
  const k: K = 'kysely' in db ? db.kysely : db;
  const structure = await loadListStructure(k, listId);
  if (!structure) throw notFound();
  const docs = await k
    .selectFrom('source_documents')
    .select(['id', 'kind', 'title', 'doc_number'])
    .where('list_id', '=', listId)
    .orderBy('id')
    .execute();
  docs.sort((a, b) => (a.kind === b.kind ? a.id - b.id : a.kind === 'upperList' ? -1 : 1));
  const all = await itemsOf(k, docs.map((d) => d.id));
  const waivers = await k
    .selectFrom('coverage_waivers as w')
    .leftJoin('accounts as a', 'a.id', 'w.account_id')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select(['w.source_item_id', 'w.reason', 'w.created_at', 'p.name'])
    .where('w.list_id', '=', listId)
    .execute();
  const waiverOf = new Map(waivers.map((w) => [w.source_item_id, { reason: w.reason, by: w.name ?? '', createdAt: iso(w.created_at) }]));
  const tasksOf = new Map<number, z.infer<typeof coverTaskSchema>[]>();
  for (const t of structure.tasks) {
    if (t.number === null) continue;
    for (const id of t.sourceItemIds) {
      const a = tasksOf.get(id) ?? [];
      a.push({ id: t.id, number: t.number, code: t.code, content: t.content, levelCode: t.levelCode });
      tasksOf.set(id, a);
    }
  }

  const items: CoverageItem[] = [];
  const documents: Coverage['documents'] = [];
  for (const d of docs) {
    const tree = treeOrder(all.filter((i) => i.document_id === d.id));
    const req = requiredItems(d.kind, tree);
    let covered = 0;
    let waived = 0;
    for (const { item, ancestors } of req) {
      const tasks = tasksOf.get(item.id) ?? [];
      const waiver = waiverOf.get(item.id) ?? null;
      if (tasks.length > 0) covered++;
      else if (waiver) waived++;
      items.push({
        id: item.id,
        documentId: d.id,
        documentKind: d.kind,
        label: item.label,
        text: item.text,
        ancestors: ancestors.map((a) => `${a.label}${a.text}`),
        tasks,
        waiver,
        covered: tasks.length > 0,
        waived: waiver !== null,
      });
    }
    documents.push({ id: d.id, kind: d.kind, title: d.title, docNumber: d.doc_number, required: req.length, covered, waived });
  }
  const required = items.length;
  const covered = items.filter((i) => i.covered).length;
  const waived = items.filter((i) => !i.covered && i.waived).length;
  return { listId, totals: { required, covered, waived, uncovered: required - covered - waived }, documents, items };
}
