import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ListSnapshotData } from '@qingdan/core';
import { createHarness, type Client, type Harness } from '../../../testing/harness.ts';
import { coverageItems, uncoveredItems } from './checks.ts';
import { onListIssued, onListRevised, type ListIssuedContext, type ListRevisedContext } from './hooks.ts';
import { buildFixture, filesUnder, insertList, multipartBody, pdfBytes, useTempFilesDir, type Fixture, type ListFixture } from './test-fixture.ts';

let h: Harness;
let f: Fixture;
let dir: string;

beforeAll(async () => {
  h = await createHarness();
  dir = useTempFilesDir(h);
  f = await buildFixture(h);
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  onListIssued.length = 0;
  onListRevised.length = 0;
});

const k = () => h.deps.db.kysely;
const status = async (listId: number) => (await k().selectFrom('responsibility_lists').select('status').where('id', '=', listId).executeTakeFirstOrThrow()).status;
const count = async (table: 'list_transitions' | 'list_snapshots' | 'approval_meetings' | 'files' | 'list_revisions', listId?: number) => {
  const q = listId === undefined ? sql`SELECT count(*)::int AS n FROM ${sql.table(table)}` : sql`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE list_id = ${listId}`;
  return ((await q.execute(k())).rows[0] as { n: number }).n;
};
const auditActions = async (listId: number) =>
  (await k().selectFrom('audit_log').select('action').where('entity_type', '=', 'list').where('entity_id', '=', String(listId)).orderBy('seq').execute()).map((r) => r.action);

function approveForm(c: Client, listId: number, fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }) {
  const m = multipartBody(fields, file);
  return c.request('POST', `/api/lists/${listId}/approve`, m.payload, m.headers);
}

const MEETING = { meeting_date: '2022-03-10', meeting_name: '工委书记办公会', decision: 'approved', comments: '原则同意' };

