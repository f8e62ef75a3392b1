/**
 * What must hold before a list goes to the secretary's office meeting (送审):
 *   - coverage: every requirement of the source documents is carried by a task of the list, or was
 *     explicitly waived. The requirements are the leaves of each document's tree: every item of a
 *     'workPoints' document without children, and every item of an 'upperList' document that has
 *     no children and involves the committee (involves_committee on it and on all its ancestors:
 *     a chapter marked as not involving the committee takes its items with it, as the sources page
 *     shows it). An item is covered when a
 *     task_sources link ties it to a task of this list that is not withdrawn, or when a
 *     coverage_waivers row of this list names it.
 *   - every opinion of the list has been answered (handling set).
 * The sources sub-module shows the same coverage data (`coverageItems`).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { SourceKind } from '@qingdan/core';
import type { Database } from '../../../db/schema.ts';

type K = Kysely<Database> | Transaction<Database>;

export interface CoverageItem {
  id: number;
  documentId: number;
  documentTitle: string;
  documentKind: SourceKind;
  parentId: number | null;
  label: string;
  text: string;
  /** Tasks of this list (not withdrawn) that carry the item. */
  taskIds: number[];
  waived: boolean;
  waiverReason: string | null;
  covered: boolean;
}

interface Row {
  id: number;
  document_id: number;
  document_title: string;
  document_kind: SourceKind;
  parent_id: number | null;
  label: string;
  text: string;
  task_ids: number[] | null;
  waiver_reason: string | null;
}

/**
 * The requirements of a list's source documents with their coverage, in document order and tree
 * order. `onlyUncovered` keeps the gaps; `limit` the first ones.
 */
export async function coverageItems(k: K, listId: number, opts: { onlyUncovered?: boolean; limit?: number } = {}): Promise<CoverageItem[]> {
  const r = await sql<Row>`
    WITH RECURSIVE tree AS (
      SELECT i.id, i.document_id, i.parent_id, ARRAY[i.seq, i.id] AS sort_path, i.involves_committee AS involves
      FROM source_items i JOIN source_documents d ON d.id = i.document_id
      WHERE d.list_id = ${listId} AND i.parent_id IS NULL
      UNION ALL
      SELECT c.id, c.document_id, c.parent_id, t.sort_path || ARRAY[c.seq, c.id], t.involves AND c.involves_committee
      FROM source_items c JOIN tree t ON c.parent_id = t.id
    ),
    req AS (
      SELECT i.id, i.document_id, d.title AS document_title, d.kind AS document_kind, i.parent_id, i.label, i.text,
             tr.sort_path,
             (SELECT array_agg(t.id ORDER BY t.id) FROM task_sources ts JOIN list_tasks t ON t.id = ts.task_id
               WHERE ts.source_item_id = i.id AND t.list_id = ${listId} AND t.withdrawn_at IS NULL) AS task_ids,
             (SELECT w.reason FROM coverage_waivers w WHERE w.list_id = ${listId} AND w.source_item_id = i.id) AS waiver_reason
      FROM tree tr
      JOIN source_items i ON i.id = tr.id
      JOIN source_documents d ON d.id = i.document_id
      WHERE NOT EXISTS (SELECT 1 FROM source_items c WHERE c.parent_id = i.id)
        AND (d.kind = 'workPoints' OR (d.kind = 'upperList' AND tr.involves))
    )
    SELECT id, document_id, document_title, document_kind, parent_id, label, text, task_ids, waiver_reason
    FROM req
    ${opts.onlyUncovered ? sql`WHERE task_ids IS NULL AND waiver_reason IS NULL` : sql``}
    ORDER BY document_id, sort_path
    ${opts.limit !== undefined ? sql`LIMIT ${opts.limit}` : sql``}`.execute(k);
  return r.rows.map((x) => {
    const taskIds = (x.task_ids ?? []).map(Number);
    return {
      id: x.id,
      documentId: x.document_id,
      documentTitle: x.document_title,
      documentKind: x.document_kind,
      parentId: x.parent_id,
      label: x.label,
      text: x.text,
      taskIds,
      waived: x.waiver_reason !== null,
      waiverReason: x.waiver_reason,
      covered: taskIds.length > 0 || x.waiver_reason !== null,
    };
  });
}

/** How many requirements are neither covered nor waived, and the first of them. */
export async function uncoveredItems(k: K, listId: number, first = 10): Promise<{ count: number; items: CoverageItem[] }> {
  const all = await coverageItems(k, listId, { onlyUncovered: true });
  return { count: all.length, items: all.slice(0, first) };
}

/** How many opinions of the list have not been answered. */
export async function unansweredOpinionCount(k: K, listId: number): Promise<number> {
  const r = await k
    .selectFrom('opinions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('list_id', '=', listId)
    .where('handling', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
