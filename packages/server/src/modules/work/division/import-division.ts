/**
 * 责任分工表 from Excel: the workbook the page exports (division-workbook.ts), filled in and
 * uploaded back. A row is found by its 责任主体 and 任务编号 among the unit's divided tasks of the
 * year; its 责任领导/责任人, 配合领导, 牵头部门 and 具体措施 replace the stored ones. Columns are
 * found by their headers (any order; 序号, 部分 and 工作任务 are read-only and ignored), people by
 * name in the unit's active staff ("姓名（职务）" when two share a name).
 *
 * A dry run answers every change (before → after) and every problem by row, writing nothing. A real
 * import with any problem is refused whole (400, the problems listed); otherwise every changed row
 * is written in one transaction, each a `work.division.update` audit entry marked `import`
 * (measures replaced say so too), all or nothing.
 */
import { AppError, type ErrorDetail } from '../../../http/errors.ts';
import type { Deps } from '../../../deps.ts';
import { MAX_COOPERATORS, t, type DivisionImportResult, type DivisionRow, type Locale } from '@qingdan/core';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { cellText } from '../../imports/format.ts';
import { packageRefusal, unpackedLimit, withImportSlot } from '../../imports/limits.ts';
import { openWorkbook } from '../../imports/open-package.ts';
import { uploadEntry, type Upload } from '../../imports/upload-audit.ts';
import { DIVISION_COLUMNS } from './division-workbook.ts';
import { loadDivisibleAssignment, writeDivision } from './division-rows.ts';
import { findDivision, type DivisionViewer } from './find-division.ts';

const MAX_ROWS = 2000;
const MAX_LEAD_DEPARTMENT = 100;
const MAX_MEASURE = 2000;
const MAX_MEASURES = 50;

type Key = 'org' | 'code' | 'owner' | 'cooperators' | 'lead' | 'measures';
const HEADERS: Record<Key, string> = {
  org: '责任主体',
  code: '任务编号',
  owner: '责任领导/责任人',
  cooperators: '配合领导',
  lead: '牵头部门',
  measures: '具体措施',
};
const REQUIRED: Key[] = ['org', 'code'];

interface Person {
  id: number;
  name: string;
  post: string;
}

interface Planned {
  row: number;
  target: DivisionRow;
  ownerPersonId: number | null;
  cooperatorPersonIds: number[];
  leadDepartment: string;
  /** The new measures, when they differ from the stored ones. */
  measures: string[] | null;
  fields: DivisionImportResult['changes'][number]['fields'];
}

interface Problem {
  row: number;
  column: string;
  reason: string;
  params?: Record<string, string | number>;
}

/** "1. 内容" / "1、内容" / "（1）内容" → "内容": the numbering the export adds, or a person's. */
function stripNumber(line: string): string {
  return line.replace(/^\s*(?:[（(]\s*\d+\s*[)）]|\d+\s*[.、．)）])\s*/, '').trim();
}

