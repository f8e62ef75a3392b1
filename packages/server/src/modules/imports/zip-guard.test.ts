import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { checkZip } from './zip-guard.ts';

/** A one-entry zip (stored) whose central directory declares `declared` uncompressed bytes. */
function zipWith(declared: number): Buffer {
  const name = Buffer.from('xl/sheet.xml');
  const data = zlib.deflateRawSync(Buffer.alloc(10));
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(name.length, 26);
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE(8, 10);
  cd.writeUInt32LE(data.length, 20);
  cd.writeUInt32LE(declared, 24);
  cd.writeUInt16LE(name.length, 28);
  const cdOffset = local.length + name.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(cd.length + name.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, cd, name, eocd]);
}

describe('zip guard', () => {
  it('accepts a real workbook and reports its unpacked size', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('组织机构').addRow(['组织编码', '组织名称']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = checkZip(buf);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.unpackedBytes).toBeGreaterThan(buf.length / 10);
  });
  it('refuses an archive that declares more than the limit when unpacked', () => {
    expect(checkZip(zipWith(1000), 5000)).toMatchObject({ ok: true, entries: 1 });
    expect(checkZip(zipWith(4_000_000_000))).toEqual({ ok: false, reason: 'tooLarge' });
  });
  it('refuses what is not a zip', () => {
    expect(checkZip(Buffer.from('PK\u0003\u0004 but nothing else follows here at all, no directory'))).toEqual({ ok: false, reason: 'notZip' });
  });
});
