/** Import items into a source document from Excel or Word: all or nothing, appended or replacing. */
import { sql } from 'kysely';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import { recordAudit } from '../../audit/record.ts';
import { assertOwnerEdits, type Caller } from './rights.ts';
import { docDto, ID_SEQUENCE, itemsOf, loadDoc, type SourceDocument } from './source-rows.ts';
import { readSourceFile } from './read-source-file.ts';
import { unpackedLimit, withImportSlot } from '../../imports/limits.ts';
import { uploadEntry, type Upload } from '../../imports/upload-audit.ts';

export interface ImportResult {
  format: 'xlsx' | 'docx';
  imported: number;
  /** Items removed first (replace mode). */
  removed: number;
  document: SourceDocument;
}

const CHUNK = 5_000; // 7 parameters a row: well under 65,535

export async function importSourceItems(
  deps: Deps, caller: Caller, documentId: number, file: Buffer, opts: { replace: boolean; fileName?: string },
): Promise<ImportResult> {
  // Check the caller and the list before reading the file, then read it outside the transaction.
  const head = await loadDoc(deps.db.kysely, documentId);
  await deps.db.kysely.transaction().execute(async (trx) => assertOwnerEdits(trx, caller, head.list_id));
  // Unpacked and parsed in one of the process's parse slots, within the source import's limit.
  const read = await withImportSlot(deps, () => readSourceFile(file, unpackedLimit(deps.config, 'source')));
  if (!read.ok) throw new AppError(read.status ?? 400, read.code, read.params ?? {}, read.details ?? []);
  const parsed = read.items;

  return deps.db.kysely.transaction().execute(async (trx) => {
    await assertOwnerEdits(trx, caller, head.list_id);
    const doc = await loadDoc(trx, documentId, true);
    const existing = await itemsOf(trx, [documentId]);
    if (opts.replace && existing.length > 0) await trx.deleteFrom('source_items').where('document_id', '=', documentId).execute();
    const topSeq = opts.replace ? 0 : existing.filter((i) => i.parent_id === null).reduce((m, i) => Math.max(m, i.seq), 0);

    const ids = await sql<{ id: number }>`SELECT nextval(${sql.raw(ID_SEQUENCE)})::int AS id FROM generate_series(1, ${parsed.length})`.execute(trx);
    // Parent of each item: the last item one level up; seq: counted per parent.
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
    const version = doc.version + 1;
    await trx.updateTable('source_documents').set({ version }).where('id', '=', documentId).execute();
    await recordAudit(trx, deps.clock, caller, [
      {
        action: 'sourceDocument.import',
        entityType: 'sourceDocument',
        entityId: documentId,
        before: { items: existing.length },
        after: { format: read.format, replace: opts.replace, imported: rows.length, items: (opts.replace ? 0 : existing.length) + rows.length },
      },
      uploadEntry(sourceUpload(documentId, opts.fileName ?? null, file.length), { outcome: 'imported', format: read.format, items: rows.length }),
    ]);
    return {
      format: read.format,
      imported: rows.length,
      removed: opts.replace ? existing.length : 0,
      document: docDto({ ...doc, version }, (opts.replace ? 0 : existing.length) + rows.length),
    };
  });
}

/** The audit trail's description of an upload into a source document (imports/upload-audit.ts). */
export const sourceUpload = (documentId: number, fileName: string | null, size: number | null): Upload => ({
  kind: 'source', entityType: 'sourceDocument', entityId: documentId, fileName, size,
});
