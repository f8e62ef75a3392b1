/**
 * Hostile uploads: zip bombs that declare a few kilobytes and inflate to far more, sent at once
 * to every import. Each is refused with a clear Chinese error after inflating no more than its
 * limit, nothing is imported, the server keeps answering, and the audit trail records every attempt.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../testing/harness.ts';
import { ImportGate, unpackedLimit } from './limits.ts';
import { buildFixture, insertList, type Fixture } from '../lists/lifecycle/test-fixture.ts';
import { INFLATE_CHUNK } from './zip-guard.ts';
import { deflatedZip } from './test-zips.ts';

const MB = 1024 * 1024;

/** An "xlsx" of well under a megabyte whose sheet inflates to 64 MB while declaring 5 KB. */
const bomb = (): Buffer =>
  deflatedZip(
    [
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * MB, 0x20) },
    ],
    5 * 1024,
  );

function multipart(fileName: string, data: Buffer) {
  const boundary = `----qdtest${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

let h: Harness;
let f: Fixture;
let admin: Client;
beforeAll(async () => {
  h = await createHarness();
  f = await buildFixture(h);
  admin = f.admin;
});
afterAll(async () => h.close());

const maxSeq = async () => (await sql<{ n: number }>`SELECT coalesce(max(seq), 0)::int AS n FROM audit_log`.execute(h.deps.db.kysely)).rows[0]!.n;
const countOf = async (table: 'import_batches' | 'orgs' | 'people') =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(h.deps.db.kysely)).rows[0]!.n;

describe('hostile uploads', () => {
  it('refuses four zip bombs sent at once, inflating no more than the limit, while the server keeps answering', async () => {
    const file = bomb();
    expect(file.length).toBeLessThan(MB);
    const before = { seq: await maxSeq(), batches: await countOf('import_batches'), orgs: await countOf('orgs'), people: await countOf('people') };
    const kinds = ['orgs', 'people', 'orgs', 'people'] as const;
    const uploads = kinds.map((kind, i) => {
      const m = multipart(`炸弹${i}.xlsx`, file);
      return admin.request('POST', `/api/imports/${kind}`, m.payload, m.headers);
    });
    // The server answers while they are being unpacked.
    const health = await admin.get('/api/health');
    expect(health.statusCode, health.body).toBe(200);
    const replies = await Promise.all(uploads);
    for (const r of replies) {
      expect(r.statusCode, r.body).toBe(413);
      const mb = unpackedLimit(h.deps.config, 'orgs') / MB;
      expect(r.json()).toMatchObject({ code: 'IMPORT_UNPACKED_TOO_LARGE', message: expect.stringContaining(`${mb} MB`) });
      expect(r.json().message).toMatch(/未导入任何内容/);
    }
    expect(await countOf('import_batches')).toBe(before.batches);
    expect(await countOf('orgs')).toBe(before.orgs);
    expect(await countOf('people')).toBe(before.people);
    // Every attempt is in the audit trail, with what was really inflated (≤ the limit + one chunk).
    const audits = await h.deps.db.kysely.selectFrom('audit_log').select(['action', 'after']).where('seq', '>', before.seq).where('action', '=', 'import.upload').execute();
    expect(audits).toHaveLength(4);
    for (const a of audits) {
      const after = a.after as { outcome: string; code: string; fileName: string; params: { inflatedBytes: number } };
      expect(after).toMatchObject({ outcome: 'refused', code: 'IMPORT_UNPACKED_TOO_LARGE' });
      expect(after.fileName).toMatch(/^炸弹\d\.xlsx$/);
      expect(after.params.inflatedBytes).toBeLessThanOrEqual(unpackedLimit(h.deps.config, 'orgs') + INFLATE_CHUNK);
    }
    // Still answering, and a real import still works afterwards.
    expect((await admin.get('/api/health')).statusCode).toBe(200);
  });

  it('refuses a bomb sent to a draft list and to its source document the same way, changing nothing', async () => {
    const list = await insertList(h, f, 2031);
    const k = h.deps.db.kysely;
    const docId = (await k.selectFrom('source_documents').select('id').where('list_id', '=', list.listId).orderBy('id').executeTakeFirstOrThrow()).id;
    const state = async () => ({
      tasks: (await sql<{ n: number }>`SELECT count(*)::int AS n FROM list_tasks WHERE list_id = ${list.listId}`.execute(k)).rows[0]!.n,
      items: (await sql<{ n: number }>`SELECT count(*)::int AS n FROM source_items WHERE document_id = ${docId}`.execute(k)).rows[0]!.n,
    });
    const before = await state();
    const seq = await maxSeq();
    for (const [url, kind] of [[`/api/lists/${list.listId}/import`, 'list'], [`/api/source-documents/${docId}/import`, 'source']] as const) {
      const m = multipart('炸弹.xlsx', bomb());
      const r = await f.admin.request('POST', url, m.payload, m.headers);
      expect(r.statusCode, r.body).toBe(413);
      expect(r.json()).toMatchObject({ code: 'IMPORT_UNPACKED_TOO_LARGE', message: expect.stringContaining(`${unpackedLimit(h.deps.config, kind) / MB} MB`) });
    }
    expect(await state()).toEqual(before);
    const audits = await k.selectFrom('audit_log').select(['entity_type', 'after']).where('seq', '>', seq).where('action', '=', 'import.upload').orderBy('seq').execute();
    expect(audits.map((a) => [a.entity_type, (a.after as { outcome: string }).outcome])).toEqual([['list', 'refused'], ['sourceDocument', 'refused']]);
  });
});

describe('the parse gate', () => {
  it('lets `capacity` run, queues a few for a while, and refuses the rest with 503 IMPORT_BUSY', async () => {
    const gate = new ImportGate(1, 1, 60_000);
    let open!: () => void;
    const held = new Promise<void>((r) => (open = r));
    const first = gate.run(() => held);
    const second = gate.run(async () => 'second');
    await expect(gate.run(async () => 'third')).rejects.toMatchObject({ status: 503, code: 'IMPORT_BUSY' });
    expect(gate.running).toBe(1);
    open();
    await first;
    await expect(second).resolves.toBe('second');
    expect(gate.running).toBe(0);
  });

  it('gives up on a waiter after the wait', async () => {
    const gate = new ImportGate(1, 4, 20);
    let open!: () => void;
    const first = gate.run(() => new Promise<void>((r) => (open = r)));
    await expect(gate.run(async () => 'late')).rejects.toMatchObject({ status: 503, code: 'IMPORT_BUSY' });
    open();
    await first;
    await expect(gate.run(async () => 'free again')).resolves.toBe('free again');
  });
});
