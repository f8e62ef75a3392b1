import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { INFLATE_CHUNK, inflateZip, packStored } from './zip-guard.ts';
import { openPackage, openWorkbook } from './open-package.ts';
import { deflatedZip } from './test-zips.ts';

/** A one-entry zip whose directories declare `declared` uncompressed bytes while the entry really inflates to `real` bytes of zeros. */
const zipWith = (name: string, real: number, declared: number): Buffer => deflatedZip([{ name, data: Buffer.alloc(real) }], declared);

const MB = 1024 * 1024;

describe('zip guard', () => {
  it('unpacks a real workbook, counts what it inflated, and the stored re-pack reads the same', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('组织机构').addRow(['组织编码', '组织名称']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const z = await inflateZip(buf, 16 * MB);
    expect(z.ok).toBe(true);
    if (!z.ok) return;
    expect(z.inflatedBytes).toBe(z.entries.reduce((s, e) => s + e.data.length, 0));
    expect(z.inflatedBytes).toBeGreaterThan(buf.length / 2);
    const opened = await openWorkbook(packStored(z.entries), 16 * MB);
    expect(opened.ok && opened.value.getWorksheet('组织机构')?.getCell('A1').text).toBe('组织编码');
  });

  it('never trusts the declared size: an entry declaring 5 KB that holds 64 MB stops at the limit', async () => {
    const bomb = zipWith('xl/worksheets/sheet1.xml', 64 * MB, 5 * 1024);
    expect(bomb.length).toBeLessThan(MB);
    const r = await inflateZip(bomb, 2 * MB);
    expect(r).toMatchObject({ ok: false, reason: 'tooLarge' });
    // Produced at most the limit plus one inflater chunk, never the whole 64 MB.
    expect(r.inflatedBytes).toBeGreaterThan(2 * MB);
    expect(r.inflatedBytes).toBeLessThanOrEqual(2 * MB + INFLATE_CHUNK);
  });

  it('accepts an entry whose real size is within the limit, whatever it declares', async () => {
    const r = await inflateZip(zipWith('xl/workbook.xml', 1000, 4_000_000_000), 5000);
    expect(r).toMatchObject({ ok: true, inflatedBytes: 1000 });
  });

  it('refuses what is not a zip, and a zip that is not the Office file asked for', async () => {
    expect(await inflateZip(Buffer.from('PK\u0003\u0004 but nothing else follows here at all, no directory'), MB)).toMatchObject({ ok: false, reason: 'notZip' });
    expect(await openPackage(zipWith('readme.txt', 10, 10), MB)).toMatchObject({ ok: false, reason: 'wrongType' });
    expect(await openPackage(zipWith('word/document.xml', 10, 10), MB)).toMatchObject({ ok: true, value: { kind: 'docx' } });
  });
});
