/**
 * The zip-bomb guard of every uploaded Office package (xlsx, docx).
 *
 * The sizes a zip declares (local headers, central directory) are never trusted. Each entry is
 * inflated here, as a stream, while the bytes that actually come out are counted against one
 * budget for the whole package; the moment the count passes the budget the inflater is destroyed,
 * so no more than the budget plus one chunk (INFLATE_CHUNK) is ever produced. What passes is
 * handed on re-packed as a *stored* zip (packStored): exceljs and mammoth then read the bytes
 * counted here and inflate nothing themselves.
 *
 * Also refused: encrypted entries, methods other than stored/deflate, zip64, entries whose data
 * runs outside the file or overlaps another entry's, duplicate names, more than MAX_ENTRIES entries.
 * Entries no import reads (pictures, embedded objects, fonts, printer settings, macros) are not
 * inflated at all and are passed on empty.
 */
import zlib from 'node:zlib';

export const MAX_ENTRIES = 1_000;
/** Output chunk of the inflater: the guard stops within this many bytes past its budget. */
export const INFLATE_CHUNK = 64 * 1024;

const LOCAL_SIG = 0x04034b50;
const CDH_SIG = 0x02014b50;
const EOCD_SIG = 0x06054b50;

/** Parts no import reads: never inflated, passed on as empty entries (so references to them still resolve). */
const UNREAD = /(^|\/)(media|embeddings|fonts|printerSettings|activeX)\/|(^|\/)docProps\/thumbnail\.|vbaProject\.bin$/i;

export interface ZipEntry {
  name: string;
  data: Buffer;
}

export type ZipProblem = 'notZip' | 'tooLarge';

export type Inflated =
  | { ok: true; entries: ZipEntry[]; inflatedBytes: number }
  | { ok: false; reason: ZipProblem; inflatedBytes: number };

interface CdEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

/** The central directory, checked for shape only (its uncompressed sizes are ignored). */
function readDirectory(buf: Buffer): { ok: true; entries: CdEntry[]; cdOffset: number } | { ok: false; reason: ZipProblem } {
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL_SIG) return { ok: false, reason: 'notZip' };
  // The end-of-central-directory record sits in the last 22 + up to 65,535 (comment) bytes.
  const from = Math.max(0, buf.length - 22 - 65_535);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'notZip' };
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) return { ok: false, reason: 'tooLarge' }; // zip64: never a sane office file
  if (buf.readUInt16LE(eocd + 4) !== 0 || buf.readUInt16LE(eocd + 8) !== count) return { ok: false, reason: 'notZip' }; // multi-disk
  if (count > MAX_ENTRIES) return { ok: false, reason: 'tooLarge' };
  if (count === 0 || cdOffset + cdSize > eocd) return { ok: false, reason: 'notZip' };
  const entries: CdEntry[] = [];
  const names = new Set<string>();
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CDH_SIG) return { ok: false, reason: 'notZip' };
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    if (next > eocd || flags & 0x1 || (method !== 0 && method !== 8)) return { ok: false, reason: 'notZip' };
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen).replace(/^\/+/, '');
    if (name === '' || names.has(name)) return { ok: false, reason: 'notZip' };
    names.add(name);
    entries.push({ name, method, compressedSize, localOffset });
    p = next;
  }
  return { ok: true, entries, cdOffset };
}

/** Inflate `src` (raw deflate) producing at most `budget` bytes; stops as soon as the output passes it. */
export function inflateCounted(src: Buffer, budget: number): Promise<{ ok: true; data: Buffer } | { ok: false; reason: ZipProblem; produced: number }> {
  return new Promise((resolve) => {
    const z = zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK });
    const chunks: Buffer[] = [];
    let produced = 0;
    let settled = false;
    const settle = (r: { ok: true; data: Buffer } | { ok: false; reason: ZipProblem; produced: number }) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    z.on('data', (c: Buffer) => {
      if (settled) return;
      produced += c.length;
      if (produced > budget) {
        chunks.length = 0;
        settle({ ok: false, reason: 'tooLarge', produced });
        z.destroy();
        return;
      }
      chunks.push(c);
    });
    z.on('end', () => settle({ ok: true, data: Buffer.concat(chunks, produced) }));
    z.on('error', () => settle({ ok: false, reason: 'notZip', produced }));
    z.on('close', () => settle({ ok: false, reason: 'notZip', produced }));
    z.end(src);
  });
}

/**
 * Unpack a zip within `maxInflatedBytes` (counted while inflating, all entries together).
 * `inflatedBytes` is what was actually produced, also on a refusal (≤ the limit + one chunk).
 */
export async function inflateZip(buf: Buffer, maxInflatedBytes: number): Promise<Inflated> {
  const dir = readDirectory(buf);
  if (!dir.ok) return { ok: false, reason: dir.reason, inflatedBytes: 0 };
  // Where each entry's data lies: after its local header, inside the file, overlapping no other.
  const spans: { start: number; end: number; e: CdEntry }[] = [];
  for (const e of dir.entries) {
    const h = e.localOffset;
    if (h + 30 > dir.cdOffset || buf.readUInt32LE(h) !== LOCAL_SIG) return { ok: false, reason: 'notZip', inflatedBytes: 0 };
    const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
    const end = start + e.compressedSize;
    if (end > dir.cdOffset) return { ok: false, reason: 'notZip', inflatedBytes: 0 };
    spans.push({ start: h, end, e });
  }
  const byOffset = [...spans].sort((a, b) => a.start - b.start);
  for (let i = 1; i < byOffset.length; i++) {
    if (byOffset[i]!.start < byOffset[i - 1]!.end) return { ok: false, reason: 'notZip', inflatedBytes: 0 };
  }
  const entries: ZipEntry[] = [];
  let total = 0;
  for (const { end, e } of spans) {
    if (e.name.endsWith('/')) continue; // a directory
    if (UNREAD.test(e.name)) {
      entries.push({ name: e.name, data: Buffer.alloc(0) });
      continue;
    }
    const raw = buf.subarray(end - e.compressedSize, end);
    const budget = maxInflatedBytes - total;
    if (e.method === 0) {
      if (raw.length > budget) return { ok: false, reason: 'tooLarge', inflatedBytes: total + raw.length };
      entries.push({ name: e.name, data: Buffer.from(raw) });
      total += raw.length;
      continue;
    }
    const r = await inflateCounted(raw, budget);
    if (!r.ok) return { ok: false, reason: r.reason, inflatedBytes: total + r.produced };
    entries.push({ name: e.name, data: r.data });
    total += r.data.length;
  }
  return { ok: true, entries, inflatedBytes: total };
}

/** A zip of `entries`, stored (not compressed), with true sizes and CRCs. */
export function packStored(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const n = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIG, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(CDH_SIG, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x800, 8);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(n.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, n, data);
    central.push(cd, n);
    offset += 30 + n.length + data.length;
  }
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD_SIG, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, eocd]);
}
