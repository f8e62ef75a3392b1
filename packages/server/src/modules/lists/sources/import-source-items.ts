/**
 * Import items into a source document from Excel or Word: all or nothing, appended or replacing.
 *
 * The import names its target: a check (`dryRun`) reads the file and answers what would be written
 * — chapters and content items counted apart (core outlineCounts), into which document, how many
 * items a replace removes, the closing lines of the document left out — and writes nothing but
 * the audit trail's record of the upload. A real import also keeps what it did (`source_imports`)
 * so that it can be undone in one step (undo-source-import.ts).
 */
import { sql } from 'kysely';
import { outlineCounts, type OutlineCounts } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import { write } from '../../../write.ts';
import { assertOwnerEdits, type Caller } from './rights.ts';
import { docDto, ID_SEQUENCE, itemsOf, loadDoc, type SourceDocument } from './source-rows.ts';
import { readSourceFile, type ParsedItem } from './read-source-file.ts';
import { unpackedLimit, withImportSlot } from '../../imports/limits.ts';
import { uploadEntry, type Upload } from '../../imports/upload-audit.ts';

export interface ImportResult {
  dryRun: boolean;
  format: 'xlsx' | 'docx';
  /** Items written (or, for a check, that would be). */
  imported: number;
  /** Chapters (items with sub-items) and content items among them. */
  counts: OutlineCounts;
  /** Items removed first (replace mode), or that would be. */
  removed: number;
  /** Closing lines of a Word document (issuer, date …) that were left out. */
  ignored: string[];
  /** The import, for undoing it; null for a check. */
  importId: number | null;
  document: SourceDocument;
}

const CHUNK = 5_000; // 7 parameters a row: well under 65,535

export async function importSourceItems(
  deps: Deps, caller: Caller, documentId: number, file: Buffer, opts: { replace: boolean; dryRun?: boolean; fileName?: string },
): Promise<ImportResult> {
  const dryRun = opts.dryRun ?? false;
  // Check the caller and the list before reading the file, then read it outside the transaction.
  const head = await loadDoc(deps.db.kysely, documentId);
  await deps.db.kysely.transaction().execute(async (trx) => assertOwnerEdits(trx, caller, head.list_id));
  // Unpacked and parsed in one of the process's parse slots, within the source import's limit.
  const read = await withImportSlot(deps, () => readSourceFile(file, unpackedLimit(deps.config, 'source')));
  if (!read.ok) throw new AppError(read.status ?? 400, read.code, read.params ?? {}, read.details ?? []);
  const parsed = read.items;
  const counts = outlineCounts(parsed.map((p) => p.depth));
  const ignored = read.ignored ?? [];
  const upload = sourceUpload(documentId, opts.fileName ?? null, file.length);

  return write(deps, caller, async ({ trx, now, audit }) => {
    await assertOwnerEdits(trx, caller, head.list_id);
    const doc = await loadDoc(trx, documentId, true);
    const existing = await itemsOf(trx, [documentId]);
    const removed = opts.replace ? existing.length : 0;
    const itemCount = existing.length - removed + parsed.length;
    const outcome = { format: read.format, replace: opts.replace, items: parsed.length, chapters: counts.chapters, contentItems: counts.items };
    if (dryRun) {
      audit(uploadEntry(upload, { outcome: 'checked', ...outcome }));
      return { dryRun, format: read.format, imported: parsed.length, counts, removed, ignored, importId: null, document: docDto(doc, existing.length) };
    }

    // What a replace removes, kept for an undo: the items with their task links and waivers.
    let removedRows: unknown = null;
    if (opts.replace && existing.length > 0) {
      const ids = existing.map((i) => i.id);
      const links = await trx.selectFrom('task_sources').selectAll().where('source_item_id', 'in', ids).execute();
      const waivers = await trx.selectFrom('coverage_waivers').selectAll().where('source_item_id', 'in', ids).execute();
      removedRows = { items: existing, links, waivers };
      await trx.deleteFrom('source_items').where('document_id', '=', documentId).execute();
    }
    const topSeq = opts.replace ? 0 : existing.filter((i) => i.parent_id === null).reduce((m, i) => Math.max(m, i.seq), 0);
    const rows = await insertItems(trx, documentId, parsed, topSeq);
    const version = doc.version + 1;
    await trx.updateTable('source_documents').set({ version }).where('id', '=', documentId).execute();
    const imp = await trx
      .insertInto('source_imports')
      .values({
        document_id: documentId,
        file_name: (opts.fileName ?? '').slice(0, 200),
        format: read.format,
        replaced: opts.replace,
        item_ids: JSON.stringify(rows.map((r) => r.id)),
        removed: removedRows === null ? null : JSON.stringify(removedRows),
        version_after: version,
        account_id: caller.accountId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit(
      {
        action: 'sourceDocument.import',
        entityType: 'sourceDocument',
        entityId: documentId,
        before: { items: existing.length },
        after: { importId: imp.id, format: read.format, replace: opts.replace, imported: rows.length, chapters: counts.chapters, contentItems: counts.items, items: itemCount },
      },
      uploadEntry(upload, { outcome: 'imported', ...outcome, importId: imp.id }),
    );
    return {
      dryRun,
      format: read.format,
      imported: rows.length,
      counts,
      removed,
      ignored,
      importId: imp.id,
      document: docDto({ ...doc, version }, itemCount),
    };
  });
}

/** Insert parsed items after the document's last top item; parent: the last item one level up, seq: counted per parent. */
async function insertItems(trx: Parameters<typeof itemsOf>[0], documentId: number, parsed: ParsedItem[], topSeq: number) {
  if (parsed.length === 0) return [];
  const ids = await sql<{ id: number }>`SELECT nextval(${sql.raw(ID_SEQUENCE)})::int AS id FROM generate_series(1, ${parsed.length})`.execute(trx);
  const lastAt: number[] = [];
  const seqOf = new Map<number | null, number>();
  seqOf.set(null, topSeq);
  const rows = parsed.map((p, i) => {
    const id = ids.rows[i]!.id;
    const parentId = p.depth === 1 ? null : lastAt[p.depth - 2]!;
    lastAt[p.depth - 1] = id;
    lastAt.length = p.depth;
    const seq = (seqOf.get(parentId) ?? 0) + 1;
    seqOf.set(parentId, seq);
    return { id, document_id: documentId, parent_id: parentId, seq, label: p.label, text: p.text, involves_committee: p.involves };
  });
  for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('source_items').values(rows.slice(i, i + CHUNK)).execute();
  return rows;
}

/** The audit trail's description of an upload into a source document (imports/upload-audit.ts). */
export const sourceUpload = (documentId: number, fileName: string | null, size: number | null): Upload => ({
  kind: 'source', entityType: 'sourceDocument', entityId: documentId, fileName, size,
});
