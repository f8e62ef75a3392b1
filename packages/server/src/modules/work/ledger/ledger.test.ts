import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createHarness, type Harness } from '../../../testing/harness.ts';
import { pdfBytes, useTempFilesDir } from '../../lists/lifecycle/test-fixture.ts';
import { storeFile } from '../../files/store.ts';
import { buildWorkFixture, type WorkFixture } from '../test-fixture.ts';

let h: Harness;
let f: WorkFixture;
const minutes = pdfBytes('主题党日会议纪要');
const sha = crypto.createHash('sha256').update(minutes).digest('hex');

/** A record with evidence files in a period, written directly (the records API is tested elsewhere). */
async function addRecord(periodId: number, content: string, files: { name: string; data: Buffer }[]) {
  const k = h.deps.db.kysely;
  const p = (await sql<{ unit_id: number; org_id: number }>`SELECT unit_id, org_id FROM periods WHERE id = ${periodId}`.execute(k)).rows[0]!;
  const now = h.deps.clock.now();
  const r = await sql<{ id: number }>`
    INSERT INTO reports (unit_id, period_id, org_id, happened_on, content, author_name, created_at, updated_at)
    VALUES (${p.unit_id}, ${periodId}, ${p.org_id}, '2022-01-20', ${content}, '张书记', ${now}, ${now}) RETURNING id`.execute(k);
  await sql`UPDATE periods SET report_count = report_count + 1 WHERE id = ${periodId}`.execute(k);
  for (const file of files) {
    const stored = await storeFile(h.deps, { buffer: file.data, originalName: file.name, accountId: null }, { allowed: ['pdf'] });
    await sql`INSERT INTO evidence (unit_id, report_id, file_id, name, mime, size, created_at)
      VALUES (${p.unit_id}, ${r.rows[0]!.id}, ${stored.id}, ${file.name}, ${stored.mime}, ${stored.size}, ${now})`.execute(k);
  }
}

async function review(periodId: number, action: string, reason: string, actorName: string, actorOrgId: number) {
  const p = (await sql<{ unit_id: number }>`SELECT unit_id FROM periods WHERE id = ${periodId}`.execute(h.deps.db.kysely)).rows[0]!;
  await sql`INSERT INTO reviews (unit_id, period_id, action, reason, actor_name, actor_org_id, at)
    VALUES (${p.unit_id}, ${periodId}, ${action}, ${reason}, ${actorName}, ${actorOrgId}, ${h.deps.clock.now()})`.execute(h.deps.db.kysely);
}

beforeAll(async () => {
  h = await createHarness();
  useTempFilesDir(h);
  f = await buildWorkFixture(h);
  await addRecord(f.periods.aBranch1Monthly1, '1月15日开展主题党日活动，学习党的二十大精神', [
    { name: '会议纪要.pdf', data: minutes },
    { name: '会议纪要.pdf', data: pdfBytes('第二份纪要') },
  ]);
  await addRecord(f.periods.aBranch1Monthly1, '1月20日组织党员志愿服务', []);
  await review(f.periods.aBranch1Monthly1, 'submitted', '', '张书记', f.a.branchIds[0]);
  await review(f.periods.aBranch1Monthly1, 'returned', '记实内容过于简单，请补充活动照片', '李委员', f.a.organCommitteeId);
  await addRecord(f.periods.bBranch1Monthly1, '教育厅的记实', [{ name: '教育厅纪要.pdf', data: pdfBytes('教育厅') }]);
});
afterAll(async () => h.close());

function rowsOf(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return out;
}

