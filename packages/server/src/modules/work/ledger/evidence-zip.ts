/**
 * A unit's evidence of a year as one zip, streamed from the file store: entries
 * `<组织>/<任务编号>_<期次>/<文件名>` (a name taken twice in a folder gets “ (2)”, “ (3)” …), and an
 * index 清单.csv (UTF-8 with BOM, so Excel opens it in Chinese) naming every file, its record and
 * its SHA-256 (cells neutralised against formula injection: core text-safety.ts). A file missing from the store is listed in the index as missing and left out.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { csvLine } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { blobPath } from '../../files/store.ts';
import type { Archiver } from './zip.ts';
import { beijingTime, evidenceRows, ledgerOrgs, mimeLabel } from './ledger-rows.ts';

/** A path segment fit for any file system: no separators, reserved or control characters. */
export function safeSegment(s: string, fallback = '_'): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f\\/:*?"<>|]+/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').trim();
  return (clean || fallback).slice(0, 120);
}

/** `name`, or `name (2)`, `name (3)` … before its extension, whichever is not taken yet. */
export function uniqueName(taken: Set<string>, name: string): string {
  let candidate = name;
  const ext = path.extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * The time a zip entry shows. A zip stores wall-clock time without a zone, and the archiver writes
 * the UTC fields of the date it is given; the users read Beijing time (UTC+8, no summer time). So
 * it is given the instant whose UTC fields are the Beijing wall-clock time of `d`.
 */
export function zipEntryTime(d: Date | string): Date {
  return new Date((d instanceof Date ? d : new Date(d)).getTime() + 8 * 3600_000);
}

/** Fill `archive` with the unit's evidence of the year and finalise it. */
export async function writeEvidenceZip(deps: Deps, unitId: number, year: number, archive: Archiver, scope: 'all' | readonly string[] = 'all'): Promise<void> {
  const orgs = await ledgerOrgs(deps, unitId, year, scope);
  const lines: string[] = [csvLine(['文件路径', '组织', '任务编号', '期次', '开展日期', '履责记实', '文件名', '大小（字节）', '类型', 'SHA-256', '上传时间', '备注'])];
  const orgDirs = new Set<string>();
  for (const org of orgs) {
    const rows = await evidenceRows(deps, unitId, org.id, year);
    if (rows.length === 0) continue;
    const orgDir = uniqueName(orgDirs, safeSegment(org.name, `组织${org.id}`));
    const taken = new Map<string, Set<string>>();
    for (const r of rows) {
      const dir = `${orgDir}/${safeSegment(`${r.code}_${r.label}`)}`;
      let names = taken.get(dir);
      if (!names) taken.set(dir, (names = new Set()));
      const entry = `${dir}/${uniqueName(names, safeSegment(r.name, `file${r.id}`))}`;
      const blob = blobPath(deps.config.filesDir, r.sha256);
      const present = await fs.stat(blob).then((s) => s.isFile(), () => false);
      if (present) archive.file(blob, { name: entry, date: zipEntryTime(r.created_at) });
      const summary = r.report.length > 100 ? `${r.report.slice(0, 100)}…` : r.report;
      // Every text cell through core's csvCell: a name or record starting with = + - @ (or tab,
      // CR) is written as text, never as a live formula.
      lines.push(
        csvLine([present ? entry : '', org.name, r.code, r.label, r.happened_on, summary, r.name, r.size, mimeLabel(r.mime), r.sha256, beijingTime(r.created_at), present ? '' : '文件缺失']),
      );
    }
  }
  archive.append(Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n', 'utf8'), { name: '清单.csv', date: zipEntryTime(deps.clock.now()) });
  await archive.finalize();
}
