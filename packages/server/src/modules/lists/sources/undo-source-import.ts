/**
 * Undo a whole import into a source document in one step: the items it wrote go (with any task
 * links made to them since), and what a replacing import removed comes back — the items with
 * their ids, and their task links and waivers where the task still exists.
 *
 * Only the document's latest import can be undone, and only while its items are as it wrote them:
 * none edited, none added below them, and — after a replace — nothing added beside them. Anything
 * else is a 409 that says why, and nothing changes.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import { write } from '../../../write.ts';
import { assertOwnerEdits, type Caller, type Trx } from './rights.ts';
import { docDto, itemsOf, loadDoc, sourceDocumentSchema, type ItemRow } from './source-rows.ts';
import type { Database } from '../../../db/schema.ts';
import type { Kysely } from 'kysely';

type K = Kysely<Database> | Trx;

export const lastImportSchema = z.object({
  id: z.number().int(),
  fileName: z.string(),
  format: z.enum(['xlsx', 'docx']),
  replaced: z.boolean(),
  /** Items the import wrote. */
  imported: z.number().int(),
  /** Items it removed (replace), which an undo brings back. */
  removed: z.number().int(),
  /** Task links made since to the items it wrote (an undo removes them). */
  linkedSince: z.number().int(),
  createdAt: z.string(),
  /** Why it can no longer be undone, or null when it can. */
  blockedBy: z.enum(['SOURCE_IMPORT_UNDO_EDITED', 'SOURCE_IMPORT_UNDO_ADDED']).nullable(),
});
export type LastImport = z.infer<typeof lastImportSchema>;

export const undoResultSchema = z.object({ removed: z.number().int(), restored: z.number().int(), document: sourceDocumentSchema });

interface ImportRow {
  id: number;
  file_name: string;
  format: 'xlsx' | 'docx';
  replaced: boolean;
  item_ids: unknown;
  removed: unknown;
  created_at: Date | string;
}

interface Removed {
  items: ItemRow[];
  links: { task_id: number; source_item_id: number; created_at: string }[];
  waivers: { list_id: number; source_item_id: number; reason: string; account_id: number | null; created_at: string }[];
}

const parse = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

