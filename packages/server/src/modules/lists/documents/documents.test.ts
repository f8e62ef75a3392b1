import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { createHarness, type Client, type Harness } from '../../../testing/harness.ts';
import { buildFixture, type Fixture } from '../lifecycle/test-fixture.ts';
import { loadListStructure, type ListStructure } from '../structure/load-list.ts';
import { insertSampleList } from './sample-list.ts';
import { parseDueRuleCell, dueRuleCell, dueRuleText } from './due-text.ts';

let h: Harness;
let f: Fixture;
let draftId: number;
let issuedId: number;

const TASKS = 40;

function multipart(data: Buffer, name = 'list.xlsx') {
  const boundary = `----qd${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  return { payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function upload(c: Client, listId: number, data: Buffer, dryRun = false) {
  const m = multipart(data);
  return c.request('POST', `/api/lists/${listId}/import${dryRun ? '?dryRun=true' : ''}`, m.payload, m.headers);
}

async function exportXlsx(c: Client, listId: number): Promise<Buffer> {
  const res = await c.get(`/api/lists/${listId}/export.xlsx`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  return res.rawPayload;
}

/** Every sheet's cells as text (the 依据条目 reference sheet and 说明 included). */
async function cells(buf: Buffer): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: Record<string, string[][]> = {};
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow((row) => {
      const r: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => void r.push(String(cell.text)));
      rows.push(r);
    });
    out[ws.name] = rows;
  });
  return out;
}

async function edit(buf: Buffer, fn: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  fn(wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The list's content as the documents see it, without ids, versions and times. */
function content(s: ListStructure) {
  const part = new Map(s.parts.map((p) => [p.id, p.seq]));
  const section = new Map(s.sections.map((x) => [x.id, x.title]));
  return {
    title: s.list.title,
    parts: s.parts.map((p) => ({ seq: p.seq, title: p.title, org: p.draftingOrgId })),
    sections: s.sections.map((x) => ({ part: part.get(x.partId), seq: x.seq, title: x.title })).sort((a, b) => (a.part ?? 0) - (b.part ?? 0) || a.seq - b.seq),
    tasks: s.tasks.map((t) => ({
      code: t.code,
      number: t.number,
      part: part.get(t.partId),
      section: t.sectionId === null ? null : section.get(t.sectionId),
      level: t.levelCode,
      seq: t.seq,
      content: t.content,
      requirements: t.requirements,
      frequency: t.frequency,
      dueRule: t.dueRule,
      evidence: t.evidence,
      reviewer: t.reviewerOrgId,
      weight: t.weight === null ? null : Number(t.weight),
      sources: t.sourceItemIds,
    })),
  };
}

const structure = async (listId: number) => (await loadListStructure(h.deps.db, listId)) as ListStructure;

beforeAll(async () => {
  h = await createHarness();
  f = await buildFixture(h);
  await h.deps.db.kysely.updateTable('orgs').set({ name: '中共湖北省委直属机关工作委员会' }).where('id', '=', f.rootId).execute();
  draftId = await insertSampleList(h.deps.db, { year: 2026, ownerOrgId: f.ownerDeptId, departmentIds: [f.ownerDeptId, f.otherDeptId], tasks: TASKS, withSources: true });
  issuedId = await insertSampleList(h.deps.db, {
    year: 2022,
    ownerOrgId: f.ownerDeptId,
    departmentIds: [f.ownerDeptId, f.otherDeptId],
    tasks: 24,
    status: 'issued',
    docNumber: { prefix: '鄂直工发', seq: 2 },
    issueDate: '2022-03-01',
  });
});
afterAll(async () => h?.close());

describe('due rules and numbers as text', () => {
  it('reads back every rule it writes, and explains them in Chinese', () => {
    for (const r of [{ kind: 'date', date: '2026-06-30' }, { kind: 'afterPeriodEnd', days: 15 }, { kind: 'afterPeriodEnd', days: 0 }, { kind: 'yearEnd' }] as const) {
      expect(parseDueRuleCell(dueRuleCell(r))).toEqual(r);
    }
    expect(parseDueRuleCell('')).toEqual({ kind: 'yearEnd' });
    expect(parseDueRuleCell('2026年6月30日')).toEqual({ kind: 'date', date: '2026-06-30' });
    expect(parseDueRuleCell('期末后 10 天')).toEqual({ kind: 'afterPeriodEnd', days: 10 });
    expect(parseDueRuleCell('2026-02-30')).toBeNull();
    expect(parseDueRuleCell('期末后91日')).toBeNull();
    expect(parseDueRuleCell('下周')).toBeNull();
    expect(dueRuleText('quarterly', { kind: 'afterPeriodEnd', days: 15 })).toBe('每季度结束后15日内');
    expect(dueRuleText('once', { kind: 'date', date: '2026-06-30' })).toBe('2026年6月30日前');
  });
});

describe('Excel export and import', () => {
  it('export → import → export gives the same workbook and changes nothing', async () => {
    const before = await structure(draftId);
    const first = await exportXlsx(f.admin, draftId);
    const sheets = await cells(first);
    expect(Object.keys(sheets)).toEqual(['清单', '部分', '小节', '任务', '依据条目（参考）', '说明']);
    expect(sheets['任务']?.length).toBe(TASKS + 1);
    expect(sheets['任务']?.[0]).toEqual(['编码', '部分序号', '小节', '责任层级', '顺序', '工作任务', '工作要求', '频次', '完成时限规则', '佐证材料', '审核部门编码', '分值', '依据条目']);

    const dry = await upload(f.admin, draftId, first, true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, changed: false, summary: { parts: 7, sections: 2, tasks: TASKS, created: 0, updated: 0, unchanged: TASKS, deleted: 0, links: 0 } });

    const res = await upload(f.admin, draftId, first);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, changed: false });
    const after = await structure(draftId);
    expect(after).toEqual(before); // ids, versions and times included
    expect(await cells(await exportXlsx(f.admin, draftId))).toEqual(sheets);
  });

  it('replaces the content: keeps tasks (and their links) by code, adds, deletes, moves; and round-trips again', async () => {
    const before = await structure(draftId);
    const linked = before.tasks.find((t) => t.sourceItemIds.length > 0 && t.partSeq === 2)!;
    const gone = before.tasks.find((t) => t.partSeq === 3 && t.sourceItemIds.length === 0)!;
    const moved = before.tasks.find((t) => t.partSeq === 4)!;
    const wbBuf = await edit(await exportXlsx(f.admin, draftId), (wb) => {
      const ws = wb.getWorksheet('任务')!;
      ws.eachRow((row, n) => {
        if (n === 1) return;
        const code = String(row.getCell(1).text);
        if (code === linked.code) row.getCell(6).value = `${linked.content}（已修改）`;
        if (code === moved.code) {
          row.getCell(2).value = 1;
          row.getCell(3).value = '（三）新增的小节';
          row.getCell(4).value = '党组（党委）';
          row.getCell(5).value = 1;
        }
      });
      const goneRow = ws.getRows(2, ws.rowCount - 1)!.find((r) => String(r.getCell(1).text) === gone.code)!;
      ws.spliceRows(goneRow.number, 1);
      ws.addRow(['', 7, '', 'L3', '', '新增任务：党支部每年开展一次党员教育培训', '', '每年', '年底前', '培训记录', 'GW-XCB', 3, '']);
      const parts = wb.getWorksheet('部分')!;
      parts.getRow(2).getCell(2).value = '落实机关党建主体责任（修改）';
    });

    const dry = await upload(f.admin, draftId, wbBuf, true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().summary).toMatchObject({ tasks: TASKS, created: 1, deleted: 1 });
    expect(await structure(draftId)).toEqual(before); // a dry run writes nothing

    const res = await upload(f.admin, draftId, wbBuf);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ changed: true, summary: { created: 1, deleted: 1 } });
    const after = await structure(draftId);
    const byCode = new Map(after.tasks.map((t) => [t.code, t]));
    expect(byCode.get(linked.code)).toMatchObject({ id: linked.id, content: `${linked.content}（已修改）`, sourceItemIds: linked.sourceItemIds, version: linked.version + 1 });
    expect(byCode.has(gone.code)).toBe(false);
    // 顺序 1 ties with the part's first L1 task, which comes first in the file: ties follow the rows.
    // Its number: after part 一's tasks outside any section and in its earlier sections (the list's
    // own order), first of the new section.
    const added3 = after.sections.find((x) => x.title === '（三）新增的小节')!;
    const sectionSeq = new Map(after.sections.map((x) => [x.id, x.seq]));
    const ahead = after.tasks.filter((t) => t.partSeq === 1 && t.withdrawnAt === null && (t.sectionId === null || sectionSeq.get(t.sectionId)! < added3.seq)).length;
    expect(ahead).toBeGreaterThan(0);
    expect(byCode.get(moved.code)).toMatchObject({ id: moved.id, partSeq: 1, sectionId: added3.id, levelCode: 'L1', seq: 2, number: ahead + 1 });
    expect(after.sections.map((s) => s.title)).toContain('（三）新增的小节');
    const added = after.tasks.find((t) => t.content.startsWith('新增任务'))!;
    expect(added.code).toBe(`T2026-${String(TASKS + 1).padStart(4, '0')}`);
    expect(added).toMatchObject({ partSeq: 7, levelCode: 'L3', frequency: 'yearly', reviewerOrgId: f.otherDeptId, weight: '3.00' });
    expect(after.parts[0]?.title).toBe('落实机关党建主体责任（修改）');
    expect(after.parts.map((p) => p.id)).toEqual(before.parts.map((p) => p.id));
    // Numbers stay continuous: 1 … n in official order.
    expect(after.tasks.map((t) => t.number)).toEqual(after.tasks.map((_, i) => i + 1));
    // Unchanged tasks keep their versions.
    const untouched = before.tasks.find((t) => t.partSeq === 6)!;
    expect(byCode.get(untouched.code)?.version).toBe(untouched.version);

    const audit = await h.deps.db.kysely.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'list.import').execute();
    expect(audit).toEqual([{ action: 'list.import', entity_id: String(draftId) }]);

    // And the new state round-trips too.
    const second = await exportXlsx(f.admin, draftId);
    const again = await upload(f.admin, draftId, second);
    expect(again.json()).toMatchObject({ changed: false });
    expect(content(await structure(draftId))).toEqual(content(after));
    expect(await cells(await exportXlsx(f.admin, draftId))).toEqual(await cells(second));
  });

  it('keeps the links when the 依据条目 column is left out, and replaces them when it is there', async () => {
    const before = await structure(draftId);
    const linked = before.tasks.find((t) => t.sourceItemIds.length > 0)!;
    const other = before.tasks.find((t) => t.sourceItemIds.length === 0)!;
    const exported = await exportXlsx(f.admin, draftId);
    const withoutColumn = await edit(exported, (wb) => wb.getWorksheet('任务')!.spliceColumns(13, 1));
    const r1 = await upload(f.admin, draftId, withoutColumn);
    expect(r1.json()).toMatchObject({ changed: false });
    expect(await structure(draftId)).toEqual(before);

    const itemId = linked.sourceItemIds[0]!;
    const moved = await edit(exported, (wb) => {
      wb.getWorksheet('任务')!.eachRow((row) => {
        const code = String(row.getCell(1).text);
        if (code === linked.code) row.getCell(13).value = '';
        if (code === other.code) row.getCell(13).value = `${itemId}`;
      });
    });
    const r2 = await upload(f.admin, draftId, moved);
    expect(r2.json()).toMatchObject({ changed: true, summary: { links: linked.sourceItemIds.length + 1, updated: 0 } });
    const after = await structure(draftId);
    expect(after.tasks.find((t) => t.id === linked.id)?.sourceItemIds).toEqual([]);
    expect(after.tasks.find((t) => t.id === other.id)?.sourceItemIds).toEqual([itemId]);
    // Back as it was.
    expect((await upload(f.admin, draftId, exported)).statusCode).toBe(200);
    expect(content(await structure(draftId))).toEqual(content(before));
  });

  it('round-trips sections whose titles repeat within a part (named “#序号 标题”)', async () => {
    const k = h.deps.db.kysely;
    const s0 = await structure(draftId);
    const part = s0.parts[1]!;
    const twins = await k
      .insertInto('list_sections')
      .values([
        { list_id: draftId, part_id: part.id, seq: 1, title: '同名小节' },
        { list_id: draftId, part_id: part.id, seq: 2, title: '同名小节' },
      ])
      .returning('id')
      .execute();
    const inPart = s0.tasks.filter((t) => t.partId === part.id);
    await k.updateTable('list_tasks').set({ section_id: twins[1]!.id }).where('id', '=', inPart[0]!.id).execute();
    await k.updateTable('list_tasks').set({ section_id: twins[0]!.id }).where('id', '=', inPart[1]!.id).execute();
    const before = await structure(draftId);
    const wb = await exportXlsx(f.admin, draftId);
    const sheets = await cells(wb);
    expect(sheets['任务']?.find((r) => r[0] === inPart[0]!.code)?.[2]).toBe('#2 同名小节');
    const r = await upload(f.admin, draftId, wb);
    expect(r.json()).toMatchObject({ changed: false });
    expect(await structure(draftId)).toEqual(before);
    expect(await cells(await exportXlsx(f.admin, draftId))).toEqual(sheets);

    const ambiguous = await edit(wb, (w) =>
      w.getWorksheet('任务')!.eachRow((row) => {
        if (String(row.getCell(1).text) === inPart[0]!.code) row.getCell(3).value = '同名小节';
      }),
    );
    const bad = await upload(f.admin, draftId, ambiguous);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].message).toBe('该部分有多个名为“同名小节”的小节，请写成“#序号 标题”');
  });

  it('refuses a bad workbook with every row error and changes nothing', async () => {
    const before = await structure(draftId);
    const good = await exportXlsx(f.admin, draftId);

    // Not a workbook / the wrong sheet.
    const notXlsx = await upload(f.admin, draftId, Buffer.from('hello, this is not a workbook'));
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json().code).toBe('IMPORT_BAD_FILE');
    const wrongSheet = await edit(good, (wb) => {
      wb.getWorksheet('任务')!.name = '工作任务';
    });
    const ws = await upload(f.admin, draftId, wrongSheet);
    expect(ws.statusCode).toBe(400);
    expect(ws.json()).toMatchObject({ code: 'IMPORT_BAD_SHEET', message: '工作簿中没有“任务”工作表' });
    const noHeader = await edit(good, (wb) => {
      wb.getWorksheet('任务')!.getRow(1).getCell(4).value = '层级';
    });
    const nh = await upload(f.admin, draftId, noHeader);
    expect(nh.json()).toMatchObject({ code: 'LIST_IMPORT_BAD_HEADER' });
    expect(nh.json().message).toContain('责任层级');

    // Row errors: bad level, unknown department code, duplicate codes, bad frequency, due and weight, unknown part and source.
    const bad = await edit(good, (wb) => {
      const t = wb.getWorksheet('任务')!;
      t.getRow(2).getCell(4).value = '党小组';
      t.getRow(3).getCell(11).value = 'NO-SUCH-DEPT';
      t.getRow(4).getCell(1).value = String(t.getRow(5).getCell(1).text);
      t.getRow(6).getCell(8).value = '每周';
      t.getRow(7).getCell(9).value = '下个月';
      t.getRow(8).getCell(12).value = '-1';
      t.getRow(9).getCell(2).value = 99;
      t.getRow(10).getCell(13).value = '999999';
      t.getRow(11).getCell(6).value = '';
      wb.getWorksheet('部分')!.getRow(3).getCell(3).value = 'U-CZT'; // a unit, not a department
    });
    const res = await upload(f.admin, draftId, bad);
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as { code: string; message: string; details: { path: string; message: string }[] };
    expect(body.code).toBe('LIST_IMPORT_INVALID');
    expect(body.message).toContain('10 处错误');
    const at = (path: string) => body.details.find((d) => d.path === path)?.message;
    expect(at('任务:2:责任层级')).toBe('责任层级“党小组”不存在');
    expect(at('任务:3:审核部门编码')).toBe('组织编码“NO-SUCH-DEPT”不存在');
    expect(at('任务:5:编码')).toBe('文件内编码重复（与第 4 行相同）');
    expect(at('任务:6:频次')).toContain('频次“每周”无效');
    expect(at('任务:7:完成时限规则')).toContain('无法识别');
    expect(at('任务:8:分值')).toContain('0 到 1000');
    expect(at('任务:9:部分序号')).toBe('部分序号“99”在“部分”工作表中不存在');
    expect(at('任务:10:依据条目')).toBe('依据条目“999999”不是本清单的依据条目');
    expect(at('任务:11:工作任务')).toBe('必填');
    expect(at('部分:3:起草部门编码')).toBe('起草部门须为工委部门');
    expect(await structure(draftId)).toEqual(before);

    // English for an English reader.
    const en = multipart(bad);
    const resEn = await f.admin.request('POST', `/api/lists/${draftId}/import`, en.payload, { ...en.headers, 'accept-language': 'en' });
    expect(resEn.statusCode).toBe(400);
    expect(typeof resEn.json().message).toBe('string');
  });

  it('refuses an import into an issued list, and by anyone but the owner', async () => {
    const issuedBefore = await structure(issuedId);
    const issuedXlsx = await exportXlsx(f.admin, issuedId);
    const r1 = await upload(f.admin, issuedId, issuedXlsx);
    expect(r1.statusCode).toBe(409);
    expect(r1.json().code).toBe('LIST_NOT_EDITABLE');
    expect(await structure(issuedId)).toEqual(issuedBefore);

    const draftXlsx = await exportXlsx(f.admin, draftId);
    const r2 = await upload(f.otherStaff, draftId, draftXlsx);
    expect(r2.statusCode).toBe(403);
    expect(r2.json().code).toBe('LIST_NOT_MANAGER');
    const r3 = await upload(f.unitViewer, draftId, draftXlsx);
    expect(r3.statusCode).toBe(403);
    const r4 = await upload(f.ownerStaff, draftId, draftXlsx);
    expect(r4.statusCode, r4.body).toBe(200);

    await h.deps.db.kysely.updateTable('responsibility_lists').set({ status: 'inReview' }).where('id', '=', draftId).execute();
    try {
      const r5 = await upload(f.admin, draftId, draftXlsx);
      expect(r5.statusCode).toBe(409);
      expect(r5.json().code).toBe('LIST_LOCKED');
    } finally {
      await h.deps.db.kysely.updateTable('responsibility_lists').set({ status: 'draft' }).where('id', '=', draftId).execute();
    }
  });

  it('serves a template that imports into an empty draft', async () => {
    const res = await f.ownerStaff.get('/api/lists/template.xlsx');
    expect(res.statusCode).toBe(200);
    const sheets = await cells(res.rawPayload);
    expect(sheets['说明']?.length).toBeGreaterThan(10);
    const emptyId = (
      await h.deps.db.kysely.insertInto('responsibility_lists').values({ year: 2030, title: '2030年清单', owner_org_id: f.ownerDeptId }).returning('id').executeTakeFirstOrThrow()
    ).id;
    const r = await upload(f.ownerStaff, emptyId, res.rawPayload);
    expect(r.statusCode, r.body).toBe(200);
    const s = await structure(emptyId);
    expect(s.tasks.map((t) => t.code)).toEqual(['T2030-0001', 'T2030-0002']);
    expect(s.list.title).toContain('示例');
  });
});

describe('Word and PDF documents', () => {
  it('the .docx of an issued list has the masthead, document number, notice title and every task', async () => {
    const res = await f.unitViewer.get(`/api/lists/${issuedId}/document.docx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('鄂直工发〔2022〕2号 2022年省直机关党建工作责任清单.docx');
    const text = (await mammoth.extractRawText({ buffer: res.rawPayload })).value;
    expect(text).toContain('中共湖北省委直属机关工作委员会文件');
    expect(text).toContain('鄂直工发〔2022〕2号');
    expect(text).toContain('关于印发《2022年省直机关党建工作责任清单》的通知');
    expect(text).toContain('省直各单位党组（党委）、机关党委：');
    expect(text).toContain('2022年3月1日');
    expect(text).toContain('一、落实机关党建主体责任');
    expect(text).toContain('党组（党委）');
    const s = await structure(issuedId);
    for (const t of s.tasks) expect(text).toContain(t.content);
    expect(text).not.toContain('征求意见稿');
  });

  it('attaches the work points issued with the list as 附件2', async () => {
    const k = h.deps.db.kysely;
    const doc = await k.insertInto('source_documents').values({ list_id: issuedId, kind: 'workPoints', title: '2022年省直机关党建工作要点' }).returning('id').executeTakeFirstOrThrow();
    const chapter = await k.insertInto('source_items').values({ document_id: doc.id, parent_id: null, seq: 1, label: '一、', text: '坚持把党的政治建设摆在首位' }).returning('id').executeTakeFirstOrThrow();
    await k.insertInto('source_items').values({ document_id: doc.id, parent_id: chapter.id, seq: 1, label: '1.', text: '深化政治机关意识教育' }).execute();
    await k.updateTable('source_documents').set({ attached: true }).where('id', '=', doc.id).execute();
    try {
      const text = (await mammoth.extractRawText({ buffer: (await f.unitViewer.get(`/api/lists/${issuedId}/document.docx`)).rawPayload })).value;
      expect(text).toContain('连同《2022年省直机关党建工作要点》一并印发');
      expect(text).toContain('附件1');
      expect(text).toContain('附件2');
      expect(text.indexOf('一、坚持把党的政治建设摆在首位')).toBeLessThan(text.indexOf('1.深化政治机关意识教育'));
      const pdf = await f.unitViewer.get(`/api/lists/${issuedId}/document.pdf`);
      expect(pdf.statusCode).toBe(200);
    } finally {
      await k.updateTable('source_documents').set({ attached: false }).where('id', '=', doc.id).execute();
    }
  });

  it('a draft is marked 征求意见稿 instead of a document number; others do not see it', async () => {
    const res = await f.admin.get(`/api/lists/${draftId}/document.docx`);
    expect(res.statusCode).toBe(200);
    const text = (await mammoth.extractRawText({ buffer: res.rawPayload })).value;
    expect(text).toContain('征求意见稿');
    expect(text).not.toMatch(/〔\d{4}〕\d+号/);
    expect((await f.unitViewer.get(`/api/lists/${draftId}/document.docx`)).statusCode).toBe(404);
    expect((await f.unitViewer.get(`/api/lists/${draftId}/document.pdf`)).statusCode).toBe(404);
  });

  it('the PDF is a PDF with an embedded font', async () => {
    const res = await f.unitViewer.get(`/api/lists/${issuedId}/document.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(/\/FontFile[23]/.test(pdf.toString('latin1'))).toBe(true);
    expect(pdf.length).toBeLessThan(1_000_000); // subset, not the whole 15 MB font
  });
});
