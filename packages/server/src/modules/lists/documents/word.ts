/**
 * The official document as .docx (the `docx` package). A4, GB/T 9704 margins (top 37 mm, bottom
 * 35 mm, left 28 mm, right 26 mm); body in 仿宋_GB2312 三号 (16 pt) on a 28 pt line; title in
 * 方正小标宋简体 二号; headings in 黑体; page numbers "— 1 —" in 宋体 四号. The font table names
 * fallbacks (仿宋_GB2312 → FangSong, 方正小标宋简体 → SimSun, …) so Word substitutes sensibly where
 * the GB fonts are not installed.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeightRule,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
} from 'docx';
import { COLUMN_WIDTHS, COLUMNS, type OfficialDocument } from './document-model.ts';

const mm = (n: number) => Math.round((n / 25.4) * 1440);
const PAGE = { width: mm(210), height: mm(297) };
const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

const FANGSONG = '仿宋_GB2312';
const XBS = '方正小标宋简体';
const HEITI = '黑体';
const SONG = '宋体';
const LATIN = 'Times New Roman';
const RED = 'E60012';

const font = (eastAsia: string) => ({ ascii: LATIN, hAnsi: LATIN, eastAsia, cs: LATIN });
/** Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt. */
const pt = (n: number) => Math.round(n * 2);

type RunOpts = Omit<IRunOptions, 'text' | 'children'>;
const run = (text: string, opts: RunOpts = {}) => new TextRun({ text, font: font(FANGSONG), size: pt(16), ...opts });
const line28 = { line: 560, lineRule: LineRuleType.EXACT } as const;

function para(text: string, opts: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; run?: RunOpts; before?: number; after?: number; keepNext?: boolean } = {}) {
  return new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    ...(opts.keepNext ? { keepNext: true } : {}),
    spacing: { ...line28, before: opts.before ?? 0, after: opts.after ?? 0 },
    indent: opts.indent ? { firstLine: 640 } : undefined,
    children: [run(text, opts.run)],
  });
}

/** Text of a cell, one paragraph per line. */
function cellParagraphs(text: string, opts: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; run?: RunOpts; keepNext?: boolean } = {}) {
  const lines = text === '' ? [''] : text.split(/\r?\n/);
  return lines.map(
    (l) =>
      new Paragraph({
        alignment: opts.align ?? AlignmentType.LEFT,
        ...(opts.keepNext ? { keepNext: true } : {}),
        spacing: { line: 360, lineRule: LineRuleType.AT_LEAST },
        children: [run(l, { size: pt(12), ...opts.run })],
      }),
  );
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };
const colWidths = COLUMN_WIDTHS.map((w) => Math.floor((TEXT_WIDTH * w) / 100));
const margins = { top: 60, bottom: 60, left: 80, right: 80 };

function headerRow() {
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    height: { value: 520, rule: HeightRule.ATLEAST },
    children: COLUMNS.map(
      (c, i) =>
        new TableCell({
          width: { size: colWidths[i] as number, type: WidthType.DXA },
          verticalAlign: VerticalAlignTable.CENTER,
          margins,
          shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' },
          children: cellParagraphs(c, { align: AlignmentType.CENTER, run: { font: font(HEITI) } }),
        }),
    ),
  });
}

function spanRow(text: string, opts: { bold?: boolean; shade?: boolean; heiti?: boolean }) {
  return new TableRow({
    cantSplit: true,
    children: [
      new TableCell({
        columnSpan: COLUMNS.length,
        width: { size: TEXT_WIDTH, type: WidthType.DXA },
        margins,
        ...(opts.shade ? { shading: { type: ShadingType.CLEAR, fill: 'FAFAFA', color: 'auto' } } : {}),
        // Keep-with-next on a row's paragraphs keeps the row on the page of the row after it.
        children: cellParagraphs(text, { keepNext: true, run: { bold: opts.bold ?? false, ...(opts.heiti ? { font: font(HEITI) } : {}) } }),
      }),
    ],
  });
}

function partTable(part: OfficialDocument['parts'][number]) {
  const rows: TableRow[] = [headerRow()];
  for (const g of part.groups) {
    if (g.section !== null) rows.push(spanRow(g.section, { bold: true }));
    rows.push(spanRow(g.level, { heiti: true, shade: true }));
    for (const r of g.rows) {
      const cells = [String(r.number), r.content, r.requirements, r.due, r.evidence];
      rows.push(
        new TableRow({
          children: cells.map(
            (text, i) =>
              new TableCell({
                width: { size: colWidths[i] as number, type: WidthType.DXA },
                verticalAlign: i === 0 ? VerticalAlignTable.CENTER : VerticalAlignTable.TOP,
                margins,
                children: cellParagraphs(text, { align: i === 0 ? AlignmentType.CENTER : AlignmentType.LEFT }),
              }),
          ),
        }),
      );
    }
  }
  return new Table({ rows, layout: TableLayoutType.FIXED, width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: colWidths, borders });
}

