import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createHarness, type Harness } from '../../testing/harness.ts';
import { AppError } from '../../http/errors.ts';
import { blobPath, cleanFileName, storeFile } from './store.ts';
import { contentDisposition } from '../../http/transfer.ts';
import {
  buildFixture,
  docxBytes,
  filesUnder,
  insertList,
  pdfBytes,
  useTempFilesDir,
  xlsxBytes,
  type Fixture,
} from '../lists/lifecycle/test-fixture.ts';

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

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest of a png')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('rest of a jpeg')]);
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('storeFile', () => {
  it('tells the type by content and stores the bytes under <dir>/<sha[0..2]>/<sha256>', async () => {
    const cases: [Buffer, string, string][] = [
      [pdfBytes('a'), 'report.bin', 'application/pdf'],
      [docxBytes(), '纪要.pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [xlsxBytes(), 'x', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [PNG, 'a.jpg', 'image/png'],
      [JPEG, 'b.png', 'image/jpeg'],
    ];
    for (const [data, name, mime] of cases) {
      const s = await storeFile(h.deps, { buffer: data, originalName: name, accountId: null }, { allowed: ['pdf', 'docx', 'xlsx', 'png', 'jpeg'] });
      expect(s.mime).toBe(mime);
      expect(s.sha256).toBe(sha(data));
      expect(s.size).toBe(data.length);
      const file = path.join(dir, s.sha256.slice(0, 2), s.sha256);
      expect(blobPath(dir, s.sha256)).toBe(file);
      expect(fs.readFileSync(file).equals(data)).toBe(true);
      const row = await h.deps.db.kysely.selectFrom('files').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ sha256: s.sha256, mime, original_name: name });
      expect(Number(row.size)).toBe(data.length);
    }
  });

  it('keeps the bytes once: a second upload of the same content gets its own row and the same blob', async () => {
    const data = pdfBytes('dedupe');
    const a = await storeFile(h.deps, { buffer: data, originalName: 'a.pdf', accountId: null }, { allowed: ['pdf'] });
    const b = await storeFile(h.deps, { stream: Readable.from([data.subarray(0, 10), data.subarray(10)]), originalName: 'b.pdf', accountId: null }, { allowed: ['pdf'] });
    expect(a.createdBlob).toBe(true);
    expect(b.createdBlob).toBe(false);
    expect(b.id).not.toBe(a.id);
    expect(b.sha256).toBe(a.sha256);
    expect(filesUnder(dir).filter((p) => p.endsWith(a.sha256))).toHaveLength(1);
  });

  it('refuses a renamed text file, an empty file, a zip that is no Office file and a kind not allowed — leaving nothing', async () => {
    const before = filesUnder(dir);
    const rows = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM files`.execute(h.deps.db.kysely)).rows[0]?.n);
    const n = await rows();
    const tries: [Buffer, string, ('pdf' | 'docx' | 'xlsx')[]][] = [
      [Buffer.from('这是一个文本文件，不是PDF'), '会议纪要.pdf', ['pdf', 'docx']],
      [Buffer.alloc(0), 'empty.pdf', ['pdf']],
      [Buffer.from('PK\u0003\u0004 not really a zip'), 'fake.docx', ['docx']],
      [xlsxBytes(), 'minutes.docx', ['pdf', 'docx']],
      [docxBytes().subarray(0, 40), 'cut.docx', ['docx']],
    ];
    for (const [data, name, allowed] of tries) {
      const e = await refusal(storeFile(h.deps, { buffer: data, originalName: name, accountId: null }, { allowed }));
      expect(e.status).toBe(400);
      expect(e.code).toBe('FILE_TYPE_NOT_ALLOWED');
    }
    expect(filesUnder(dir)).toEqual(before);
    expect(await rows()).toBe(n);
  });

  it('refuses a file over the limit, buffer or stream, leaving nothing', async () => {
    const before = filesUnder(dir);
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(2048)]);
    const e1 = await refusal(storeFile(h.deps, { buffer: big, originalName: 'big.pdf', accountId: null }, { allowed: ['pdf'], maxBytes: 1024 }));
    expect([e1.status, e1.code]).toEqual([413, 'FILE_TOO_LARGE']);
    const e2 = await refusal(storeFile(h.deps, { stream: Readable.from([big.subarray(0, 600), big.subarray(600)]), originalName: 'big.pdf', accountId: null }, { allowed: ['pdf'], maxBytes: 1024 }));
    expect(e2.code).toBe('FILE_TOO_LARGE');
    expect(filesUnder(dir)).toEqual(before);
  });

  it('rolls back with the caller: the row goes with the transaction', async () => {
    const data = pdfBytes('rolled back');
    await h.deps.db.kysely
      .transaction()
      .execute(async (trx) => {
        await storeFile(h.deps, { buffer: data, originalName: 'r.pdf', accountId: null }, { allowed: ['pdf'], trx });
        throw new Error('caller fails');
      })
      .catch(() => undefined);
    const rows = await h.deps.db.kysely.selectFrom('files').select('id').where('sha256', '=', sha(data)).execute();
    expect(rows).toEqual([]);
  });

  it('names the download in both forms (RFC 6266), encoding what RFC 5987 does not allow', () => {
    expect(contentDisposition('纪要 (定稿).pdf')).toBe(`attachment; filename="__ (__).pdf"; filename*=UTF-8''${encodeURIComponent('纪要 ')}%28${encodeURIComponent('定稿')}%29.pdf`);
  });

  it('cleans file names', () => {
    expect(cleanFileName('C:\\Users\\x\\会议纪要.pdf')).toBe('会议纪要.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a"\u0000b.pdf')).toBe('ab.pdf');
    expect(cleanFileName('')).toBe('file');
  });
});

describe('GET /api/files/:id', () => {
  let listId: number;
  let minutesId: number;
  let looseId: number;
  const data = pdfBytes('书记办公会纪要');

  beforeAll(async () => {
    listId = (await insertList(h, f, 2022, 'approved')).listId;
    const s = await storeFile(h.deps, { buffer: data, originalName: '2022年第3次书记办公会纪要.pdf', accountId: null }, { allowed: ['pdf'] });
    minutesId = s.id;
    await sql`INSERT INTO approval_meetings (list_id, meeting_date, meeting_name, decision, minutes_file_id)
              VALUES (${listId}, '2022-03-10', '工委书记办公会', 'approved', ${minutesId})`.execute(h.deps.db.kysely);
    looseId = (await storeFile(h.deps, { buffer: pdfBytes('attached to nothing'), originalName: 'x.pdf', accountId: null }, { allowed: ['pdf'] })).id;
  });

  it('sends the minutes of a visible list with their type and name', async () => {
    const res = await f.admin.get(`/api/files/${minutesId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('2022年第3次书记办公会纪要.pdf')}`);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7e]+"/);
    expect(res.rawPayload.equals(data)).toBe(true);
  });

  it('answers 404 for a file attached to nothing, a missing file and a list the caller cannot see', async () => {
    expect((await f.admin.get(`/api/files/${looseId}`)).statusCode).toBe(404);
    expect((await f.admin.get('/api/files/999999')).statusCode).toBe(404);
    expect((await f.admin.get('/api/files/abc')).statusCode).toBe(400);
    // A unit's viewer sees issued lists only: the approved (not yet issued) list's minutes are hidden.
    expect((await f.unitViewer.get(`/api/files/${minutesId}`)).statusCode).toBe(404);
    expect((await new Client(h.app).get(`/api/files/${minutesId}`)).statusCode).toBe(401);
  });

  it('lets a unit see the minutes once the list is issued', async () => {
    await sql`UPDATE responsibility_lists SET status = 'issued' WHERE id = ${listId}`.execute(h.deps.db.kysely);
    const res = await f.unitViewer.get(`/api/files/${minutesId}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(data)).toBe(true);
  });
});
