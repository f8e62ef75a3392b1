/**
 * The content-addressed file store. A file's bytes live once under
 * `<FILES_DIR>/<first two hex digits of its sha256>/<sha256>`; every upload gets its own `files`
 * row (name, uploader, time) pointing at them. The type is told by the content, never by the name
 * or the declared content type.
 *
 * An upload is whole or nothing: its bytes are written to `FILES_DIR/tmp/*.part` and checked
 * (`receiveFile`, no database), then inside the caller's transaction — the one that also writes
 * what refers to the file — the `files` row is inserted and the bytes renamed into place
 * (`placeFile`). A failure before the commit removes the bytes again (`abandonUpload`); a crash
 * leaves at most a temporary file or a blob without a row, which the start-up sweep (sweep.ts)
 * removes. Placing and removing a blob hold a transaction-level advisory lock on its hash, so a
 * second upload of the same content never loses its bytes to the first one's clean-up.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { sql, type Kysely, type Transaction } from 'kysely';
import { safeFileName } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { errnoError, noteStorageState, storageAppError, storageFaults, storageStateOf } from './storage.ts';

export const FILE_KINDS = ['pdf', 'docx', 'xlsx', 'jpeg', 'png'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const FILE_KIND_MIME: Record<FileKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

export const FILE_KIND_LABELS: Record<FileKind, string> = { pdf: 'PDF', docx: 'Word', xlsx: 'Excel', jpeg: 'JPEG', png: 'PNG' };

export interface StoreFileInput {
  buffer?: Buffer;
  /** A stream of the upload (e.g. a multipart part). A `truncated` flag on it means "over the limit". */
  stream?: Readable & { truncated?: boolean };
  originalName: string;
  accountId: number | null;
}

export interface StoreFileOptions {
  allowed: readonly FileKind[];
  /** Default 20 MB. */
  maxBytes?: number;
  /** Insert the `files` row inside the caller's transaction. */
  trx?: Transaction<Database> | Kysely<Database>;
}

export interface StoredFile {
  id: number;
  sha256: string;
  size: number;
  mime: string;
  kind: FileKind;
  originalName: string;
  /** The bytes were not in the store before this upload (so a rolled-back caller may discard them). */
  createdBlob: boolean;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;

/** The path of a stored file's bytes. */
export function blobPath(filesDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return path.join(filesDir, sha256.slice(0, 2), sha256);
}

/** Names of the entries in a zip's central directory, read from the end of the file. */
async function zipEntryNames(fh: fsp.FileHandle, size: number): Promise<string[] | null> {
  const tailLen = Math.min(size, 22 + 65_535);
  const tail = Buffer.alloc(tailLen);
  await fh.read(tail, 0, tailLen, size - tailLen);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize > size || cdSize > 8 * 1024 * 1024) return null;
  const cd = Buffer.alloc(cdSize);
  await fh.read(cd, 0, cdSize, cdOffset);
  const names: string[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) return null;
    const nameLen = cd.readUInt16LE(p + 28);
    names.push(cd.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
  }
  return names;
}

/** The kind of a file by its content: magic numbers, and for Office files the zip's entries. */
export async function sniffFile(file: string): Promise<FileKind | null> {
  const fh = await fsp.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(size, 8));
    await fh.read(head, 0, head.length, 0);
    if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
    if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
    if (head.length >= 8 && head.equals(PNG_SIG)) return 'png';
    if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50 && size >= 22) {
      const names = await zipEntryNames(fh, size);
      if (!names || !names.includes('[Content_Types].xml')) return null;
      if (names.some((n) => n.startsWith('word/'))) return 'docx';
      if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
    }
    return null;
  } finally {
    await fh.close();
  }
}

/** A file name fit to store and to send back (core's safeFileName: no directories, no invisible characters). */
export const cleanFileName = safeFileName;

/** The steps of an upload at which a test may make it fail (uploadFaults). */
export type UploadStep = 'afterTempWrite' | 'afterMove' | 'beforeCommit';

/**
 * Test seam: make an upload fail at a step. With `crash` the failure stands for the process dying
 * there: the database still rolls back what was not committed, but none of the clean-up a living
 * process does runs — what is left is what the start-up sweep must remove.
 */
export const uploadFaults: { at?: UploadStep; crash?: boolean } = {};