describe('the whole way: draft → in review → approved → issued → revised', () => {
  let l: ListFixture;
  beforeAll(async () => {
    l = await insertList(h, f, 2022);
  });

  it('starts with an empty history', async () => {
    const res = await f.admin.get(`/api/lists/${l.listId}/history`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      list: { status: 'draft', revision: 0, docNumber: null, openRevisionId: null },
      rights: { manage: true, actions: ['submit'] },
      checks: { uncovered: 3, unansweredOpinions: 0 },
      transitions: [],
      meetings: [],
      revisions: [],
    });
    expect((await f.otherStaff.get(`/api/lists/${l.listId}/history`)).json().rights).toEqual({ manage: false, actions: [] });
    expect((await f.ownerStaff.get(`/api/lists/${l.listId}/history`)).json().rights).toEqual({ manage: true, actions: ['submit'] });
  });

  it('refuses steps out of order, naming both statuses in Chinese', async () => {
    const approve = await approveForm(f.admin, l.listId, MEETING);
    expect(approve.statusCode).toBe(409);
    expect(approve.json()).toMatchObject({ code: 'LIST_BAD_TRANSITION', message: '清单当前为“起草中”，不能转为“已审定”' });
    const issue = await f.admin.post(`/api/lists/${l.listId}/issue`, { docSeq: 2, issueDate: '2022-03-18' });
    expect(issue.json()).toMatchObject({ code: 'LIST_BAD_TRANSITION', message: '清单当前为“起草中”，不能转为“已印发”' });
    const ret = await f.admin.post(`/api/lists/${l.listId}/return`, { comments: '请修改' });
    expect([ret.statusCode, ret.json().code]).toEqual([409, 'LIST_BAD_TRANSITION']);
    const en = await f.admin.request('POST', `/api/lists/${l.listId}/issue`, { docSeq: 2, issueDate: '2022-03-18' }, { 'accept-language': 'en' });
    expect(en.json().code).toBe('LIST_BAD_TRANSITION');
    expect(await count('list_transitions', l.listId)).toBe(0);
  });

  it('refuses to submit while requirements are uncovered, and counts only leaves that concern the committee', async () => {
    const res = await f.ownerStaff.post(`/api/lists/${l.listId}/submit`, {});
    expect(res.statusCode, res.body).toBe(409);
    const body = res.json();
    expect(body.code).toBe('LIST_UNCOVERED');
    expect(body.message).toContain('3项');
    expect(body.details).toHaveLength(3);
    expect(body.details[0]).toEqual({ path: `sourceItems.${l.requirementIds[0]}`, message: `《2022年工作要点》1. 深入学习贯彻习近平新时代中国特色社会主义思想` });
    const gaps = await uncoveredItems(k(), l.listId);
    expect(gaps.items.map((i) => i.id)).toEqual(l.requirementIds);
    const all = await coverageItems(k(), l.listId);
    expect(all.map((i) => i.id).sort()).toEqual([...l.requirementIds].sort());
    for (const id of l.otherItemIds) expect(all.some((i) => i.id === id)).toBe(false);
  });

  it('counts a link to a withdrawn task as no cover, and a waiver or a live task as cover', async () => {
    const [wp1, wp21, up1] = l.requirementIds as [number, number, number];
    await sql`INSERT INTO task_sources (task_id, source_item_id) VALUES (${l.taskIds[1]}, ${wp1})`.execute(k());
    await sql`UPDATE list_tasks SET withdrawn_at = now() WHERE id = ${l.taskIds[1]}`.execute(k());
    expect((await uncoveredItems(k(), l.listId)).count).toBe(3);
    await sql`INSERT INTO task_sources (task_id, source_item_id) VALUES (${l.taskIds[0]}, ${wp1}), (${l.taskIds[0]}, ${wp21})`.execute(k());
    const res = await f.ownerStaff.post(`/api/lists/${l.listId}/submit`, {});
    expect(res.json()).toMatchObject({ code: 'LIST_UNCOVERED', details: [{ path: `sourceItems.${up1}` }] });
    await sql`INSERT INTO coverage_waivers (list_id, source_item_id, reason) VALUES (${l.listId}, ${up1}, '由省委组织部另行部署')`.execute(k());
    expect((await uncoveredItems(k(), l.listId)).count).toBe(0);
    await sql`UPDATE list_tasks SET withdrawn_at = NULL WHERE id = ${l.taskIds[1]}`.execute(k());
  });

  it('refuses to submit while an opinion is unanswered', async () => {
    const round = await sql<{ id: number }>`
      INSERT INTO opinion_rounds (list_id, title, deadline) VALUES (${l.listId}, '征求意见', '2022-02-20') RETURNING id`.execute(k());
    const op = await sql<{ id: number }>`
      INSERT INTO opinions (round_id, list_id, org_id, target_type, target_id, content)
      VALUES (${round.rows[0]!.id}, ${l.listId}, ${f.unitId}, 'list', ${l.listId}, '建议细化考核要求') RETURNING id`.execute(k());
    await sql`UPDATE responsibility_lists SET status = 'soliciting' WHERE id = ${l.listId}`.execute(k());
    const res = await f.ownerStaff.post(`/api/lists/${l.listId}/submit`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'LIST_OPINIONS_UNANSWERED', message: '还有1条意见未答复，不能送审' });
    await sql`UPDATE opinions SET handling = 'adopted', reply = '已采纳' WHERE id = ${op.rows[0]!.id}`.execute(k());
  });

  it('lets only the owner submit: another department’s staff and a unit cannot', async () => {
    const other = await f.otherStaff.post(`/api/lists/${l.listId}/submit`, {});
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'LIST_NOT_MANAGER', message: '只有清单牵头部门（组织部）和工委管理员可以进行此操作' });
    expect((await f.unitViewer.post(`/api/lists/${l.listId}/submit`, {})).statusCode).toBe(403);
    expect(await status(l.listId)).toBe('soliciting');
  });

  it('submits (soliciting → in review) with a snapshot 送审稿 and an audit entry', async () => {
    const res = await f.ownerStaff.post(`/api/lists/${l.listId}/submit`, { comment: '提请书记办公会审议' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await status(l.listId)).toBe('inReview');
    const snap = await k().selectFrom('list_snapshots').selectAll().where('id', '=', res.json().snapshotId).executeTakeFirstOrThrow();
    expect(snap).toMatchObject({ label: '送审稿', status: 'inReview', revision: 0 });
    const data = (typeof snap.data === 'string' ? JSON.parse(snap.data) : snap.data) as ListSnapshotData;
    expect(data.tasks.map((t) => t.content)).toEqual(['学习贯彻党的二十大精神', '落实“第一议题”制度']);
    const hist = (await f.admin.get(`/api/lists/${l.listId}/history`)).json();
    expect(hist.transitions).toHaveLength(1);
    expect(hist.transitions[0]).toMatchObject({ from: 'soliciting', to: 'inReview', actorName: '用户zzb_staff(zzb_staff)', comment: '提请书记办公会审议', snapshotLabel: '送审稿' });
    expect(await auditActions(l.listId)).toEqual(['list.submit']);
    // The round opened for opinions ends with the submission.
    expect(await k().selectFrom('opinion_rounds').select('status').where('list_id', '=', l.listId).execute()).toEqual([{ status: 'closed' }]);
    // In review the list cannot be edited.
    const task = await k().selectFrom('list_tasks').selectAll().where('id', '=', l.taskIds[0] as number).executeTakeFirstOrThrow();
    const edit = await f.admin.put(`/api/list-tasks/${task.id}`, { partId: task.part_id, levelCode: 'L1', content: '改', frequency: 'yearly', version: task.version });
    expect(edit.statusCode).toBe(409);
  });

  it('does not let department staff of another department record the approval', async () => {
    const res = await approveForm(f.otherStaff, l.listId, MEETING, { name: '纪要.pdf', data: pdfBytes() });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('LIST_NOT_MANAGER');
    expect(await status(l.listId)).toBe('inReview');
  });

  it('returns the list with comments (in review → draft); comments are required', async () => {
    const none = await f.admin.post(`/api/lists/${l.listId}/return`, { comments: ' ' });
    expect(none.statusCode).toBe(400);
    const res = await f.admin.post(`/api/lists/${l.listId}/return`, { comments: '请补充考核要求' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await status(l.listId)).toBe('draft');
    const t = await k().selectFrom('list_transitions').selectAll().where('id', '=', res.json().transitionId).executeTakeFirstOrThrow();
    expect(t).toMatchObject({ from_status: 'inReview', to_status: 'draft', comment: '请补充考核要求' });
  });

  it('records a meeting that returned the list (JSON form, no minutes)', async () => {
    expect((await f.ownerStaff.post(`/api/lists/${l.listId}/submit`, {})).statusCode).toBe(200);
    const noComments = await f.admin.post(`/api/lists/${l.listId}/approve`, { meetingDate: '2022-03-01', meetingName: '工委书记办公会', decision: 'returned' });
    expect([noComments.statusCode, noComments.json().code]).toEqual([400, 'LIST_COMMENTS_REQUIRED']);
    const res = await f.admin.post(`/api/lists/${l.listId}/approve`, { meetingDate: '2022-03-01', meetingName: '工委书记办公会', decision: 'returned', comments: '压减任务数量' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().minutesFileId).toBeNull();
    expect(await status(l.listId)).toBe('draft');
  });

  it('refuses a renamed .txt as minutes and leaves no file on disk', async () => {
    expect((await f.ownerStaff.post(`/api/lists/${l.listId}/submit`, {})).statusCode).toBe(200);
    const before = filesUnder(dir);
    const files = await count('files');
    const meetings = await count('approval_meetings', l.listId);
    const res = await approveForm(f.ownerStaff, l.listId, MEETING, { name: '会议纪要.pdf', data: Buffer.from('这只是一个文本文件'), type: 'application/pdf' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(filesUnder(dir)).toEqual(before);
    expect(await count('files')).toBe(files);
    expect(await count('approval_meetings', l.listId)).toBe(meetings);
    expect(await status(l.listId)).toBe('inReview');
  });

  it('refuses minutes over 20 MB and leaves no file on disk', async () => {
    const before = filesUnder(dir);
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(20 * 1024 * 1024 + 10)]);
    const res = await approveForm(f.ownerStaff, l.listId, MEETING, { name: '纪要.pdf', data: big, type: 'application/pdf' });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'FILE_TOO_LARGE', message: '文件不能超过20MB' });
    expect(filesUnder(dir)).toEqual(before);
    expect(await status(l.listId)).toBe('inReview');
  });

  it('refuses a bad form and a meeting in the future', async () => {
    const bad = await approveForm(f.ownerStaff, l.listId, { ...MEETING, decision: 'maybe', meeting_date: '2022-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { path: string }) => d.path).sort()).toEqual(['body.decision', 'body.meeting_date']);
    const future = await approveForm(f.ownerStaff, l.listId, { ...MEETING, meeting_date: '2099-01-01' });
    expect(future.json().code).toBe('LIST_MEETING_DATE_FUTURE');
  });

  it('approves with a PDF of the minutes (in review → approved), stored and downloadable', async () => {
    const pdf = pdfBytes('2022年第3次工委书记办公会纪要');
    const res = await approveForm(f.ownerStaff, l.listId, MEETING, { name: '2022年第3次书记办公会纪要.pdf', data: pdf, type: 'application/pdf' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await status(l.listId)).toBe('approved');
    const sha = crypto.createHash('sha256').update(pdf).digest('hex');
    expect(fs.readFileSync(path.join(dir, sha.slice(0, 2), sha)).equals(pdf)).toBe(true);
    const hist = (await f.admin.get(`/api/lists/${l.listId}/history`)).json();
    const meeting = hist.meetings.at(-1);
    expect(meeting).toMatchObject({ meetingDate: '2022-03-10', meetingName: '工委书记办公会', decision: 'approved', comments: '原则同意', minutesFile: { name: '2022年第3次书记办公会纪要.pdf', mime: 'application/pdf', size: pdf.length } });
    expect(hist.transitions.at(-1)).toMatchObject({ from: 'inReview', to: 'approved', snapshotLabel: '审定稿' });
    const dl = await f.admin.get(`/api/files/${meeting.minutesFile.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
  });

  it('rolls the whole issue back when a hook fails', async () => {
    const snapshots = await count('list_snapshots', l.listId);
    const transitions = await count('list_transitions', l.listId);
    const audits = (await auditActions(l.listId)).length;
    onListIssued.push(async (w, ctx) => {
      await sql`UPDATE list_tasks SET content = 'hook was here' WHERE list_id = ${ctx.listId}`.execute(w.trx);
      throw new Error('distribution failed');
    });
    const res = await f.ownerStaff.post(`/api/lists/${l.listId}/issue`, { docSeq: 2, issueDate: '2022-03-18' });
    expect(res.statusCode).toBe(500);
    const row = await k().selectFrom('responsibility_lists').selectAll().where('id', '=', l.listId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'approved', doc_number: null, issued_at: null });
    expect(await count('list_snapshots', l.listId)).toBe(snapshots);
    expect(await count('list_transitions', l.listId)).toBe(transitions);
    expect((await auditActions(l.listId)).length).toBe(audits);
    const tasks = await k().selectFrom('list_tasks').select('content').where('list_id', '=', l.listId).execute();
    expect(tasks.some((t) => t.content === 'hook was here')).toBe(false);
  });

  it('refuses an issue date before the approval meeting', async () => {
    const res = await f.ownerStaff.post(`/api/lists/${l.listId}/issue`, { docSeq: 2, issueDate: '2022-03-01' });
    expect(res.json()).toMatchObject({ code: 'LIST_ISSUE_BEFORE_APPROVAL', message: '印发日期不能早于审定会议日期（2022-03-10）' });
  });

  it('issues as 鄂直工发〔2022〕2号 with the default notice title and co-issuer, calling the hooks in the transaction', async () => {
    const seen: ListIssuedContext[] = [];
    const by: { actor: string; now: Date }[] = [];
    onListIssued.push(async (w, ctx) => {
      const r = await w.trx.selectFrom('responsibility_lists').select('status').where('id', '=', ctx.listId).executeTakeFirstOrThrow();
      expect(r.status).toBe('issued');
      seen.push(ctx);
      by.push({ actor: w.actor.name, now: w.now });
    });
    const res = await f.ownerStaff.post(`/api/lists/${l.listId}/issue`, { docSeq: 2, issueDate: '2022-03-18' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().docNumber).toBe('鄂直工发〔2022〕2号');
    expect(seen).toEqual([{ listId: l.listId, year: 2022, revision: 0 }]);
    // The hook runs as the issuer, at the business time of the issue.
    const issuedAt = (await k().selectFrom('responsibility_lists').select('issued_at').where('id', '=', l.listId).executeTakeFirstOrThrow()).issued_at;
    expect(by).toEqual([{ actor: expect.stringContaining('zzb_staff') as string, now: issuedAt }]);
    const hist = (await f.unitViewer.get(`/api/lists/${l.listId}/history`)).json();
    expect(hist.list).toMatchObject({
      status: 'issued',
      docNumber: '鄂直工发〔2022〕2号',
      issueDate: '2022-03-18',
      noticeTitle: '关于印发《2022年省直机关党建工作责任清单》的通知',
      coIssuer: '省委党建办',
    });
    expect(hist.transitions.at(-1)).toMatchObject({ from: 'approved', to: 'issued', snapshotLabel: '印发稿' });
    expect(hist.rights).toEqual({ manage: false, actions: [] });
    expect(hist.checks).toBeNull();
    expect((await f.ownerStaff.get(`/api/lists/${l.listId}/history`)).json().rights.actions).toEqual(['openRevision']);
    const row = await k().selectFrom('responsibility_lists').select(['doc_prefix', 'doc_seq']).where('id', '=', l.listId).executeTakeFirstOrThrow();
    expect(row).toEqual({ doc_prefix: '鄂直工发', doc_seq: 2 });
    // The list's one work-points document is issued with it.
    const docs = await k().selectFrom('source_documents').select(['kind', 'attached']).where('list_id', '=', l.listId).orderBy('id').execute();
    expect(docs.filter((d) => d.attached)).toEqual([{ kind: 'workPoints', attached: true }]);
  });

  it('refuses to change the issued list: no edits, no second issue, no resubmission', async () => {
    const task = await k().selectFrom('list_tasks').selectAll().where('id', '=', l.taskIds[0] as number).executeTakeFirstOrThrow();
    const edit = await f.ownerStaff.put(`/api/list-tasks/${task.id}`, { partId: task.part_id, levelCode: 'L1', content: '改', frequency: 'yearly', version: task.version });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('LIST_NOT_EDITABLE');
    const again = await f.ownerStaff.post(`/api/lists/${l.listId}/issue`, { docSeq: 3, issueDate: '2022-03-18' });
    expect(again.json()).toMatchObject({ code: 'LIST_BAD_TRANSITION', message: '清单当前为“已印发”，不能转为“已印发”' });
    expect((await f.ownerStaff.post(`/api/lists/${l.listId}/submit`, {})).json().code).toBe('LIST_BAD_TRANSITION');
  });

  it('opens a revision (owner only, one at a time) with a snapshot before it', async () => {
    expect((await f.otherStaff.post(`/api/lists/${l.listId}/revisions`, { reason: '调整' })).json().code).toBe('LIST_NOT_MANAGER');
    expect((await f.unitViewer.post(`/api/lists/${l.listId}/revisions`, { reason: '调整' })).statusCode).toBe(403);
    const res = await f.ownerStaff.post(`/api/lists/${l.listId}/revisions`, { reason: '根据省委新部署增加任务' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ listId: l.listId, revision: 1, status: 'open', afterSnapshotId: null });
    const before = await k().selectFrom('list_snapshots').selectAll().where('id', '=', res.json().beforeSnapshotId).executeTakeFirstOrThrow();
    expect(before).toMatchObject({ label: '修订1前', status: 'issued', revision: 0 });
    const hist = (await f.ownerStaff.get(`/api/lists/${l.listId}/history`)).json();
    expect(hist.list.openRevisionId).toBe(res.json().id);
    expect(hist.rights.actions).toEqual(['publishRevision']);
    const second = await f.ownerStaff.post(`/api/lists/${l.listId}/revisions`, { reason: '再改' });
    expect(second.json()).toMatchObject({ code: 'LIST_REVISION_OPEN', message: '该清单已有进行中的修订（修订1），请先发布' });
  });

  it('lets the owner edit during the revision, not the drafting department', async () => {
    const task = await k().selectFrom('list_tasks').selectAll().where('id', '=', l.taskIds[0] as number).executeTakeFirstOrThrow();
    const body = { partId: task.part_id, levelCode: 'L1', content: '学习贯彻党的二十大精神和省党代会精神', frequency: 'yearly', version: task.version };
    expect((await f.otherStaff.put(`/api/list-tasks/${task.id}`, body)).statusCode).toBe(403);
    const res = await f.ownerStaff.put(`/api/list-tasks/${task.id}`, body);
    expect(res.statusCode, res.body).toBe(200);
  });

  it('publishes the revision with a notice: snapshot after, revision number, transition row, hooks', async () => {
    const rev = await k().selectFrom('list_revisions').selectAll().where('list_id', '=', l.listId).executeTakeFirstOrThrow();
    expect((await f.otherStaff.post(`/api/list-revisions/${rev.id}/publish`, { notice: '通知' })).json().code).toBe('LIST_NOT_MANAGER');
    const seen: ListRevisedContext[] = [];
    onListRevised.push(async (_trx, ctx) => void seen.push(ctx));
    const res = await f.ownerStaff.post(`/api/list-revisions/${rev.id}/publish`, { notice: '第1项任务增加省党代会精神' });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json().afterSnapshotId as number;
    expect(seen).toEqual([{ listId: l.listId, year: 2022, revision: 1, revisionId: rev.id, beforeSnapshotId: rev.before_snapshot_id, afterSnapshotId: after }]);
    const snap = await k().selectFrom('list_snapshots').selectAll().where('id', '=', after).executeTakeFirstOrThrow();
    expect(snap).toMatchObject({ label: '修订1', status: 'issued', revision: 1 });
    const data = (typeof snap.data === 'string' ? JSON.parse(snap.data) : snap.data) as ListSnapshotData;
    expect(data.tasks[0]?.content).toBe('学习贯彻党的二十大精神和省党代会精神');
    const hist = (await f.admin.get(`/api/lists/${l.listId}/history`)).json();
    expect(hist.list).toMatchObject({ revision: 1, openRevisionId: null });
    expect(hist.revisions).toEqual([
      expect.objectContaining({ revision: 1, reason: '根据省委新部署增加任务', notice: '第1项任务增加省党代会精神', status: 'published', afterSnapshotId: after }),
    ]);
    expect(hist.transitions.at(-1)).toMatchObject({ from: 'issued', to: 'issued', comment: '修订1：第1项任务增加省党代会精神', snapshotLabel: '修订1' });
    // Published: no more edits, and the revision cannot be published twice.
    expect((await f.ownerStaff.post(`/api/list-revisions/${rev.id}/publish`, { notice: 'x' })).json().code).toBe('LIST_REVISION_PUBLISHED');
    const task = await k().selectFrom('list_tasks').selectAll().where('id', '=', l.taskIds[0] as number).executeTakeFirstOrThrow();
    const edit = await f.ownerStaff.put(`/api/list-tasks/${task.id}`, { partId: task.part_id, levelCode: 'L1', content: '再改', frequency: 'yearly', version: task.version });
    expect(edit.json().code).toBe('LIST_NOT_EDITABLE');
    // The next revision is number 2.
    expect((await f.ownerStaff.post(`/api/lists/${l.listId}/revisions`, { reason: '二次修订' })).json().revision).toBe(2);
  });

  it('audited every step', async () => {
    expect(await auditActions(l.listId)).toEqual(
      expect.arrayContaining(['list.submit', 'list.return', 'list.approve', 'list.issue', 'list.revisionOpen', 'list.revisionPublish']),
    );
  });
});

describe('other refusals', () => {
  it('revisions only of issued lists', async () => {
    const l = await insertList(h, f, 2030);
    const res = await f.ownerStaff.post(`/api/lists/${l.listId}/revisions`, { reason: '调整' });
    expect([res.statusCode, res.json().code]).toEqual([409, 'LIST_REVISION_ISSUED_ONLY']);
  });

  it('a document number is used once: 409 LIST_DOC_NUMBER_TAKEN; the prefix defaults to the docPrefix setting', async () => {
    const l = await insertList(h, f, 2023, 'approved');
    const taken = await f.admin.post(`/api/lists/${l.listId}/issue`, { docSeq: 2, issueDate: '2022-12-20' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'LIST_DOC_NUMBER_TAKEN', message: '文号鄂直工发〔2022〕2号已被使用' });
    expect(await status(l.listId)).toBe('approved');
    await sql`INSERT INTO settings (key, value) VALUES ('docPrefix', ${JSON.stringify('鄂直工委发')}::jsonb)`.execute(k());
    const res = await f.admin.post(`/api/lists/${l.listId}/issue`, { docSeq: 2, issueDate: '2022-12-20', coIssuer: '', noticeTitle: '关于印发2023年清单的通知' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().docNumber).toBe('鄂直工委发〔2022〕2号');
    const row = await k().selectFrom('responsibility_lists').select(['co_issuer', 'notice_title']).where('id', '=', l.listId).executeTakeFirstOrThrow();
    expect(row).toEqual({ co_issuer: '', notice_title: '关于印发2023年清单的通知' });
  });

  it('two lists issued at once with the same number: one gets it, the other 409', async () => {
    const a = await insertList(h, f, 2024, 'approved');
    const b = await insertList(h, f, 2025, 'approved');
    const body = { docSeq: 7, issueDate: '2024-03-01' };
    const [ra, rb] = await Promise.all([f.admin.post(`/api/lists/${a.listId}/issue`, body), f.ownerStaff.post(`/api/lists/${b.listId}/issue`, body)]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([200, 409]);
    expect([ra, rb].find((r) => r.statusCode === 409)?.json().code).toBe('LIST_DOC_NUMBER_TAKEN');
    const issued = await k().selectFrom('responsibility_lists').select('id').where('doc_number', '=', '鄂直工委发〔2024〕7号').execute();
    expect(issued).toHaveLength(1);
  });

  it('an unknown list answers 404; a draft is hidden from a unit', async () => {
    expect((await f.admin.get('/api/lists/999999/history')).statusCode).toBe(404);
    const l = await insertList(h, f, 2031);
    expect((await f.unitViewer.get(`/api/lists/${l.listId}/history`)).statusCode).toBe(404);
  });
});
