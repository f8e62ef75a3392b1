import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb } from '../../testing/test-db.ts';
import { SystemClock } from '../../clock.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { seedDemo } from '../../demo/seed.ts';
import { createSession, SESSION_COOKIE } from '../auth/session.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import { BackupError, createBackup, describeTables, restoreBackup } from './backup.ts';

const clock = new SystemClock();
let source: Db;
let dir: string;
let file: string;
/** The cookie of a session that exists in the source (and so in its backup). */
let sessionToken: string;

/** Whether an app on `db` accepts the session cookie (GET /api/auth/me). */
async function meStatus(db: Db, token: string): Promise<{ status: number; code?: string }> {
  const app = await buildApp({ db, clock, config: { ...loadConfig({}), webDist: '/nonexistent' } });
  try {
    const r = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    return { status: r.statusCode, ...(r.statusCode === 200 ? {} : { code: (r.json() as { code: string }).code }) };
  } finally {
    await app.close();
  }
}

/** A snapshot without the sign-in sessions, which a restore drops. */
async function snapshotWithoutSessions(db: Db) {
  const { sessions: _sessions, ...rest } = await snapshot(db);
  return rest;
}

/** Every row of every table, as PostgreSQL's own JSON text, in primary-key order. */
async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await describeTables(db.kysely)) {
    const order = sql.join((t.primaryKey.length ? t.primaryKey : t.columns.map((c) => c.name)).map((c) => sql.ref(c)));
    const r = await sql<{ j: string }>`SELECT row_to_json(x)::text AS j FROM ${sql.table(t.name)} x ORDER BY ${order}`.execute(db.kysely);
    out[t.name] = r.rows.map((row) => row.j);
  }
  return out;
}

async function countRows(db: Db): Promise<number> {
  const s = await snapshot(db);
  return Object.entries(s).reduce((n, [t, rows]) => n + (t === 'responsibility_levels' ? 0 : rows.length), 0);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-backup-'));
  file = path.join(dir, 'backup.jsonl.gz');
  source = await createTestDb();
  // The province and its lists; the demo's work (about 750,000 rows) would make this a benchmark.
  await seedDemo({ db: source, clock }, { work: false });
  const k = source.kysely;
  // Rows of the other tables too: a session, an import batch with JSON, a setting.
  const account = await k.selectFrom('accounts').select('id').orderBy('id').executeTakeFirstOrThrow();
  sessionToken = (await createSession(source, clock, account.id, '127.0.0.1', 'vitest')).token;
  await k.insertInto('import_batches').values({
    id: 'b-1', kind: 'orgs', account_id: account.id, file_name: '组织.xlsx', status: 'previewed',
    summary: JSON.stringify({ rows: 2, errors: 0 }), rows: JSON.stringify([{ name: '省教育厅', note: 'a "quoted" 值' }, null, 1.5]), created_at: clock.now(),
  }).execute();
  // A node whose parent was created after it (moved under a later node): restore must cope.
  const early = await k.selectFrom('orgs').select('id').where('code', '=', 'U001-B001').executeTakeFirstOrThrow();
  const late = await k.selectFrom('orgs').select('id').where('code', '=', 'U100-OC').executeTakeFirstOrThrow();
  await k.updateTable('orgs').set({ parent_id: late.id }).where('id', '=', early.id).execute();
  // A timestamp with microseconds, which a JavaScript Date could not carry.
  await sql`UPDATE people SET updated_at = '2026-03-04 05:06:07.123456+00' WHERE code = 'P000001'`.execute(k);
});

afterAll(async () => {
  await source?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('restores every row of every table into a fresh database', async () => {
    const b = await createBackup({ db: source, clock }, file);
    expect(b.counts.orgs).toBeGreaterThan(3000);
    expect(b.counts.people).toBeGreaterThan(9000);
    const target = await createTestDb();
    try {
      const r = await restoreBackup({ db: target, clock }, file);
      expect(b.counts.sessions).toBe(1);
      expect(r.sessionsDropped).toBe(1);
      expect(r.rows).toBe(b.rows - 1);
      expect(await snapshotWithoutSessions(target)).toEqual(await snapshotWithoutSessions(source));
      expect((await snapshot(target)).sessions).toEqual([]);
      expect((await verifyAuditChain(target.kysely)).ok).toBe(true);
      // Identity sequences continue after the restored ids.
      const max = await target.kysely.selectFrom('people').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow();
      const root = await target.kysely.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
      const inserted = await target.kysely
        .insertInto('people')
        .values({ org_id: root.id, unit_id: null, org_path: root.path, code: 'NEW-1', name: '新同志', post: '工作人员', created_at: clock.now(), updated_at: clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(inserted.id).toBe(Number(max.m) + 1);
    } finally {
      await target.close();
    }
  });

  it('drops every session: a session valid in the backup is refused after the restore', async () => {
    expect(await meStatus(source, sessionToken)).toEqual({ status: 200 });
    const b = await createBackup({ db: source, clock }, file);
    expect(b.counts.sessions).toBeGreaterThanOrEqual(1);
    const target = await createTestDb();
    try {
      const r = await restoreBackup({ db: target, clock }, file, { accountId: null, name: 'cli', ip: '' });
      expect(r.sessionsDropped).toBe(b.counts.sessions);
      expect(await meStatus(target, sessionToken)).toEqual({ status: 401, code: 'SESSION_EXPIRED' });
      const audit = await target.kysely.selectFrom('audit_log').select('after').where('action', '=', 'system.restore').executeTakeFirstOrThrow();
      expect(audit.after).toMatchObject({ sessionsDropped: b.counts.sessions });
      expect((await verifyAuditChain(target.kysely)).ok).toBe(true);
      // The accounts came back (their people sign in again); only the sessions did not.
      const accounts = async (db: Db) => (await db.kysely.selectFrom('accounts').select('id').execute()).length;
      expect(await accounts(target)).toBe(await accounts(source));
      expect(await target.kysely.selectFrom('sessions').select('id').execute()).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('refuses to restore into a database that has data', async () => {
    await expect(restoreBackup({ db: source, clock }, file)).rejects.toThrow(/不是空的/);
  });

  it('refuses a truncated or garbage file and writes nothing', async () => {
    const bytes = fs.readFileSync(file);
    const truncated = path.join(dir, 'truncated.gz');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const garbage = path.join(dir, 'garbage.gz');
    fs.writeFileSync(garbage, 'this is not a backup at all\n');
    // A well-formed gzip whose lines stop before the end marker.
    const lines = zlib.gunzipSync(bytes).toString('utf8').split('\n');
    const cut = path.join(dir, 'cut.gz');
    fs.writeFileSync(cut, zlib.gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n') + '\n'));
    const notOurs = path.join(dir, 'json.gz');
    fs.writeFileSync(notOurs, zlib.gzipSync('{"hello":"world"}\n'));

    const target = await createTestDb();
    try {
      for (const f of [truncated, garbage, cut, notOurs]) {
        const err = await restoreBackup({ db: target, clock }, f).then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(BackupError);
        expect((err as Error).message).toMatch(/备份文件/);
        expect(await countRows(target)).toBe(0);
      }
      const levels = await target.kysely.selectFrom('responsibility_levels').select('code').execute();
      expect(levels.length).toBe(3);
      // After all that, the good file still restores.
      await restoreBackup({ db: target, clock }, file);
      expect(await countRows(target)).toBeGreaterThan(13000);
    } finally {
      await target.close();
    }
  });
});
