import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_MAX_BYTES } from '@qingdan/core';
import { createHarness, type Client, type Harness } from '../../../testing/harness.ts';
import { filesUnder, multipartBody, pdfBytes, useTempFilesDir } from '../../lists/lifecycle/test-fixture.ts';
import { buildWorkFixture, periodOf, type WorkFixture } from '../test-fixture.ts';

let h: Harness;
let f: WorkFixture;
let dir: string;

beforeAll(async () => {
  h = await createHarness();
  dir = useTempFilesDir(h);
  f = await buildWorkFixture(h);
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const k = () => h.deps.db.kysely;

/** A minimal PNG (signature and an IHDR chunk): enough for the content sniffer. */
const pngBytes = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR', 'latin1'), Buffer.alloc(17)]);

function upload(c: Client, reportId: number, file: { name: string; data: Buffer; type?: string }) {
  const m = multipartBody({}, { ...file, field: 'file' });
  return c.request('POST', `/api/work/reports/${reportId}/evidence`, m.payload, m.headers);
}

/** Audit entries of work (the fixture's clients sign in on first use, which is audited too). */
const workAudit = async () =>
  ((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity_type IN ('period', 'report', 'evidence')`.execute(k())).rows[0] as { n: number }).n;

/** Everything a refused request must leave as it was. */
async function state(periodId: number) {
  const period = await k().selectFrom('periods').selectAll().where('id', '=', periodId).executeTakeFirstOrThrow();
  const reports = await k().selectFrom('reports').select(['id', 'happened_on', 'content', 'version']).where('period_id', '=', periodId).orderBy('id').execute();
  const count = async (table: 'evidence' | 'files' | 'reviews') =>
    ((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(k())).rows[0] as { n: number }).n;
  return { period, reports, evidence: await count('evidence'), files: await count('files'), audit: await workAudit(), blobs: filesUnder(dir) };
}

async function addReport(c: Client, periodId: number, happenedOn = '2022-04-10', content = '召开支部委员会，研究部署主题党日活动') {
  const res = await c.post(`/api/work/periods/${periodId}/reports`, { happenedOn, content });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: number; version: number; content: string; happenedOn: string; authorName: string };
}

describe('records and evidence of a period', () => {
  it('shows the period with its task, organisation, light and what the caller may do', async () => {
    const res = await f.c.aSecretary.get(`/api/work/periods/${f.periods.aBranch1Ongoing}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      period: { id: f.periods.aBranch1Ongoing, year: 2022, label: '全年', dueOn: '2022-12-31', status: 'pending', light: 'green', lateDays: 0, reportCount: 0, withdrawnAt: null },
      task: { id: f.tasks.l3Ongoing, content: '经常性开展谈心谈话', frequency: 'ongoing', levelCode: 'L3', partTitle: '加强党的组织建设' },
      org: { id: f.a.branchIds[0], name: '省财政厅办公室党支部' },
      unit: { id: f.a.unitId, name: '省财政厅' },
      reviewerOrg: { id: f.a.organCommitteeId, name: '省财政厅机关党委' },
      reports: [],
      reviews: [],
      canRecord: true,
      canSubmit: false,
      canReview: false,
    });
    expect(body.task.levelName).toBeTruthy();
    // Past its due date (Jan 31) and not submitted: red, late by today − due.
    const late = (await f.c.aSecretary.get(`/api/work/periods/${f.periods.aBranch1Monthly1}`)).json();
    expect(late.period).toMatchObject({ dueOn: '2022-01-31', light: 'red', lateDays: 74 });
    // The organ committee reads it but does not record it; it reviews once submitted.
    const organ = (await f.c.aOrganStaff.get(`/api/work/periods/${f.periods.aBranch1Ongoing}`)).json();
    expect(organ).toMatchObject({ canRecord: false, canSubmit: false, canReview: false });
  });

  it('takes the yellow days from the settings, within the range the settings form accepts', async () => {
    // The organ committee's May period is due 2022-06-05: 51 days ahead of the fixture's today.
    const may = await periodOf(h, f.a.organCommitteeId, f.tasks.l2Monthly, 5);
    const light = async () => (await f.c.aLeader.get(`/api/work/periods/${may}`)).json().period.light as string;
    expect(await light()).toBe('green');
    // Stored as the form stores it (a number), as text, or as {value}: each is read the same way.
    for (const value of [51, '51', { value: 51 }]) {
      await k().insertInto('settings').values({ key: 'work.yellowDays', value: JSON.stringify(value) }).execute();
      try {
        expect(await light(), JSON.stringify(value)).toBe('yellow');
      } finally {
        await k().deleteFrom('settings').where('key', '=', 'work.yellowDays').execute();
      }
    }
    // Outside 1–60 (what the settings form refuses) the default holds, on every reader.
    for (const value of [0, 61, 300, 'x', 2.5]) {
      await k().insertInto('settings').values({ key: 'work.yellowDays', value: JSON.stringify(value) }).execute();
      try {
        expect(await light(), JSON.stringify(value)).toBe('green');
        expect((await f.c.admin.get('/api/work/settings')).json().yellowDays).toBe(7);
      } finally {
        await k().deleteFrom('settings').where('key', '=', 'work.yellowDays').execute();
      }
    }
  });

  it('adds, edits and deletes records, keeping the report count and auditing each change', async () => {
    const pid = f.periods.aBranch1Ongoing;
    const r1 = await addReport(f.c.aSecretary, pid, '2022-03-02', '开展谈心谈话 12 人次');
    const r2 = await addReport(f.c.aSecretary, pid, '2022-04-12', '支部书记与新入职党员谈心');
    expect(r1).toMatchObject({ version: 1, happenedOn: '2022-03-02', authorName: '用户a_secretary' });
    let p = (await f.c.aSecretary.get(`/api/work/periods/${pid}`)).json();
    expect(p.period.reportCount).toBe(2);
    expect(p.reports.map((r: { id: number }) => r.id)).toEqual([r2.id, r1.id]); // newest first
    expect(p.canSubmit).toBe(true);

    const edited = await f.c.aSecretary.put(`/api/work/reports/${r1.id}`, { happenedOn: '2022-03-03', content: '开展谈心谈话 15 人次', version: 1 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, happenedOn: '2022-03-03', content: '开展谈心谈话 15 人次' });

    const del = await f.c.aSecretary.delete(`/api/work/reports/${r2.id}`);
    expect(del.statusCode, del.body).toBe(200);
    p = (await f.c.aSecretary.get(`/api/work/periods/${pid}`)).json();
    expect(p.period.reportCount).toBe(1);
    expect(p.reports).toHaveLength(1);
    const row = await k().selectFrom('periods').select(['report_count']).where('id', '=', pid).executeTakeFirstOrThrow();
    expect(row.report_count).toBe(1);

    const audit = await k()
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'unit_id'])
      .where('entity_type', '=', 'report')
      .where('entity_id', 'in', [String(r1.id), String(r2.id)])
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['report.create', 'report.create', 'report.update', 'report.delete']);
    expect(audit.every((a) => a.unit_id === f.a.unitId)).toBe(true);
  });

  it('answers a stale version with 409 and the stored record, changing nothing', async () => {
    const pid = f.periods.aBranch1Ongoing;
    const r = await addReport(f.c.aSecretary, pid, '2022-04-01', '原始内容');
    expect((await f.c.aSecretary.put(`/api/work/reports/${r.id}`, { happenedOn: '2022-04-01', content: '第一次修改', version: 1 })).statusCode).toBe(200);
    const before = await state(pid);
    const res = await f.c.aSecretary.put(`/api/work/reports/${r.id}`, { happenedOn: '2022-04-02', content: '基于旧版本的修改', version: 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CONFLICT', current: { id: r.id, version: 2, content: '第一次修改' } });
    expect(await state(pid)).toEqual(before);
    expect((await f.c.aSecretary.delete(`/api/work/reports/${r.id}`)).statusCode).toBe(200);
  });

  it('accepts a date from the period’s start up to today, and nothing else, writing nothing when refused', async () => {
    const pid = f.periods.aBranch1Monthly1; // starts 2022-01-01, due 2022-01-31, today 2022-04-15
    const before = await state(pid);
    for (const happenedOn of ['2021-12-31', '2022-04-16', '2022-12-31']) {
      const res = await f.c.aSecretary.post(`/api/work/periods/${pid}/reports`, { happenedOn, content: '记实' });
      expect(res.statusCode, happenedOn).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'REPORT_DATE_OUT_OF_RANGE',
        message: '记实日期须在2022-01-01（本期开始）至2022-04-15（今天）之间',
        details: [{ path: 'happenedOn' }],
      });
    }
    for (const body of [{ happenedOn: '2022-02-30', content: '记实' }, { happenedOn: '2022-01-10', content: '   ' }, { happenedOn: '2022-01-10' }]) {
      const res = await f.c.aSecretary.post(`/api/work/periods/${pid}/reports`, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION');
    }
    // February's period starts on 1 February: a January date is before it.
    const feb = await f.c.aSecretary.post(`/api/work/periods/${f.periods.aBranch1Monthly2}/reports`, { happenedOn: '2022-01-31', content: '记实' });
    expect(feb.json()).toMatchObject({ code: 'REPORT_DATE_OUT_OF_RANGE', message: '记实日期须在2022-02-01（本期开始）至2022-04-15（今天）之间' });
    // A date of the future for a period due later: not after today.
    const ongoing = await f.c.aSecretary.post(`/api/work/periods/${f.periods.aBranch1Ongoing}/reports`, { happenedOn: '2022-05-01', content: '记实' });
    expect(ongoing.json().code).toBe('REPORT_DATE_OUT_OF_RANGE');
    expect(await state(pid)).toEqual(before);
    // An edit is held to the same range.
    const r = await addReport(f.c.aSecretary, f.periods.aBranch1Ongoing, '2022-04-01', '按期记实');
    const future = await f.c.aSecretary.put(`/api/work/reports/${r.id}`, { happenedOn: '2022-04-16', content: '改到明天', version: 1 });
    expect(future.json().code).toBe('REPORT_DATE_OUT_OF_RANGE');
    expect((await f.c.aSecretary.delete(`/api/work/reports/${r.id}`)).statusCode).toBe(200);
  });

  it('refuses any date while the period has not started', async () => {
    // The fixture's today is 15 April: December's monthly period has not started.
    const dec = await k().selectFrom('periods').select('id').where('org_id', '=', f.a.branchIds[0]!).where('task_id', '=', f.tasks.l3Monthly).where('seq', '=', 12).executeTakeFirstOrThrow();
    const before = await state(dec.id);
    const res = await f.c.aSecretary.post(`/api/work/periods/${dec.id}/reports`, { happenedOn: '2022-04-15', content: '提前记实' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'REPORT_DATE_NOT_STARTED', message: '本期自2022-12-01开始，今天（2022-04-15）尚不能记实', details: [{ path: 'happenedOn' }] });
    expect(await state(dec.id)).toEqual(before);
  });

  it('keeps the real date of late work and marks it late, and the period late when submitted', async () => {
    const pid = f.periods.aBranch1Monthly1; // due 2022-01-31, today 2022-04-15
    const onTime = await f.c.aSecretary.post(`/api/work/periods/${pid}/reports`, { happenedOn: '2022-01-28', content: '一月主题党日' });
    expect(onTime.json()).toMatchObject({ happenedOn: '2022-01-28', late: false });
    const late = await f.c.aSecretary.post(`/api/work/periods/${pid}/reports`, { happenedOn: '2022-03-08', content: '补开一月主题党日' });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json()).toMatchObject({ happenedOn: '2022-03-08', late: true });
    const today = await f.c.aSecretary.post(`/api/work/periods/${pid}/reports`, { happenedOn: '2022-04-15', content: '今天补记' });
    expect(today.json()).toMatchObject({ happenedOn: '2022-04-15', late: true });
    const stored = await sql<{ d: string }>`SELECT happened_on::text AS d FROM reports WHERE id = ${late.json().id as number}`.execute(k());
    expect(stored.rows[0]!.d).toBe('2022-03-08');
    const view = (await f.c.aSecretary.get(`/api/work/periods/${pid}`)).json();
    expect(view.reports.map((r: { happenedOn: string; late: boolean }) => `${r.happenedOn}:${r.late}`)).toEqual(['2022-04-15:true', '2022-03-08:true', '2022-01-28:false']);
    const submitted = await f.c.aSecretary.post(`/api/work/periods/${pid}/submit`, { version: view.period.version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', lateDays: 74 });
  });

  it('lets only the organisation’s recorders record: another organisation 403/404, another unit 404, readers 403', async () => {
    const pid = f.periods.aBranch1Ongoing;
    const r = await addReport(f.c.aSecretary, pid, '2022-04-05', '本支部的记实');
    const before = await state(pid);
    const body = { happenedOn: '2022-04-06', content: '不该写入' };
    // The organ committee sees the branch (its subtree) but records only its own work.
    const organ = await f.c.aOrganStaff.post(`/api/work/periods/${pid}/reports`, body);
    expect(organ.statusCode).toBe(403);
    expect(organ.json().code).toBe('WORK_NOT_RECORDER');
    expect((await f.c.aOrganStaff.put(`/api/work/reports/${r.id}`, { ...body, version: 1 })).json().code).toBe('WORK_NOT_RECORDER');
    expect((await f.c.aOrganStaff.delete(`/api/work/reports/${r.id}`)).json().code).toBe('WORK_NOT_RECORDER');
    expect((await upload(f.c.aOrganStaff, r.id, { name: 'a.pdf', data: pdfBytes() })).json().code).toBe('WORK_NOT_RECORDER');
    // Branch A1's secretary and branch A2's period: outside the grant's subtree.
    expect((await f.c.aSecretary.post(`/api/work/periods/${f.periods.aBranch2Monthly1}/reports`, body)).statusCode).toBe(404);
    // Another unit's ids answer 404, whatever the request.
    for (const c of [f.c.bSecretary, f.c.bOrganStaff, f.c.bAdmin]) {
      expect((await c.get(`/api/work/periods/${pid}`)).statusCode).toBe(404);
      expect((await c.post(`/api/work/periods/${pid}/reports`, body)).statusCode).toBe(404);
      expect((await c.put(`/api/work/reports/${r.id}`, { ...body, version: 1 })).statusCode).toBe(404);
      expect((await c.delete(`/api/work/reports/${r.id}`)).statusCode).toBe(404);
      expect((await upload(c, r.id, { name: 'a.pdf', data: pdfBytes() })).statusCode).toBe(404);
      expect((await c.post(`/api/work/periods/${pid}/submit`)).statusCode).toBe(404);
    }
    // Readers without work.record.
    expect((await f.c.aViewer.post(`/api/work/periods/${pid}/reports`, body)).statusCode).toBe(403);
    expect((await f.c.inspector.post(`/api/work/periods/${pid}/reports`, body)).statusCode).toBe(403);
    // The unit administrator records for any organisation of the unit.
    expect(await state(pid)).toEqual(before);
    const byAdmin = await addReport(f.c.aAdmin, pid, '2022-04-06', '单位管理员代为记实');
    expect((await f.c.aAdmin.delete(`/api/work/reports/${byAdmin.id}`)).statusCode).toBe(200);
    expect((await f.c.aSecretary.delete(`/api/work/reports/${r.id}`)).statusCode).toBe(200);
  });

  it('refuses records of withdrawn work', async () => {
    const pid = f.periods.aBranch1Monthly2;
    const r = await addReport(f.c.aSecretary, pid, '2022-02-10', '二月主题党日');
    await k().updateTable('periods').set({ withdrawn_at: h.deps.clock.now() }).where('id', '=', pid).execute();
    try {
      const before = await state(pid);
      const add = await f.c.aSecretary.post(`/api/work/periods/${pid}/reports`, { happenedOn: '2022-02-11', content: '记实' });
      expect(add.statusCode).toBe(409);
      expect(add.json().code).toBe('WORK_WITHDRAWN');
      expect((await f.c.aSecretary.put(`/api/work/reports/${r.id}`, { happenedOn: '2022-02-11', content: 'x', version: 1 })).json().code).toBe('WORK_WITHDRAWN');
      expect((await upload(f.c.aSecretary, r.id, { name: 'a.pdf', data: pdfBytes() })).json().code).toBe('WORK_WITHDRAWN');
      expect((await f.c.aSecretary.post(`/api/work/periods/${pid}/submit`)).json().code).toBe('WORK_WITHDRAWN');
      const view = (await f.c.aSecretary.get(`/api/work/periods/${pid}`)).json();
      expect(view.period.withdrawnAt).not.toBeNull();
      expect(view).toMatchObject({ canRecord: false, canSubmit: false });
      expect(await state(pid)).toEqual(before);
    } finally {
      await k().updateTable('periods').set({ withdrawn_at: null }).where('id', '=', pid).execute();
    }
  });
});

