/**
 * The responsibility list as an Excel workbook — lossless: export → import → export gives the same
 * workbook, and import of an export changes nothing. Row 1 of each sheet is the header; columns are
 * found by their header text (order free); data from row 2. A 说明 sheet documents every column.
 *
 * Sheet 清单    项目 | 内容: 标题 (imported: the list's title), 年度, 状态, 文号 (for reference only).
 * Sheet 部分    序号* | 标题* | 起草部门编码 | 起草部门（参考）
 *               序号: the part's order (whole numbers, unique); parts are numbered 一、二、… in this order.
 * Sheet 小节    部分序号* | 序号* | 标题*  (optional sections inside a part; 序号 unique in a part)
 * Sheet 任务    编码 | 部分序号* | 小节 | 责任层级* | 顺序 | 工作任务* | 工作要求 | 频次* | 完成时限规则 |
 *               佐证材料 | 审核部门编码 | 分值 | 依据条目
 *   编码         the task's stable code: a known code keeps the task (its id, links and opinions); a new
 *                or empty one creates a task (an empty code is generated); codes left out are deleted.
 *   小节         a section title of the same part (from 小节, or new: then it is created), or “#序号 标题”
 *                (the section with that 序号 in the part) — the export writes that where a title repeats.
 *   责任层级     L1 | L2 | L3 or the level's name (党组(党委) / 机关党委 / 党支部).
 *   顺序         order within part × level; ties and empty cells follow the row order.
 *   频次         一次性 | 每月 | 每季度 | 每半年 | 每年 | 经常性.
 *   完成时限规则 2026-06-30 (a date) | 期末后15日 (after each period's end) | 年底前 (default).
 *   审核部门编码 the code of the committee or one of its departments.
 *   分值         a number 0–1000, up to two decimals.
 *   依据条目     ids of source items of this list (see the sheet 依据条目（参考）), separated by ；
 *                — when the column is present it replaces the task's links; absent: links unchanged.
 * Sheet 依据条目（参考）  编号 | 来源文件 | 标号 | 内容: the list's source items, for reference only.
 */
import ExcelJS from 'exceljs';
import { cellText } from '../../imports/format.ts';
import { openWorkbook } from '../../imports/open-package.ts';
import { packageRefusal } from '../../imports/limits.ts';

export interface Column {
  key: string;
  header: string;
  required: boolean;
  width: number;
  note: string;
  /** Written but never read (names beside codes, numbers for orientation). */
  info?: boolean;
  text?: boolean;
  /** The column must be there, its cells may be empty. */
  emptyAllowed?: boolean;
}

export const SHEETS = {
  list: '清单',
  parts: '部分',
  sections: '小节',
  tasks: '任务',
  sources: '依据条目（参考）',
  notes: '说明',
} as const;

export const LIST_FIELDS = { title: '标题', year: '年度', status: '状态', docNumber: '文号' } as const;

export const LIST_COLUMNS: Column[] = [
  { key: 'field', header: '项目', required: true, width: 12, note: '固定为 标题、年度、状态、文号' },
  { key: 'value', header: '内容', required: true, width: 60, note: '只有“标题”会被导入（修改清单标题）；年度、状态、文号仅供参考，导入时不会改动' },
];

export const PART_COLUMNS: Column[] = [
  { key: 'seq', header: '序号', required: true, width: 8, note: '必填。部分的排列顺序（正整数，不能重复）；导入后按顺序编为一、二、三……' },
  { key: 'title', header: '标题', required: true, width: 40, note: '必填。如“落实机关党建主体责任”，不含“一、”等序号，最长 200 字' },
  { key: 'orgCode', header: '起草部门编码', required: false, width: 16, note: '选填。负责起草该部分的工委部门的组织编码', text: true },
  { key: 'orgName', header: '起草部门（参考）', required: false, width: 24, note: '仅供参考，导入时不读取', info: true },
];

export const SECTION_COLUMNS: Column[] = [
  { key: 'partSeq', header: '部分序号', required: true, width: 10, note: '必填。所属部分的序号（见“部分”工作表）' },
  { key: 'seq', header: '序号', required: true, width: 8, note: '必填。小节在该部分内的排列顺序（正整数，同一部分内不能重复）' },
  { key: 'title', header: '标题', required: true, width: 40, note: '必填。最长 200 字' },
];

