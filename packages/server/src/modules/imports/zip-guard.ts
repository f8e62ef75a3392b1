/**
 * A guard against zip bombs: before a workbook is unpacked, read the zip's central directory and
 * add up the sizes its entries declare when uncompressed. A workbook that would unpack to more
 * than MAX_UNPACKED_BYTES, or has more than MAX_ENTRIES entries, is refused. (The unzipper also
 * checks each entry's real size against the declared one when it inflates it.)
 */
export const MAX_UNPACKED_BYTES = 300 * 1024 * 1024;
export const MAX_ENTRIES = 2_000;

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;

export type ZipCheck = { ok: true; entries: number; unpackedBytes: number } | { ok: false; reason: 'notZip' | 'tooLarge' };

export function checkZip(buf: Buffer, maxUnpacked = MAX_UNPACKED_BYTES): ZipCheck {
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
  if (count === 0xffff || cdOffset === 0xffffffff) return { ok: false, reason: 'tooLarge' }; // zip64: never an office file of sane size
  if (cdOffset + cdSize > buf.length) return { ok: false, reason: 'notZip' };
  if (count > MAX_ENTRIES) return { ok: false, reason: 'tooLarge' };
  let p = cdOffset;
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CDH_SIG) return { ok: false, reason: 'notZip' };
    total += buf.readUInt32LE(p + 24);
    if (total > maxUnpacked) return { ok: false, reason: 'tooLarge' };
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return { ok: true, entries: count, unpackedBytes: total };
}