export async function importDivision(
  deps: Deps,
  actor: Actor,
  viewer: DivisionViewer & { user: Pick<CurrentUser, 'grants'> },
  orgId: number,
  data: Buffer,
  opts: { dryRun: boolean; fileName: string; year?: number | undefined; locale: Locale },
): Promise<DivisionImportResult> {
  const opened = await withImportSlot(deps, () => openWorkbook(data, unpackedLimit(deps.config, 'division')));
  if (!opened.ok) {
    const r = packageRefusal(opened.reason, unpackedLimit(deps.config, 'division'), opened.inflatedBytes, 'IMPORT_BAD_FILE');
    throw new AppError(r.status, r.code, r.params);
  }
  const wb = opened.value;
  const ws = wb.getWorksheet('责任分工表') ?? wb.worksheets[0];
  if (!ws) throw new AppError(400, 'IMPORT_BAD_SHEET', { sheet: '责任分工表' });

  // The header row: the first of the first five that names 任务编号.
  let headerRow = 0;
  const col: Partial<Record<Key, number>> = {};
  for (let r = 1; r <= Math.min(5, ws.rowCount) && headerRow === 0; r++) {
    const row = ws.getRow(r);
    const names = new Map<string, number>();
    row.eachCell({ includeEmpty: false }, (cell, c) => names.set(cellText(cell.value).replace(/\s+/g, ''), c));
    if (!names.has(HEADERS.code)) continue;
    headerRow = r;
    for (const k of Object.keys(HEADERS) as Key[]) {
      const c = names.get(HEADERS[k]);
      if (c !== undefined) col[k] = c;
    }
  }
  const missing = REQUIRED.find((k) => col[k] === undefined);
  if (headerRow === 0 || missing) throw new AppError(400, 'WORK_DIVISION_IMPORT_HEADER', { column: HEADERS[missing ?? 'code'], columns: DIVISION_COLUMNS.map((c) => c.header).join('、') });
  if (ws.rowCount - headerRow > MAX_ROWS) throw new AppError(400, 'IMPORT_TOO_MANY_ROWS', { max: MAX_ROWS });

  // The unit's whole table of the year, in the caller's scope, and its active staff.
  const table = await findDivision(deps, viewer, orgId, { year: opts.year });
  const byKey = new Map(table.items.map((r) => [`${r.orgName}\u0000${r.taskCode}`, r]));
  const orgNames = new Set(table.items.map((r) => r.orgName));
  const staff = await deps.db.kysely
    .selectFrom('people')
    .select(['id', 'name', 'post'])
    .where('unit_id', '=', table.unit.id)
    .where('active', '=', true)
    .execute();
  const byName = new Map<string, Person[]>();
  for (const p of staff) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const nameOf = new Map<number, string>(staff.map((p) => [p.id, p.name]));
  for (const r of table.items) {
    if (r.ownerPersonId !== null && r.ownerName) nameOf.set(r.ownerPersonId, r.ownerName);
    for (const c of r.cooperators) nameOf.set(c.id, c.name);
  }

  const problems: Problem[] = [];
  /** A person by "姓名" or "姓名（职务）" among the unit's active staff, or a problem. */
  const personOf = (text: string, row: number, column: string): Person | null => {
    const m = /^(.+?)\s*[（(]\s*(.*?)\s*[)）]\s*$/.exec(text);
    const name = (m ? m[1]! : text).trim();
    const post = m ? m[2]! : null;
    const found = (byName.get(name) ?? []).filter((p) => post === null || p.post === post);
    if (found.length === 1) return found[0]!;
    const all = byName.get(name) ?? [];
    if (found.length === 0 && post !== null && all.length === 1) return all[0]!; // a post written differently
    problems.push({ row, column, reason: found.length > 1 ? 'WORK_DIVISION_IMPORT_PERSON_AMBIGUOUS' : 'WORK_DIVISION_IMPORT_PERSON_UNKNOWN', params: { name } });
    return null;
  };

  const planned: Planned[] = [];
  const seen = new Map<number, number>();
  let rows = 0;
  let unchanged = 0;
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cell = (k: Key) => (col[k] === undefined ? undefined : cellText(row.getCell(col[k]!).value));
    const orgName = cell('org') ?? '';
    const code = cell('code') ?? '';
    const rest = (['owner', 'cooperators', 'lead', 'measures'] as Key[]).some((k) => (cell(k) ?? '') !== '');
    if (!orgName && !code && !rest) continue; // a blank row
    rows++;
    const before = problems.length;
    const target = byKey.get(`${orgName}\u0000${code}`);
    if (!target) {
      // Which cell is wrong: the organisation when the table has none of that name, else the code.
      const column = !code || orgNames.has(orgName) ? HEADERS.code : HEADERS.org;
      problems.push({ row: r, column, reason: 'WORK_DIVISION_IMPORT_NO_TASK', params: { org: orgName, code } });
      continue;
    }
    if (seen.has(target.assignmentId)) {
      problems.push({ row: r, column: HEADERS.code, reason: 'WORK_DIVISION_IMPORT_DUPLICATE', params: { first: seen.get(target.assignmentId)! } });
      continue;
    }
    seen.set(target.assignmentId, r);
    if (!target.canAssign) {
      problems.push({ row: r, column: HEADERS.org, reason: 'WORK_NOT_ASSIGNER' });
      continue;
    }

    // A column the file does not have keeps what is stored.
    const ownerText = cell('owner');
    const owner = ownerText === undefined ? undefined : ownerText === '' ? null : personOf(ownerText, r, HEADERS.owner);
    const ownerPersonId = owner === undefined ? target.ownerPersonId : owner === null ? null : owner.id;
    const coopText = cell('cooperators');
    let cooperatorPersonIds = target.cooperators.map((c) => c.id);
    if (coopText !== undefined) {
      const names = coopText.split(/[、，,；;\n]+/).map((s) => s.trim()).filter(Boolean);
      const people = names.map((n) => personOf(n, r, HEADERS.cooperators)).filter((p): p is Person => p !== null);
      cooperatorPersonIds = people.map((p) => p.id);
      if (new Set(cooperatorPersonIds).size !== cooperatorPersonIds.length || (ownerPersonId !== null && cooperatorPersonIds.includes(ownerPersonId))) {
        problems.push({ row: r, column: HEADERS.cooperators, reason: 'WORK_DIVISION_COOPERATOR' });
      } else if (cooperatorPersonIds.length > MAX_COOPERATORS) {
        problems.push({ row: r, column: HEADERS.cooperators, reason: 'WORK_DIVISION_IMPORT_TOO_MANY', params: { max: MAX_COOPERATORS } });
      }
    } else if (ownerPersonId !== null) {
      cooperatorPersonIds = cooperatorPersonIds.filter((id) => id !== ownerPersonId);
    }
    const leadDepartment = cell('lead') ?? target.leadDepartment;
    if (leadDepartment.length > MAX_LEAD_DEPARTMENT) problems.push({ row: r, column: HEADERS.lead, reason: 'WORK_DIVISION_IMPORT_TOO_LONG', params: { max: MAX_LEAD_DEPARTMENT } });
    const measuresText = cell('measures');
    const stored = target.measures.map((m) => m.content);
    let measures: string[] | null = null;
    if (measuresText !== undefined) {
      const next = measuresText.split(/\r?\n/).map(stripNumber).filter(Boolean);
      if (next.some((m) => m.length > MAX_MEASURE)) problems.push({ row: r, column: HEADERS.measures, reason: 'WORK_DIVISION_IMPORT_TOO_LONG', params: { max: MAX_MEASURE } });
      if (next.length > MAX_MEASURES) problems.push({ row: r, column: HEADERS.measures, reason: 'WORK_DIVISION_IMPORT_TOO_MANY', params: { max: MAX_MEASURES } });
      if (next.join('\n') !== stored.join('\n')) measures = next;
    }
    if (problems.length > before) continue;

    const fields: DivisionImportResult['changes'][number]['fields'] = [];
    const names = (ids: number[]) => ids.map((id) => nameOf.get(id) ?? `#${id}`).join('、');
    if (ownerPersonId !== target.ownerPersonId) fields.push({ column: HEADERS.owner, before: target.ownerName ?? '', after: owner ? owner.name : '' });
    const storedCoops = target.cooperators.map((c) => c.id);
    if (cooperatorPersonIds.join(',') !== storedCoops.join(',')) fields.push({ column: HEADERS.cooperators, before: names(storedCoops), after: names(cooperatorPersonIds) });
    if (leadDepartment !== target.leadDepartment) fields.push({ column: HEADERS.lead, before: target.leadDepartment, after: leadDepartment });
    if (measures) fields.push({ column: HEADERS.measures, before: stored.map((m, i) => `${i + 1}. ${m}`).join('\n'), after: measures.map((m, i) => `${i + 1}. ${m}`).join('\n') });
    if (fields.length === 0) {
      unchanged++;
      continue;
    }
    planned.push({ row: r, target, ownerPersonId, cooperatorPersonIds, leadDepartment, measures, fields });
  }

  const result: DivisionImportResult = {
    dryRun: opts.dryRun,
    fileName: opts.fileName,
    year: table.year,
    rows,
    changed: planned.length,
    unchanged,
    changes: planned.map((p) => ({ row: p.row, assignmentId: p.target.assignmentId, orgName: p.target.orgName, taskCode: p.target.taskCode, taskContent: p.target.taskContent, fields: p.fields })),
    errors: problems.map((p) => ({ row: p.row, column: p.column, message: t(p.reason, opts.locale, p.params ?? {}) })),
  };
  if (problems.length > 0 && !opts.dryRun) {
    const details: ErrorDetail[] = problems.slice(0, 100).map((p) => ({ path: `第${p.row}行 ${p.column}`, reason: p.reason, ...(p.params ? { params: p.params } : {}) }));
    throw new AppError(400, 'WORK_DIVISION_IMPORT_INVALID', { count: problems.length }, details);
  }
  const upload = divisionUpload(table.unit.id, opts.fileName, data.length);
  const outcome = { year: table.year, rows, changed: planned.length, unchanged, problems: problems.length };
  await write(deps, actor, async ({ trx, now, audit }) => {
    audit(uploadEntry(upload, { outcome: opts.dryRun ? 'checked' : 'imported', ...outcome }));
    if (opts.dryRun) return;
    for (const p of planned) {
      // Locked and checked as a single 分工 checks it (the caller may divide it, not withdrawn).
      const a = await loadDivisibleAssignment(trx, viewer.user, p.target.assignmentId);
      const extra: Record<string, unknown> = { import: opts.fileName };
      if (p.measures) {
        await trx.deleteFrom('measures').where('unit_id', '=', a.unitId).where('assignment_id', '=', a.id).execute();
        if (p.measures.length > 0) {
          await trx
            .insertInto('measures')
            .values(p.measures.map((content, i) => ({ unit_id: a.unitId, assignment_id: a.id, seq: i + 1, content, created_by: actor.accountId, created_at: now, updated_at: now })))
            .execute();
        }
        extra.measures = p.measures;
      }
      audit(await writeDivision(trx, a, now, { ownerPersonId: p.ownerPersonId, cooperatorPersonIds: p.cooperatorPersonIds, leadDepartment: p.leadDepartment }, extra));
    }
  });
  return result;
}

/** The audit trail's description of a 责任分工表 upload (imports/upload-audit.ts). */
export const divisionUpload = (unitId: number, fileName: string | null, size: number | null): Upload => ({
  kind: 'division', entityType: 'unit', entityId: unitId, unitId, fileName, size,
});
