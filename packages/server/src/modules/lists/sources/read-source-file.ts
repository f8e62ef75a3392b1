/**
 * Reading a source document's items from a file, without writing anything.
 *
 * Excel (.xlsx): the first sheet (not named 说明), header in row 1, columns found by their text:
 *   层级 — 1, 2, 3 (or 一级/二级/三级); empty: taken from the 编号's style (一、 → （一） → 1.)
 *   编号 — the label as printed, e.g. 一、 / （一） / 1.
 *   内容* — the text
 *   是否涉及工委 — 是 / 否 (empty: 是); only the upper-level list uses it
 * Word (.docx, read with mammoth): numbered paragraphs — 一、… / （一）… / 1. … / (1) … — become the
 * tree, the first style met being the top level; a plain paragraph after an item continues it.
 * Paragraphs numbered by Word's own list numbering become the tree by their list levels (labels
 * 一、/（一）/1./（1） are generated). Without numbered paragraphs the first table is read: with a header row like the Excel columns,
 * or without one as 编号 | 内容 | 是否涉及工委 (a single cell: the text, its label taken from its start).
 * Every problem is reported with its row (or paragraph) number and a Chinese reason.
 */
import type ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { isSignOffLine } from '@qingdan/core';
import { cellText } from '../../imports/format.ts';
import { loadWorkbook, openPackage, type OfficePackage } from '../../imports/open-package.ts';
import { packageRefusal } from '../../imports/limits.ts';
import type { ErrorDetail } from '../../../http/errors.ts';
import { MAX_ITEM_TEXT, MAX_LABEL } from './source-items.ts';

export interface ParsedItem {
  depth: number;
  label: string;
  text: string;
  involves: boolean;
}

export type ReadSourceResult =
  | { ok: true; format: 'xlsx' | 'docx'; items: ParsedItem[]; /** Closing lines of the document (落款) left out of its last item. */ ignored?: string[] }
  | { ok: false; code: string; params?: Record<string, string | number>; details?: ErrorDetail[]; status?: number };

export const MAX_IMPORT_ITEMS = 5_000;
const MAX_DETAILS = 100;

// ------------------------------------------------------------------------------ labels

type LabelKind = 'cn' | 'pcn' | 'num' | 'pnum' | 'circ';
const CN = '一二三四五六七八九十百零〇';
const LABEL_PATTERNS: { kind: LabelKind; re: RegExp; label: (m: RegExpExecArray) => string }[] = [
  { kind: 'cn', re: new RegExp(`^([${CN}]+)\\s*[、.．]\\s*`), label: (m) => `${m[1]}、` },
  { kind: 'pcn', re: new RegExp(`^[（(]\\s*([${CN}]+)\\s*[)）]\\s*[、.．]?\\s*`), label: (m) => `（${m[1]}）` },
  { kind: 'num', re: /^(\d{1,3})\s*[、.．](?!\d)\s*/, label: (m) => `${m[1]}.` },
  { kind: 'pnum', re: /^[（(]\s*(\d{1,3})\s*[)）]\s*/, label: (m) => `（${m[1]}）` },
  { kind: 'circ', re: /^([①-⑳])\s*/, label: (m) => m[1]! },
];

/** The label at the start of a text, its style, and the rest. */
export function splitLabel(s: string): { kind: LabelKind; label: string; rest: string } | null {
  for (const p of LABEL_PATTERNS) {
    const m = p.re.exec(s);
    if (m) return { kind: p.kind, label: p.label(m), rest: s.slice(m[0].length).trim() };
  }
  return null;
}

/** Depth by label style: the first style met is level 1, a new style goes one level down, a known one returns to its level. */
class Outline {
  private stack: LabelKind[] = [];
  depthOf(kind: LabelKind): number {
    const i = this.stack.indexOf(kind);
    if (i >= 0) {
      this.stack = this.stack.slice(0, i + 1);
      return i + 1;
    }
    this.stack.push(kind);
    return this.stack.length;
  }
  /** Keep the stack in step with an explicit level. */
  set(depth: number, kind: LabelKind | null) {
    this.stack = this.stack.slice(0, depth - 1);
    if (kind) {
      while (this.stack.length < depth - 1) this.stack.push('circ');
      this.stack.push(kind);
    }
  }
}

