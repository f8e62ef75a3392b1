/**
 * Import of a list workbook (format: excel-format.ts) into an editable draft, all or nothing.
 *
 * Every row is checked first; any error refuses the whole file with every error's sheet, row,
 * column and reason (400 LIST_IMPORT_INVALID), and nothing is written. A clean file replaces the
 * draft's parts, sections and tasks in one transaction:
 *   - parts and sections are matched by position (the 1st part of the file is the list's 1st part,
 *     and so on), so their ids — and what points at them — stay;
 *   - tasks are matched by code: a known code keeps its task id (links, opinions, origin), a new
 *     one creates a task, a task whose code is not in the file is deleted;
 *   - a row changes nothing it does not differ in (versions move only for changed rows), so
 *     importing an export changes nothing at all.
 * `dryRun` checks and counts without writing (the page's confirmation shows the counts).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { isEditableStatus, type DueRule, type Frequency, FREQUENCIES, FREQUENCY_LABELS } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import type { Database } from '../../../db/schema.ts';
import { AppError, type ErrorDetail } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write, type WriteContext } from '../../../write.ts';
import { normaliseLabel } from '../../imports/format.ts';
import { unpackedLimit, withImportSlot } from '../../imports/limits.ts';
import { uploadEntry, type Upload } from '../../imports/upload-audit.ts';
import { assertCanManageList, loadPolicyList, type PolicyUser } from '../policy.ts';
import { auditPlace, taskCode } from '../structure/shared.ts';
import { frequencyFromText, parseDueRuleCell } from './due-text.ts';
import { LIST_FIELDS, PART_COLUMNS, readListWorkbook, SECTION_COLUMNS, SHEETS, TASK_COLUMNS, type Column, type RawRow } from './excel-format.ts';

type K = Kysely<Database> | Transaction<Database>;

export interface ImportSummary {
  parts: number;
  sections: number;
  tasks: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Task ↔ source links added plus removed. */
  links: number;
}

export interface ImportResult {
  dryRun: boolean;
  fileName: string;
  changed: boolean;
  summary: ImportSummary;
}

/** At most this many row errors are reported (the message tells the total). */
export const MAX_REPORTED_ERRORS = 200;
const CODE_RE = /^[A-Za-z0-9._-]{1,40}$/;

interface PlannedPart {
  row: number;
  title: string;
  draftingOrgId: number | null;
}
interface PlannedSection {
  part: number; // index into parts
  title: string;
}
interface PlannedTask {
  row: number;
  code: string | null;
  part: number;
  section: number | null; // index into sections
  levelCode: string;
  seq: number; // within part × level, 1-based, after ordering
  content: string;
  requirements: string;
  frequency: Frequency;
  dueRule: DueRule;
  evidence: string;
  reviewerOrgId: number | null;
  weight: string | null;
  sourceIds: number[] | null; // null: column absent, links unchanged
}

interface Plan {
  title: string | null;
  parts: PlannedPart[];
  sections: PlannedSection[];
  tasks: PlannedTask[];
}

const header = (columns: Column[], key: string) => columns.find((c) => c.key === key)?.header ?? key;

class Errors {
  readonly list: ErrorDetail[] = [];
  total = 0;
  add(sheet: string, row: number | null, column: string, reason: string, params?: Record<string, string | number>) {
    this.total += 1;
    if (this.list.length < MAX_REPORTED_ERRORS) this.list.push({ path: `${sheet}:${row ?? ''}:${column}`, reason, ...(params ? { params } : {}) });
  }
}

