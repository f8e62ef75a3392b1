/**
 * 佐证材料: files of a record. An upload is received by content (PDF, Word, Excel, JPEG or PNG,
 * at most 50 MB) into a temporary file before the short transaction that links it, so the database
 * is not held while the bytes arrive; that transaction inserts the `files` row, moves the bytes
 * into place and links them, all or nothing (files/store.ts). A refused or failed upload leaves
 * neither a file row nor bytes behind.
 */
import type { Readable } from 'node:stream';
import { EVIDENCE_KINDS, EVIDENCE_MAX_BYTES, type Evidence } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { AppError, notFound } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import { abandonUpload, placeFile, receiveFile, storedOf, uploadCheckpoint, type ReceivedFile, type StoredFile } from '../../files/store.ts';
import { assertCanChangeReports, auditPlace, loadPeriod, type Q, type WorkUser } from './period-rows.ts';
import { discardBlobs, lockReport, removeFiles } from './reports.ts';

export interface EvidenceUpload {
  stream: Readable & { truncated?: boolean };
  fileName: string;
}

const MAX_MB = EVIDENCE_MAX_BYTES / 1024 / 1024;

/** The store's refusals in the words of evidence. */
function evidenceError(e: unknown): unknown {
  if (e instanceof AppError && e.code === 'FILE_TOO_LARGE') return new AppError(413, 'EVIDENCE_TOO_LARGE', { max: MAX_MB });
  if (e instanceof AppError && e.code === 'FILE_TYPE_NOT_ALLOWED') return new AppError(400, 'EVIDENCE_TYPE');
  return e;
}

/** Attach one uploaded file to a record of an open period. */
export async function uploadEvidence(deps: Deps, actor: Actor, user: WorkUser, reportId: number, upload: EvidenceUpload): Promise<Evidence> {
  // Refuse before reading the bytes when the record may not change now.
  const report = await deps.db.kysely.selectFrom('reports').select(['period_id']).where('id', '=', reportId).executeTakeFirst();
  if (!report) throw notFound();
  assertCanChangeReports(user, await loadPeriod(deps.db.kysely, report.period_id));

  let received: ReceivedFile;
  try {
    received = await receiveFile(
      deps,
      { stream: upload.stream, originalName: upload.fileName, accountId: user.accountId },
      { allowed: EVIDENCE_KINDS, maxBytes: EVIDENCE_MAX_BYTES },
    );
  } catch (e) {
    throw evidenceError(e);
  }
  let stored: StoredFile | null = null;
  try {
    return await write(deps, actor, async ({ trx, now, audit }) => {
      const { report: r, period: p } = await lockReport(trx, reportId);
      assertCanChangeReports(user, p);
      // The row, the bytes in place and the link commit together (the blob's lock comes last).
      const file = await placeFile(deps, trx, received, user.accountId);
      stored = file;
      const row = await trx
        .insertInto('evidence')
        .values({
          unit_id: r.unit_id,
          report_id: r.id,
          file_id: file.id,
          name: file.originalName,
          mime: file.mime,
          size: file.size,
          created_by: user.accountId,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const view: Evidence = { id: row.id, reportId: r.id, name: file.originalName, mime: file.mime, size: file.size, createdAt: now.toISOString() };
      audit({
        action: 'evidence.create',
        entityType: 'evidence',
        entityId: row.id,
        ...auditPlace(p),
        after: { reportId: r.id, periodId: p.id, fileId: file.id, name: view.name, mime: view.mime, size: view.size, sha256: file.sha256 },
      });
      await uploadCheckpoint('beforeCommit');
      return view;
    });
  } catch (e) {
    await abandonUpload(deps, received, stored ?? storedOf(e));
    throw e;
  }
}

/** Remove a file from a record of an open period. */
export async function deleteEvidence(deps: Deps, actor: Actor, user: WorkUser, evidenceId: number): Promise<{ ok: true }> {
  const removed = await write(deps, actor, async ({ trx, audit }) => {
    const e = await trx.selectFrom('evidence').select(['unit_id', 'id', 'report_id', 'file_id', 'name', 'mime', 'size']).where('id', '=', evidenceId).executeTakeFirst();
    if (!e) throw notFound();
    const { period: p } = await lockReport(trx, e.report_id);
    assertCanChangeReports(user, p);
    await trx.deleteFrom('evidence').where('unit_id', '=', e.unit_id).where('id', '=', e.id).execute();
    const gone = await removeFiles(trx, [e.file_id]);
    audit({
      action: 'evidence.delete',
      entityType: 'evidence',
      entityId: e.id,
      ...auditPlace(p),
      before: { reportId: e.report_id, periodId: p.id, fileId: e.file_id, name: e.name, mime: e.mime, size: Number(e.size) },
    });
    return gone;
  });
  await discardBlobs(deps, removed);
  return { ok: true };
}

export interface EvidenceFile {
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

/** The stored file of an evidence entry. */
export async function evidenceFile(q: Q, evidenceId: number): Promise<EvidenceFile> {
  const r = await q
    .selectFrom('evidence as e')
    .innerJoin('files as f', 'f.id', 'e.file_id')
    .select(['e.name', 'e.mime', 'f.size', 'f.sha256'])
    .where('e.id', '=', evidenceId)
    .executeTakeFirst();
  if (!r) throw notFound();
  return { name: r.name, mime: r.mime, size: Number(r.size), sha256: r.sha256 };
}
