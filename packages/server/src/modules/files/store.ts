/**
 * The content-addressed file store. A file's bytes live once under
 * `<FILES_DIR>/<first two hex digits of its sha256>/<sha256>`; every upload gets its own `files`
 * row (name, uploader, time) pointing at them. The type is told by the content, never by the name
 * or the declared content type. An upload is written to a temporary file first and renamed into
 * place only once it is complete and accepted, so a refused or failed upload leaves nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely, Transaction } from 'kysely';
import type { Deps } from '../../deps.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';

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

/** A file name fit to store and to send back: no directories, no control characters, not too long. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (clean || 'file').slice(-200);
}

class TooLarge extends Error {}

/**
 * Store an upload. Refuses (and leaves nothing behind) a file over `maxBytes` (413
 * FILE_TOO_LARGE), an empty one or one whose content is not one of `allowed` (400
 * FILE_TYPE_NOT_ALLOWED).
 */
export async function storeFile(deps: Deps, input: StoreFileInput, opts: StoreFileOptions): Promise<StoredFile> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  const dir = deps.config.filesDir;
  const tmpDir = path.join(dir, 'tmp');
  await fsp.mkdir(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `${crypto.randomBytes(12).toString('hex')}.part`);
  const hash = crypto.createHash('sha256');
  let size = 0;
  let moved = false;
  try {
    const source = input.stream ?? Readable.from(input.buffer ? [input.buffer] : []);
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > maxBytes) return cb(new TooLarge());
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(tmp, { flags: 'wx' }));
    } catch (e) {
      if (e instanceof TooLarge) throw new AppError(413, 'FILE_TOO_LARGE', { mb });
      throw e;
    }
    if (input.stream?.truncated) throw new AppError(413, 'FILE_TOO_LARGE', { mb });
    const allowedText = opts.allowed.map((k) => FILE_KIND_LABELS[k]).join('、');
    const kind = size === 0 ? null : await sniffFile(tmp);
    if (kind === null || !opts.allowed.includes(kind)) throw new AppError(400, 'FILE_TYPE_NOT_ALLOWED', { allowed: allowedText });

    const sha256 = hash.digest('hex');
    const final = blobPath(dir, sha256);
    await fsp.mkdir(path.dirname(final), { recursive: true });
    let createdBlob = false;
    if (fs.existsSync(final)) {
      await fsp.rm(tmp, { force: true });
    } else {
      await fsp.rename(tmp, final);
      createdBlob = true;
    }
    moved = true;
    const mime = FILE_KIND_MIME[kind];
    const originalName = cleanFileName(input.originalName);
    try {
      const row = await (opts.trx ?? deps.db.kysely)
        .insertInto('files')
        .values({ sha256, size, mime, original_name: originalName, created_by: input.accountId, created_at: deps.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, sha256, size, mime, kind, originalName, createdBlob };
    } catch (e) {
      if (createdBlob) await fsp.rm(final, { force: true });
      throw e;
    }
  } finally {
    if (!moved) await fsp.rm(tmp, { force: true });
  }
}

/**
 * Undo the bytes of an upload whose caller rolled back: remove them when this upload brought them
 * and no `files` row (committed by someone else meanwhile) points at them.
 */
export async function discardStoredFile(deps: Deps, stored: Pick<StoredFile, 'sha256' | 'createdBlob'>): Promise<void> {
  if (!stored.createdBlob) return;
  const used = await deps.db.kysely.selectFrom('files').select('id').where('sha256', '=', stored.sha256).executeTakeFirst();
  if (!used) await fsp.rm(blobPath(deps.config.filesDir, stored.sha256), { force: true });
}
