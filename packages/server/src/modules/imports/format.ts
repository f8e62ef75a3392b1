/**
 * Excel import/export of organisations and people — the workbook format.
 *
 * Workbooks are .xlsx (read and written with exceljs). Row 1 is the header, data from row 2; the
 * columns are found by their header text, so their order does not matter. A second sheet "说明"
 * explains the columns (the template and every export carry it).
 *
 * Sheet "组织机构" (organisations):
 *   组织编码*     unique code (letters, digits . _ -), the key: a known code updates, a new one creates
 *   组织名称*     name
 *   简称          short name
 *   类型*         工委 | 工委部门 | 单位 | 党组(党委) | 机关党委 | 党总支 | 党支部 (core ORG_KIND_LABELS)
 *   责任层级      L1 | L2 | L3, or the level's name (党组(党委) / 机关党委 / 党支部); empty: by kind for new rows
 *   上级组织编码* the parent's code, in the database or anywhere in the file; empty only for the root 工委
 *   排序          whole number, default 0
 *   状态          正常 | 已撤销, default 正常
 *
 * Sheet "人员" (people):
 *   人员编码*     unique code, the key
 *   姓名*  职务*  所在组织编码* (an existing organisation)  联系电话  排序  状态 (正常 | 已撤销)
 *   账号          optional username; a new one creates an account that cannot sign in until an
 *                 administrator resets its password
 *   角色          optional, `角色名@组织编码` separated by ； or ; (core ROLE_LABELS, e.g. 单位管理员@U001);
 *                 when given it replaces the person's roles within the importer's scope; empty: unchanged
 *
 * Columns marked * must exist in the header. An optional column left out keeps the stored values.
 */
import ExcelJS from 'exceljs';
import { ORG_KIND_LABELS, ORG_KINDS, ROLE_LABELS, ROLES, type OrgKind, type Role, type ImportKind } from '@qingdan/core';
import { openWorkbook } from './open-package.ts';
import { packageRefusal } from './limits.ts';


export interface Column {
  key: string;
  header: string;
  required: boolean;
  width: number;
  note: string;
}

export const ORG_COLUMNS: Column[] = [
  { key: 'code', header: '组织编码', required: true, width: 16, note: '必填。唯一编码，只能包含字母、数字、点、下划线和短横线；已存在的编码将更新该组织，新编码将新增组织' },
  { key: 'name', header: '组织名称', required: true, width: 32, note: '必填。组织全称' },
  { key: 'shortName', header: '简称', required: false, width: 16, note: '选填' },
  { key: 'kind', header: '类型', required: true, width: 14, note: `必填。可选：${ORG_KINDS.map((k) => ORG_KIND_LABELS[k].zh).join('、')}；已有组织不能更改类型` },
  { key: 'level', header: '责任层级', required: false, width: 12, note: '选填。L1、L2、L3 或层级名称（党组(党委)、机关党委、党支部）；新增时留空按类型自动确定' },
  { key: 'parentCode', header: '上级组织编码', required: true, width: 16, note: '必填（工委根节点除外）。可以是系统中已有的组织，也可以是本文件中其他行的组织，行的先后顺序不限' },
  { key: 'sortOrder', header: '排序', required: false, width: 8, note: '选填。整数，数字小的排在前面，默认 0' },
  { key: 'status', header: '状态', required: false, width: 10, note: '选填。正常 或 已撤销，默认 正常；撤销前须先撤销其下级组织' },
];

export const PEOPLE_COLUMNS: Column[] = [
  { key: 'code', header: '人员编码', required: true, width: 16, note: '必填。唯一编码，只能包含字母、数字、点、下划线和短横线；已存在的编码将更新该人员' },
  { key: 'name', header: '姓名', required: true, width: 12, note: '必填' },
  { key: 'post', header: '职务', required: true, width: 14, note: '必填。如 书记、副书记、委员、联络员' },
  { key: 'orgCode', header: '所在组织编码', required: true, width: 16, note: '必填。系统中已有的组织编码（请先导入组织机构）' },
  { key: 'phone', header: '联系电话', required: false, width: 16, note: '选填' },
  { key: 'sortOrder', header: '排序', required: false, width: 8, note: '选填。整数，默认 0' },
  { key: 'status', header: '状态', required: false, width: 10, note: '选填。正常 或 已撤销，默认 正常' },
  { key: 'username', header: '账号', required: false, width: 16, note: '选填。登录用户名（3–40 位字母、数字、点、下划线、短横线）。新账号不能直接登录，须由管理员重置密码后使用；已有账号不能通过导入更改' },
  { key: 'roles', header: '角色', required: false, width: 36, note: `选填。格式“角色名@组织编码”，多个用；分隔，如 单位管理员@U001；填写后将替换该人员在您管理范围内的角色，留空则不变。角色名：${ROLES.map((r) => ROLE_LABELS[r].zh).join('、')}` },
];