describe('evidence files', () => {
  let reportId: number;
  const pid = () => f.periods.aBranch1Ongoing;
  beforeAll(async () => {
    reportId = (await addReport(f.c.aSecretary, pid(), '2022-04-08', '开展“七一”前谈心谈话')).id;
  });

  it('stores a PDF and a PNG by content, shows them on the record, serves them inline or as a download', async () => {
    const pdf = pdfBytes('谈心谈话记录');
    const a = await upload(f.c.aSecretary, reportId, { name: '谈心谈话记录.pdf', data: pdf, type: 'application/pdf' });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json()).toMatchObject({ reportId, name: '谈心谈话记录.pdf', mime: 'application/pdf', size: pdf.length });
    const png = pngBytes();
    // The declared type and the name do not matter: the content does.
    const b = await upload(f.c.aSecretary, reportId, { name: '现场照片', data: png, type: 'application/octet-stream' });
    expect(b.statusCode, b.body).toBe(200);
    expect(b.json()).toMatchObject({ mime: 'image/png', size: png.length });

    const view = (await f.c.aSecretary.get(`/api/work/periods/${pid()}`)).json();
    const rec = view.reports.find((r: { id: number }) => r.id === reportId);
    expect(rec.evidence.map((e: { name: string; mime: string }) => [e.name, e.mime])).toEqual([
      ['谈心谈话记录.pdf', 'application/pdf'],
      ['现场照片', 'image/png'],
    ]);

    const inline = await f.c.aViewer.get(`/api/work/evidence/${a.json().id}/file`);
    expect(inline.statusCode).toBe(200);
    expect(inline.headers['content-type']).toBe('application/pdf');
    expect(String(inline.headers['content-disposition'])).toMatch(/^inline; filename=".*"; filename\*=UTF-8''%E8%B0%88/);
    expect(inline.headers['x-content-type-options']).toBe('nosniff');
    expect(inline.rawPayload.equals(pdf)).toBe(true);
    const dl = await f.c.aSecretary.get(`/api/work/evidence/${b.json().id}/file?download=1`);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(String(dl.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(dl.rawPayload.equals(png)).toBe(true);

    // The committee reads every unit's evidence; another unit reads none of it.
    expect((await f.c.inspector.get(`/api/work/evidence/${a.json().id}/file`)).statusCode).toBe(200);
    expect((await f.c.bOrganStaff.get(`/api/work/evidence/${a.json().id}/file`)).statusCode).toBe(404);
    expect((await f.c.bAdmin.delete(`/api/work/evidence/${a.json().id}`)).statusCode).toBe(404);
    // The stored file itself follows the same rule (files/visibility.ts).
    const fileId = (await k().selectFrom('evidence').select('file_id').where('id', '=', a.json().id).executeTakeFirstOrThrow()).file_id;
    expect((await f.c.aViewer.get(`/api/files/${fileId}`)).statusCode).toBe(200);
    expect((await f.c.bAdmin.get(`/api/files/${fileId}`)).statusCode).toBe(404);

    const audit = await k().selectFrom('audit_log').select('action').where('entity_type', '=', 'evidence').where('entity_id', '=', String(a.json().id)).execute();
    expect(audit.map((x) => x.action)).toEqual(['evidence.create']);
  });

  it('refuses a forbidden or renamed type, leaving no file behind', async () => {
    const before = await state(pid());
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 1)]);
    for (const file of [
      { name: '说明.txt', data: Buffer.from('纯文本不是佐证材料'), type: 'text/plain' },
      { name: '程序.pdf', data: exe, type: 'application/pdf' },
      { name: '说明.pdf', data: Buffer.from('这其实是文本文件'), type: 'application/pdf' },
      { name: '空文件.pdf', data: Buffer.alloc(0), type: 'application/pdf' },
    ]) {
      const res = await upload(f.c.aSecretary, reportId, file);
      expect(res.statusCode, file.name).toBe(400);
      expect(res.json().code).toBe('EVIDENCE_TYPE');
      expect(res.json().message).toContain('PDF');
    }
    const none = await f.c.aSecretary.post(`/api/work/reports/${reportId}/evidence`, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('EVIDENCE_NO_FILE');
    expect(await state(pid())).toEqual(before);
  });

  it('refuses a file of 50 MB + 1 byte with 413, leaving no file behind', async () => {
    const before = await state(pid());
    const big = Buffer.alloc(EVIDENCE_MAX_BYTES + 1, 0x20);
    big.write('%PDF-1.4\n', 0, 'latin1');
    const res = await upload(f.c.aSecretary, reportId, { name: '超大文件.pdf', data: big, type: 'application/pdf' });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'EVIDENCE_TOO_LARGE' });
    expect(res.json().message).toContain('50');
    expect(await state(pid())).toEqual(before);
  });

  it('accepts files above the server-wide import limit on this route, and removes a file with its bytes', async () => {
    expect(h.deps.config.importMaxBytes).toBeLessThan(EVIDENCE_MAX_BYTES);
    const data = Buffer.alloc(h.deps.config.importMaxBytes + 1024, 0x20);
    data.write('%PDF-1.4\n', 0, 'latin1');
    const blobsBefore = filesUnder(dir);
    const res = await upload(f.c.aSecretary, reportId, { name: '会议录像截图汇编.pdf', data });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().size).toBe(data.length);
    expect(filesUnder(dir).length).toBe(blobsBefore.length + 1);
    // The import route keeps its own limit.
    const m = multipartBody({}, { name: 'big.xlsx', data, field: 'file' });
    const imp = await f.c.admin.request('POST', '/api/imports/orgs', m.payload, m.headers);
    expect(imp.statusCode).toBe(413);

    const del = await f.c.aSecretary.delete(`/api/work/evidence/${res.json().id}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(filesUnder(dir)).toEqual(blobsBefore);
    expect(await k().selectFrom('evidence').select('id').where('id', '=', res.json().id).executeTakeFirst()).toBeUndefined();
    const audit = await k().selectFrom('audit_log').select('action').where('entity_type', '=', 'evidence').where('entity_id', '=', String(res.json().id)).orderBy('seq').execute();
    expect(audit.map((x) => x.action)).toEqual(['evidence.create', 'evidence.delete']);
  });

  it('deletes a record with its evidence links, files and bytes', async () => {
    const r = await addReport(f.c.aSecretary, pid(), '2022-04-09', '将被删除的记实');
    const blobsBefore = filesUnder(dir);
    const filesBefore = (await k().selectFrom('files').select('id').execute()).length;
    const up = await upload(f.c.aSecretary, r.id, { name: '唯一的文件.pdf', data: pdfBytes('只属于这条记实') });
    expect(up.statusCode).toBe(200);
    expect(filesUnder(dir).length).toBe(blobsBefore.length + 1);
    expect((await f.c.aSecretary.delete(`/api/work/reports/${r.id}`)).statusCode).toBe(200);
    expect(filesUnder(dir)).toEqual(blobsBefore);
    expect((await k().selectFrom('files').select('id').execute()).length).toBe(filesBefore);
    expect((await f.c.aSecretary.get(`/api/work/evidence/${up.json().id}/file`)).statusCode).toBe(404);
  });
});