export const TASK_COLUMNS: Column[] = [
  { key: 'code', header: '编码', required: true, emptyAllowed: true, width: 14, note: '此列必须保留，单元格可留空。任务的固定编码。已有编码保留原任务（及其依据条目、意见等关联）并更新内容；新编码或留空则新增任务（留空时自动生成编码）；文件中没有的任务将被删除。字母、数字、点、下划线和短横线，最长 40 位', text: true },
  { key: 'partSeq', header: '部分序号', required: true, width: 10, note: '必填。所属部分的序号（见“部分”工作表）' },
  { key: 'section', header: '小节', required: false, width: 16, note: '选填。所属部分内的小节标题；“小节”工作表中没有的标题将新建小节。同一部分内有同名小节时写“#序号 标题”（如“#2 压实机关党委直接责任”）' },
  { key: 'level', header: '责任层级', required: true, width: 14, note: '必填。L1、L2、L3 或层级名称：党组(党委)、机关党委、党支部' },
  { key: 'seq', header: '顺序', required: false, width: 8, note: '选填。同一部分、同一责任层级内的排列顺序（正整数）；相同或留空时按行的先后排列。导入后按部分→小节→责任层级→顺序连续编号' },
  { key: 'content', header: '工作任务', required: true, width: 40, note: '必填。最长 2000 字' },
  { key: 'requirements', header: '工作要求', required: false, width: 40, note: '选填。最长 2000 字' },
  { key: 'frequency', header: '频次', required: true, width: 10, note: '必填。一次性、每月、每季度、每半年、每年、经常性' },
  { key: 'due', header: '完成时限规则', required: false, width: 16, note: '选填。日期如 2026-06-30（一次性任务的完成日期）；期末后N日（周期性任务每期结束后 N 日内完成，N 为 0–90，期末后0日即期末）；年底前（默认）' },
  { key: 'evidence', header: '佐证材料', required: false, width: 30, note: '选填。最长 1000 字' },
  { key: 'reviewerCode', header: '审核部门编码', required: false, width: 14, note: '选填。审核该任务的工委或工委部门的组织编码', text: true },
  { key: 'weight', header: '分值', required: false, width: 8, note: '选填。0–1000 的数，最多两位小数' },
  { key: 'sources', header: '依据条目', required: false, width: 16, note: '选填。依据条目的编号（见“依据条目（参考）”工作表），多个用；分隔。有此列时以文件为准替换任务的依据条目，删除此列则保持不变', text: true },
];

export const SOURCE_COLUMNS: Column[] = [
  { key: 'id', header: '编号', required: false, width: 8, note: '', info: true },
  { key: 'document', header: '来源文件', required: false, width: 36, note: '', info: true },
  { key: 'label', header: '标号', required: false, width: 10, note: '', info: true },
  { key: 'text', header: '内容', required: false, width: 80, note: '', info: true },
];

export type Cell = string | number | null;

export interface WorkbookData {
  list: { title: string; year: number; status: string; docNumber: string };
  parts: Cell[][];
  sections: Cell[][];
  tasks: Cell[][];
  sources: Cell[][];
}

function addSheet(wb: ExcelJS.Workbook, name: string, columns: Column[], rows: Cell[][]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const head = ws.getRow(1);
  head.height = 22;
  columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : c.info ? 'FF808080' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.info ? 'FFF2F2F2' : 'FFFDE9D9' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = { bottom: { style: 'thin' } };
    if (c.note) cell.note = c.note;
    if (c.text) ws.getColumn(i + 1).numFmt = '@';
  });
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? '' : v)));
  const wrap = columns.map((c, i) => (c.width >= 30 ? i + 1 : 0)).filter(Boolean);
  if (wrap.length && rows.length <= 5000) {
    for (let r = 2; r <= rows.length + 1; r++) {
      const row = ws.getRow(r);
      for (const c of wrap) row.getCell(c).alignment = { wrapText: true, vertical: 'top' };
    }
  }
  return ws;
}

