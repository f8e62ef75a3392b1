/**
 * One process per PGlite data directory. PGlite is an embedded single-user PostgreSQL: two
 * processes opening the same DATA_DIR would each replay and write the same files and corrupt them.
 * The process that opens a data directory creates `DATA_DIR/qingdan.lock` with O_EXCL, holding its
 * pid; any other opener (another server, the CLI, a second open in the same process) is refused
 * while that pid lives. A lock whose pid is gone (a crash, kill -9) is stale and taken over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'qingdan.lock';

interface LockInfo {
  pid: number;
  host: string;
  /** The directory this lock was taken for: a copied data directory carries a lock that is not its own. */
  dir: string;
  /** The holder's start time in clock ticks after boot (Linux /proc), to tell a reused pid. */
  procStart: string | null;
  at: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `数据目录正被另一个进程（pid ${holderPid}）使用：${dataDir}。请先停止该进程（服务器或命令行），或改用 PostgreSQL（DATABASE_URL）。` +
        ` The data directory ${dataDir} is in use by another process (pid ${holderPid}): stop it first (the server or a CLI command), or use PostgreSQL (DATABASE_URL).`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** Locks this process holds, by lock file path (a second open in the same process is refused too). */
const held = new Set<string>();
let exitHookInstalled = false;

function procStartOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name (field 2) may hold spaces, so count after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number' ? (info as LockInfo) : null;
  } catch {
    return null;
  }
}

/** Why a lock does not hold any more, or null while its holder may still use the directory. */
function staleReason(file: string, dir: string, info: LockInfo | null): string | null {
  // Unreadable: half written by a process that died between create and write. A young one may be
  // being written right now (create and write are two calls): leave it for 2 s.
  if (!info) {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    return st && Date.now() - st.mtimeMs < 2000 ? null : 'unreadable';
  }
  if (info.dir !== dir) return 'copied from another directory';
  if (info.host !== os.hostname()) return null; // another machine (a shared disk): we cannot tell, keep it
  if (info.pid === process.pid) return held.has(file) ? null : 'left by an earlier run with our pid';
  if (!alive(info.pid)) return 'holder gone';
  const start = procStartOf(info.pid);
  if (start !== null && info.procStart !== null && start !== info.procStart) return 'pid reused';
  return null;
}

function writeNew(file: string, dir: string): boolean {
  const info: LockInfo = { pid: process.pid, host: os.hostname(), dir, procStart: procStartOf(process.pid), at: new Date().toISOString() };
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    fs.writeSync(fd, JSON.stringify(info));
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

/**
 * Take the data directory's lock or throw DataDirLockedError. A stale lock is taken over under a
 * second exclusive file (`qingdan.lock.takeover`), so two processes that both find it stale do not
 * both win.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const dir = fs.realpathSync(dataDir);
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    if (writeNew(file, dir)) break;
    const info = readLock(file);
    const reason = staleReason(file, dir, info);
    if (reason === null) throw new DataDirLockedError(dir, info?.pid ?? -1);
    if (attempt >= 3) throw new DataDirLockedError(dir, info?.pid ?? -1);
    const guard = `${file}.takeover`;
    try {
      // A takeover guard older than 10 s belongs to a process that died during its takeover.
      const st = fs.statSync(guard, { throwIfNoEntry: false });
      if (st && Date.now() - st.mtimeMs > 10_000) fs.rmSync(guard, { force: true });
      fs.writeFileSync(guard, String(process.pid), { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new DataDirLockedError(dir, info?.pid ?? -1);
      throw e;
    }
    try {
      // Still the same stale lock? (Another process may have taken it over meanwhile.)
      if (JSON.stringify(readLock(file)) === JSON.stringify(info)) fs.rmSync(file, { force: true });
    } finally {
      fs.rmSync(guard, { force: true });
    }
  }
  held.add(file);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A process that exits without closing its database still leaves no lock behind.
    process.once('exit', () => {
      for (const f of held) releaseFile(f);
    });
  }
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      releaseFile(file);
    },
  };
}

function releaseFile(file: string) {
  held.delete(file);
  // Remove only our own lock (never one a later process took over).
  if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
}

/** The live holder of a data directory's lock, or null when it is free or stale. */
export function lockHolder(dataDir: string): number | null {
  let dir: string;
  try {
    dir = fs.realpathSync(dataDir);
  } catch {
    return null;
  }
  const file = path.join(dir, LOCK_FILE);
  if (!fs.existsSync(file)) return null;
  const info = readLock(file);
  return staleReason(file, dir, info) === null ? (info?.pid ?? null) : null;
}