function positiveInt(s: string): number | null {
  if (!/^\d{1,6}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 ? n : null;
}

/** numeric(6,2): 0–1000, at most two decimals; as the database stores it ("5.00"). */
function parseWeight(s: string): string | null | undefined {
  if (s === '') return null;
  if (!/^\d{1,4}(\.\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  if (!(n >= 0 && n <= 1000)) return undefined;
  const r = Math.round(n * 100);
  if (Math.abs(r - n * 100) > 1e-6) return undefined;
  return (r / 100).toFixed(2);
}

async function buildPlan(k: K, listId: number, read: Extract<Awaited<ReturnType<typeof readListWorkbook>>, { ok: true }>): Promise<{ plan: Plan; errors: Errors }> {
  const errors = new Errors();
  const P = SHEETS.parts;
  const S = SHEETS.sections;
  const T = SHEETS.tasks;

  // What the rows may refer to.
  const levelRows = await k.selectFrom('responsibility_levels').select(['code', 'name', 'name_en']).execute();
  const levelBy = new Map<string, string>();
  for (const l of levelRows) {
    levelBy.set(normaliseLabel(l.code), l.code);
    levelBy.set(normaliseLabel(l.name), l.code);
    levelBy.set(normaliseLabel(l.name_en), l.code);
  }
  const orgCodes = new Set<string>();
  for (const r of read.parts.rows) if (r.cells.orgCode) orgCodes.add(r.cells.orgCode);
  for (const r of read.tasks.rows) if (r.cells.reviewerCode) orgCodes.add(r.cells.reviewerCode);
  const orgRows = orgCodes.size ? await k.selectFrom('orgs').select(['id', 'code', 'kind', 'active']).where('code', 'in', [...orgCodes]).execute() : [];
  const orgBy = new Map(orgRows.map((o) => [o.code, o]));
  const itemRows = await k
    .selectFrom('source_items as i')
    .innerJoin('source_documents as d', 'd.id', 'i.document_id')
    .select('i.id')
    .where('d.list_id', '=', listId)
    .execute();
  const itemIds = new Set(itemRows.map((i) => i.id));

  // 清单: the title.
  let title: string | null = null;
  for (const r of read.list?.rows ?? []) {
    if (r.cells.field?.replace(/\s+/g, '') !== LIST_FIELDS.title) continue;
    const v = r.cells.value ?? '';
    if (v === '') errors.add(SHEETS.list, r.row, '内容', 'IMPORT_REQUIRED');
    else if (v.length > 200) errors.add(SHEETS.list, r.row, '内容', 'IMPORT_TOO_LONG', { max: 200 });
    else title = v;
  }

  // 部分
  const partRows: { row: number; seq: number; title: string; draftingOrgId: number | null }[] = [];
  const partSeqRow = new Map<number, number>();
  for (const r of read.parts.rows) {
    const c = r.cells;
    const seq = positiveInt(c.seq ?? '');
    if (c.seq === '') errors.add(P, r.row, header(PART_COLUMNS, 'seq'), 'IMPORT_REQUIRED');
    else if (seq === null) errors.add(P, r.row, header(PART_COLUMNS, 'seq'), 'LIST_IMPORT_BAD_SEQ');
    else if (partSeqRow.has(seq)) errors.add(P, r.row, header(PART_COLUMNS, 'seq'), 'LIST_IMPORT_DUPLICATE_SEQ', { row: partSeqRow.get(seq) as number });
    else partSeqRow.set(seq, r.row);
    const t = c.title ?? '';
    if (t === '') errors.add(P, r.row, header(PART_COLUMNS, 'title'), 'IMPORT_REQUIRED');
    else if (t.length > 200) errors.add(P, r.row, header(PART_COLUMNS, 'title'), 'IMPORT_TOO_LONG', { max: 200 });
    let draftingOrgId: number | null = null;
    if (c.orgCode) {
      const o = orgBy.get(c.orgCode);
      if (!o) errors.add(P, r.row, header(PART_COLUMNS, 'orgCode'), 'LIST_IMPORT_ORG_NOT_FOUND', { code: c.orgCode });
      else if (o.kind !== 'department' || !o.active) errors.add(P, r.row, header(PART_COLUMNS, 'orgCode'), 'PART_DRAFTING_ORG_INVALID');
      else draftingOrgId = o.id;
    }
    if (seq !== null) partRows.push({ row: r.row, seq, title: t, draftingOrgId });
  }
  if (read.parts.rows.length === 0) errors.add(P, null, '', 'LIST_IMPORT_NO_PARTS');
  partRows.sort((a, b) => a.seq - b.seq || a.row - b.row);
  const parts: PlannedPart[] = partRows.map((p) => ({ row: p.row, title: p.title, draftingOrgId: p.draftingOrgId }));
  const partIndex = new Map(partRows.map((p, i) => [p.seq, i]));
  const partOf = (sheet: string, r: RawRow, column: string): number | null => {
    const v = r.cells.partSeq ?? '';
    if (v === '') {
      errors.add(sheet, r.row, column, 'IMPORT_REQUIRED');
      return null;
    }
    const n = positiveInt(v);
    const idx = n === null ? undefined : partIndex.get(n);
    if (idx === undefined) {
      if (n === null || !partSeqRow.has(n)) errors.add(sheet, r.row, column, 'LIST_IMPORT_PART_NOT_FOUND', { seq: v });
      return null;
    }
    return idx;
  };

  // 小节: per part, ordered by 序号 (unique within the part). Titles may repeat; a task then names its
  // section as “#序号 标题”.
  const sectionRows: { row: number; part: number; seq: number; title: string }[] = [];
  const sectionKey = (part: number, title: string) => `${part}\u0000${title}`;
  const sectionSeqRow = new Map<string, number>();
  for (const r of read.sections?.rows ?? []) {
    const part = partOf(S, r, header(SECTION_COLUMNS, 'partSeq'));
    const seqText = r.cells.seq ?? '';
    const seq = positiveInt(seqText);
    if (seqText === '') errors.add(S, r.row, header(SECTION_COLUMNS, 'seq'), 'IMPORT_REQUIRED');
    else if (seq === null) errors.add(S, r.row, header(SECTION_COLUMNS, 'seq'), 'LIST_IMPORT_BAD_SEQ');
    else if (part !== null) {
      const first = sectionSeqRow.get(`${part}:${seq}`);
      if (first !== undefined) errors.add(S, r.row, header(SECTION_COLUMNS, 'seq'), 'LIST_IMPORT_DUPLICATE_SEQ', { row: first });
      else sectionSeqRow.set(`${part}:${seq}`, r.row);
    }
    const t = r.cells.title ?? '';
    if (t === '') errors.add(S, r.row, header(SECTION_COLUMNS, 'title'), 'IMPORT_REQUIRED');
    else if (t.length > 200) errors.add(S, r.row, header(SECTION_COLUMNS, 'title'), 'IMPORT_TOO_LONG', { max: 200 });
    if (part !== null && seq !== null && t !== '') sectionRows.push({ row: r.row, part, seq, title: t });
  }
  sectionRows.sort((a, b) => a.part - b.part || a.seq - b.seq || a.row - b.row);
  const sections: PlannedSection[] = [];
  const sectionBySeq = new Map<string, number>();
  const sectionsByTitle = new Map<string, number[]>();
  for (const s of sectionRows) {
    const idx = sections.length;
    sections.push({ part: s.part, title: s.title });
    sectionBySeq.set(`${s.part}:${s.seq}`, idx);
    const key = sectionKey(s.part, s.title);
    sectionsByTitle.set(key, [...(sectionsByTitle.get(key) ?? []), idx]);
  }

  // 任务
  const hasSources = read.tasks.present.has('sources');
  const codeRow = new Map<string, number>();
  const drafts: (PlannedTask & { seqKey: number | null })[] = [];
  for (const r of read.tasks.rows) {
    const c = r.cells;
    const col = (key: string) => header(TASK_COLUMNS, key);
    let ok = true;
    const fail = (key: string, reason: string, params?: Record<string, string | number>) => {
      ok = false;
      errors.add(T, r.row, col(key), reason, params);
    };
    const code = c.code ?? '';
    if (code !== '') {
      if (!CODE_RE.test(code)) fail('code', 'IMPORT_CODE_FORMAT');
      else if (codeRow.has(code)) fail('code', 'IMPORT_DUPLICATE_CODE', { row: codeRow.get(code) as number });
      else codeRow.set(code, r.row);
    }
    const part = partOf(T, r, col('partSeq'));
    if (part === null) ok = false;
    let section: number | null = null;
    const sectionText = c.section ?? '';
    if (sectionText !== '' && part !== null) {
      const bySeq = /^#(\d{1,6})(?:\s+.*)?$/s.exec(sectionText);
      if (bySeq) {
        const idx = sectionBySeq.get(`${part}:${Number(bySeq[1])}`);
        if (idx === undefined) fail('section', 'LIST_IMPORT_SECTION_NOT_FOUND', { value: sectionText });
        else section = idx;
      } else if (sectionText.length > 200) fail('section', 'IMPORT_TOO_LONG', { max: 200 });
      else {
        const key = sectionKey(part, sectionText);
        const found = sectionsByTitle.get(key) ?? [];
        if (found.length > 1) fail('section', 'LIST_IMPORT_AMBIGUOUS_SECTION', { title: sectionText });
        else if (found.length === 1) section = found[0] as number;
        else {
          section = sections.length;
          sections.push({ part, title: sectionText });
          sectionsByTitle.set(key, [section]);
        }
      }
    }
    const levelText = c.level ?? '';
    const levelCode = levelBy.get(normaliseLabel(levelText));
    if (levelText === '') fail('level', 'IMPORT_REQUIRED');
    else if (!levelCode) fail('level', 'TASK_LEVEL_INVALID', { level: levelText });
    const seqText = c.seq ?? '';
    const seqKey = seqText === '' ? null : positiveInt(seqText);
    if (seqText !== '' && seqKey === null) fail('seq', 'LIST_IMPORT_BAD_SEQ');
    const content = c.content ?? '';
    if (content === '') fail('content', 'IMPORT_REQUIRED');
    else if (content.length > 2000) fail('content', 'IMPORT_TOO_LONG', { max: 2000 });
    const requirements = c.requirements ?? '';
    if (requirements.length > 2000) fail('requirements', 'IMPORT_TOO_LONG', { max: 2000 });
    const evidence = c.evidence ?? '';
    if (evidence.length > 1000) fail('evidence', 'IMPORT_TOO_LONG', { max: 1000 });
    const freqText = c.frequency ?? '';
    const frequency = frequencyFromText(freqText);
    if (freqText === '') fail('frequency', 'IMPORT_REQUIRED');
    else if (!frequency) fail('frequency', 'LIST_IMPORT_BAD_FREQUENCY', { value: freqText, allowed: FREQUENCIES.map((f) => FREQUENCY_LABELS[f].zh).join('、') });
    const dueRule = parseDueRuleCell(c.due ?? '');
    if (!dueRule) fail('due', 'LIST_IMPORT_BAD_DUE', { value: c.due ?? '' });
    let reviewerOrgId: number | null = null;
    if (c.reviewerCode) {
      const o = orgBy.get(c.reviewerCode);
      if (!o) fail('reviewerCode', 'LIST_IMPORT_ORG_NOT_FOUND', { code: c.reviewerCode });
      else if (!['committee', 'department'].includes(o.kind) || !o.active) fail('reviewerCode', 'TASK_REVIEWER_INVALID');
      else reviewerOrgId = o.id;
    }
    const weight = parseWeight(c.weight ?? '');
    if (weight === undefined) fail('weight', 'LIST_IMPORT_BAD_WEIGHT');
    let sourceIds: number[] | null = null;
    if (hasSources) {
      sourceIds = [];
      for (const piece of (c.sources ?? '').split(/[；;，,、\s]+/).filter(Boolean)) {
        const id = /^#?(\d{1,9})$/.exec(piece);
        if (!id || !itemIds.has(Number(id[1]))) {
          fail('sources', 'LIST_IMPORT_SOURCE_NOT_FOUND', { id: piece });
          continue;
        }
        if (!sourceIds.includes(Number(id[1]))) sourceIds.push(Number(id[1]));
      }
      sourceIds.sort((a, b) => a - b);
    }
    if (!ok || part === null || !levelCode || !frequency || !dueRule || weight === undefined) continue;
    drafts.push({
      row: r.row,
      code: code === '' ? null : code,
      part,
      section,
      levelCode,
      seq: 0,
      seqKey,
      content,
      requirements,
      frequency,
      dueRule,
      evidence,
      reviewerOrgId,
      weight,
      sourceIds,
    });
  }

  // Order within part × level: 顺序 first (empty last), then the row; then number 1, 2, 3 …
  const groups = new Map<string, typeof drafts>();
  for (const d of drafts) {
    const key = `${d.part}:${d.levelCode}`;
    const g = groups.get(key);
    if (g) g.push(d);
    else groups.set(key, [d]);
  }
  for (const g of groups.values()) {
    g.sort((a, b) => (a.seqKey ?? Infinity) - (b.seqKey ?? Infinity) || a.row - b.row);
    g.forEach((d, i) => (d.seq = i + 1));
  }
  const tasks: PlannedTask[] = drafts.map(({ seqKey: _seqKey, ...t }) => t);
  return { plan: { title, parts, sections, tasks }, errors };
}

// ---------------------------------------------------------------- applying

interface StoredTask {
  id: number;
  code: string;
  part_id: number;
  section_id: number | null;
  level_code: string;
  seq: number;
  content: string;
  requirements: string;
  frequency: string;
  due_rule: unknown;
  evidence: string;
  reviewer_org_id: number | null;
  weight: string | null;
}

const jsonOf = (v: unknown): unknown => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
const sameRule = (a: unknown, b: DueRule) => JSON.stringify(canonRule(jsonOf(a))) === JSON.stringify(canonRule(b));
function canonRule(r: unknown): unknown {
  const o = (r ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}
const weightText = (w: unknown): string | null => (w === null || w === undefined ? null : Number(w).toFixed(2));

async function run(w: WriteContext, listId: number, fileName: string, plan: Plan, dryRun: boolean): Promise<ImportResult> {
  const { trx, now } = w;
  const list = await trx.selectFrom('responsibility_lists').select(['id', 'year', 'title']).where('id', '=', listId).executeTakeFirstOrThrow();
  const oldParts = await trx.selectFrom('list_parts').select(['id', 'seq', 'title', 'drafting_org_id']).where('list_id', '=', listId).orderBy('seq').orderBy('id').execute();
  const oldSections = await trx.selectFrom('list_sections').select(['id', 'part_id', 'seq', 'title']).where('list_id', '=', listId).orderBy('seq').orderBy('id').execute();
  const oldTasks = (await trx
    .selectFrom('list_tasks')
    .select(['id', 'code', 'part_id', 'section_id', 'level_code', 'seq', 'content', 'requirements', 'frequency', 'due_rule', 'evidence', 'reviewer_org_id', 'weight'])
    .where('list_id', '=', listId)
    .execute()) as StoredTask[];

  // Parts by position.
  const partIds: (number | null)[] = plan.parts.map((_, i) => oldParts[i]?.id ?? null);
  const partUpdates = plan.parts
    .map((p, i) => ({ p, i, old: oldParts[i] }))
    .filter((x) => x.old && (x.old.seq !== x.i + 1 || x.old.title !== x.p.title || x.old.drafting_org_id !== x.p.draftingOrgId));
  const partDeletes = oldParts.slice(plan.parts.length).map((p) => p.id);

  // Sections by position within their (matched) part.
  const oldSectionsOf = new Map<number, typeof oldSections>();
  for (const s of oldSections) {
    const a = oldSectionsOf.get(s.part_id);
    if (a) a.push(s);
    else oldSectionsOf.set(s.part_id, [s]);
  }
  const sectionPlan = plan.sections.map((s, i) => {
    const inPart = plan.sections.slice(0, i).filter((x) => x.part === s.part).length; // 0-based position in part
    const partId = partIds[s.part] ?? null;
    const old = partId === null ? undefined : oldSectionsOf.get(partId)?.[inPart];
    return { s, seq: inPart + 1, old };
  });
  const keptSectionIds = new Set(sectionPlan.flatMap((x) => (x.old ? [x.old.id] : [])));
  const sectionDeletes = oldSections.filter((s) => !keptSectionIds.has(s.id)).map((s) => s.id);
  const sectionUpdates = sectionPlan.filter((x) => x.old && (x.old.seq !== x.seq || x.old.title !== x.s.title));

  // Tasks by code.
  const oldByCode = new Map(oldTasks.map((t) => [t.code, t]));
  const fileCodes = new Set(plan.tasks.flatMap((t) => (t.code ? [t.code] : [])));
  const taskDeletes = oldTasks.filter((t) => !fileCodes.has(t.code)).map((t) => t.id);
  const creates = plan.tasks.filter((t) => !t.code || !oldByCode.has(t.code));
  const matched = plan.tasks.filter((t) => t.code && oldByCode.has(t.code));
  const sectionIdOf = (t: PlannedTask) => (t.section === null ? null : (sectionPlan[t.section]?.old?.id ?? null));
  const partIdOf = (t: PlannedTask) => partIds[t.part] ?? null;
  // A task is changed when anything differs; a task in a new part or section is always changed.
  const taskUpdates = matched.filter((t) => {
    const o = oldByCode.get(t.code as string) as StoredTask;
    const pid = partIdOf(t);
    const sid = sectionIdOf(t);
    if (pid === null || (t.section !== null && sid === null)) return true;
    return (
      o.part_id !== pid ||
      o.section_id !== sid ||
      o.level_code !== t.levelCode ||
      o.seq !== t.seq ||
      o.content !== t.content ||
      o.requirements !== t.requirements ||
      o.frequency !== t.frequency ||
      !sameRule(o.due_rule, t.dueRule) ||
      o.evidence !== t.evidence ||
      o.reviewer_org_id !== t.reviewerOrgId ||
      weightText(o.weight) !== t.weight
    );
  });

  // Links (only where the file has the column).
  const taskIdsWithColumn = matched.filter((t) => t.sourceIds !== null).map((t) => (oldByCode.get(t.code as string) as StoredTask).id);
  const oldLinks = taskIdsWithColumn.length
    ? await trx.selectFrom('task_sources').select(['task_id', 'source_item_id']).where('task_id', 'in', taskIdsWithColumn).execute()
    : [];
  const oldLinkSet = new Set(oldLinks.map((l) => `${l.task_id}:${l.source_item_id}`));
  const linkAdds: { code: string | null; task: PlannedTask; itemId: number }[] = [];
  const keepLinks = new Set<string>();
  for (const t of plan.tasks) {
    if (t.sourceIds === null) continue;
    const old = t.code ? oldByCode.get(t.code) : undefined;
    for (const itemId of t.sourceIds) {
      const key = old ? `${old.id}:${itemId}` : null;
      if (key && oldLinkSet.has(key)) keepLinks.add(key);
      else linkAdds.push({ code: t.code, task: t, itemId });
    }
  }
  const linkRemoves = oldLinks.filter((l) => !keepLinks.has(`${l.task_id}:${l.source_item_id}`));

  const titleChanged = plan.title !== null && plan.title !== list.title;
  const summary: ImportSummary = {
    parts: plan.parts.length,
    sections: plan.sections.length,
    tasks: plan.tasks.length,
    created: creates.length,
    updated: taskUpdates.length,
    unchanged: matched.length - taskUpdates.length,
    deleted: taskDeletes.length,
    links: linkAdds.length + linkRemoves.length,
  };
  const changed =
    titleChanged ||
    partUpdates.length + partDeletes.length + (plan.parts.length - Math.min(plan.parts.length, oldParts.length)) > 0 ||
    sectionUpdates.length + sectionDeletes.length + sectionPlan.filter((x) => !x.old).length > 0 ||
    creates.length + taskUpdates.length + taskDeletes.length + summary.links > 0;
  if (dryRun || !changed) return { dryRun, fileName, changed, summary };

  // Tasks that other lists were copied from cannot go.
  if (taskDeletes.length) {
    const used = await trx
      .selectFrom('list_tasks as t')
      .innerJoin('list_tasks as o', 'o.id', 't.origin_task_id')
      .select('o.code')
      .where('t.origin_task_id', 'in', taskDeletes)
      .where('t.list_id', '<>', listId)
      .executeTakeFirst();
    if (used) throw new AppError(409, 'LIST_IMPORT_TASK_IN_USE', { code: used.code });
  }

  // 1. Parts: update matched, insert new.
  if (partUpdates.length) {
    const json = JSON.stringify(partUpdates.map((x) => ({ id: x.old!.id, seq: x.i + 1, title: x.p.title, org: x.p.draftingOrgId })));
    await sql`UPDATE list_parts AS p SET seq = m.seq, title = m.title, drafting_org_id = m.org, version = p.version + 1, updated_at = ${now}
              FROM jsonb_to_recordset(${json}::jsonb) AS m(id int, seq int, title text, org int) WHERE p.id = m.id`.execute(trx);
  }
  const newParts = plan.parts.map((p, i) => ({ p, i })).filter((x) => partIds[x.i] === null);
  if (newParts.length) {
    const rows = await trx
      .insertInto('list_parts')
      .values(newParts.map((x) => ({ list_id: listId, seq: x.i + 1, title: x.p.title, drafting_org_id: x.p.draftingOrgId, created_at: now, updated_at: now })))
      .returning('id')
      .execute();
    newParts.forEach((x, j) => (partIds[x.i] = rows[j]!.id));
  }

  // 2. Sections: update matched, insert new (in their new parts).
  if (sectionUpdates.length) {
    const json = JSON.stringify(sectionUpdates.map((x) => ({ id: x.old!.id, seq: x.seq, title: x.s.title })));
    await sql`UPDATE list_sections AS s SET seq = m.seq, title = m.title, version = s.version + 1
              FROM jsonb_to_recordset(${json}::jsonb) AS m(id int, seq int, title text) WHERE s.id = m.id`.execute(trx);
  }
  const sectionIds: (number | null)[] = sectionPlan.map((x) => x.old?.id ?? null);
  const newSections = sectionPlan.map((x, i) => ({ x, i })).filter((y) => !y.x.old);
  if (newSections.length) {
    const rows = await trx
      .insertInto('list_sections')
      .values(newSections.map((y) => ({ list_id: listId, part_id: partIds[y.x.s.part] as number, seq: y.x.seq, title: y.x.s.title })))
      .returning('id')
      .execute();
    newSections.forEach((y, j) => (sectionIds[y.i] = rows[j]!.id));
  }
  const sid = (t: PlannedTask) => (t.section === null ? null : sectionIds[t.section]!);
  const pid = (t: PlannedTask) => partIds[t.part] as number;

  // 3. Tasks: delete the missing, update the changed, insert the new.
  if (taskDeletes.length) {
    const json = JSON.stringify(taskDeletes);
    await sql`DELETE FROM list_tasks WHERE id IN (SELECT jsonb_array_elements_text(${json}::jsonb)::int)`.execute(trx);
  }
  if (taskUpdates.length) {
    const json = JSON.stringify(
      taskUpdates.map((t) => ({
        id: (oldByCode.get(t.code as string) as StoredTask).id,
        part_id: pid(t),
        section_id: sid(t),
        level_code: t.levelCode,
        seq: t.seq,
        content: t.content,
        requirements: t.requirements,
        frequency: t.frequency,
        due_rule: t.dueRule,
        evidence: t.evidence,
        reviewer_org_id: t.reviewerOrgId,
        weight: t.weight,
      })),
    );
    await sql`UPDATE list_tasks AS t SET part_id = m.part_id, section_id = m.section_id, level_code = m.level_code, seq = m.seq,
                content = m.content, requirements = m.requirements, frequency = m.frequency, due_rule = m.due_rule,
                evidence = m.evidence, reviewer_org_id = m.reviewer_org_id, weight = m.weight,
                version = t.version + 1, updated_at = ${now}
              FROM jsonb_to_recordset(${json}::jsonb) AS m(id int, part_id int, section_id int, level_code text, seq int,
                content text, requirements text, frequency text, due_rule jsonb, evidence text, reviewer_org_id int, weight numeric)
              WHERE t.id = m.id`.execute(trx);
  }
  const codeOf = new Map<PlannedTask, string>();
  if (creates.length) {
    const taken = new Set([...oldTasks.map((t) => t.code), ...fileCodes]);
    const prefix = `T${list.year}-`;
    let n = 0;
    for (const c of taken) {
      const m = c.startsWith(prefix) ? /^\d+$/.exec(c.slice(prefix.length)) : null;
      if (m) n = Math.max(n, Number(m[0]));
    }
    for (const t of creates) {
      if (t.code) codeOf.set(t, t.code);
      else {
        let code = taskCode(list.year, ++n);
        while (taken.has(code)) code = taskCode(list.year, ++n);
        taken.add(code);
        codeOf.set(t, code);
      }
    }
    const json = JSON.stringify(
      creates.map((t) => ({
        part_id: pid(t),
        section_id: sid(t),
        level_code: t.levelCode,
        seq: t.seq,
        code: codeOf.get(t),
        content: t.content,
        requirements: t.requirements,
        frequency: t.frequency,
        due_rule: t.dueRule,
        evidence: t.evidence,
        reviewer_org_id: t.reviewerOrgId,
        weight: t.weight,
      })),
    );
    await sql`INSERT INTO list_tasks (list_id, part_id, section_id, level_code, seq, code, content, requirements, frequency, due_rule,
                evidence, reviewer_org_id, weight, created_at, updated_at)
              SELECT ${listId}::int, m.part_id, m.section_id, m.level_code, m.seq, m.code, m.content, m.requirements, m.frequency, m.due_rule,
                m.evidence, m.reviewer_org_id, m.weight, ${now}, ${now}
              FROM jsonb_to_recordset(${json}::jsonb) AS m(part_id int, section_id int, level_code text, seq int, code text,
                content text, requirements text, frequency text, due_rule jsonb, evidence text, reviewer_org_id int, weight numeric)`.execute(trx);
  }

  // 4. What the file no longer has: sections, then parts (their tasks are gone or moved).
  if (sectionDeletes.length) await trx.deleteFrom('list_sections').where('id', 'in', sectionDeletes).execute();
  if (partDeletes.length) await trx.deleteFrom('list_parts').where('id', 'in', partDeletes).execute();

  // 5. Links.
  if (linkRemoves.length) {
    const json = JSON.stringify(linkRemoves.map((l) => ({ t: l.task_id, i: l.source_item_id })));
    await sql`DELETE FROM task_sources AS s USING jsonb_to_recordset(${json}::jsonb) AS m(t int, i int)
              WHERE s.task_id = m.t AND s.source_item_id = m.i`.execute(trx);
  }
  if (linkAdds.length) {
    const json = JSON.stringify(linkAdds.map((l) => ({ code: l.code ?? codeOf.get(l.task), i: l.itemId })));
    await sql`INSERT INTO task_sources (task_id, source_item_id, created_at)
              SELECT t.id, m.i, ${now} FROM jsonb_to_recordset(${json}::jsonb) AS m(code text, i int)
              JOIN list_tasks t ON t.list_id = ${listId}::int AND t.code = m.code
              ON CONFLICT DO NOTHING`.execute(trx);
  }

  await trx
    .updateTable('responsibility_lists')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now, ...(titleChanged ? { title: plan.title as string } : {}) }))
    .where('id', '=', listId)
    .execute();
  w.audit({
    action: 'list.import',
    entityType: 'list',
    entityId: listId,
    ...(await auditPlace(trx, listId)),
    before: { title: list.title, parts: oldParts.length, sections: oldSections.length, tasks: oldTasks.length },
    after: { fileName, title: plan.title ?? list.title, ...summary },
  });
  return { dryRun, fileName, changed, summary };
}

export interface ImportInput {
  listId: number;
  fileName: string;
  data: Buffer;
  dryRun: boolean;
}

/** Check (and unless dryRun, apply) a list workbook. Refusals: LIST_NOT_MANAGER, LIST_NOT_EDITABLE, LIST_LOCKED. */
export async function importListWorkbook(deps: Deps, actor: Actor, user: PolicyUser, input: ImportInput): Promise<ImportResult> {
  const k = deps.db.kysely;
  // Who and when, before the file is even opened.
  const list = await loadPolicyList(k, input.listId, false);
  await assertCanManageList(k, user, list);
  assertDraft(list.status);

  // Unpacked and parsed in one of the process's parse slots, within the list import's limit.
  const read = await withImportSlot(deps, () => readListWorkbook(input.data, unpackedLimit(deps.config, 'list')));
  if (!read.ok) throw new AppError(read.status ?? 400, read.code, read.params ?? {});
  const { plan, errors } = await buildPlan(k, input.listId, read);
  if (errors.total > 0) throw new AppError(400, 'LIST_IMPORT_INVALID', { count: errors.total, shown: errors.list.length }, errors.list);

  return write(deps, actor, async (w) => {
    const locked = await loadPolicyList(w.trx, input.listId, true);
    assertDraft(locked.status);
    const result = await run(w, input.listId, input.fileName, plan, input.dryRun);
    w.audit(
      uploadEntry({ ...listUpload(input.listId, input.fileName, input.data.length), ...(await auditPlace(w.trx, input.listId)) }, {
        outcome: input.dryRun ? 'checked' : result.changed ? 'imported' : 'unchanged',
        inflatedBytes: read.inflatedBytes,
      }),
    );
    return result;
  });
}

function assertDraft(status: Parameters<typeof isEditableStatus>[0]) {
  if (isEditableStatus(status)) return;
  throw new AppError(409, status === 'issued' ? 'LIST_NOT_EDITABLE' : 'LIST_LOCKED');
}

/** The audit trail's description of an upload into a list (imports/upload-audit.ts). */
export const listUpload = (listId: number, fileName: string | null, size: number | null): Upload => ({
  kind: 'list', entityType: 'list', entityId: listId, fileName, size,
});