/** A checkpoint of an upload (a caller calls 'beforeCommit' as the last step of its transaction). */
export async function uploadCheckpoint(step: UploadStep): Promise<void> {
  if (uploadFaults.at === step) throw new Error(`injected failure: ${step}${uploadFaults.crash ? ' (crash)' : ''}`);
}

/** Whether the clean-up of a failed upload runs (not in a simulated crash). */
export function cleansUp(): boolean {
  return !uploadFaults.crash;
}

/** An upload written to FILES_DIR/tmp and accepted, not yet in the store. */
export interface ReceivedFile {
  tmp: string;
  sha256: string;
  size: number;
  kind: FileKind;
  mime: string;
  originalName: string;
  /** Set once placeFile moved or dropped the temporary file. */
  placed?: boolean;
}

class TooLarge extends Error {}

/** The store's error for a failed write: 507/503 for a full or read-only disk, the error itself otherwise. */
function storageFailure(deps: Deps, e: unknown): unknown {
  const state = storageStateOf(e);
  if (state) noteStorageState(deps.config.filesDir, state);
  return storageAppError(e) ?? e;
}

function tempStream(tmp: string): Writable {
  const ws = fs.createWriteStream(tmp, { flags: 'wx' });
  const code = storageFaults.writeError;
  if (!code) return ws;
  // Injected: the disk refuses the bytes after the file was created.
  return new Writable({
    write(_chunk, _enc, cb) {
      cb(errnoError(code));
    },
    final(cb) {
      cb(errnoError(code));
    },
    destroy(err, cb) {
      ws.destroy();
      cb(err);
    },
  });
}

/**
 * Read the upload into `tmp`, hashing and counting it. On any failure the rest of the upload is
 * still read (and dropped), so the request ends cleanly and its connection stays usable.
 */
async function writeTemp(source: Readable, tmp: string, maxBytes: number): Promise<{ size: number; sha256: string; error: unknown }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  let error: unknown = null;
  const ws = tempStream(tmp);
  ws.on('error', (e) => {
    error ??= e;
  });
  const closed = finished(ws).then(
    () => null,
    (e: unknown) => e,
  );
  for await (const chunk of source as AsyncIterable<Buffer>) {
    if (error) continue;
    size += chunk.length;
    if (size > maxBytes) {
      error = new TooLarge();
      continue;
    }
    hash.update(chunk);
    if (!ws.write(chunk)) {
      await Promise.race([new Promise((r) => ws.once('drain', r)), closed]);
    }
  }
  if (error) ws.destroy();
  else ws.end();
  const closeError = await closed;
  error ??= closeError;
  return { size, sha256: hash.digest('hex'), error };
}

/**
 * Write an upload to FILES_DIR/tmp and check it; nothing in the database yet. Refuses (and leaves
 * nothing behind) a file over `maxBytes` (413 FILE_TOO_LARGE), an empty one or one whose content
 * is not one of `allowed` (400 FILE_TYPE_NOT_ALLOWED); a full or read-only disk answers 507
 * STORAGE_FULL or 503 STORAGE_UNAVAILABLE.
 */
export async function receiveFile(deps: Deps, input: StoreFileInput, opts: Omit<StoreFileOptions, 'trx'>): Promise<ReceivedFile> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  const tmpDir = path.join(deps.config.filesDir, 'tmp');
  const tmp = path.join(tmpDir, `${crypto.randomBytes(12).toString('hex')}.part`);
  const source = input.stream ?? Readable.from(input.buffer ? [input.buffer] : []);
  try {
    try {
      await fsp.mkdir(tmpDir, { recursive: true });
    } catch (e) {
      source.resume(); // drop the upload: the request still ends cleanly
      throw e;
    }
    const { size, sha256, error } = await writeTemp(source, tmp, maxBytes);
    if (error instanceof TooLarge) throw new AppError(413, 'FILE_TOO_LARGE', { mb });
    if (error) throw error;
    if (input.stream?.truncated) throw new AppError(413, 'FILE_TOO_LARGE', { mb });
    await uploadCheckpoint('afterTempWrite');
    const allowedText = opts.allowed.map((k) => FILE_KIND_LABELS[k]).join('、');
    const kind = size === 0 ? null : await sniffFile(tmp);
    if (kind === null || !opts.allowed.includes(kind)) throw new AppError(400, 'FILE_TYPE_NOT_ALLOWED', { allowed: allowedText });
    return { tmp, sha256, size, kind, mime: FILE_KIND_MIME[kind], originalName: cleanFileName(input.originalName) };
  } catch (e) {
    if (cleansUp()) await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw storageFailure(deps, e);
  }
}

