/**
 * Snapshots of a list: the list as it stands, in the `ListSnapshotData` format of core/lists.ts.
 * The lifecycle transitions call `saveSnapshot` inside their transaction; comparisons call
 * `buildSnapshot` for "the list as it is now".
 */
import type { Kysely, Transaction } from 'kysely';
import type { DueRule, Frequency, ListSnapshotData, ListStatus } from '@qingdan/core';
import type { Database } from '../../../db/schema.ts';
import { notFound } from '../../../http/errors.ts';

type Q = Kysely<Database> | Transaction<Database>;

function dueRuleOf(v: unknown): DueRule {
  const o = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  if (o && typeof o === 'object' && 'kind' in o) return o as DueRule;
  return { kind: 'yearEnd' };
}

function weightOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n.toFixed(2) : String(v);
}

/**
 * The list `listId` as it stands now: parts (with drafting organisations' names), sections and the
 * tasks that are not withdrawn, numbered continuously through the list in the order
 * part → level (responsibility_levels.sort_order) → seq, starting at 1.
 */
export async function buildSnapshot(trx: Q, listId: number): Promise<ListSnapshotData> {
  const list = await trx
    .selectFrom('responsibility_lists')
    .select(['id', 'year', 'title', 'status', 'revision', 'doc_number'])
    .where('id', '=', listId)
    .executeTakeFirst();
  if (!list) throw notFound();

  const parts = await trx
    .selectFrom('list_parts as p')
    .leftJoin('orgs as o', 'o.id', 'p.drafting_org_id')
    .select(['p.id', 'p.seq', 'p.title', 'p.drafting_org_id', 'o.name as org_name'])
    .where('p.list_id', '=', listId)
    .orderBy('p.seq')
    .orderBy('p.id')
    .execute();

  const sections = await trx
    .selectFrom('list_sections as s')
    .innerJoin('list_parts as p', 'p.id', 's.part_id')
    .select(['s.id', 's.part_id', 's.seq', 's.title'])
    .where('s.list_id', '=', listId)
    .orderBy('p.seq')
    .orderBy('s.seq')
    .orderBy('s.id')
    .execute();

  const tasks = await trx
    .selectFrom('list_tasks as t')
    .innerJoin('list_parts as p', 'p.id', 't.part_id')
    .innerJoin('responsibility_levels as l', 'l.code', 't.level_code')
    .leftJoin('list_tasks as o', 'o.id', 't.origin_task_id')
    .select([
      't.id',
      't.code',
      'o.code as origin_code',
      't.part_id',
      'p.seq as part_seq',
      't.section_id',
      't.level_code',
      't.seq',
      't.content',
      't.requirements',
      't.frequency',
      't.due_rule',
      't.evidence',
      't.reviewer_org_id',
      't.weight',
    ])
    .where('t.list_id', '=', listId)
    .where('t.withdrawn_at', 'is', null)
    .orderBy('p.seq')
    .orderBy('p.id')
    .orderBy('l.sort_order')
    .orderBy('t.seq')
    .orderBy('t.id')
    .execute();

  const links = await trx
    .selectFrom('task_sources as ts')
    .innerJoin('list_tasks as t', 't.id', 'ts.task_id')
    .select(['ts.task_id', 'ts.source_item_id'])
    .where('t.list_id', '=', listId)
    .orderBy('ts.task_id')
    .orderBy('ts.source_item_id')
    .execute();
  const sourcesOf = new Map<number, number[]>();
  for (const l of links) {
    const arr = sourcesOf.get(l.task_id);
    if (arr) arr.push(l.source_item_id);
    else sourcesOf.set(l.task_id, [l.source_item_id]);
  }

  return {
    list: {
      id: list.id,
      year: list.year,
      title: list.title,
      status: list.status as ListStatus,
      revision: list.revision,
      docNumber: list.doc_number,
    },
    parts: parts.map((p) => ({
      id: p.id,
      seq: p.seq,
      title: p.title,
      draftingOrgId: p.drafting_org_id,
      draftingOrgName: p.org_name ?? null,
    })),
    sections: sections.map((s) => ({ id: s.id, partId: s.part_id, seq: s.seq, title: s.title })),
    tasks: tasks.map((t, i) => ({
      id: t.id,
      code: t.code,
      originCode: t.origin_code ?? null,
      number: i + 1,
      partId: t.part_id,
      partSeq: t.part_seq,
      sectionId: t.section_id,
      levelCode: t.level_code,
      seq: t.seq,
      content: t.content,
      requirements: t.requirements,
      frequency: t.frequency as Frequency,
      dueRule: dueRuleOf(t.due_rule),
      evidence: t.evidence,
      reviewerOrgId: t.reviewer_org_id,
      weight: weightOf(t.weight),
      sourceItemIds: sourcesOf.get(t.id) ?? [],
    })),
  };
}

/**
 * Stores the list as it stands now as a snapshot labelled `label` (e.g. "送审稿", "印发稿"),
 * with the list's status and revision at that moment. Returns the snapshot's id. `at` is the
 * business time of the snapshot (pass `deps.clock.now()`); the database's time when omitted.
 */
export async function saveSnapshot(trx: Q, listId: number, label: string, at?: Date): Promise<number> {
  const data = await buildSnapshot(trx, listId);
  const row = await trx
    .insertInto('list_snapshots')
    .values({ list_id: listId, label, status: data.list.status, revision: data.list.revision, data: JSON.stringify(data), ...(at ? { created_at: at } : {}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
