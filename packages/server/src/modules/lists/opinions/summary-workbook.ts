/** 征求意见汇总表: one row per opinion the caller may see, styled for printing. */
import ExcelJS from 'exceljs';
import { OPINION_HANDLING_LABELS } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { getRound, type Viewer } from './find-rounds.ts';
import { loadList } from './opinion-rows.ts';

const COLUMNS = [
  { header: '序号', width: 7 },
  { header: '提出单位', width: 20 },
  { header: '针对内容', width: 36 },
  { header: '意见建议', width: 48 },
  { header: '处理情况', width: 12 },
  { header: '说明', width: 40 },
] as const;

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export async function summaryWorkbook(deps: Deps, viewer: Viewer, roundId: number): Promise<{ fileName: string; data: Buffer }> {
  const round = await getRound(deps, viewer, roundId);
  const list = await loadList(deps.db.kysely, round.listId);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Qingdan';
  const ws = wb.addWorksheet('征求意见汇总表', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
  });
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));

  const title = `《${list.title}》征求意见汇总表`;
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = { name: '方正小标宋简体', size: 18, bold: true };
  t.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(1).height = 36;

  ws.mergeCells(2, 1, 2, COLUMNS.length);
  const sub = ws.getCell(2, 1);
  sub.value = `${round.title}\u3000征求意见截止日期：${round.deadline}\u3000共 ${round.opinions.length} 条，已处理 ${round.opinions.filter((o) => o.handling).length} 条`;
  sub.font = { name: '仿宋_GB2312', size: 11 };
  sub.alignment = { horizontal: 'left', vertical: 'middle' };

  const header = ws.getRow(3);
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: '黑体', size: 11, bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  header.height = 22;

  round.opinions.forEach((o, i) => {
    const row = ws.addRow([
      i + 1,
      o.orgName,
      o.targetLabel,
      o.content,
      o.handling ? OPINION_HANDLING_LABELS[o.handling].zh : '未处理',
      o.reply,
    ]);
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.font = { name: '仿宋_GB2312', size: 11 };
      cell.alignment = { vertical: 'top', wrapText: true, horizontal: col === 1 || col === 5 ? 'center' : 'left' };
      cell.border = BORDER;
    });
  });
  ws.views = [{ state: 'frozen', ySplit: 3 }];

  const data = Buffer.from(await wb.xlsx.writeBuffer());
  const fileName = `${list.title}征求意见汇总表_${round.deadline.replace(/-/g, '')}.xlsx`.replace(/[\\/:*?"<>|]/g, '_');
  return { fileName, data };
}
