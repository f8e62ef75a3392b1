import ExcelJS from 'exceljs';
import { checkZip } from './zip-guard.ts';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export type PackageProblem = 'notZip' | 'tooLarge';

/** An uploaded Office package (xlsx, docx) checked before anything unpacks it: zip magic, then the zip-bomb guard. */
export function checkPackage(buf: Buffer): { ok: true } | { ok: false; reason: PackageProblem } {
  if (buf.length < 4 || !buf.subarray(0, 4).equals(ZIP_MAGIC)) return { ok: false, reason: 'notZip' };
  const zip = checkZip(buf);
  return zip.ok ? { ok: true } : { ok: false, reason: zip.reason };
}

/** Open an uploaded workbook: checked by checkPackage, then read by exceljs ('notZip' when it cannot be read). */
export async function openWorkbook(buf: Buffer): Promise<{ ok: true; wb: ExcelJS.Workbook } | { ok: false; reason: PackageProblem }> {
  const checked = checkPackage(buf);
  if (!checked.ok) return checked;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return { ok: false, reason: 'notZip' };
  }
  return { ok: true, wb };
}
