import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, Client, createHarness, TEST_PASSWORD, type Harness } from '../../testing/harness.ts';
import { createAdmin } from '../auth/setup.ts';
import { hashPassword } from '../auth/passwords.ts';
import { SYSTEM_ACTOR } from '../audit/record.ts';
import { ORG_COLUMNS, PEOPLE_COLUMNS } from './format.ts';
import { importFromFile } from './import-file.ts';

const ORG_HEADER = ORG_COLUMNS.map((c) => c.header);
const PEOPLE_HEADER = PEOPLE_COLUMNS.map((c) => c.header);

let h: Harness;
let admin: Client;
beforeAll(async () => {
  h = await createHarness();
  admin = await adminClient(h);
});
afterAll(async () => h.close());

async function book(sheet: string, header: string[], rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
const orgBook = (rows: (string | number)[][]) => book('组织机构', ORG_HEADER, rows);
const peopleBook = (rows: (string | number)[][]) => book('人员', PEOPLE_HEADER, rows);

/** A multipart/form-data body with one file field. */
function multipart(fileName: string, data: Buffer, contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
  const boundary = `----qdtest${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function upload(c: Client, kind: 'orgs' | 'people', data: Buffer, fileName = 'data.xlsx', contentType?: string) {
  const m = multipart(fileName, data, contentType);
  return c.request('POST', `/api/imports/${kind}`, m.payload, m.headers);
}

async function download(c: Client, url: string): Promise<ExcelJS.Workbook> {
  const res = await c.get(url);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

function headerOf(ws: ExcelJS.Worksheet): string[] {
  return (ws.getRow(1).values as unknown[]).slice(1).map(String);
}

const orgByCode = (code: string) =>
  h.deps.db.kysely.selectFrom('orgs').selectAll().where('code', '=', code).executeTakeFirst();

/** An account that can sign in, for a person created by import. */
async function enableAccount(username: string) {
  await h.deps.db.kysely
    .updateTable('accounts')
    .set({ password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false })
    .where('username', '=', username)
    .execute();
  const c = new Client(h.app);
  const r = await c.login(username);
  expect(r.statusCode).toBe(200);
  return c;
}

const UNITS: (string | number)[][] = [
  // child rows before their parents: order does not matter
  ['U1-JG-ZB1', '一单位机关第一支部', '', '党支部', 'L3', 'U1-JG', 1, '正常'],
  ['U1-JG', '一单位机关党委', '', '机关党委', 'L2', 'U1', 2, '正常'],
  ['U1', '第一单位', '一单位', '单位', '', 'GW', 1, '正常'],
  ['U1-DZ', '一单位党组', '', '党组(党委)', '党组(党委)', 'U1', 1, '正常'],
  ['U2', '第二单位', '', '单位', '', 'GW', 2, '正常'],
  ['U2-ZB1', '二单位第一支部', '', '党支部', '', 'U2', 1, '正常'],
];

describe('templates', () => {
  it('downloads both templates with header, dropdowns and the 说明 sheet', async () => {
    const orgs = await download(admin, '/api/imports/templates/orgs');
    const ws = orgs.getWorksheet('组织机构');
    expect(ws).toBeDefined();
    expect(headerOf(ws as ExcelJS.Worksheet)).toEqual(ORG_HEADER);
    expect((ws as ExcelJS.Worksheet).getRow(1).getCell(1).font?.bold).toBe(true);
    expect(orgs.getWorksheet('说明')?.getCell('A2').value).toBe('组织编码');
    const validations = (ws as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    const formulae = Object.values(validations).flatMap((v) => v.formulae).join(' ');
    expect(formulae).toContain('党支部');
    expect(formulae).toContain('已撤销');
    const people = await download(admin, '/api/imports/templates/people');
    expect(headerOf(people.getWorksheet('人员') as ExcelJS.Worksheet)).toEqual(PEOPLE_HEADER);
  });

  it('uploading the organisation template unchanged previews its example rows without errors', async () => {
    const res = await admin.get('/api/imports/templates/orgs');
    const r = await upload(admin, 'orgs', res.rawPayload);
    expect(r.statusCode).toBe(200);
    expect(r.json().errors).toEqual([]);
    expect(r.json().summary.create).toBe(3);
  });
});

describe('organisation import', () => {
  it('reports a bad row with its Excel row number and a Chinese reason, and writes nothing', async () => {
    const data = await orgBook([
      ...UNITS,
      ['U1-X', '某支部', '', '党支部', 'L3', 'NOPE', 1, '正常'], // row 8
      ['U3-DZ', '党组', '', '党组(党委)', 'L1', 'GW', 1, '正常'], // row 9
      ['U1', '重复', '', '单位', '', 'GW', 1, '正常'], // row 10
      ['bad code!', '坏编码', '', '神秘', '', 'GW', 'x', '正常'], // row 11
    ]);
    const r = await upload(admin, 'orgs', data);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.canApply).toBe(false);
    expect(body.errors).toContainEqual({ row: 8, column: '上级组织编码', message: '上级组织编码“NOPE”不存在' });
    expect(body.errors).toContainEqual({ row: 9, column: '类型', message: '类型“党组(党委)”不能设在该上级（工委）之下' });
    expect(body.errors).toContainEqual({ row: 10, column: '组织编码', message: '文件内编码重复（与第 4 行相同）' });
    const row11 = body.errors.filter((e: { row: number }) => e.row === 11).map((e: { column: string }) => e.column);
    expect(row11).toEqual(expect.arrayContaining(['组织编码', '类型', '排序']));
    expect(await orgByCode('U1')).toBeUndefined();

    const apply = await admin.post(`/api/imports/batches/${body.batchId}/apply`);
    expect(apply.statusCode).toBe(400);
    expect(apply.json().code).toBe('IMPORT_HAS_ERRORS');
    expect(await orgByCode('U1')).toBeUndefined();
  });

  it('applies the corrected file in one go, computing paths, depths and units; a second apply is refused', async () => {
    const r = await upload(admin, 'orgs', await orgBook(UNITS));
    expect(r.statusCode).toBe(200);
    expect(r.json().errors).toEqual([]);
    expect(r.json().summary).toMatchObject({ create: 6, update: 0, unchanged: 0 });
    const batchId = r.json().batchId as string;
    const applied = await admin.post(`/api/imports/batches/${batchId}/apply`);
    expect(applied.statusCode).toBe(200);
    expect(applied.json().summary.create).toBe(6);

    const root = await orgByCode('GW');
    const u1 = await orgByCode('U1');
    const jg = await orgByCode('U1-JG');
    const zb = await orgByCode('U1-JG-ZB1');
    const u2zb = await orgByCode('U2-ZB1');
    expect(u1).toMatchObject({ kind: 'unit', parent_id: root?.id, depth: 1, path: `${root?.path}${u1?.id}/`, unit_id: u1?.id, short_name: '一单位' });
    expect(jg).toMatchObject({ parent_id: u1?.id, depth: 2, unit_id: u1?.id, level_code: 'L2' });
    expect(zb).toMatchObject({ parent_id: jg?.id, depth: 3, path: `${jg?.path}${zb?.id}/`, unit_id: u1?.id });
    expect((await orgByCode('U1-DZ'))?.level_code).toBe('L1');
    expect(u2zb?.level_code).toBe('L3'); // empty level on a new row: by kind

    const audit = await h.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'import.orgs').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.entity_id).toBe(batchId);
    const batch = await h.deps.db.kysely.selectFrom('import_batches').selectAll().where('id', '=', batchId).executeTakeFirstOrThrow();
    expect(batch.status).toBe('applied');

    const again = await admin.post(`/api/imports/batches/${batchId}/apply`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('该批次已导入，不能重复导入');
  });

  it('moves an organisation with its subtree and the people in it', async () => {
    const pre = await upload(admin, 'people', await peopleBook([['MOV1', '移动人', '党员', 'U1-JG-ZB1', '', 1, '正常', '', '']]));
    expect((await admin.post(`/api/imports/batches/${pre.json().batchId}/apply`)).statusCode).toBe(200);
    const r = await upload(admin, 'orgs', await orgBook([['U1-JG', '一单位机关党委', '', '机关党委', 'L2', 'U2', 2, '正常']]));
    expect(r.json().errors).toEqual([]);
    expect(r.json().changes[0]).toMatchObject({ action: 'update', fields: [{ column: '上级组织编码', before: 'U1', after: 'U2' }] });
    expect((await admin.post(`/api/imports/batches/${r.json().batchId}/apply`)).statusCode).toBe(200);
    const u2 = await orgByCode('U2');
    const jg = await orgByCode('U1-JG');
    const zb = await orgByCode('U1-JG-ZB1');
    expect(jg).toMatchObject({ parent_id: u2?.id, unit_id: u2?.id, path: `${u2?.path}${jg?.id}/` });
    expect(zb).toMatchObject({ unit_id: u2?.id, path: `${jg?.path}${zb?.id}/` });
    const person = await h.deps.db.kysely.selectFrom('people').selectAll().where('code', '=', 'MOV1').executeTakeFirstOrThrow();
    expect(person).toMatchObject({ org_path: zb?.path, unit_id: u2?.id });
    // and back
    const back = await upload(admin, 'orgs', await orgBook([['U1-JG', '一单位机关党委', '', '机关党委', 'L2', 'U1', 2, '正常']]));
    expect((await admin.post(`/api/imports/batches/${back.json().batchId}/apply`)).statusCode).toBe(200);
    expect((await orgByCode('U1-JG-ZB1'))?.unit_id).toBe((await orgByCode('U1'))?.id);
  });

  it('refuses cycles, dissolving a parent with active children and a second root', async () => {
    const r = await upload(admin, 'orgs', await orgBook([
      ['U1-JG', '一单位机关党委', '', '机关党委', 'L2', 'U1-JG-ZB1', 2, '正常'],
      ['U2', '第二单位', '', '单位', '', 'GW', 2, '已撤销'],
      ['GW2', '另一个工委', '', '工委', '', '', 1, '正常'],
    ]));
    const errors = r.json().errors as { row: number; column: string; message: string }[];
    expect(errors.some((e) => e.row === 2)).toBe(true);
    expect(errors).toContainEqual({ row: 3, column: '状态', message: '该组织下还有未撤销的下级组织，不能撤销' });
    expect(errors.some((e) => e.row === 4)).toBe(true);
  });

  it('refuses a file that is not an xlsx, and a wrong header', async () => {
    const txt = await upload(admin, 'orgs', Buffer.from('组织编码,组织名称\nU9,某单位\n'), 'orgs.xlsx', 'text/plain');
    expect(txt.statusCode).toBe(400);
    expect(txt.json().code).toBe('IMPORT_BAD_FILE');
    expect(txt.json().message).toContain('Excel');
    const fakeZip = await upload(admin, 'orgs', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), crypto.randomBytes(200)]));
    expect(fakeZip.json().code).toBe('IMPORT_BAD_FILE');
    const header = await upload(admin, 'orgs', await book('组织机构', ['组织编码', '组织名称', '类型'], [['U9', '某单位', '单位']]));
    expect(header.statusCode).toBe(400);
    expect(header.json()).toMatchObject({ code: 'IMPORT_BAD_HEADER', message: '表头缺少“上级组织编码”列，请使用下载的模板' });
  });

  it('answers 413 with a Chinese message for a file over the limit', async () => {
    const limit = h.deps.config.importMaxBytes;
    h.deps.config.importMaxBytes = 2000;
    try {
      const r = await upload(admin, 'orgs', crypto.randomBytes(5000));
      expect(r.statusCode).toBe(413);
      expect(r.json().code).toBe('IMPORT_TOO_LARGE');
      expect(r.json().message).toMatch(/^文件过大/);
    } finally {
      h.deps.config.importMaxBytes = limit;
    }
  });

  it('re-validates on apply: a change since the preview fails the batch and writes nothing', async () => {
    const r = await upload(admin, 'orgs', await orgBook([['U2-ZB2', '二单位第二支部', '', '党支部', 'L3', 'U2', 2, '正常']]));
    expect(r.json().canApply).toBe(true);
    await h.deps.db.kysely.updateTable('orgs').set({ active: false }).where('code', '=', 'U2-ZB1').execute();
    await h.deps.db.kysely.updateTable('orgs').set({ active: false }).where('code', '=', 'U2').execute();
    const applied = await admin.post(`/api/imports/batches/${r.json().batchId}/apply`);
    expect(applied.statusCode).toBe(409);
    expect(applied.json().code).toBe('IMPORT_STALE');
    expect(await orgByCode('U2-ZB2')).toBeUndefined();
    const batch = await h.deps.db.kysely.selectFrom('import_batches').select('status').where('id', '=', r.json().batchId).executeTakeFirstOrThrow();
    expect(batch.status).toBe('failed');
    await h.deps.db.kysely.updateTable('orgs').set({ active: true }).where('code', 'in', ['U2', 'U2-ZB1']).execute();
  });

  it('only the uploader may apply a batch', async () => {
    await createAdmin(h.deps, SYSTEM_ACTOR, { username: 'admin2', password: TEST_PASSWORD, name: '管理员二', onlyIfFirst: false });
    const other = new Client(h.app);
    expect((await other.login('admin2')).statusCode).toBe(200);
    const r = await upload(admin, 'orgs', await orgBook([['U4', '第四单位', '', '单位', '', 'GW', 4, '正常']]));
    const res = await other.post(`/api/imports/batches/${r.json().batchId}/apply`);
    expect(res.statusCode).toBe(404);
    expect(await orgByCode('U4')).toBeUndefined();
  });
});

describe('people import', () => {
  it('creates people, accounts that cannot sign in yet, and role grants', async () => {
    const data = await peopleBook([
      ['P001', '张三', '书记', 'U1', '13800000001', 1, '正常', 'zhangsan', '单位管理员@U1'],
      ['P002', '李四', '联络员', 'U1-JG', '', 2, '正常', '', '查看人员@U1-JG；支部书记@U1-JG-ZB1'],
      ['P003', '王五', '党员', 'U2-ZB1', '', 3, '正常', '', ''],
    ]);
    const r = await upload(admin, 'people', data);
    expect(r.statusCode).toBe(200);
    expect(r.json().errors).toEqual([]);
    expect(r.json().summary).toMatchObject({ create: 3, accounts: 1, roles: 2 });
    const applied = await admin.post(`/api/imports/batches/${r.json().batchId}/apply`);
    expect(applied.statusCode).toBe(200);
    expect(applied.json().accountsCreated).toBe(1);
    expect(applied.json().notice).toContain('重置密码');

    const account = await h.deps.db.kysely.selectFrom('accounts').selectAll().where('username', '=', 'zhangsan').executeTakeFirstOrThrow();
    expect(account).toMatchObject({ must_change_password: true, password_hash: '!disabled' });
    const cannot = await new Client(h.app).login('zhangsan', '!disabled');
    expect(cannot.statusCode).toBe(401);
    const u1 = await orgByCode('U1');
    const p2 = await h.deps.db.kysely.selectFrom('people').selectAll().where('code', '=', 'P002').executeTakeFirstOrThrow();
    expect(p2.unit_id).toBe(u1?.id);
    const grants = await h.deps.db.kysely.selectFrom('role_grants').select('role').where('person_id', '=', p2.id).orderBy('role').execute();
    expect(grants.map((g) => g.role)).toEqual(['branchSecretary', 'viewer']);
    expect(await h.deps.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'import.people').execute()).toHaveLength(2);
  });

  it('reports unknown organisations and roles, taken usernames and duplicates', async () => {
    const r = await upload(admin, 'people', await peopleBook([
      ['P101', '甲', '党员', 'NOPE', '', 1, '正常', '', ''],
      ['P102', '乙', '党员', 'U1', '', 1, '正常', 'zhangsan', ''],
      ['P103', '丙', '党员', 'U1', '', 1, '正常', '', '神仙@U1'],
      ['P103', '丙', '党员', 'U1', '', 1, '正常', '', ''],
    ]));
    const errors = r.json().errors;
    expect(errors).toContainEqual({ row: 2, column: '所在组织编码', message: '组织编码“NOPE”不存在' });
    expect(errors).toContainEqual({ row: 3, column: '账号', message: '账号“zhangsan”已被其他人员使用' });
    expect(errors).toContainEqual({ row: 4, column: '角色', message: '角色“神仙”不存在' });
    expect(errors).toContainEqual({ row: 5, column: '人员编码', message: '文件内编码重复（与第 4 行相同）' });
  });

  it('a unit administrator cannot import outside their unit', async () => {
    const unitAdmin = await enableAccount('zhangsan');
    const orgs = await upload(unitAdmin, 'orgs', await orgBook([
      ['U1-ZB9', '一单位第九支部', '', '党支部', 'L3', 'U1', 9, '正常'],
      ['U5', '第五单位', '', '单位', '', 'GW', 5, '正常'],
      ['U2-ZB9', '二单位第九支部', '', '党支部', 'L3', 'U2', 9, '正常'],
    ]));
    expect(orgs.statusCode).toBe(200);
    const errors = orgs.json().errors as { row: number; message: string }[];
    expect(errors.map((e) => [e.row, e.message])).toEqual([
      [3, '超出您的管理范围'],
      [4, '超出您的管理范围'],
    ]);
    const people = await upload(unitAdmin, 'people', await peopleBook([
      ['P201', '赵六', '党员', 'U1-JG', '', 1, '正常', '', ''],
      ['P202', '钱七', '党员', 'U2-ZB1', '', 1, '正常', '', ''],
      ['P203', '孙八', '党员', 'U1', '', 1, '正常', 'sunba', '工委管理员@GW'],
    ]));
    const perr = people.json().errors as { row: number; column: string }[];
    expect(perr.map((e) => [e.row, e.column])).toEqual([
      [3, '所在组织编码'],
      [4, '角色'],
    ]);
    // Stored values of another unit never show in the preview.
    const rename = await upload(unitAdmin, 'orgs', await orgBook([['U2', '改名的单位', '', '单位', '', 'GW', 2, '正常']]));
    expect(rename.json().errors).toEqual([{ row: 2, column: '组织编码', message: '超出您的管理范围' }]);
    expect(rename.body).not.toContain('第二单位');
    // The export of a unit administrator is limited to the unit and imports back unchanged.
    const exp = await unitAdmin.get('/api/exports/orgs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    const codes = (wb.getWorksheet('组织机构') as ExcelJS.Worksheet).getColumn(1).values.slice(2);
    expect(codes).toContain('U1');
    expect(codes).not.toContain('U2');
    const back = await upload(unitAdmin, 'orgs', exp.rawPayload);
    expect(back.json().errors).toEqual([]);
    expect(back.json().summary.update + back.json().summary.create).toBe(0);
  });
});

describe('export → import round trip', () => {
  it('reports every organisation and person unchanged and leaves the data equal', async () => {
    const snapshot = async () => ({
      orgs: await h.deps.db.kysely.selectFrom('orgs').select(['code', 'name', 'short_name', 'kind', 'level_code', 'parent_id', 'path', 'sort_order', 'active', 'version']).orderBy('code').execute(),
      people: await h.deps.db.kysely.selectFrom('people').select(['code', 'name', 'post', 'org_id', 'phone', 'sort_order', 'active', 'version']).orderBy('code').execute(),
      grants: await h.deps.db.kysely.selectFrom('role_grants').select(['person_id', 'role', 'org_id']).orderBy('person_id').orderBy('role').orderBy('org_id').execute(),
    });
    const before = await snapshot();
    for (const kind of ['orgs', 'people'] as const) {
      const exp = await admin.get(`/api/exports/${kind}`);
      expect(exp.statusCode).toBe(200);
      const r = await upload(admin, kind, exp.rawPayload, `${kind}.xlsx`);
      expect(r.statusCode).toBe(200);
      expect(r.json().errors).toEqual([]);
      const count = kind === 'orgs' ? before.orgs.length : before.people.length;
      expect(r.json().summary).toMatchObject({ create: 0, update: 0, unchanged: count });
      expect((await admin.post(`/api/imports/batches/${r.json().batchId}/apply`)).statusCode).toBe(200);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('importFromFile imports a workbook from disk for the CLI', async () => {
    const fs = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'qd-import-'));
    const file = path.join(dir, 'orgs.xlsx');
    await fs.writeFile(file, await orgBook([['U6', '第六单位', '', '单位', '', 'GW', 6, '正常']]));
    const ok = await importFromFile(h.deps, SYSTEM_ACTOR, 'orgs', file);
    expect(ok).toMatchObject({ ok: true, errors: [], summary: { create: 1 } });
    await fs.writeFile(file, await orgBook([['U7', '第七单位', '', '单位', '', 'NOPE', 7, '正常']]));
    const bad = await importFromFile(h.deps, SYSTEM_ACTOR, 'orgs', file);
    expect(bad.ok).toBe(false);
    expect(bad.errors[0]).toMatchObject({ row: 2, column: '上级组织编码' });
    await fs.writeFile(file, 'not excel');
    expect((await importFromFile(h.deps, SYSTEM_ACTOR, 'orgs', file)).errors[0]?.message).toContain('Excel');
    await fs.rm(dir, { recursive: true });
  });
});
