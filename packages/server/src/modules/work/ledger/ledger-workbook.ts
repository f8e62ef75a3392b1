/**
 * 电子台账: a unit's year of work as one Excel workbook, written with exceljs' streaming
 * WorkbookWriter straight into the reply (never built in memory), one organisation at a time.
 * Sheets: 任务清单 (the assignments and their division of labour), 履责记实 (every period × record),
 * 审核记录 (the review history), 佐证材料 (the evidence files). Chinese headers, frozen header row.
 */
import { once } from 'node:events';
import type { PassThrough} from 'node:stream';
import { type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Deps } from '../../../deps.ts';
import type { ViewContext } from '../timing.ts';
import {
  actionLabel, assignmentRows, beijingTime, evidenceRows, frequencyLabel, ledgerOrgs, lightLabel, mimeLabel, recordRows, reviewRows, statusLabel,
  type LedgerOrg,
} from './ledger-rows.ts';

interface Column {
  header: string;
  width: number;
}

const SHEETS: { name: string; columns: Column[] }[] = [
  {
    name: '任务清单',
    columns: [
      { header: '组织', width: 28 }, { header: '层级', width: 12 }, { header: '部分', width: 22 }, { header: '任务编号', width: 12 },
      { header: '任务内容', width: 60 }, { header: '频次', width: 10 }, { header: '责任人（分工）', width: 14 }, { header: '牵头部门', width: 16 },
      { header: '具体措施', width: 40 }, { header: '状态', width: 10 },
    ],
  },
  {
    name: '履责记实',
    columns: [
      { header: '组织', width: 28 }, { header: '任务编号', width: 12 }, { header: '任务内容', width: 40 }, { header: '期次', width: 12 },
      { header: '截止日期', width: 12 }, { header: '状态', width: 10 }, { header: '时间灯', width: 8 }, { header: '迟报天数', width: 10 },
      { header: '开展日期', width: 12 }, { header: '履责记实', width: 60 }, { header: '填报人', width: 12 }, { header: '佐证材料', width: 40 },
    ],
  },
  {
    name: '审核记录',
    columns: [
      { header: '组织', width: 28 }, { header: '任务编号', width: 12 }, { header: '期次', width: 12 }, { header: '操作', width: 10 },
      { header: '意见或理由', width: 40 }, { header: '操作人', width: 12 }, { header: '操作人所在组织', width: 28 }, { header: '时间', width: 18 },
    ],
  },
  {
    name: '佐证材料',
    columns: [
      { header: '组织', width: 28 }, { header: '任务编号', width: 12 }, { header: '期次', width: 12 }, { header: '开展日期', width: 12 },
      { header: '履责记实', width: 40 }, { header: '文件名', width: 36 }, { header: '大小（字节）', width: 14 }, { header: '类型', width: 8 },
      { header: 'SHA-256', width: 66 }, { header: '上传时间', width: 18 },
    ],
  },
];

/** Rows of one sheet for one organisation. */
type SheetRows = (org: LedgerOrg) => Promise<(string | number | null)[][]>;

/** Wait while the reader is behind, so a slow download does not pile the workbook up in memory. */
async function keepPace(out: PassThrough) {
  if (out.writableNeedDrain && !out.destroyed) await once(out, 'drain');
}

/** Write the ledger of a unit's year to `out`; resolves when the workbook is complete. */
export async function writeLedger(deps: Deps, ctx: ViewContext, unitId: number, out: PassThrough, scope: 'all' | readonly string[] = 'all'): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as Writable, useStyles: true, useSharedStrings: false });
  wb.creator = 'Qingdan';
  wb.created = deps.clock.now();
  const orgs = await ledgerOrgs(deps, unitId, ctx.year, scope);
  const fillers: SheetRows[] = [
    async (o) =>
      (await assignmentRows(deps, unitId, o.id, ctx.year)).map((r) => [
        o.name, o.level_name, r.part, r.code, r.content, frequencyLabel(r.frequency), r.owner ?? '', r.lead_department, r.measures ?? '',
        r.withdrawn ? '已撤销' : '执行中',
      ]),
    async (o) =>
      (await recordRows(deps, ctx, unitId, o.id)).map((r) => [
        o.name, r.code, r.content, r.label, r.due_on, r.withdrawn ? '已撤销' : statusLabel(r.status), r.withdrawn ? '' : lightLabel(r.light),
        Number(r.late_days) > 0 ? Number(r.late_days) : null, r.happened_on ?? '', r.report ?? '（未填报）', r.author ?? '', r.evidence ?? '',
      ]),
    async (o) =>
      (await reviewRows(deps, unitId, o.id, ctx.year)).map((r) => [
        o.name, r.code, r.label, actionLabel(r.action), r.reason, r.actor, r.actor_org ?? '', beijingTime(r.at),
      ]),
    async (o) =>
      (await evidenceRows(deps, unitId, o.id, ctx.year)).map((r) => [
        o.name, r.code, r.label, r.happened_on, r.report.length > 100 ? `${r.report.slice(0, 100)}…` : r.report, r.name, r.size, mimeLabel(r.mime),
        r.sha256, beijingTime(r.created_at),
      ]),
  ];
  for (const [i, def] of SHEETS.entries()) {
    const ws = wb.addWorksheet(def.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = def.columns.map((c) => ({ header: c.header, width: c.width }));
    const head = ws.getRow(1);
    head.font = { bold: true };
    head.alignment = { vertical: 'middle', horizontal: 'center' };
    head.commit();
    for (const org of orgs) {
      for (const values of await fillers[i]!(org)) ws.addRow(values).commit();
      await keepPace(out);
    }
    ws.commit();
  }
  await wb.commit();
}