export const SHEET_NAMES: Record<ImportKind, string> = { orgs: '组织机构', people: '人员' };
export const NOTES_SHEET = '说明';
export const columnsOf = (kind: ImportKind) => (kind === 'orgs' ? ORG_COLUMNS : PEOPLE_COLUMNS);

export const STATUS_ACTIVE = '正常';
export const STATUS_INACTIVE = '已撤销';

/** Full-width parentheses and spaces to half-width, so “党组（党委）” matches. */
export function normaliseLabel(s: string): string {
  return s.replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '').toLowerCase();
}

const KIND_BY_LABEL = new Map<string, OrgKind>();
for (const k of ORG_KINDS) {
  KIND_BY_LABEL.set(normaliseLabel(ORG_KIND_LABELS[k].zh), k);
  KIND_BY_LABEL.set(normaliseLabel(ORG_KIND_LABELS[k].en), k);
  KIND_BY_LABEL.set(normaliseLabel(k), k);
}
KIND_BY_LABEL.set(normaliseLabel('党组'), 'partyGroup');
KIND_BY_LABEL.set(normaliseLabel('党委'), 'partyGroup');

export const kindFromLabel = (s: string): OrgKind | undefined => KIND_BY_LABEL.get(normaliseLabel(s));

const ROLE_BY_LABEL = new Map<string, Role>();
for (const r of ROLES) {
  ROLE_BY_LABEL.set(normaliseLabel(ROLE_LABELS[r].zh), r);
  ROLE_BY_LABEL.set(normaliseLabel(ROLE_LABELS[r].en), r);
  ROLE_BY_LABEL.set(normaliseLabel(r), r);
}
export const roleFromLabel = (s: string): Role | undefined => ROLE_BY_LABEL.get(normaliseLabel(s));

/** Text of a cell whatever exceljs made of it (number, rich text, formula result, hyperlink, date). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((p) => p.text).join('').trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('error' in v) return '';
  }
  return String(v as unknown).trim();
}

/** One data row as read: its Excel row number and its cells by column key (absent column: undefined). */
export interface RawRow {
  row: number;
  cells: Record<string, string | undefined>;
}

export const MAX_ROWS = 50_000;

export type ReadResult =
  | { ok: true; rows: RawRow[]; inflatedBytes: number }
  | { ok: false; code: string; params?: Record<string, string | number>; status?: number };

/**
 * Read and check a workbook: a real xlsx that unpacks within `maxInflatedBytes`, the sheet, the
 * header; then its non-empty rows as text.
 */
export async function readWorkbook(kind: ImportKind, buf: Buffer, maxInflatedBytes: number): Promise<ReadResult> {
  const opened = await openWorkbook(buf, maxInflatedBytes);
  if (!opened.ok) return { ok: false, ...packageRefusal(opened.reason, maxInflatedBytes, opened.inflatedBytes, 'IMPORT_BAD_FILE') };
  const wb = opened.value;
  const sheetName = SHEET_NAMES[kind];
  const ws = wb.getWorksheet(sheetName) ?? wb.worksheets.find((w) => w.name !== NOTES_SHEET);
  if (!ws) return { ok: false, code: 'IMPORT_BAD_SHEET', params: { sheet: sheetName } };
  const header = ws.getRow(1);
  const colOf = new Map<string, number>();
  header.eachCell({ includeEmpty: false }, (cell, col) => {
    const text = cellText(cell.value).replace(/[*＊\s]/g, '');
    if (text && !colOf.has(text)) colOf.set(text, col);
  });
  const columns = columnsOf(kind);
  for (const c of columns) {
    if (c.required && !colOf.has(c.header)) return { ok: false, code: 'IMPORT_BAD_HEADER', params: { column: c.header } };
  }
  const present = columns.filter((c) => colOf.has(c.header)).map((c) => ({ key: c.key, col: colOf.get(c.header) as number }));
  const rows: RawRow[] = [];
  const last = ws.actualRowCount === 0 ? 0 : ws.rowCount;
  if (last - 1 > MAX_ROWS) return { ok: false, code: 'IMPORT_TOO_MANY_ROWS', params: { max: MAX_ROWS } };
  for (let r = 2; r <= last; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) continue;
    const cells: Record<string, string | undefined> = {};
    let any = false;
    for (const p of present) {
      const text = cellText(row.getCell(p.col).value);
      cells[p.key] = text;
      if (text !== '') any = true;
    }
    if (any) rows.push({ row: r, cells });
  }
  if (rows.length === 0) return { ok: false, code: 'IMPORT_EMPTY' };
  return { ok: true, rows, inflatedBytes: opened.inflatedBytes };
}