describe('ledger.xlsx', () => {
  it('holds every task, period, record, review and evidence row of the unit', async () => {
    const res = await f.c.aAdmin.get(`/api/work/units/${f.a.unitId}/ledger.xlsx?year=2022`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('省财政厅_2022年党建工作电子台账.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['任务清单', '履责记实', '审核记录', '佐证材料']);

    const tasks = rowsOf(wb.getWorksheet('任务清单')!);
    expect(tasks[0]!.slice(0, 5)).toEqual(['组织', '层级', '部分', '任务编号', '任务内容']);
    const assignments = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM assignments WHERE unit_id = ${f.a.unitId}`.execute(h.deps.db.kysely)).rows[0]!.n;
    expect(tasks).toHaveLength(1 + assignments);
    expect(tasks.some((r) => r[0] === '省财政厅办公室党支部' && r[4] === '每季度讲一次党课')).toBe(true);
    expect(tasks.some((r) => r[0] === '中共省财政厅党组' && r[4] === '学习贯彻党的二十大精神')).toBe(true);
    expect(tasks.some((r) => r[0]!.includes('教育厅'))).toBe(false);
    expect(wb.getWorksheet('任务清单')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const records = rowsOf(wb.getWorksheet('履责记实')!);
    const periods = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM periods WHERE unit_id = ${f.a.unitId}`.execute(h.deps.db.kysely)).rows[0]!.n;
    // Every period once, the period with two records twice.
    expect(records).toHaveLength(1 + periods + 1);
    const rec = records.find((r) => r[9] === '1月15日开展主题党日活动，学习党的二十大精神')!;
    expect(rec).toBeDefined();
    expect(rec.slice(0, 2)).toEqual(['省财政厅办公室党支部', rec[1]]);
    expect(rec[3]).toBe('1月');
    expect(rec[4]).toBe('2022-01-31');
    expect(rec[10]).toBe('张书记');
    expect(rec[11]).toBe('会议纪要.pdf、会议纪要.pdf');
    expect(records.some((r) => r[9] === '1月20日组织党员志愿服务')).toBe(true);
    expect(records.some((r) => r[9] === '教育厅的记实')).toBe(false);

    const reviews = rowsOf(wb.getWorksheet('审核记录')!);
    expect(reviews).toHaveLength(3);
    expect(reviews[2]!.slice(0, 7)).toEqual(['省财政厅办公室党支部', reviews[2]![1], '1月', '退回', '记实内容过于简单，请补充活动照片', '李委员', '省财政厅机关党委']);

    const evidence = rowsOf(wb.getWorksheet('佐证材料')!);
    expect(evidence).toHaveLength(3);
    expect(evidence[1]!.slice(5, 8)).toEqual(['会议纪要.pdf', String(minutes.length), 'PDF']);
    expect(evidence.some((r) => r[8] === sha)).toBe(true);
  });

  it('answers 404 for another unit and for an organisation that is not a unit; a branch secretary gets the branch only', async () => {
    expect((await f.c.aAdmin.get(`/api/work/units/${f.b.unitId}/ledger.xlsx`)).statusCode).toBe(404);
    expect((await f.c.aAdmin.get(`/api/work/units/${f.a.branchIds[0]}/ledger.xlsx`)).statusCode).toBe(404);
    const res = await f.c.aSecretary.get(`/api/work/units/${f.a.unitId}/ledger.xlsx`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const orgsInLedger = new Set<string>();
    wb.getWorksheet('任务清单')?.eachRow((row, n) => {
      if (n > 1) orgsInLedger.add(String(row.getCell(1).value ?? ''));
    });
    expect([...orgsInLedger]).toHaveLength(1);
  });
});

/** Each entry's stored date and time ('YYYY-MM-DD HH:mm'), read from the zip's central directory. */
function dosTimes(zip: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  const pad = (n: number) => String(n).padStart(2, '0');
  for (let p = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), undefined); p >= 0; p = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p - 1)) {
    const time = zip.readUInt16LE(p + 12);
    const date = zip.readUInt16LE(p + 14);
    const name = zip.toString('utf8', p + 46, p + 46 + zip.readUInt16LE(p + 28));
    out.set(name, `${1980 + (date >> 9)}-${pad((date >> 5) & 15)}-${pad(date & 31)} ${pad(time >> 11)}:${pad((time >> 5) & 63)}`);
    if (p === 0) break;
  }
  return out;
}

