/** 责任分工表 in Excel: the unit's divided tasks with owner, lead department and measures, styled for printing. */
import ExcelJS from 'exceljs';
import type { Deps } from '../../../deps.ts';
import { chineseNumber, type DivisionQuery } from '@qingdan/core';
import { findDivision, type DivisionViewer } from './find-division.ts';

export const DIVISION_COLUMNS = [
  { header: '序号', width: 7 },
  { header: '责任主体', width: 18 },
  { header: '部分', width: 20 },
  { header: '任务编号', width: 10 },
  { header: '工作任务', width: 48 },
  { header: '责任领导/责任人', width: 18 },
  { header: '配合领导', width: 18 },
  { header: '牵头部门', width: 16 },
  { header: '具体措施', width: 48 },
] as const;

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const CENTERED = new Set([1, 4]);

export async function divisionWorkbook(
  deps: Deps,
  viewer: DivisionViewer,
  orgId: number,
  query: Omit<DivisionQuery, 'page' | 'pageSize'>,
): Promise<{ fileName: string; data: Buffer }> {
  const table = await findDivision(deps, viewer, orgId, { ...query, page: undefined, pageSize: undefined });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Qingdan';
  const ws = wb.addWorksheet('责任分工表', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
  });
  ws.columns = DIVISION_COLUMNS.map((c) => ({ width: c.width }));

  const title = `${table.unit.name}党建工作责任分工表（${table.year}年）`;
  ws.mergeCells(1, 1, 1, DIVISION_COLUMNS.length);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = { name: '方正小标宋简体', size: 18, bold: true };
  t.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(1).height = 36;

  const header = ws.getRow(2);
  DIVISION_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: '黑体', size: 11, bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  header.height = 22;

  table.items.forEach((r, i) => {
    const owner = r.ownerName ? (r.ownerPost ? `${r.ownerName}（${r.ownerPost}）` : r.ownerName) : '';
    const row = ws.addRow([
      i + 1,
      r.orgName,
      `${chineseNumber(r.partSeq)}、${r.partTitle}`,
      r.taskCode,
      r.taskContent,
      owner,
      r.cooperators.map((c) => c.name).join('、'),
      r.leadDepartment,
      r.measures.map((m) => `${m.seq}. ${m.content}`).join('\n'),
    ]);
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.font = { name: '仿宋_GB2312', size: 11 };
      cell.alignment = { vertical: 'top', wrapText: true, horizontal: CENTERED.has(col) ? 'center' : 'left' };
      cell.border = BORDER;
    });
  });
  ws.views = [{ state: 'frozen', ySplit: 2 }];

  const data = Buffer.from(await wb.xlsx.writeBuffer());
  const fileName = `${title}.xlsx`.replace(/[\\/:*?"<>|]/g, '_');
  return { fileName, data };
}