const YES = new Set(['是', 'y', 'yes', '√', '✓', 'true', '1', '涉及']);
const NO = new Set(['否', 'n', 'no', '×', '✗', 'false', '0', '不涉及']);

function parseInvolves(s: string): boolean | null {
  const v = s.trim().toLowerCase();
  if (v === '') return true;
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return null;
}

const LEVEL_WORDS: Record<string, number> = { '1': 1, '2': 2, '3': 3, 一: 1, 二: 2, 三: 3, 一级: 1, 二级: 2, 三级: 3, '1级': 1, '2级': 2, '3级': 3 };

// ------------------------------------------------------------------------------ rows → items

interface RawRow {
  where: string;
  /** A depth known from the file's structure (Word's list levels). */
  depth?: number;
  level?: string;
  label: string;
  text: string;
  involves?: string;
}

/** Validate rows and turn them into items with depths: all or nothing. */
function rowsToItems(rows: RawRow[]): ReadSourceResult {
  const details: ErrorDetail[] = [];
  const items: ParsedItem[] = [];
  const outline = new Outline();
  let lastDepth = 0;
  const err = (where: string, reason: string, params?: Record<string, string | number>) =>
    details.push({ path: where, reason, ...(params ? { params } : {}) });
  for (const r of rows) {
    let label = r.label.trim();
    let text = r.text.replace(/\s+/g, ' ').trim();
    let split = label ? splitLabel(label) : null;
    if (!label) {
      const s = splitLabel(text);
      if (s) {
        split = s;
        label = s.label;
        text = s.rest;
      }
    }
    if (!text) {
      err(r.where, 'SOURCE_ROW_TEXT_REQUIRED');
      continue;
    }
    if ([...text].length > MAX_ITEM_TEXT) err(r.where, 'SOURCE_ROW_TOO_LONG', { max: MAX_ITEM_TEXT });
    if ([...label].length > MAX_LABEL) err(r.where, 'SOURCE_ROW_LABEL_TOO_LONG', { max: MAX_LABEL });
    const involves = parseInvolves(r.involves ?? '');
    if (involves === null) err(r.where, 'SOURCE_ROW_INVOLVES');
    let depth: number;
    const levelText = (r.level ?? '').replace(/\s+/g, '');
    if (r.depth !== undefined) {
      depth = r.depth;
      outline.set(depth, split?.kind ?? null);
    } else if (levelText) {
      const d = LEVEL_WORDS[levelText];
      if (d === undefined) {
        err(r.where, 'SOURCE_ROW_LEVEL', { value: levelText });
        continue;
      }
      depth = d;
      outline.set(depth, split?.kind ?? null);
    } else if (split) {
      depth = outline.depthOf(split.kind);
    } else if (rows.every((x) => !x.level && !x.label && !splitLabel(x.text))) {
      depth = 1; // a flat list without any numbering
    } else {
      err(r.where, 'SOURCE_ROW_LEVEL_UNKNOWN');
      continue;
    }
    if (depth > lastDepth + 1) {
      err(r.where, 'SOURCE_ROW_NO_PARENT', { level: depth });
      continue;
    }
    lastDepth = depth;
    items.push({ depth, label, text, involves: involves ?? true });
  }
  if (details.length > 0) {
    return { ok: false, code: 'SOURCE_IMPORT_INVALID', params: { count: details.length }, details: details.slice(0, MAX_DETAILS) };
  }
  if (items.length === 0) return { ok: false, code: 'SOURCE_IMPORT_EMPTY' };
  if (items.length > MAX_IMPORT_ITEMS) return { ok: false, code: 'SOURCE_IMPORT_TOO_MANY', params: { max: MAX_IMPORT_ITEMS } };
  return { ok: true, format: 'xlsx', items };
}

// ------------------------------------------------------------------------------ header mapping

