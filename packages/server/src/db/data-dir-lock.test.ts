import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from './database.ts';
import { DataDirLockedError, LOCK_FILE, lockDataDir, lockHolder } from './data-dir-lock.ts';
import { testDbKind } from '../testing/test-db.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-lock-test-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The pid of a process that has exited (its pid is gone). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(r.stdout);
  expect(pid).toBeGreaterThan(0);
  return pid;
}

function writeLock(dir: string, info: Record<string, unknown>) {
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ host: os.hostname(), dir: fs.realpathSync(dir), procStart: null, at: new Date().toISOString(), ...info }));
}

// The lock guards a PGlite data directory; PostgreSQL has its own server and needs none.
describe.skipIf(testDbKind() !== 'pglite')('one process per data directory (PGlite only)', () => {
  it('refuses a second open of the same data directory with a clear message, and opens again after close', async () => {
    const dir = tempDir();
    const first = await createDb({ dataDir: dir });
    try {
      expect(lockHolder(dir)).toBe(process.pid);
      const second = createDb({ dataDir: dir });
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toThrow(`数据目录正被另一个进程（pid ${process.pid}）使用`);
      await expect(second).rejects.toThrow('is in use by another process');
      await sql`CREATE TABLE kept (n int)`.execute(first.kysely);
      await sql`INSERT INTO kept VALUES (1)`.execute(first.kysely);
    } finally {
      await first.close();
    }
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    const again = await createDb({ dataDir: dir });
    try {
      const r = await sql<{ n: number }>`SELECT n FROM kept`.execute(again.kysely);
      expect(r.rows).toEqual([{ n: 1 }]);
    } finally {
      await again.close();
    }
  });

  it('takes over a stale lock whose process is gone', async () => {
    const dir = tempDir();
    const pid = deadPid();
    writeLock(dir, { pid });
    expect(lockHolder(dir)).toBeNull();
    const db = await createDb({ dataDir: dir });
    try {
      expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    } finally {
      await db.close();
    }
  });

  it('refuses while another live process holds the lock, and takes over when that pid was reused', () => {
    const dir = tempDir();
    const other = process.ppid; // alive for the whole test
    const stat = fs.readFileSync(`/proc/${other}/stat`, 'utf8');
    const procStart = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    writeLock(dir, { pid: other, procStart });
    expect(() => lockDataDir(dir)).toThrow(`（pid ${other}）`);
    expect(lockHolder(dir)).toBe(other);
    // The same pid but another start time: the holder died and the pid went to a new process.
    writeLock(dir, { pid: other, procStart: '1' });
    const lock = lockDataDir(dir);
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock copied along with the directory from another path, and an unreadable old one', () => {
    const dir = tempDir();
    writeLock(dir, { pid: process.ppid, dir: '/somewhere/else' });
    lockDataDir(dir).release();
    fs.writeFileSync(path.join(dir, LOCK_FILE), '');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, LOCK_FILE), old, old);
    lockDataDir(dir).release();
  });

  it('does not remove a lock that another process took over after ours', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    writeLock(dir, { pid: process.ppid });
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
  });
});
