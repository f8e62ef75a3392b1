import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import type { Role } from '@qingdan/core';
import { adminClient, Client, createHarness, TEST_PASSWORD, type Harness } from '../../../testing/harness.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { uncoveredItems } from '../lifecycle/checks.ts';

interface Item {
  id: number;
  parentId: number | null;
  seq: number;
  label: string;
  text: string;
  involvesCommittee: boolean;
  version: number;
  depth: number;
  childCount: number;
}
interface Doc {
  id: number;
  kind: string;
  title: string;
  docNumber: string;
  version: number;
  itemCount: number;
  items: Item[];
}
interface CoverageItem {
  id: number;
  documentKind: string;
  label: string;
  text: string;
  ancestors: string[];
  tasks: { id: number; number: number; code: string }[];
  waiver: { reason: string } | null;
  covered: boolean;
  waived: boolean;
}
interface Coverage {
  totals: { required: number; covered: number; waived: number; uncovered: number };
  documents: { id: number; required: number; covered: number }[];
  items: CoverageItem[];
}

let h: Harness;
let admin: Client;
const org: Record<string, number> = {};
let listId: number;
let otherListId: number;
const task: Record<string, number> = {};

const ok = <T>(res: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

let seqUser = 0;
async function userWith(role: Role, orgId: number): Promise<Client> {
  const k = h.deps.db.kysely;
  const o = await k.selectFrom('orgs').select(['path', 'unit_id']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const username = `src${++seqUser}_${role}`;
  const person = await k
    .insertInto('people')
    .values({ org_id: orgId, unit_id: o.unit_id, org_path: o.path, code: `P-${username}`, name: `用户${seqUser}`, post: '干部' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k.insertInto('accounts').values({ person_id: person.id, username, password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false }).execute();
  await k.insertInto('role_grants').values({ person_id: person.id, role, org_id: orgId }).execute();
  const c = new Client(h.app);
  ok(await c.login(username));
  return c;
}

function multipart(fileName: string, data: Buffer) {
  const boundary = `----qdsrc${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (c: Client, docId: number, name: string, data: Buffer, replace = false) => {
  const m = multipart(name, data);
  return c.request('POST', `/api/source-documents/${docId}/import${replace ? '?replace=true' : ''}`, m.payload, m.headers);
};

async function workbook(rows: (string | number)[][], header = ['层级', '编号', '内容', '是否涉及工委']): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('条目');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const docxOf = (children: (Paragraph | Table)[]) => Packer.toBuffer(new Document({ sections: [{ children }] }));
const cell = (s: string) => new TableCell({ children: [new Paragraph(s)] });

const getDoc = async (id: number) => ok<Doc>(await admin.get(`/api/source-documents/${id}`));
const count = async (table: 'source_items' | 'audit_log' | 'task_sources' | 'coverage_waivers') =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(h.deps.db.kysely)).rows[0]!.n;

async function newList(year: number): Promise<number> {
  const k = h.deps.db.kysely;
  const l = await k.insertInto('responsibility_lists').values({ year, title: `${year}年党建工作责任清单`, owner_org_id: org.zzb! }).returning('id').executeTakeFirstOrThrow();
  return l.id;
}

async function addTask(listId: number, partId: number, seq: number, code: string, content: string, requirements = '') {
  const r = await h.deps.db.kysely
    .insertInto('list_tasks')
    .values({ list_id: listId, part_id: partId, level_code: 'L1', seq, code, content, requirements, frequency: 'yearly' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

beforeAll(async () => {
  h = await createHarness();
  admin = await adminClient(h);
  const root = ok<{ items: { id: number }[] }>(await admin.get('/api/orgs/roots')).items[0]!.id;
  for (const [key, kind, name, code] of [
    ['zzb', 'department', '组织部', 'SRC-ZZB'],
    ['xcb', 'department', '宣传部', 'SRC-XCB'],
    ['unit', 'unit', '省交通厅', 'SRC-JTT'],
  ] as const) {
    org[key] = ok<{ id: number }>(await admin.post('/api/orgs', { parentId: root, kind, name, code })).id;
  }
  listId = await newList(2023);
  otherListId = await newList(2022);
  const k = h.deps.db.kysely;
  const part1 = (await k.insertInto('list_parts').values({ list_id: listId, seq: 1, title: '党的政治建设', drafting_org_id: org.zzb! }).returning('id').executeTakeFirstOrThrow()).id;
  const part2 = (await k.insertInto('list_parts').values({ list_id: listId, seq: 2, title: '宣传思想工作', drafting_org_id: org.xcb! }).returning('id').executeTakeFirstOrThrow()).id;
  task.study = await addTask(listId, part1, 1, 'T001', '组织开展党组理论学习中心组学习', '每季度不少于一次，全年不少于4次');
  task.branch = await addTask(listId, part1, 2, 'T002', '推进党支部标准化规范化建设', '开展达标创建');
  task.ideology = await addTask(listId, part2, 1, 'T003', '落实意识形态工作责任制', '每半年分析研判意识形态领域情况');
  task.rules = await addTask(listId, part2, 2, 'T004', '严格执行中央八项规定精神', '持续纠治四风问题');
});
afterAll(async () => h.close());

describe('source documents and items', () => {
  let docId: number;
  let aspect: Item;

  it('creates a document and a tree of items, read back in tree order with depths', async () => {
    const d = ok<Doc>(await admin.post(`/api/lists/${listId}/sources`, { kind: 'upperList', title: '省委2022年落实全面从严治党主体责任清单', docNumber: '鄂发〔2022〕1号' }));
    docId = d.id;
    expect(d).toMatchObject({ kind: 'upperList', itemCount: 0, version: 1 });
    aspect = ok<Item>(await admin.post(`/api/source-documents/${docId}/items`, { label: '一、', text: '加强党的政治建设' }));
    const a1 = ok<Item>(await admin.post(`/api/source-documents/${docId}/items`, { parentId: aspect.id, label: '1.', text: '深入学习贯彻习近平新时代中国特色社会主义思想' }));
    ok(await admin.post(`/api/source-documents/${docId}/items`, { parentId: aspect.id, label: '2.', text: '严明政治纪律和政治规矩' }));
    const other = ok<Item>(await admin.post(`/api/source-documents/${docId}/items`, { label: '二、', text: '国有企业改革', involvesCommittee: false }));
    ok(await admin.post(`/api/source-documents/${docId}/items`, { parentId: other.id, label: '1.', text: '完善国企治理' }));
    expect(a1).toMatchObject({ depth: 2, seq: 1, parentId: aspect.id });
    const doc = await getDoc(docId);
    expect(doc.items.map((i) => `${i.depth}${i.label}${i.seq}`)).toEqual(['1一、1', '21.1', '22.2', '1二、2', '21.1']);
    expect(doc.items[0]!.childCount).toBe(2);
    expect(ok<{ items: Doc[] }>(await admin.get(`/api/lists/${listId}/sources`)).items[0]!.itemCount).toBe(5);
  });

  it('edits with the current version, answers 409 with the stored record for a stale one', async () => {
    const edited = ok<Item>(await admin.put(`/api/source-items/${aspect.id}`, { label: '一、', text: '坚持和加强党的政治建设', involvesCommittee: true, version: aspect.version }));
    expect(edited.version).toBe(aspect.version + 1);
    const stale = await admin.put(`/api/source-items/${aspect.id}`, { label: '一、', text: '旧的', involvesCommittee: true, version: aspect.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CONFLICT', current: { text: '坚持和加强党的政治建设' } });
    const d = await getDoc(docId);
    const staleDoc = await admin.put(`/api/source-documents/${docId}`, { kind: 'upperList', title: 'x', docNumber: '', version: d.version + 5 });
    expect(staleDoc.statusCode).toBe(409);
    ok(await admin.put(`/api/source-documents/${docId}`, { kind: 'upperList', title: d.title, docNumber: '鄂发〔2022〕2号', version: d.version }));
    const audit = await h.deps.db.kysely.selectFrom('audit_log').select(['action']).where('entity_type', 'in', ['sourceItem', 'sourceDocument']).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['sourceDocument.create', 'sourceItem.create', 'sourceItem.update', 'sourceDocument.update']));
  });

  it('refuses a parent from another document and an empty text, writing nothing', async () => {
    const d2 = ok<Doc>(await admin.post(`/api/lists/${listId}/sources`, { kind: 'workPoints', title: '临时' }));
    const before = await count('source_items');
    const bad = await admin.post(`/api/source-documents/${d2.id}/items`, { parentId: aspect.id, text: '错误' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('SOURCE_PARENT_INVALID');
    expect((await admin.post(`/api/source-documents/${d2.id}/items`, { text: '  ' })).statusCode).toBe(400);
    expect(await count('source_items')).toBe(before);
    ok(await admin.delete(`/api/source-documents/${d2.id}`));
    expect((await admin.get(`/api/source-documents/${d2.id}`)).statusCode).toBe(404);
  });

  it('deletes an item with its sub-items and closes up the siblings', async () => {
    const doc = await getDoc(docId);
    const second = doc.items.find((i) => i.label === '二、')!;
    const tmp = ok<Item>(await admin.post(`/api/source-documents/${docId}/items`, { label: '三、', text: '临时方面' }));
    ok(await admin.post(`/api/source-documents/${docId}/items`, { parentId: tmp.id, text: '临时条目' }));
    const del = ok<{ deleted: number }>(await admin.delete(`/api/source-items/${tmp.id}`));
    expect(del.deleted).toBe(2);
    expect((await getDoc(docId)).items.map((i) => i.id)).toEqual(doc.items.map((i) => i.id));
    expect(second.seq).toBe(2);
  });
});

describe('import', () => {
  let docId: number;
  beforeAll(async () => {
    docId = ok<Doc>(await admin.post(`/api/lists/${listId}/sources`, { kind: 'workPoints', title: '2023年工作要点' })).id;
  });

  it('offers an Excel template that imports as it is', async () => {
    const res = await admin.get('/api/source-documents/template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const d = ok<Doc>(await admin.post(`/api/lists/${listId}/sources`, { kind: 'upperList', title: '模板' }));
    expect(ok<{ imported: number }>(await upload(admin, d.id, 't.xlsx', res.rawPayload)).imported).toBe(2);
    ok(await admin.delete(`/api/source-documents/${d.id}`));
  });

  it('imports an Excel sheet into a tree (levels given or taken from the labels)', async () => {
    const file = await workbook([
      [1, '一、', '加强政治建设', ''],
      [2, '（一）', '组织开展党组理论学习中心组学习', '是'],
      ['', '（二）', '推进党支部标准化规范化建设', ''],
      ['', '二、', '加强思想建设', '是'],
      ['', '（一）', '落实意识形态工作责任制', '否'],
    ]);
    const r = ok<{ format: string; imported: number }>(await upload(admin, docId, 'points.xlsx', file));
    expect(r).toMatchObject({ format: 'xlsx', imported: 5 });
    const doc = await getDoc(docId);
    expect(doc.items.map((i) => `${i.depth}${i.label}${i.text.slice(0, 2)}`)).toEqual(['1一、加强', '2（一）组织', '2（二）推进', '1二、加强', '2（一）落实']);
    expect(doc.items[4]!.involvesCommittee).toBe(false);
  });

  it('refuses a sheet with bad rows, naming each row in Chinese, and writes nothing', async () => {
    const before = await count('source_items');
    const auditBefore = (await sql<{ n: number }>`SELECT coalesce(max(seq), 0)::int AS n FROM audit_log`.execute(h.deps.db.kysely)).rows[0]!.n;
    const file = await workbook([
      [1, '一、', '方面', ''],
      [5, '', '层级错误', ''],
      [2, '1.', '', ''],
      [2, '2.', '是否填错', '也许'],
      [3, '（1）', '正常的三级', ''],
    ]);
    const res = await upload(admin, docId, 'bad.xlsx', file);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('SOURCE_IMPORT_INVALID');
    expect(body.message).toBe('文件有 3 处错误，未导入任何内容，请修改后重新上传');
    expect(body.details).toEqual([
      { path: '第 3 行', message: '层级“5”无效，应为 1、2 或 3' },
      { path: '第 4 行', message: '内容不能为空' },
      { path: '第 5 行', message: '“是否涉及工委”应填“是”或“否”' },
    ]);
    const noParent = await upload(admin, docId, 'bad2.xlsx', await workbook([[2, '1.', '没有上级', '']]));
    expect(noParent.json().details).toEqual([{ path: '第 2 行', message: '第 2 级条目前面缺少上一级条目' }]);
    const header = await upload(admin, docId, 'h.xlsx', await workbook([['x']], ['甲', '乙']));
    expect(header.json()).toMatchObject({ code: 'SOURCE_IMPORT_BAD_HEADER' });
    const junk = await upload(admin, docId, 'junk.xlsx', Buffer.from('not a workbook at all'));
    expect(junk.json()).toMatchObject({ code: 'SOURCE_IMPORT_BAD_FILE', message: '文件不是有效的 Excel（.xlsx）或 Word（.docx）文件' });
    expect(await count('source_items')).toBe(before);
    // Nothing written but the audit trail's record of each refused upload.
    const audits = await h.deps.db.kysely
      .selectFrom('audit_log').select(['action', 'entity_id', 'after']).where('seq', '>', auditBefore).orderBy('seq').execute();
    expect(audits.map((a) => [a.action, a.entity_id, (a.after as { outcome: string; code: string; fileName: string }).code])).toEqual([
      ['import.upload', String(docId), 'SOURCE_IMPORT_INVALID'],
      ['import.upload', String(docId), 'SOURCE_IMPORT_INVALID'],
      ['import.upload', String(docId), 'SOURCE_IMPORT_BAD_HEADER'],
      ['import.upload', String(docId), 'SOURCE_IMPORT_BAD_FILE'],
    ]);
    expect(audits.map((a) => (a.after as { outcome: string; fileName: string }).fileName)).toEqual(['bad.xlsx', 'bad2.xlsx', 'h.xlsx', 'junk.xlsx']);
    expect(audits.every((a) => (a.after as { outcome: string }).outcome === 'refused')).toBe(true);
  });

  it('imports Word numbered paragraphs as a tree, replacing the items when asked', async () => {
    const file = await docxOf([
      new Paragraph('2023年全省直属机关党的工作要点'),
      new Paragraph('一、坚持以政治建设为统领'),
      new Paragraph('（一）深入学习贯彻党的二十大精神。'),
      new Paragraph('组织开展专题学习。'),
      new Paragraph('（二）严明政治纪律和政治规矩。'),
      new Paragraph('二、持续加强基层党组织建设'),
      new Paragraph('（一）推进党支部标准化规范化建设。'),
      new Paragraph('1. 开展达标创建'),
      new Paragraph('（二）加强党员教育管理。'),
    ]);
    const r = ok<{ format: string; imported: number; removed: number }>(await upload(admin, docId, 'points.docx', file, true));
    expect(r).toMatchObject({ format: 'docx', imported: 7, removed: 5 });
    const doc = await getDoc(docId);
    expect(doc.items.map((i) => `${i.depth}|${i.label}|${i.text}`)).toEqual([
      '1|一、|坚持以政治建设为统领',
      '2|（一）|深入学习贯彻党的二十大精神。组织开展专题学习。',
      '2|（二）|严明政治纪律和政治规矩。',
      '1|二、|持续加强基层党组织建设',
      '2|（一）|推进党支部标准化规范化建设。',
      '3|1.|开展达标创建',
      '2|（二）|加强党员教育管理。',
    ]);
  });

  it('imports the first table of a Word file, appending to the document', async () => {
    const d = ok<Doc>(await admin.post(`/api/lists/${listId}/sources`, { kind: 'upperList', title: '表格版上级清单' }));
    const file = await docxOf([
      new Paragraph('附件'),
      new Table({
        rows: [
          new TableRow({ children: [cell('编号'), cell('内容'), cell('是否涉及工委')] }),
          new TableRow({ children: [cell('一、'), cell('全面加强党的领导'), cell('是')] }),
          new TableRow({ children: [cell('1.'), cell('落实第一议题制度'), cell('')] }),
          new TableRow({ children: [cell('二、'), cell('国有资产监管'), cell('否')] }),
          new TableRow({ children: [cell('1.'), cell('完善国资监管体制'), cell('')] }),
        ],
      }),
    ]);
    const r = ok<{ format: string; imported: number }>(await upload(admin, d.id, 'upper.docx', file));
    expect(r).toMatchObject({ format: 'docx', imported: 4 });
    const doc = await getDoc(d.id);
    expect(doc.items.map((i) => `${i.depth}|${i.label}|${i.text}|${i.involvesCommittee}`)).toEqual([
      '1|一、|全面加强党的领导|true',
      '2|1.|落实第一议题制度|true',
      '1|二、|国有资产监管|false',
      '2|1.|完善国资监管体制|true',
    ]);
    // appended after what is there
    const again = ok<{ imported: number }>(await upload(admin, d.id, 'upper.docx', file));
    expect(again.imported).toBe(4);
    const after = await getDoc(d.id);
    expect(after.items.filter((i) => i.depth === 1).map((i) => i.seq)).toEqual([1, 2, 3, 4]);
    ok(await admin.delete(`/api/source-documents/${d.id}`));
  });

  it('imports paragraphs numbered by Word itself by their list levels, with the usual labels', async () => {
    const d = ok<Doc>(await admin.post(`/api/lists/${listId}/sources`, { kind: 'workPoints', title: '自动编号版' }));
    const numbered = (text: string, level: number) => new Paragraph({ text, numbering: { reference: 'n', level } });
    const file = await Packer.toBuffer(
      new Document({
        numbering: { config: [{ reference: 'n', levels: [{ level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、' }, { level: 1, format: LevelFormat.DECIMAL, text: '（%2）' }] }] },
        sections: [{ children: [new Paragraph('工作要点'), numbered('加强政治建设', 0), numbered('深化理论学习', 1), numbered('严明纪律', 1), numbered('加强思想建设', 0), numbered('落实意识形态责任制', 1)] }],
      }),
    );
    ok(await upload(admin, d.id, 'auto.docx', file));
    expect((await getDoc(d.id)).items.map((i) => `${i.depth}|${i.label}|${i.text}`)).toEqual([
      '1|一、|加强政治建设', '2|（一）|深化理论学习', '2|（二）|严明纪律', '1|二、|加强思想建设', '2|（一）|落实意识形态责任制',
    ]);
    ok(await admin.delete(`/api/source-documents/${d.id}`));
  });

  it('refuses a Word file without numbered paragraphs or a table', async () => {
    const before = await count('source_items');
    const res = await upload(admin, docId, 'plain.docx', await docxOf([new Paragraph('只是一段文字'), new Paragraph('又一段文字')]));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'SOURCE_IMPORT_DOCX_SHAPE' });
    expect(res.json().message).toContain('Word 文件中既没有带编号的段落');
    expect(await count('source_items')).toBe(before);
  });
});

describe('links, coverage, suggestions and waivers', () => {
  let upper: Doc;
  let points: Doc;
  const byText = (d: Doc, s: string) => d.items.find((i) => i.text.includes(s))!;

  beforeAll(async () => {
    const all = ok<{ items: Doc[] }>(await admin.get(`/api/lists/${listId}/sources`)).items;
    upper = await getDoc(all.find((d) => d.kind === 'upperList')!.id);
    const pointsId = all.find((d) => d.title === '2023年工作要点')!.id;
    const chapter = ok<Item>(await admin.post(`/api/source-documents/${pointsId}/items`, { label: '三、', text: '加强思想建设' }));
    ok(await admin.post(`/api/source-documents/${pointsId}/items`, { parentId: chapter.id, label: '（一）', text: '组织开展党组理论学习中心组学习，每季度至少一次' }));
    ok(await admin.post(`/api/source-documents/${pointsId}/items`, { parentId: chapter.id, label: '（二）', text: '落实意识形态工作责任制' }));
    points = await getDoc(pointsId);
  });

  it('computes coverage: leaf work points, and leaf upper-list items that involve the committee', async () => {
    const c = ok<Coverage>(await admin.get(`/api/lists/${listId}/coverage`));
    // upper list: 1. 深入学习… and 2. 严明… (二、 does not involve the committee); work points: 6 leaves
    expect(c.totals).toEqual({ required: 8, covered: 0, waived: 0, uncovered: 8 });
    expect(c.items.some((i) => i.text.startsWith('推进党支部标准化规范化建设'))).toBe(false); // it has a sub-item
    expect(c.items.filter((i) => i.documentKind === 'upperList').map((i) => i.label)).toEqual(['1.', '2.']);
    expect(c.items[0]!.ancestors).toEqual(['一、坚持和加强党的政治建设']);
    expect(c.items.some((i) => i.text === '完善国企治理')).toBe(false);
  });

  it('replaces a task\'s links, and coverage shows the covering tasks with their numbers', async () => {
    const study = byText(upper, '深入学习');
    const branch = byText(points, '标准化规范化');
    const r = ok<{ sourceItemIds: number[] }>(await admin.put(`/api/list-tasks/${task.study}/sources`, { sourceItemIds: [study.id, study.id] }));
    expect(r.sourceItemIds).toEqual([study.id]);
    ok(await admin.put(`/api/list-tasks/${task.branch}/sources`, { sourceItemIds: [branch.id, byText(points, '开展达标创建').id] }));
    const c = ok<Coverage>(await admin.get(`/api/lists/${listId}/coverage`));
    const item = c.items.find((i) => i.id === study.id)!;
    expect(item.covered).toBe(true);
    expect(item.tasks).toMatchObject([{ id: task.study, number: 1, code: 'T001' }]);
    expect(c.totals.covered).toBe(2); // 开展达标创建 is a leaf; 标准化规范化 has a child, so it is not required
    ok(await admin.put(`/api/list-tasks/${task.branch}/sources`, { sourceItemIds: [byText(points, '开展达标创建').id] }));
    const audit = await h.deps.db.kysely.selectFrom('audit_log').select(['after']).where('action', '=', 'listTask.sources').execute();
    expect(audit).toHaveLength(3);
  });

  it('refuses links to another list\'s items and edits by another department\'s staff', async () => {
    const foreignDoc = ok<Doc>(await admin.post(`/api/lists/${otherListId}/sources`, { kind: 'workPoints', title: '2022年工作要点' }));
    const foreign = ok<Item>(await admin.post(`/api/source-documents/${foreignDoc.id}/items`, { text: '往年条目' }));
    const before = await count('task_sources');
    const bad = await admin.put(`/api/list-tasks/${task.study}/sources`, { sourceItemIds: [foreign.id] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('SOURCE_ITEM_NOT_IN_LIST');
    const xcb = await userWith('departmentStaff', org.xcb!);
    const notTheirs = await xcb.put(`/api/list-tasks/${task.study}/sources`, { sourceItemIds: [] });
    expect(notTheirs.statusCode).toBe(403);
    expect(notTheirs.json().code).toBe('PART_NOT_YOURS');
    expect(await count('task_sources')).toBe(before);
    // their own part's task: allowed
    ok(await xcb.put(`/api/list-tasks/${task.ideology}/sources`, { sourceItemIds: [byText(points, '意识形态').id] }));
    // but not the source documents (the owner's) nor waivers
    const doc = await xcb.post(`/api/lists/${listId}/sources`, { kind: 'workPoints', title: '越权' });
    expect(doc.statusCode).toBe(403);
    expect(doc.json().code).toBe('LIST_NOT_MANAGER');
  });

  it('suggests the obviously matching task first', async () => {
    const item = byText(points, '党组理论学习中心组');
    const s = ok<{ items: { taskId: number; score: number; number: number; linked: boolean }[] }>(await admin.get(`/api/source-items/${item.id}/suggestions?limit=3`));
    expect(s.items[0]!.taskId).toBe(task.study);
    expect(s.items[0]!.score).toBeGreaterThan(0.3);
    expect(s.items.length).toBeLessThanOrEqual(3);
    const rules = byText(upper, '政治纪律');
    const s2 = ok<{ items: { taskId: number }[] }>(await admin.get(`/api/source-items/${rules.id}/suggestions`));
    expect(s2.items.length).toBeGreaterThan(0);
    const s3 = ok<{ items: { taskId: number; linked: boolean }[] }>(await admin.get(`/api/source-items/${byText(points, '意识形态').id}/suggestions`));
    expect(s3.items[0]).toMatchObject({ taskId: task.ideology, linked: true });
  });

  it('waives an item with a reason (owner only), counts it, and removes the waiver', async () => {
    const item = byText(upper, '政治纪律');
    const short = await admin.post(`/api/lists/${listId}/waivers`, { sourceItemId: item.id, reason: ' 太短 ' });
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toBe('豁免理由至少 5 个字');
    const xcb = await userWith('departmentStaff', org.xcb!);
    expect((await xcb.post(`/api/lists/${listId}/waivers`, { sourceItemId: item.id, reason: '本年度不涉及此项工作' })).statusCode).toBe(403);
    const zzb = await userWith('departmentStaff', org.zzb!);
    ok(await zzb.post(`/api/lists/${listId}/waivers`, { sourceItemId: item.id, reason: '本年度不涉及此项工作' }));
    const c = ok<Coverage>(await admin.get(`/api/lists/${listId}/coverage`));
    const w = c.items.find((i) => i.id === item.id)!;
    expect(w).toMatchObject({ covered: false, waived: true, waiver: { reason: '本年度不涉及此项工作' } });
    expect(c.totals.waived).toBe(1);
    expect(c.totals.required).toBe(c.totals.covered + c.totals.waived + c.totals.uncovered);
    // the submit check counts the same gaps
    expect((await uncoveredItems(h.deps.db.kysely, listId)).count).toBe(c.totals.uncovered);
    const foreign = await admin.post(`/api/lists/${otherListId}/waivers`, { sourceItemId: item.id, reason: '别的清单的条目' });
    expect(foreign.json().code).toBe('SOURCE_ITEM_NOT_IN_LIST');
    expect(ok(await admin.delete(`/api/lists/${listId}/waivers/${item.id}`))).toEqual({ removed: true });
    expect(ok(await admin.delete(`/api/lists/${listId}/waivers/${item.id}`))).toEqual({ removed: false });
    const actions = await h.deps.db.kysely.selectFrom('audit_log').select('action').where('entity_type', '=', 'coverageWaiver').execute();
    expect(actions.map((a) => a.action)).toEqual(['coverageWaiver.create', 'coverageWaiver.delete']);
  });

  it('hides a draft list\'s sources from a unit administrator (404), and locks them once submitted', async () => {
    const ua = await userWith('unitAdmin', org.unit!);
    expect((await ua.get(`/api/lists/${listId}/sources`)).statusCode).toBe(404);
    expect((await ua.get(`/api/source-documents/${upper.id}`)).statusCode).toBe(404);
    expect((await ua.get(`/api/lists/${listId}/coverage`)).statusCode).toBe(404);
    expect((await ua.get(`/api/source-items/${upper.items[0]!.id}/suggestions`)).statusCode).toBe(404);
    await h.deps.db.kysely.updateTable('responsibility_lists').set({ status: 'inReview' }).where('id', '=', listId).execute();
    try {
      const locked = await admin.put(`/api/list-tasks/${task.study}/sources`, { sourceItemIds: [] });
      expect(locked.statusCode).toBe(409);
      expect(locked.json().code).toBe('LIST_LOCKED');
      expect((await admin.post(`/api/source-documents/${upper.id}/items`, { text: '送审后新增' })).statusCode).toBe(409);
    } finally {
      await h.deps.db.kysely.updateTable('responsibility_lists').set({ status: 'draft' }).where('id', '=', listId).execute();
    }
  });
});

describe('an import names its target, is checked before it writes, and is undone in one step', () => {
  type Preview = { dryRun: boolean; imported: number; counts: { chapters: number; items: number }; removed: number; ignored: string[]; importId: number | null; document: Doc };
  type Last = { import: null | { id: number; imported: number; removed: number; replaced: boolean; linkedSince: number; blockedBy: string | null; fileName: string } };
  const pointsFile = () =>
    docxOf([
      new Paragraph('2023年省直机关党建工作要点'),
      new Paragraph('一、加强党的政治建设'),
      new Paragraph('（一）深入学习贯彻党的二十大精神'),
      new Paragraph('（二）严明政治纪律和政治规矩'),
      new Paragraph('二、加强督促检查'),
      new Paragraph('（二十三）专项督查'),
      new Paragraph('对重点任务开展专项督查。'),
      new Paragraph('省委直属机关工委'),
      new Paragraph('2023年3月1日'),
    ]);
  // A list of its own, so that these documents and links do not count in the others' coverage.
  let own: number;
  const ownTask: Record<string, number> = {};
  beforeAll(async () => {
    own = await newList(2025);
    const part = (await h.deps.db.kysely.insertInto('list_parts').values({ list_id: own, seq: 1, title: '党的政治建设', drafting_org_id: org.zzb! }).returning('id').executeTakeFirstOrThrow()).id;
    ownTask.a = await addTask(own, part, 1, 'T901', '落实第一议题制度');
    ownTask.b = await addTask(own, part, 2, 'T902', '开展专项督查');
  });
  const importTo = (id: number, file: Buffer, q: string) => {
    const m = multipart('工作要点.docx', file);
    return admin.request('POST', `/api/source-documents/${id}/import${q}`, m.payload, m.headers);
  };

  it('checks a file against the chosen document without writing, counting chapters and items apart and leaving the sign-off out', async () => {
    const d = ok<Doc>(await admin.post(`/api/lists/${own}/sources`, { kind: 'workPoints', title: '2023年工作要点（导入）' }));
    const before = { items: await count('source_items'), imports: (await h.deps.db.kysely.selectFrom('source_imports').select('id').execute()).length };
    const p = ok<Preview>(await importTo(d.id, await pointsFile(), '?dryRun=true'));
    expect(p).toMatchObject({ dryRun: true, imported: 5, counts: { chapters: 2, items: 3 }, removed: 0, importId: null, document: { id: d.id, title: '2023年工作要点（导入）', itemCount: 0 } });
    expect(p.ignored).toEqual(['省委直属机关工委', '2023年3月1日']);
    expect(await count('source_items')).toBe(before.items);
    expect((await h.deps.db.kysely.selectFrom('source_imports').select('id').execute()).length).toBe(before.imports);
    // Written: the last item keeps its own text only.
    const r = ok<Preview>(await importTo(d.id, await pointsFile(), ''));
    expect(r).toMatchObject({ dryRun: false, imported: 5, counts: { chapters: 2, items: 3 }, document: { itemCount: 5 } });
    expect(r.importId).toEqual(expect.any(Number));
    const last = (await getDoc(d.id)).items.at(-1)!;
    expect(`${last.label}${last.text}`).toBe('（二十三）专项督查对重点任务开展专项督查。');
  });

  it('undoes an appended import in one step, leaving what was there before', async () => {
    const d = ok<Doc>(await admin.post(`/api/lists/${own}/sources`, { kind: 'upperList', title: '上级清单（撤销导入）' }));
    ok(await admin.post(`/api/source-documents/${d.id}/items`, { label: '一、', text: '原有条目' }));
    const r = ok<Preview>(await importTo(d.id, await pointsFile(), ''));
    expect((await getDoc(d.id)).items).toHaveLength(6);
    const last = ok<Last>(await admin.get(`/api/source-documents/${d.id}/last-import`));
    expect(last.import).toMatchObject({ id: r.importId, imported: 5, removed: 0, replaced: false, linkedSince: 0, blockedBy: null, fileName: '工作要点.docx' });
    // A link made since goes with the undo (the confirmation says how many).
    const points = (await getDoc(d.id)).items;
    ok(await admin.put(`/api/list-tasks/${ownTask.b}/sources`, { sourceItemIds: [points.at(-1)!.id] }));
    expect(ok<Last>(await admin.get(`/api/source-documents/${d.id}/last-import`)).import!.linkedSince).toBe(1);
    const undone = ok<{ removed: number; restored: number; document: Doc }>(await admin.post(`/api/source-documents/${d.id}/undo-import`, { sourceImportId: r.importId }));
    expect(undone).toMatchObject({ removed: 5, restored: 0, document: { itemCount: 1 } });
    expect((await getDoc(d.id)).items.map((i) => i.text)).toEqual(['原有条目']);
    expect(ok<{ sourceItemIds: number[] }>(await admin.get(`/api/list-tasks/${ownTask.b}/sources`)).sourceItemIds).toEqual([]);
    expect(ok<Last>(await admin.get(`/api/source-documents/${d.id}/last-import`)).import).toBeNull();
    // Twice is refused, and changes nothing.
    const again = await admin.post(`/api/source-documents/${d.id}/undo-import`, { sourceImportId: r.importId });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'SOURCE_IMPORT_UNDO_NOT_LATEST', message: expect.stringContaining('最近一次导入') });
    const audit = await h.deps.db.kysely.selectFrom('audit_log').select(['after']).where('action', '=', 'sourceDocument.importUndone').where('entity_id', '=', String(d.id)).execute();
    expect(audit).toHaveLength(1);
  });

  it('undoes a replacing import: the removed items come back with their ids, links and waivers', async () => {
    const d = ok<Doc>(await admin.post(`/api/lists/${own}/sources`, { kind: 'upperList', title: '上级清单（替换后撤销）' }));
    const a = ok<Item>(await admin.post(`/api/source-documents/${d.id}/items`, { label: '一、', text: '政治建设' }));
    const a1 = ok<Item>(await admin.post(`/api/source-documents/${d.id}/items`, { parentId: a.id, label: '1.', text: '落实第一议题制度' }));
    const a2 = ok<Item>(await admin.post(`/api/source-documents/${d.id}/items`, { parentId: a.id, label: '2.', text: '严肃党内政治生活' }));
    ok(await admin.put(`/api/list-tasks/${ownTask.a}/sources`, { sourceItemIds: [a1.id] }));
    ok(await admin.post(`/api/lists/${own}/waivers`, { sourceItemId: a2.id, reason: '本年度不涉及此项工作' }));
    const before = (await getDoc(d.id)).items;
    const preview = ok<Preview>(await importTo(d.id, await pointsFile(), '?replace=true&dryRun=true'));
    expect(preview).toMatchObject({ removed: 3, imported: 5 });
    const r = ok<Preview>(await importTo(d.id, await pointsFile(), '?replace=true'));
    expect(r).toMatchObject({ removed: 3, document: { itemCount: 5 } });
    expect(ok<{ sourceItemIds: number[] }>(await admin.get(`/api/list-tasks/${ownTask.a}/sources`)).sourceItemIds).toEqual([]);
    const undone = ok<{ removed: number; restored: number }>(await admin.post(`/api/source-documents/${d.id}/undo-import`, { sourceImportId: r.importId }));
    expect(undone).toMatchObject({ removed: 5, restored: 3 });
    const after = (await getDoc(d.id)).items;
    expect(after.map((i) => [i.id, i.parentId, i.seq, i.label, i.text])).toEqual(before.map((i) => [i.id, i.parentId, i.seq, i.label, i.text]));
    expect(ok<{ sourceItemIds: number[] }>(await admin.get(`/api/list-tasks/${ownTask.a}/sources`)).sourceItemIds).toEqual([a1.id]);
    const c = ok<{ items: { id: number; waiver: unknown }[] }>(await admin.get(`/api/lists/${own}/coverage`));
    expect(c.items.find((i) => i.id === a2.id)?.waiver).toBeTruthy();
  });

  it('refuses to undo an import whose items were edited or had items added below them, changing nothing', async () => {
    const d = ok<Doc>(await admin.post(`/api/lists/${own}/sources`, { kind: 'workPoints', title: '工作要点（不可撤销）' }));
    const r = ok<Preview>(await importTo(d.id, await pointsFile(), ''));
    const items = (await getDoc(d.id)).items;
    ok(await admin.post(`/api/source-documents/${d.id}/items`, { parentId: items[0]!.id, label: '（三）', text: '导入后新增的条目' }));
    expect(ok<Last>(await admin.get(`/api/source-documents/${d.id}/last-import`)).import!.blockedBy).toBe('SOURCE_IMPORT_UNDO_ADDED');
    const added = await admin.post(`/api/source-documents/${d.id}/undo-import`, { sourceImportId: r.importId });
    expect(added.statusCode).toBe(409);
    expect(added.json()).toMatchObject({ code: 'SOURCE_IMPORT_UNDO_ADDED' });
    const edited = items[1]!;
    ok(await admin.put(`/api/source-items/${edited.id}`, { label: edited.label, text: '改过的内容', involvesCommittee: true, version: edited.version }));
    expect((await admin.post(`/api/source-documents/${d.id}/undo-import`, { sourceImportId: r.importId })).json()).toMatchObject({ code: 'SOURCE_IMPORT_UNDO_EDITED' });
    expect((await getDoc(d.id)).items).toHaveLength(6);
    // Another department's staff may not undo it.
    const xcb = await userWith('departmentStaff', org.xcb!);
    expect([403, 404]).toContain((await xcb.post(`/api/source-documents/${d.id}/undo-import`, { sourceImportId: r.importId })).statusCode);
  });
});