type Col = 'level' | 'label' | 'text' | 'involves';
const HEADERS: Record<string, Col> = {
  层级: 'level', 级别: 'level',
  编号: 'label', 序号: 'label',
  内容: 'text', 主要内容: 'text', 工作内容: 'text', 具体内容: 'text', 事项: 'text',
  是否涉及工委: 'involves', 涉及工委: 'involves',
};
const normHeader = (s: string) => s.replace(/[*＊\s]/g, '');

function headerMap(cells: string[]): Map<Col, number> | null {
  const map = new Map<Col, number>();
  cells.forEach((c, i) => {
    const col = HEADERS[normHeader(c)];
    if (col && !map.has(col)) map.set(col, i);
  });
  return map.has('text') ? map : null;
}

// ------------------------------------------------------------------------------ xlsx

async function readXlsx(pkg: OfficePackage): Promise<ReadSourceResult> {
  const wb: ExcelJS.Workbook | null = await loadWorkbook(pkg);
  if (!wb) return { ok: false, code: 'SOURCE_IMPORT_BAD_FILE' };
  const ws = wb.worksheets.find((w) => w.name !== '说明');
  if (!ws) return { ok: false, code: 'SOURCE_IMPORT_EMPTY' };
  const headerCells: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    headerCells[col - 1] = cellText(cell.value);
  });
  const map = headerMap(Array.from(headerCells, (c) => c ?? ''));
  if (!map) return { ok: false, code: 'SOURCE_IMPORT_BAD_HEADER', params: { column: '内容' } };
  const last = ws.actualRowCount === 0 ? 0 : ws.rowCount;
  if (last - 1 > MAX_IMPORT_ITEMS) return { ok: false, code: 'SOURCE_IMPORT_TOO_MANY', params: { max: MAX_IMPORT_ITEMS } };
  const rows: RawRow[] = [];
  const get = (row: ExcelJS.Row, col: Col) => {
    const i = map.get(col);
    return i === undefined ? '' : cellText(row.getCell(i + 1).value);
  };
  for (let r = 2; r <= last; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) continue;
    const raw: RawRow = { where: `第 ${r} 行`, level: get(row, 'level'), label: get(row, 'label'), text: get(row, 'text'), involves: get(row, 'involves') };
    if (!raw.level && !raw.label && !raw.text && !raw.involves) continue;
    rows.push(raw);
  }
  const res = rowsToItems(rows);
  return res.ok ? { ...res, format: 'xlsx' } : res;
}

// ------------------------------------------------------------------------------ docx

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
function htmlText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

const CN_NUMS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const cnNumber = (n: number) => (n <= 10 ? CN_NUMS[n]! : n < 20 ? `十${CN_NUMS[n - 10]}` : n < 100 ? `${CN_NUMS[Math.floor(n / 10)]}十${CN_NUMS[n % 10]}` : String(n));
/** The usual labels of official documents by depth: 一、 → （一） → 1. → （1）. */
const labelAt = (depth: number, n: number) =>
  depth === 1 ? `${cnNumber(n)}、` : depth === 2 ? `（${cnNumber(n)}）` : depth === 3 ? `${n}.` : `（${n}）`;

/** Items of Word's own numbered lists (nested <ol>/<ul> from mammoth), with generated labels. */
function listItems(html: string): { depth: number; label: string; text: string }[] {
  const out: { depth: number; label: string; text: string }[] = [];
  const counters: number[] = [];
  let depth = 0;
  let open: { depth: number; label: string; text: string } | null = null;
  for (const m of html.matchAll(/<(\/?)(ol|ul|li)\b[^>]*>|([^<]+)|<[^>]*>/gi)) {
    const [, close, tag, text] = m;
    if (text !== undefined) {
      if (open) open.text += text;
      continue;
    }
    const t = tag?.toLowerCase();
    if (t === 'ol' || t === 'ul') {
      if (close) {
        counters.length = depth - 1 >= 0 ? depth - 1 : 0;
        depth = Math.max(0, depth - 1);
      } else {
        depth++;
        counters[depth - 1] = 0;
      }
      open = null;
    } else if (t === 'li') {
      if (close) open = null;
      else if (depth > 0) {
        counters[depth - 1] = (counters[depth - 1] ?? 0) + 1;
        open = { depth, label: labelAt(depth, counters[depth - 1]!), text: '' };
        out.push(open);
      }
    }
  }
  return out.map((o) => ({ ...o, text: htmlText(o.text) })).filter((o) => o.text !== '');
}

