/**
 * Snapshots of a list: the list as it stands, in the `ListSnapshotData` format of core/lists.ts.
 * The lifecycle transitions call `saveSnapshot` inside their transaction; comparisons call
 * `buildSnapshot` for "the list as it is now".
 */
import type { Kysely, Transaction } from 'kysely';
import type { ListSnapshotData } from '@qingdan/core';
import type { Database } from '../../../db/schema.ts';
import { notFound } from '../../../http/errors.ts';
import { loadListStructure } from '../structure/load-list.ts';

type Q = Kysely<Database> | Transaction<Database>;

function weightOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n.toFixed(2) : String(v);
}

/**
 * The list `listId` as it stands now: parts (with drafting organisations' names), sections and the
 * tasks that are not withdrawn, with their official numbers — a projection of
 * `loadListStructure`, so that snapshots number tasks exactly as the list page does.
 */
export async function buildSnapshot(trx: Q, listId: number): Promise<ListSnapshotData> {
  const s = await loadListStructure(trx, listId);
  if (!s) throw notFound();
  const partSeq = new Map(s.parts.map((p, i) => [p.id, i]));
  return {
    list: { id: s.list.id, year: s.list.year, title: s.list.title, status: s.list.status, revision: s.list.revision, docNumber: s.list.docNumber },
    parts: s.parts.map((p) => ({ id: p.id, seq: p.seq, title: p.title, draftingOrgId: p.draftingOrgId, draftingOrgName: p.draftingOrgName })),
    sections: [...s.sections]
      .sort((a, b) => (partSeq.get(a.partId) ?? 0) - (partSeq.get(b.partId) ?? 0) || a.seq - b.seq || a.id - b.id)
      .map((x) => ({ id: x.id, partId: x.partId, seq: x.seq, title: x.title })),
    tasks: s.tasks
      .filter((t) => t.number !== null)
      .map((t) => ({
        id: t.id,
        code: t.code,
        originCode: t.originCode,
        number: t.number as number,
        partId: t.partId,
        partSeq: t.partSeq,
        sectionId: t.sectionId,
        levelCode: t.levelCode,
        seq: t.seq,
        content: t.content,
        requirements: t.requirements,
        frequency: t.frequency,
        dueRule: t.dueRule,
        evidence: t.evidence,
        reviewerOrgId: t.reviewerOrgId,
        weight: weightOf(t.weight),
        sourceItemIds: t.sourceItemIds,
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
