/**
 * Faults of the file store: a full or read-only disk answers in plain words (507/503) and shows in
 * /api/health; an upload that fails at any step — or whose process dies there — leaves nothing
 * behind once the start-up sweep has run; the sweep removes only what nothing references.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../testing/harness.ts';
import { filesUnder, multipartBody, pdfBytes, useTempFilesDir } from '../lists/lifecycle/test-fixture.ts';
import { buildWorkFixture, type WorkFixture } from '../work/test-fixture.ts';
import { forgetStorageState, storageFaults } from './storage.ts';
import { uploadFaults, type UploadStep } from './store.ts';
import { sweepFileStore } from './sweep.ts';

let h: Harness;
let f: WorkFixture;
let dir: string;
let reportId: number;

beforeAll(async () => {
  h = await createHarness();
  dir = useTempFilesDir(h);
  f = await buildWorkFixture(h);
  const r = await f.c.aSecretary.post(`/api/work/periods/${f.periods.aBranch1Ongoing}/reports`, { happenedOn: '2022-04-10', content: '召开支部委员会，研究部署主题党日活动' });
  expect(r.statusCode, r.body).toBe(200);
  reportId = (r.json() as { id: number }).id;
});
afterEach(() => {
  delete storageFaults.writeError;
  delete uploadFaults.at;
  delete uploadFaults.crash;
  forgetStorageState();
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const k = () => h.deps.db.kysely;
const count = async (table: 'evidence' | 'files') => ((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(k())).rows[0] as { n: number }).n;
const state = async () => ({ evidence: await count('evidence'), files: await count('files'), blobs: filesUnder(dir).filter((p) => !p.startsWith('tmp')) });

function upload(c: Client, data: Buffer, name = '会议纪要.pdf') {
  const m = multipartBody({}, { name, data, field: 'file', type: 'application/pdf' });
  return c.request('POST', `/api/work/reports/${reportId}/evidence`, m.payload, m.headers);
}
const health = async () => (await h.app.inject({ method: 'GET', url: '/api/health' })).json() as { storage: string };

describe('a full or read-only file store', () => {
  it('answers 507 STORAGE_FULL in Chinese, writes nothing, keeps the connection usable and shows in health', async () => {
    const before = await state();
    storageFaults.writeError = 'ENOSPC';
    const res = await upload(f.c.aSecretary, pdfBytes());
    expect(res.statusCode).toBe(507);
    expect(res.json()).toMatchObject({ code: 'STORAGE_FULL', message: '存储空间已满，文件未保存，请联系管理员' });
    expect(await state()).toEqual(before);
    expect((await health()).storage).toBe('full');
    // The same client goes on working.
    expect((await f.c.aSecretary.get(`/api/work/periods/${f.periods.aBranch1Ongoing}`)).statusCode).toBe(200);
  });

  it('answers 503 STORAGE_UNAVAILABLE for a read-only store, and health says so', async () => {
    storageFaults.writeError = 'EROFS';
    const res = await upload(f.c.aSecretary, pdfBytes());
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('STORAGE_UNAVAILABLE');
    expect((await health()).storage).toBe('readOnly');
  });

  it('is ok again once the disk is', async () => {
    expect((await health()).storage).toBe('ok');
    const res = await upload(f.c.aSecretary, pdfBytes());
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('an upload that fails part-way', () => {
  const steps: UploadStep[] = ['afterTempWrite', 'afterMove', 'beforeCommit'];
  for (const step of steps) {
    for (const crash of [false, true]) {
      it(`${crash ? 'dies' : 'fails'} at ${step}: nothing is kept, and after the sweep nothing is left on disk`, async () => {
        // A file never stored before, so its blob is this upload's own.
        const data = Buffer.concat([pdfBytes(), Buffer.from(`\n% ${step} ${crash}\n`)]);
        const before = await state();
        uploadFaults.at = step;
        if (crash) uploadFaults.crash = true;
        const res = await upload(f.c.aSecretary, data);
        expect(res.statusCode).toBeGreaterThanOrEqual(500);
        delete uploadFaults.at;
        delete uploadFaults.crash;
        expect({ evidence: await count('evidence'), files: await count('files') }).toEqual({ evidence: before.evidence, files: before.files });
        await sweepFileStore(h.deps, { graceMs: 0 });
        expect(await state()).toEqual(before);
        expect(filesUnder(path.join(dir, 'tmp'))).toEqual([]);
      });
    }
  }
});

describe('the start-up sweep', () => {
  it('removes stray temporary files, blobs without a row and rows referenced by nothing — and keeps what is referenced', async () => {
    const ok = await upload(f.c.aSecretary, Buffer.concat([pdfBytes(), Buffer.from('\n% kept\n')]));
    expect(ok.statusCode, ok.body).toBe(200);
    const kept = await state();
    fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'tmp', 'abandoned.part'), Buffer.alloc(2048));
    const stray = 'ab'.repeat(32);
    fs.mkdirSync(path.join(dir, 'ab'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'ab', stray), Buffer.alloc(1024));
    await sql`INSERT INTO files (sha256, original_name, mime, size, created_at) VALUES (${'cd'.repeat(32)}, 'lost.pdf', 'application/pdf', 10, ${new Date(h.deps.clock.now().getTime() - 2 * 86_400_000)})`.execute(k());

    // Within the grace period young blobs and rows stay; the temporary file goes.
    const young = await sweepFileStore(h.deps);
    expect(young).toMatchObject({ tempFiles: 1, tempBytes: 2048 });
    expect(young.rows).toBe(1);
    const report = await sweepFileStore(h.deps, { graceMs: 0 });
    expect(report).toMatchObject({ tempFiles: 0, blobs: 1, blobBytes: 1024, rows: 0 });
    expect(await state()).toEqual(kept);
  });
});
