/**
 * Documents of a responsibility list, on a fresh PGlite:
 *   - Excel import of a generated 500-task list (the workbook exported from a sample list) into an
 *     empty draft — read, validate every row, replace parts/sections/tasks — and the same workbook
 *     again over the imported list (nothing changes). Target ≤ 3 s. Baseline: exceljs reading the same
 *     workbook, without validation or writes.
 *   - Word: the official document of an issued 104-task list (load + docx), target ≤ 2 s. Baseline: a
 *     docx with one paragraph.
 *   - PDF: the same document as PDF (embedded Noto Serif SC subset), target ≤ 3 s. Baseline: a
 *     one-line PDF with the same font.
 * Times are medians of several runs after a first (cold) one, which is reported too.
 */
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph } from 'docx';
import pdfmake from 'pdfmake';
import { createDb, openPglite, type Db } from '../packages/server/src/db/database.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { SystemClock } from '../packages/server/src/clock.ts';
import { SYSTEM_ACTOR } from '../packages/server/src/modules/audit/record.ts';
import { insertSampleList } from '../packages/server/src/modules/lists/documents/sample-list.ts';
import { exportListWorkbook } from '../packages/server/src/modules/lists/documents/export-excel.ts';
import { importListWorkbook } from '../packages/server/src/modules/lists/documents/import-excel.ts';
import { loadOfficialDocument } from '../packages/server/src/modules/lists/documents/document-model.ts';
import { renderDocx } from '../packages/server/src/modules/lists/documents/word.ts';
import { preparePdfFonts, renderPdf } from '../packages/server/src/modules/lists/documents/pdf.ts';
import type { PolicyUser } from '../packages/server/src/modules/lists/policy.ts';
import { figure, ms, report, type BenchResult } from './lib.ts';

const IMPORT_TASKS = 500;
const DOC_TASKS = 104;
const RUNS = 5;

async function freshDb(): Promise<Db> {
  const db = await createDb({ pglite: await openPglite() });
  await migrate(db);
  return db;
}

async function org(db: Db, parent: { id: number; path: string } | null, kind: string, name: string, code: string) {
  const row = await db.kysely
    .insertInto('orgs')
    .values({ parent_id: parent?.id ?? null, unit_id: null, kind, level_code: null, name, short_name: name, code, path: '/', depth: parent ? 1 : 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent?.path ?? '/'}${row.id}/`;
  await db.kysely.updateTable('orgs').set({ path }).where('id', '=', row.id).execute();
  return { id: row.id, path };
}

async function time<T>(fn: () => Promise<T>): Promise<{ first: number; median: number; last: T }> {
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i <= RUNS; i++) {
    const t = process.hrtime.bigint();
    last = await fn();
    times.push(ms(t));
  }
  const first = times[0] as number;
  const warm = times.slice(1).sort((a, b) => a - b);
  return { first, median: warm[Math.floor(warm.length / 2)] as number, last: last as T };
}

export async function run(): Promise<BenchResult> {
  const db = await freshDb();
  const deps = { db, clock: new SystemClock(), config: { ...loadConfig({}), webDist: '/nonexistent' } };
  const root = await org(db, null, 'committee', '中共湖北省委直属机关工作委员会', 'GW');
  const zzb = await org(db, root, 'department', '组织部', 'GW-ZZB');
  const xcb = await org(db, root, 'department', '宣传部', 'GW-XCB');
  const user: PolicyUser = { grants: [{ id: 0, role: 'committeeAdmin', orgId: root.id, orgPath: root.path, orgName: '工委' }] };

  // Excel: export a 500-task list, import it into empty drafts, then over itself.
  const source = await insertSampleList(db, { year: 2025, ownerOrgId: zzb.id, departmentIds: [zzb.id, xcb.id], tasks: IMPORT_TASKS, status: 'issued', docNumber: { prefix: '鄂直工发', seq: 1 } });
  const { data: xlsx } = await exportListWorkbook(deps, source);
  const importTimes: number[] = [];
  let year = 2030;
  let lastDraft = 0;
  for (let i = 0; i <= RUNS; i++) {
    const draft = await db.kysely.insertInto('responsibility_lists').values({ year: year++, title: '导入测试', owner_org_id: zzb.id }).returning('id').executeTakeFirstOrThrow();
    const t = process.hrtime.bigint();
    const r = await importListWorkbook(deps, SYSTEM_ACTOR, user, { listId: draft.id, fileName: 'list.xlsx', data: xlsx, dryRun: false });
    importTimes.push(ms(t));
    if (r.summary.created !== IMPORT_TASKS) throw new Error(`imported ${JSON.stringify(r.summary)}`);
    lastDraft = draft.id;
  }
  const importFirst = importTimes[0] as number;
  const importMedian = importTimes.slice(1).sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
  const again = await time(() => importListWorkbook(deps, SYSTEM_ACTOR, user, { listId: lastDraft, fileName: 'list.xlsx', data: xlsx, dryRun: false }));
  if (again.last.changed) throw new Error('re-import changed the list');
  const readOnly = await time(async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    return wb.worksheets.length;
  });

  // Word and PDF of an issued 104-task list.
  const issued = await insertSampleList(db, { year: 2022, ownerOrgId: zzb.id, departmentIds: [zzb.id, xcb.id], tasks: DOC_TASKS, status: 'issued', docNumber: { prefix: '鄂直工发', seq: 2 }, issueDate: '2022-03-01' });
  const pdfCold = await (async () => {
    const t = process.hrtime.bigint();
    await renderPdf(await loadOfficialDocument(deps, issued));
    return ms(t);
  })();
  const word = await time(async () => renderDocx(await loadOfficialDocument(deps, issued)));
  const wordBase = await time(() => Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('中共湖北省委直属机关工作委员会')] }] })));
  const pdf = await time(async () => renderPdf(await loadOfficialDocument(deps, issued)));
  await preparePdfFonts();
  const pdfBase = await time(() => pdfmake.createPdf({ defaultStyle: { font: 'NotoSerifSC' }, content: ['中共湖北省委直属机关工作委员会'] }).getBuffer());
  await db.close();

  return report({
    bench: 'list-documents',
    notes: [
      `workbook of ${IMPORT_TASKS} tasks: ${(xlsx.length / 1024).toFixed(0)} KiB; import = read + validate + replace in one transaction, PGlite in memory; medians of ${RUNS} after a first run`,
      `first runs: import ${Math.round(importFirst)} ms, docx ${Math.round(word.first)} ms, pdf ${Math.round(pdfCold)} ms (includes loading the 2 × 15 MB font files)`,
      `documents of ${DOC_TASKS} tasks: docx ${(word.last.length / 1024).toFixed(0)} KiB, pdf ${(pdf.last.length / 1024).toFixed(0)} KiB`,
    ],
    figures: [
      figure(`Excel import, ${IMPORT_TASKS} tasks into an empty draft`, importMedian, 'ms', readOnly.median, 'exceljs read only', { max: 3000 }),
      figure(`Excel re-import, ${IMPORT_TASKS} tasks, no change`, again.median, 'ms', readOnly.median, 'exceljs read only', { max: 3000 }),
      figure(`Word document, ${DOC_TASKS} tasks`, word.median, 'ms', wordBase.median, 'one-paragraph docx', { max: 2000 }),
      figure(`PDF document, ${DOC_TASKS} tasks`, pdf.median, 'ms', pdfBase.median, 'one-line PDF, same font', { max: 3000 }),
      figure(`PDF document, ${DOC_TASKS} tasks, first (cold)`, pdfCold, 'ms', null, '', { max: 3000 }),
    ],
  });
}

if (import.meta.main) await run();
