/**
 * The official document as PDF (pdfmake on the server), laid out like the Word document: A4,
 * GB/T 9704 margins, red masthead and rule, 16 pt body on a 28 pt line, tables per part grouped by
 * level, page numbers "— 1 —". The CJK font is Noto Serif SC from the @expo-google-fonts package
 * (regular and bold TTF, read from node_modules; nothing is fetched at run time); pdfkit embeds
 * only the glyphs used, so files stay small.
 */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import { COLUMN_WIDTHS, COLUMNS, type OfficialDocument } from './document-model.ts';

const require = createRequire(import.meta.url);
const FONT = 'NotoSerifSC';
const FILES = {
  normal: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
} as const;

let ready: Promise<void> | null = null;

/** Load the fonts into pdfmake's virtual file system once; no URL and no local file is reachable from a document. */
export function preparePdfFonts(): Promise<void> {
  ready ??= (async () => {
    const [normal, bold] = await Promise.all([fs.readFile(require.resolve(FILES.normal)), fs.readFile(require.resolve(FILES.bold))]);
    pdfmake.virtualfs.writeFileSync('NotoSerifSC-Regular.ttf', normal);
    pdfmake.virtualfs.writeFileSync('NotoSerifSC-Bold.ttf', bold);
    pdfmake.setFonts({
      [FONT]: { normal: 'NotoSerifSC-Regular.ttf', bold: 'NotoSerifSC-Bold.ttf', italics: 'NotoSerifSC-Regular.ttf', bolditalics: 'NotoSerifSC-Bold.ttf' },
    });
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy(() => false);
  })().catch((e: unknown) => {
    ready = null;
    throw e;
  });
  return ready;
}

const mm = (n: number) => (n / 25.4) * 72;
const PAGE_WIDTH = mm(210);
const MARGINS: [number, number, number, number] = [mm(28), mm(37), mm(26), mm(35)]; // left, top, right, bottom
const TEXT_WIDTH = PAGE_WIDTH - MARGINS[0] - MARGINS[2];
const RED = '#E60012';
/** 28 pt lines for 16 pt text (Noto Serif SC's natural line is about 1.3 em). */
const BODY_LINE = 28 / (16 * 1.3);

type Node = Record<string, unknown> | string;

const tableLayout = {
  hLineWidth: () => 0.6,
  vLineWidth: () => 0.6,
  hLineColor: () => '#000000',
  vLineColor: () => '#000000',
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

function partTable(part: OfficialDocument['parts'][number]): Node {
  const body: Node[][] = [COLUMNS.map((c) => ({ text: c, bold: true, alignment: 'center', fillColor: '#F2F2F2' }))];
  const span = (text: string, extra: Record<string, unknown>): Node[] => [
    { text, colSpan: COLUMNS.length, ...extra },
    ...Array.from({ length: COLUMNS.length - 1 }, () => ''),
  ];
  for (const g of part.groups) {
    if (g.section !== null) body.push(span(g.section, { bold: true }));
    body.push(span(g.level, { bold: true, fillColor: '#FAFAFA' }));
    for (const r of g.rows) body.push([{ text: String(r.number), alignment: 'center' }, r.content, r.requirements, r.due, r.evidence]);
  }
  return {
    table: { headerRows: 1, widths: COLUMN_WIDTHS.map((w) => `${w}%`), body },
    layout: tableLayout,
    fontSize: 12,
    lineHeight: 1.15,
    margin: [0, 4, 0, 8],
  };
}

/**
 * Render the official document. `onPlaced` hears the page of each node that has an `id` (the
 * signature block's lines), as pdfmake lays it out — for tests of what lands on which page.
 */
export async function renderPdf(doc: OfficialDocument, opts: { onPlaced?: (id: string, page: number) => void } = {}): Promise<Buffer> {
  await preparePdfFonts();
  const mastheadSize = Math.min(40, Math.floor((TEXT_WIDTH - 4) / [...doc.masthead].length));
  const content: Node[] = [
    { text: doc.masthead, fontSize: mastheadSize, bold: true, color: RED, alignment: 'center', margin: [0, 0, 0, 24] },
    { text: doc.docLine, alignment: 'center', bold: doc.draft, margin: [0, 0, 0, 6] },
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: TEXT_WIDTH, y2: 0, lineWidth: 1.8, lineColor: RED }], margin: [0, 0, 0, 40] },
    { text: doc.noticeTitle, fontSize: 22, bold: true, alignment: 'center', lineHeight: 1.15, margin: [0, 0, 0, 20] },
    { text: doc.addressees },
    ...doc.body.map((b) => ({ text: b, leadingIndent: 32, alignment: 'justify' })),
    // The signature block — the issuers and the date — stays together on one page.
    {
      stack: [
        ...doc.issuers.map((i, n) => ({ id: `signature-issuer-${n}`, text: i, alignment: 'right', margin: [0, n === 0 ? 56 : 0, 16, 0] })),
        { id: 'signature-date', text: doc.date, alignment: 'right', margin: [0, 0, 32, 0] },
      ],
      unbreakable: true,
    },
    { text: doc.attachment ? '附件1' : '附件', bold: true, pageBreak: 'before' },
    { text: doc.listTitle, fontSize: 22, bold: true, alignment: 'center', lineHeight: 1.15, margin: [0, 12, 0, 18] },
  ];
  for (const part of doc.parts) {
    content.push({ text: part.heading, bold: true, margin: [0, 8, 0, 4], headlineLevel: 1 });
    content.push(part.groups.length ? partTable(part) : { text: '（本部分暂无工作任务）' });
  }
  if (doc.attachment) {
    content.push(
      { text: '附件2', bold: true, pageBreak: 'before' },
      { text: doc.attachment.title, fontSize: 22, bold: true, alignment: 'center', lineHeight: 1.15, margin: [0, 12, 0, 18] },
      ...doc.attachment.items.map((i) =>
        i.depth === 0 ? { text: `${i.label}${i.text}`, bold: true, margin: [0, 8, 0, 4] } : { text: `${i.label}${i.text}`, leadingIndent: 32, alignment: 'justify' },
      ),
    );
  }
  const pdf = pdfmake.createPdf({
    pageSize: 'A4',
    pageMargins: MARGINS,
    info: { title: doc.noticeTitle, creator: 'Qingdan 清单', producer: 'Qingdan 清单' },
    defaultStyle: { font: FONT, fontSize: 16, lineHeight: BODY_LINE },
    // A part's heading never sits alone at the foot of a page.
    pageBreakBefore: (node: { id?: string; headlineLevel?: number; startPosition?: { verticalRatio?: number; pageNumber?: number } }) => {
      if (node.id && opts.onPlaced && node.startPosition?.pageNumber !== undefined) opts.onPlaced(node.id, node.startPosition.pageNumber);
      return node.headlineLevel === 1 && (node.startPosition?.verticalRatio ?? 0) > 0.82;
    },
    footer: (page: number) => ({ text: `— ${page} —`, alignment: 'center', fontSize: 14, lineHeight: 1, margin: [0, mm(7), 0, 0] }),
    content,
  });
  return pdf.getBuffer();
}
