import ExcelJS from 'exceljs';
import { inflateZip, packStored, type ZipEntry } from './zip-guard.ts';

/** notZip: not a readable zip; tooLarge: unpacks past the import's limit; wrongType: a zip, but not the Office file asked for. */
export type PackageProblem = 'notZip' | 'tooLarge' | 'wrongType';

export interface OfficePackage {
  kind: 'xlsx' | 'docx';
  /** The checked entries re-packed as a stored zip: reading it inflates nothing. */
  data: Buffer;
  entries: ZipEntry[];
  /** Bytes actually inflated. */
  inflatedBytes: number;
}

export type Opened<T> = { ok: true; value: T; inflatedBytes: number } | { ok: false; reason: PackageProblem; inflatedBytes: number };

/**
 * Unpack an uploaded Office package (xlsx, docx) within `maxInflatedBytes` (zip-guard.ts) and tell
 * its kind by its parts. Nothing else in the server may hand an uploaded file to exceljs or mammoth.
 */
export async function openPackage(buf: Buffer, maxInflatedBytes: number): Promise<Opened<OfficePackage>> {
  const z = await inflateZip(buf, maxInflatedBytes);
  if (!z.ok) return z;
  const names = new Set(z.entries.map((e) => e.name));
  const kind = names.has('word/document.xml') ? 'docx' : names.has('xl/workbook.xml') ? 'xlsx' : null;
  if (!kind) return { ok: false, reason: 'wrongType', inflatedBytes: z.inflatedBytes };
  return { ok: true, value: { kind, data: packStored(z.entries), entries: z.entries, inflatedBytes: z.inflatedBytes }, inflatedBytes: z.inflatedBytes };
}

/** Load a checked xlsx package with exceljs ('notZip' when exceljs cannot read it). */
export async function loadWorkbook(pkg: OfficePackage): Promise<ExcelJS.Workbook | null> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(pkg.data as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  return wb;
}

/** Open an uploaded workbook: unpacked within the limit, an xlsx, then read by exceljs. */
export async function openWorkbook(buf: Buffer, maxInflatedBytes: number): Promise<Opened<ExcelJS.Workbook>> {
  const opened = await openPackage(buf, maxInflatedBytes);
  if (!opened.ok) return opened;
  if (opened.value.kind !== 'xlsx') return { ok: false, reason: 'wrongType', inflatedBytes: opened.inflatedBytes };
  const wb = await loadWorkbook(opened.value);
  if (!wb) return { ok: false, reason: 'notZip', inflatedBytes: opened.inflatedBytes };
  return { ok: true, value: wb, inflatedBytes: opened.inflatedBytes };
}