/**
 * A workbook in the import format: styled header, dropdowns for 类型/状态/责任层级, the data rows and
 * the 说明 sheet.
 */
export async function writeWorkbook(kind: ImportKind, rows: (string | number)[][], opts: { levels: string[] }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Qingdan 清单';
  const columns = columnsOf(kind);
  const ws = wb.addWorksheet(SHEET_NAMES[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const head = ws.getRow(1);
  head.height = 22;
  columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE9D9' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = { bottom: { style: 'thin' } };
    cell.note = c.note;
  });
  // Codes and phone numbers are text: keep Excel from turning 001 into 1.
  for (const key of ['code', 'parentCode', 'orgCode', 'phone']) {
    const idx = columns.findIndex((c) => c.key === key);
    if (idx >= 0) ws.getColumn(idx + 1).numFmt = '@';
  }
  for (const r of rows) ws.addRow(r);
  const lastRow = Math.max(rows.length + 1, 1000);
  const listRule = (key: string, values: string[]) => {
    const idx = columns.findIndex((c) => c.key === key);
    if (idx < 0 || values.length === 0) return;
    const letter = ws.getColumn(idx + 1).letter;
    (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
      `${letter}2:${letter}${lastRow}`,
      { type: 'list', allowBlank: true, formulae: [`"${values.join(',')}"`], showErrorMessage: true, errorTitle: '取值无效', error: '请从下拉列表中选择' },
    );
  };
  if (kind === 'orgs') {
    listRule('kind', ORG_KINDS.map((k) => ORG_KIND_LABELS[k].zh));
    listRule('level', opts.levels);
  }
  listRule('status', [STATUS_ACTIVE, STATUS_INACTIVE]);

  const notes = wb.addWorksheet(NOTES_SHEET);
  notes.columns = [{ header: '列名', width: 16 }, { header: '是否必填', width: 10 }, { header: '说明', width: 100 }];
  notes.getRow(1).font = { bold: true };
  for (const c of columns) {
    const row = notes.addRow([c.header, c.required ? '必填' : '选填', c.note]);
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
  }
  notes.addRow([]);
  const general = [
    `数据填写在“${SHEET_NAMES[kind]}”工作表中，第 1 行为表头，请勿修改表头文字；列的顺序可以调整。`,
    '编码是每一行的唯一标识：系统中已有的编码将更新对应记录，新编码将新增记录。',
    '上传后系统先进行校验并显示预览（新增、修改、不变及错误所在的行号和列），确认无误后点击“确认导入”。存在任何错误时不会导入任何数据。',
    '导出的文件与导入格式完全相同，可修改后重新导入。',
  ];
  for (const g of general) notes.addRow(['', '', g]).getCell(3).alignment = { wrapText: true };
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

/** Rows as stored in import_batches.rows: column keys once, then one array per row (compact jsonb). */
export interface PackedRows {
  columns: string[];
  rows: (string | number | null)[][];
}

export function packRows(rows: RawRow[]): PackedRows {
  const columns = rows[0] ? Object.keys(rows[0].cells) : [];
  return { columns, rows: rows.map((r) => [r.row, ...columns.map((k) => r.cells[k] ?? null)]) };
}

export function unpackRows(packed: PackedRows): RawRow[] {
  return packed.rows.map((r) => {
    const cells: Record<string, string | undefined> = {};
    packed.columns.forEach((k, i) => {
      const v = r[i + 1];
      cells[k] = v === null || v === undefined ? undefined : String(v);
    });
    return { row: Number(r[0]), cells };
  });
}