/** The workbook: 清单, 部分, 小节, 任务, 依据条目（参考）, 说明. */
export async function writeListWorkbook(data: WorkbookData, levels: string[], frequencies: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Qingdan 清单';
  addSheet(wb, SHEETS.list, LIST_COLUMNS, [
    [LIST_FIELDS.title, data.list.title],
    [LIST_FIELDS.year, data.list.year],
    [LIST_FIELDS.status, data.list.status],
    [LIST_FIELDS.docNumber, data.list.docNumber],
  ]);
  addSheet(wb, SHEETS.parts, PART_COLUMNS, data.parts);
  addSheet(wb, SHEETS.sections, SECTION_COLUMNS, data.sections);
  const tasks = addSheet(wb, SHEETS.tasks, TASK_COLUMNS, data.tasks);
  const lastRow = Math.max(data.tasks.length + 1, 1000);
  const listRule = (key: string, values: string[]) => {
    const idx = TASK_COLUMNS.findIndex((c) => c.key === key);
    const letter = tasks.getColumn(idx + 1).letter;
    (tasks as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
      errorTitle: '取值无效',
      error: '请从下拉列表中选择',
    });
  };
  listRule('level', levels);
  listRule('frequency', frequencies);
  addSheet(wb, SHEETS.sources, SOURCE_COLUMNS, data.sources);

  const notes = wb.addWorksheet(SHEETS.notes);
  notes.columns = [{ header: '工作表', width: 14 }, { header: '列名', width: 16 }, { header: '是否必填', width: 10 }, { header: '说明', width: 100 }];
  notes.getRow(1).font = { bold: true };
  const general = [
    '本工作簿是责任清单的完整内容：导出后可修改再导入，导入将以文件内容整体替换起草中清单的部分、小节和任务（任何一行有错误时不会改动任何内容）。',
    '第 1 行为表头，请勿修改表头文字；列的顺序可以调整。标“参考”的列和工作表只供查阅，导入时不读取。',
    '任务按 部分 → 小节（不属于小节的任务在前）→ 责任层级（党组(党委)、机关党委、党支部）→ 顺序 连续编号，编号在清单中自动计算，不需要填写。',
    '编码相同的任务在导入后仍是同一任务，其依据条目、征求意见等关联保持不变。只有起草中或征求意见中的清单可以导入，且须由清单牵头部门或工委管理员导入。',
  ];
  for (const g of general) notes.addRow(['', '', '', g]).getCell(4).alignment = { wrapText: true };
  notes.addRow([]);
  const sheetNotes: [string, Column[]][] = [
    [SHEETS.list, LIST_COLUMNS],
    [SHEETS.parts, PART_COLUMNS],
    [SHEETS.sections, SECTION_COLUMNS],
    [SHEETS.tasks, TASK_COLUMNS],
  ];
  for (const [sheet, columns] of sheetNotes) {
    for (const c of columns) {
      const row = notes.addRow([sheet, c.header, c.info ? '参考' : c.emptyAllowed ? '可留空' : c.required ? '必填' : '选填', c.note]);
      row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
    }
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

// ---------------------------------------------------------------- reading

export interface RawRow {
  row: number;
  cells: Record<string, string>;
}

export interface SheetRead {
  rows: RawRow[];
  /** Column keys whose header is present. */
  present: Set<string>;
}

export type WorkbookRead =
  | { ok: true; list: SheetRead | null; parts: SheetRead; sections: SheetRead | null; tasks: SheetRead; inflatedBytes: number }
  | { ok: false; code: string; params?: Record<string, string | number>; status?: number };

export const MAX_TASK_ROWS = 10_000;

function readSheet(ws: ExcelJS.Worksheet, columns: Column[]): SheetRead | { missing: string } {
  const colOf = new Map<string, number>();
  ws.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    const text = cellText(cell.value).replace(/[*＊\s]/g, '');
    if (text && !colOf.has(text)) colOf.set(text, col);
  });
  for (const c of columns) if (c.required && !colOf.has(c.header)) return { missing: c.header };
  const present = columns.filter((c) => !c.info && colOf.has(c.header)).map((c) => ({ key: c.key, col: colOf.get(c.header) as number }));
  const rows: RawRow[] = [];
  const last = ws.actualRowCount === 0 ? 0 : ws.rowCount;
  for (let r = 2; r <= last; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) continue;
    const cells: Record<string, string> = {};
    let any = false;
    for (const p of present) {
      const text = cellText(row.getCell(p.col).value);
      cells[p.key] = text;
      if (text !== '') any = true;
    }
    if (any) rows.push({ row: r, cells });
  }
  return { rows, present: new Set(present.map((p) => p.key)) };
}

/** Open and check a workbook: a real xlsx within the unpack limit (imports/limits.ts), the sheets and their headers. */
export async function readListWorkbook(buf: Buffer, maxInflatedBytes: number): Promise<WorkbookRead> {
  const opened = await openWorkbook(buf, maxInflatedBytes);
  if (!opened.ok) return { ok: false, ...packageRefusal(opened.reason, maxInflatedBytes, opened.inflatedBytes, 'IMPORT_BAD_FILE') };
  const wb = opened.value;
  const sheet = (name: string, columns: Column[], required: boolean): SheetRead | null | { code: string; params: Record<string, string> } => {
    const ws = wb.getWorksheet(name);
    if (!ws) return required ? { code: 'IMPORT_BAD_SHEET', params: { sheet: name } } : null;
    const r = readSheet(ws, columns);
    if ('missing' in r) return { code: 'LIST_IMPORT_BAD_HEADER', params: { sheet: name, column: r.missing } };
    return r;
  };
  const list = sheet(SHEETS.list, LIST_COLUMNS, false);
  const parts = sheet(SHEETS.parts, PART_COLUMNS, true);
  const sections = sheet(SHEETS.sections, SECTION_COLUMNS, false);
  const tasks = sheet(SHEETS.tasks, TASK_COLUMNS, true);
  for (const s of [tasks, parts, sections, list]) if (s && 'code' in s) return { ok: false, ...s };
  const asRead = (s: typeof list) => s as SheetRead | null;
  const t = asRead(tasks) as SheetRead;
  if (t.rows.length > MAX_TASK_ROWS) return { ok: false, code: 'IMPORT_TOO_MANY_ROWS', params: { max: MAX_TASK_ROWS } };
  return { ok: true, list: asRead(list), parts: asRead(parts) as SheetRead, sections: asRead(sections), tasks: t, inflatedBytes: opened.inflatedBytes };
}