async function latestImport(k: K, documentId: number, lock: boolean): Promise<ImportRow | null> {
  let q = k
    .selectFrom('source_imports')
    .select(['id', 'file_name', 'format', 'replaced', 'item_ids', 'removed', 'created_at'])
    .where('document_id', '=', documentId)
    .where('undone_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(1);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

/** Why the import can no longer be undone (its items edited, or items added below or beside them), or null. */
function blockedBy(imp: ImportRow, items: ItemRow[]): LastImport['blockedBy'] {
  const ids = new Set(parse<number[]>(imp.item_ids));
  const mine = items.filter((i) => ids.has(i.id));
  if (mine.length !== ids.size || mine.some((i) => i.version !== 1)) return 'SOURCE_IMPORT_UNDO_EDITED';
  const others = items.filter((i) => !ids.has(i.id));
  if (others.some((i) => i.parent_id !== null && ids.has(i.parent_id))) return 'SOURCE_IMPORT_UNDO_ADDED';
  if (imp.replaced && others.length > 0) return 'SOURCE_IMPORT_UNDO_ADDED';
  return null;
}

/** The document's latest import that has not been undone, with whether it still can be; null when there is none. */
export async function lastSourceImport(deps: Deps, documentId: number): Promise<LastImport | null> {
  const k = deps.db.kysely;
  await loadDoc(k, documentId);
  const imp = await latestImport(k, documentId, false);
  if (!imp) return null;
  const ids = parse<number[]>(imp.item_ids);
  const items = await itemsOf(k, [documentId]);
  const linked = ids.length === 0
    ? 0
    : (await sql<{ n: number }>`SELECT count(*)::int AS n FROM task_sources WHERE source_item_id = ANY(${sql.val(ids)}::int[])`.execute(k)).rows[0]!.n;
  return {
    id: imp.id,
    fileName: imp.file_name,
    format: imp.format,
    replaced: imp.replaced,
    imported: ids.length,
    removed: imp.removed === null ? 0 : parse<Removed>(imp.removed).items.length,
    linkedSince: linked,
    createdAt: new Date(imp.created_at).toISOString(),
    blockedBy: blockedBy(imp, items),
  };
}

/** Parents before their children. */
function parentsFirst(items: ItemRow[]): ItemRow[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const depth = (i: ItemRow): number => {
    let d = 0;
    for (let p = i.parent_id; p !== null && byId.has(p) && d < 100; p = byId.get(p)!.parent_id) d++;
    return d;
  };
  return [...items].sort((a, b) => depth(a) - depth(b) || a.id - b.id);
}

export async function undoSourceImport(deps: Deps, caller: Caller, documentId: number, importId: number) {
  return write(deps, caller, async ({ trx, now, audit }) => {
    const head = await loadDoc(trx, documentId);
    await assertOwnerEdits(trx, caller, head.list_id);
    const doc = await loadDoc(trx, documentId, true);
    const imp = await latestImport(trx, documentId, true);
    if (!imp || imp.id !== importId) throw new AppError(409, 'SOURCE_IMPORT_UNDO_NOT_LATEST');
    const items = await itemsOf(trx, [documentId]);
    const blocked = blockedBy(imp, items);
    if (blocked) throw new AppError(409, blocked);

    const ids = parse<number[]>(imp.item_ids);
    if (ids.length > 0) await sql`DELETE FROM source_items WHERE document_id = ${documentId} AND id = ANY(${sql.val(ids)}::int[])`.execute(trx);
    let restored = 0;
    if (imp.removed !== null) {
      const removed = parse<Removed>(imp.removed);
      const rows = parentsFirst(removed.items);
      for (let i = 0; i < rows.length; i += 5_000) {
        await trx.insertInto('source_items').values(rows.slice(i, i + 5_000).map((r) => ({ ...r, document_id: documentId }))).execute();
      }
      restored = rows.length;
      if (removed.links.length > 0) {
        await sql`INSERT INTO task_sources (task_id, source_item_id, created_at)
                  SELECT m.task_id, m.source_item_id, m.created_at FROM jsonb_to_recordset(${JSON.stringify(removed.links)}::jsonb)
                    AS m(task_id int, source_item_id int, created_at timestamptz)
                  WHERE EXISTS (SELECT 1 FROM list_tasks t WHERE t.id = m.task_id)
                  ON CONFLICT DO NOTHING`.execute(trx);
      }
      if (removed.waivers.length > 0) {
        await sql`INSERT INTO coverage_waivers (list_id, source_item_id, reason, account_id, created_at)
                  SELECT m.list_id, m.source_item_id, m.reason, m.account_id, m.created_at FROM jsonb_to_recordset(${JSON.stringify(removed.waivers)}::jsonb)
                    AS m(list_id int, source_item_id int, reason text, account_id int, created_at timestamptz)
                  ON CONFLICT DO NOTHING`.execute(trx);
      }
    } else {
      // An appended import leaves a gap if items were added after it: close up the top level.
      await sql`UPDATE source_items s SET seq = n.rn FROM (
                  SELECT id, row_number() OVER (ORDER BY seq, id)::int AS rn FROM source_items WHERE document_id = ${documentId} AND parent_id IS NULL
                ) n WHERE s.id = n.id AND s.seq <> n.rn`.execute(trx);
    }
    const version = doc.version + 1;
    await trx.updateTable('source_documents').set({ version }).where('id', '=', documentId).execute();
    await trx.updateTable('source_imports').set({ undone_at: now }).where('id', '=', imp.id).execute();
    const count = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM source_items WHERE document_id = ${documentId}`.execute(trx)).rows[0]!.n;
    audit({
      action: 'sourceDocument.importUndone',
      entityType: 'sourceDocument',
      entityId: documentId,
      before: { importId: imp.id, items: items.length },
      after: { removed: ids.length, restored, items: count },
    });
    return { removed: ids.length, restored, document: docDto({ ...doc, version }, count) };
  });
}