/** The font table with GB fonts and their stand-ins. */
function fontTable(): string {
  const fonts: { name: string; alt?: string; charset: string; family: string; pitch: string; panose?: string }[] = [
    { name: LATIN, charset: '00', family: 'roman', pitch: 'variable', panose: '02020603050405020304' },
    { name: FANGSONG, alt: 'FangSong', charset: '86', family: 'modern', pitch: 'fixed', panose: '02010609030101010101' },
    { name: XBS, alt: 'SimSun', charset: '86', family: 'auto', pitch: 'variable', panose: '02000000000000000000' },
    { name: HEITI, alt: 'SimHei', charset: '86', family: 'modern', pitch: 'fixed', panose: '02010609060101010101' },
    { name: SONG, alt: 'SimSun', charset: '86', family: 'auto', pitch: 'variable', panose: '02010600030101010101' },
  ];
  const body = fonts
    .map(
      (f) =>
        `<w:font w:name="${f.name}">${f.alt ? `<w:altName w:val="${f.alt}"/>` : ''}${f.panose ? `<w:panose1 w:val="${f.panose}"/>` : ''}<w:charset w:val="${f.charset}"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${body}</w:fonts>`;
}

export async function renderDocx(doc: OfficialDocument): Promise<Buffer> {
  // The masthead fills one line: 36 pt, narrowed (w:w) when the name is long.
  const mastheadChars = [...doc.masthead].length;
  const mastheadScale = Math.max(50, Math.min(100, Math.floor(((TEXT_WIDTH / 20) * 100) / (mastheadChars * 36))));
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 480 },
      children: [new TextRun({ text: doc.masthead, font: font(XBS), size: pt(36), color: RED, scale: mastheadScale, bold: false })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...line28, after: 120 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } },
      children: [run(doc.docLine, doc.draft ? { font: font(HEITI) } : {})],
    }),
    new Paragraph({ spacing: line28, children: [] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 280 },
      children: [new TextRun({ text: doc.noticeTitle, font: font(XBS), size: pt(22), bold: true })],
    }),
    para(doc.addressees, { align: AlignmentType.LEFT }),
    ...doc.body.map((b) => para(b, { indent: true })),
    new Paragraph({ spacing: line28, children: [] }),
    new Paragraph({ spacing: line28, children: [] }),
    ...doc.issuers.map((i) => para(i, { align: AlignmentType.RIGHT, run: {} })),
    para(doc.date, { align: AlignmentType.RIGHT }),
    new Paragraph({ children: [new PageBreak()] }),
    para(doc.attachment ? '附件1' : '附件', { align: AlignmentType.LEFT, run: { font: font(HEITI) } }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 240, after: 360 },
      children: [new TextRun({ text: doc.listTitle, font: font(XBS), size: pt(22), bold: true })],
    }),
  ];
  for (const part of doc.parts) {
    children.push(para(part.heading, { align: AlignmentType.LEFT, run: { font: font(HEITI) }, before: 240, after: 120, keepNext: true }));
    if (part.groups.length) children.push(partTable(part));
    else children.push(para('（本部分暂无工作任务）', { align: AlignmentType.LEFT }));
  }
  if (doc.attachment) {
    children.push(
      new Paragraph({ children: [new PageBreak()] }),
      para('附件2', { align: AlignmentType.LEFT, run: { font: font(HEITI) } }),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 240, after: 360 },
        children: [new TextRun({ text: doc.attachment.title, font: font(XBS), size: pt(22), bold: true })],
      }),
      ...doc.attachment.items.map((i) =>
        i.depth === 0
          ? para(`${i.label}${i.text}`, { align: AlignmentType.LEFT, run: { font: font(HEITI) }, before: 120, keepNext: true })
          : para(`${i.label}${i.text}`, { indent: true }),
      ),
    );
  }

  const document = new Document({
    creator: 'Qingdan 清单',
    title: doc.noticeTitle,
    styles: { default: { document: { run: { font: font(FANGSONG), size: pt(16) } } } },
    sections: [
      {
        properties: {
          page: {
            size: PAGE,
            margin: { ...MARGIN, header: mm(15), footer: mm(20) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(SONG), size: pt(14) })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document, false, [{ path: 'word/fontTable.xml', data: fontTable() }]);
}
