/** The Excel template for importing source items: the four columns, two example rows and the notes. */
import ExcelJS from 'exceljs';

export const SOURCE_COLUMNS = [
  { header: '层级', width: 8, note: '1 为方面或章节（如“一、”），2 为其下条目（如“（一）”或“1.”），3 为再下一级；留空时按编号样式判断' },
  { header: '编号', width: 10, note: '选填。原文的编号，如 一、 （一） 1.' },
  { header: '内容', width: 80, note: '必填。条目原文' },
  { header: '是否涉及工委', width: 14, note: '是 或 否，留空为“是”。上级清单中标为“否”的方面及其条目不需要对照覆盖' },
];

export async function sourceTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Qingdan 清单';
  const ws = wb.addWorksheet('条目', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = SOURCE_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  SOURCE_COLUMNS.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    cell.font = { bold: true, color: { argb: c.header === '内容' ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE9D9' } };
    cell.note = c.note;
  });
  ws.getColumn(2).numFmt = '@';
  ws.addRow([1, '一、', '加强党的政治建设', '是']);
  ws.addRow([2, '1.', '深入学习贯彻习近平新时代中国特色社会主义思想', '']);
  const notes = wb.addWorksheet('说明');
  notes.columns = [{ header: '列名', width: 14 }, { header: '说明', width: 100 }];
  notes.getRow(1).font = { bold: true };
  for (const c of SOURCE_COLUMNS) notes.addRow([c.header, c.note]);
  notes.addRow([]);
  notes.addRow(['', '每行一个条目，按原文顺序填写；第 2 级条目归属于它前面最近的第 1 级条目，依此类推。存在任何错误时不会导入任何内容。']);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