async function readDocx(pkg: OfficePackage): Promise<ReadSourceResult> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: pkg.data })).value;
  } catch {
    return { ok: false, code: 'SOURCE_IMPORT_BAD_FILE' };
  }
  const tables = [...html.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/gi)].map((m) => m[1]!);
  const outside = html.replace(/<table[^>]*>[\s\S]*?<\/table>/gi, '');
  const paragraphs = [...outside.matchAll(/<(p|h[1-6])[^>]*>([\s\S]*?)<\/\1>/gi)].map((m) => htmlText(m[2]!)).filter(Boolean);

  // Numbered paragraphs: the tree; plain paragraphs before the first are the title, after it continue
  // the item — until the document's closing lines (issuer, date, 抄送 …: core isSignOffLine), which
  // belong to no item and are left out with whatever plain text follows them.
  const rows: RawRow[] = [];
  const ignored: string[] = [];
  let closed = false;
  paragraphs.forEach((p, i) => {
    const where = `第 ${i + 1} 段`;
    if (splitLabel(p)) {
      rows.push({ where, label: '', text: p });
      closed = false;
    } else if (rows.length > 0) {
      if (!closed && isSignOffLine(p)) closed = true;
      if (closed) ignored.push(p);
      else rows[rows.length - 1]!.text += p;
    }
  });
  if (rows.length > 0) {
    const res = rowsToItems(rows);
    return res.ok ? { ...res, format: 'docx', ignored } : res;
  }

  // Paragraphs numbered by Word itself (mammoth gives nested lists): the nesting is the tree.
  const listed = listItems(outside);
  if (listed.length > 0) {
    const res = rowsToItems(listed.map((l, i) => ({ where: `第 ${i + 1} 个编号段落`, depth: l.depth, label: l.label, text: l.text })));
    return res.ok ? { ...res, format: 'docx' } : res;
  }

  const table = tables[0];
  if (table === undefined) return { ok: false, code: 'SOURCE_IMPORT_DOCX_SHAPE' };
  const trs = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)].map((m) =>
    [...m[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/gi)].map((c) => htmlText(c[1]!)),
  );
  if (trs.length === 0) return { ok: false, code: 'SOURCE_IMPORT_DOCX_SHAPE' };
  const map = headerMap(trs[0]!);
  const body = map ? trs.slice(1) : trs;
  const tableRows: RawRow[] = [];
  body.forEach((cells, i) => {
    const where = `表格第 ${i + (map ? 2 : 1)} 行`;
    if (cells.every((c) => !c)) return;
    if (map) {
      const at = (col: Col) => {
        const j = map.get(col);
        return j === undefined ? '' : (cells[j] ?? '');
      };
      tableRows.push({ where, level: at('level'), label: at('label'), text: at('text'), involves: at('involves') });
    } else if (cells.length === 1) {
      tableRows.push({ where, label: '', text: cells[0]! });
    } else {
      tableRows.push({ where, label: cells[0]!, text: cells[1]!, involves: cells[2] ?? '' });
    }
  });
  const res = rowsToItems(tableRows);
  return res.ok ? { ...res, format: 'docx' } : res;
}

// ------------------------------------------------------------------------------ entry

/**
 * Read an uploaded .xlsx or .docx into items, unpacked within `maxInflatedBytes` (imports/zip-guard.ts);
 * the kind is told by the package's own parts, not the name.
 */
export async function readSourceFile(buf: Buffer, maxInflatedBytes: number): Promise<ReadSourceResult> {
  const opened = await openPackage(buf, maxInflatedBytes);
  if (!opened.ok) return { ok: false, ...packageRefusal(opened.reason, maxInflatedBytes, opened.inflatedBytes, 'SOURCE_IMPORT_BAD_FILE') };
  return opened.value.kind === 'docx' ? readDocx(opened.value) : readXlsx(opened.value);
}