/** The advisory lock of one blob (its hash's first 60 bits), held to the end of the transaction. */
async function lockBlob(trx: Kysely<Database>, sha256: string): Promise<void> {
  const key = BigInt(`0x${sha256.slice(0, 15)}`).toString();
  await sql`SELECT pg_advisory_xact_lock(${key}::bigint)`.execute(trx);
}

/**
 * Inside the transaction that also writes what refers to the file: insert its `files` row and
 * move its bytes into place (or drop them when the store has them already). Until the commit the
 * blob may have no committed row; abandonUpload removes it when the transaction fails.
 */
export async function placeFile(deps: Deps, trx: Transaction<Database> | Kysely<Database>, received: ReceivedFile, accountId: number | null): Promise<StoredFile> {
  await lockBlob(trx, received.sha256);
  const { sha256, size, mime, kind, originalName } = received;
  const row = await trx
    .insertInto('files')
    .values({ sha256, size, mime, original_name: originalName, created_by: accountId, created_at: deps.clock.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const final = blobPath(deps.config.filesDir, sha256);
  let createdBlob = false;
  try {
    await fsp.mkdir(path.dirname(final), { recursive: true });
    if (fs.existsSync(final)) {
      await fsp.rm(received.tmp, { force: true });
    } else {
      await fsp.rename(received.tmp, final);
      createdBlob = true;
    }
  } catch (e) {
    throw storageFailure(deps, e);
  }
  received.placed = true;
  const stored: StoredFile = { id: row.id, sha256, size, mime, kind, originalName, createdBlob };
  await uploadCheckpoint('afterMove').catch((e: unknown) => {
    throw Object.assign(e as Error, { stored });
  });
  return stored;
}

/**
 * After the transaction of an upload failed: remove its temporary file, and its blob when this
 * upload brought it and no committed `files` row uses it.
 */
export async function abandonUpload(deps: Deps, received: ReceivedFile | null, stored: Pick<StoredFile, 'sha256' | 'createdBlob'> | null): Promise<void> {
  if (!cleansUp()) return;
  if (received && !received.placed) await fsp.rm(received.tmp, { force: true }).catch(() => undefined);
  if (stored) await discardStoredFile(deps, stored);
}

/** The StoredFile a failure inside placeFile carries (the blob it placed before failing). */
export function storedOf(e: unknown): StoredFile | null {
  return ((e as { stored?: StoredFile } | null)?.stored as StoredFile | undefined) ?? null;
}

/**
 * Store an upload: receiveFile, then placeFile in `opts.trx` (the caller's transaction, which
 * must call abandonUpload — or discardStoredFile with the result — when it fails) or in a
 * transaction of its own. Refusals as receiveFile's.
 */
export async function storeFile(deps: Deps, input: StoreFileInput, opts: StoreFileOptions): Promise<StoredFile> {
  const received = await receiveFile(deps, input, opts);
  try {
    if (opts.trx) return await placeFile(deps, opts.trx, received, input.accountId);
    return await deps.db.kysely.transaction().execute((trx) => placeFile(deps, trx, received, input.accountId));
  } catch (e) {
    // In the caller's transaction the caller cleans up a placed blob; a failure before that is ours.
    await abandonUpload(deps, received, opts.trx ? null : storedOf(e));
    throw e;
  }
}

/**
 * Remove the bytes of a file whose row went (a rolled-back upload, removed evidence) when this
 * upload brought them and no committed `files` row points at them — under the blob's lock, so an
 * upload of the same content placing them meanwhile keeps them.
 */
export async function discardStoredFile(deps: Deps, stored: Pick<StoredFile, 'sha256' | 'createdBlob'>): Promise<void> {
  if (!stored.createdBlob || !cleansUp()) return;
  await deps.db.kysely.transaction().execute(async (trx) => {
    await lockBlob(trx, stored.sha256);
    const used = await trx.selectFrom('files').select('id').where('sha256', '=', stored.sha256).executeTakeFirst();
    if (!used) await fsp.rm(blobPath(deps.config.filesDir, stored.sha256), { force: true });
  });
}