describe('evidence.zip', () => {
  it('holds the unit’s evidence files by organisation, task and period, names made unique, with an index', async () => {
    const res = await f.c.aLeader.get(`/api/work/units/${f.a.unitId}/evidence.zip?year=2022`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('省财政厅_2022年佐证材料.zip'));
    const zip = await JSZip.loadAsync(res.rawPayload);
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort();
    const code = (await sql<{ code: string }>`SELECT code FROM list_tasks WHERE id = ${f.tasks.l3Monthly}`.execute(h.deps.db.kysely)).rows[0]!.code;
    const dir = `省财政厅办公室党支部/${code}_1月`;
    expect(names).toEqual([`${dir}/会议纪要 (2).pdf`, `${dir}/会议纪要.pdf`, '清单.csv'].sort());
    expect(Buffer.from(await zip.file(`${dir}/会议纪要.pdf`)!.async('uint8array')).equals(minutes)).toBe(true);
    const index = await zip.file('清单.csv')!.async('string');
    expect(index.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(index).toContain(`${dir}/会议纪要 (2).pdf`);
    expect(index).toContain(sha);
    // Each file's time in the zip is the Beijing time its index row gives (上传时间), to the minute.
    const times = dosTimes(res.rawPayload);
    for (const line of index.replace(/^\ufeff/, '').split('\r\n').slice(1).filter(Boolean)) {
      const cells = line.split(',');
      expect(times.get(cells[0]!), cells[0]).toBe(cells[10]);
    }
  });

  it('answers 404 for another unit', async () => {
    expect((await f.c.aAdmin.get(`/api/work/units/${f.b.unitId}/evidence.zip`)).statusCode).toBe(404);
    const b = await f.c.bAdmin.get(`/api/work/units/${f.b.unitId}/evidence.zip`);
    expect(b.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(b.rawPayload);
    expect(Object.keys(zip.files).some((n) => n.endsWith('教育厅纪要.pdf'))).toBe(true);
  });
});

/** The fields of a CSV (RFC 4180: quoted fields, "" inside quotes), line by line. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

describe('formula injection in the exports', () => {
  const hostile = '=HYPERLINK("http://x","y")';
  const records = ['+1+cmd|\' /C calc\'!A0 开展学习', '-2+3 组织研讨', '@SUM(1+1) 谈心谈话', '\t=1+1 主题党日'];

  it('the evidence index 清单.csv writes names and records starting with = + - @ or tab as text; ordinary ones unchanged', async () => {
    await sql`UPDATE orgs SET name = ${hostile} WHERE id = ${f.a.branchIds[1]}`.execute(h.deps.db.kysely);
    for (const [i, text] of records.entries()) await addRecord(f.periods.aBranch2Monthly1, text, [{ name: `纪要${i}.pdf`, data: pdfBytes(`纪要${i}`) }]);

    const res = await f.c.aLeader.get(`/api/work/units/${f.a.unitId}/evidence.zip?year=2022`);
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const raw = (await zip.file('清单.csv')!.async('string')).replace(/^\ufeff/, '');
    const rows = parseCsv(raw);
    const [header, ...data] = rows;
    expect(header![1]).toBe('组织');
    const hostileRows = data.filter((r) => r[1]!.includes('HYPERLINK'));
    expect(hostileRows).toHaveLength(records.length);
    for (const r of hostileRows) {
      expect(r[1]).toBe(`'${hostile}`);
      // The file path starts with the organisation's folder, itself starting with "=".
      expect(r[0]!.startsWith("'=")).toBe(true);
    }
    expect(hostileRows.map((r) => r[5]).sort()).toEqual(records.map((t) => `'${t}`).sort());
    // No field of the file starts with a formula character.
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // Ordinary names and records are written as they are.
    const ordinary = data.find((r) => r[5] === '1月15日开展主题党日活动，学习党的二十大精神')!;
    expect(ordinary[1]).toBe('省财政厅办公室党支部');
    expect(ordinary[0]!.startsWith('省财政厅办公室党支部/')).toBe(true);
  });

  it('ledger.xlsx holds the same name as a text cell, not a formula', async () => {
    const res = await f.c.aAdmin.get(`/api/work/units/${f.a.unitId}/ledger.xlsx?year=2022`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    let seen = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (cell.value === hostile) {
            seen++;
            expect(cell.type).toBe(ExcelJS.ValueType.String);
          }
        }),
      );
    }
    expect(seen).toBeGreaterThan(0);
  });
});
