/**
 * The file store's sweep: what an interrupted upload (a crash, a kill) left behind. It removes
 * - temporary files in FILES_DIR/tmp (at start all of them: this process has no upload in flight
 *   yet; on later runs only those untouched for an hour),
 * - `files` rows that nothing refers to (every foreign key to `files`, read from the catalog), and
 * - blobs that no `files` row names,
 * the last two only past a grace period (24 h), so an upload in flight on another instance is not
 * touched. It runs at start and every few hours, and says what it removed.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { blobPath, discardStoredFile } from './store.ts';

export const SWEEP_GRACE_MS = 24 * 3600_000;
/** Temporary files untouched this long are not an upload in flight (later runs). */
export const SWEEP_TEMP_GRACE_MS = 3600_000;
export const SWEEP_INTERVAL_MS = 6 * 3600_000;

export interface SweepOptions {
  /** Blobs and rows younger than this stay (default 24 h). */
  graceMs?: number;
  /** Temporary files modified more recently than this stay (default 0: all go). */
  tempGraceMs?: number;
}

export interface SweepReport {
  tempFiles: number;
  tempBytes: number;
  rows: number;
  blobs: number;
  blobBytes: number;
  /** `files` rows whose bytes are missing (reported, never removed: the row is referenced). */
  missingBlobs: number;
}

/** Every column that refers to `files(id)`, from the foreign keys in the catalog. */
export async function fileReferences(deps: Deps): Promise<{ schema: string; table: string; column: string }[]> {
  const r = await sql<{ schema: string; table: string; column: string }>`
    SELECT n.nspname AS schema, c.relname AS table, a.attname AS column
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
    WHERE k.contype = 'f' AND k.confrelid = 'files'::regclass
    ORDER BY 2, 3`.execute(deps.db.kysely);
  return r.rows;
}

async function sweepTemp(dir: string, tempGraceMs: number, report: SweepReport): Promise<void> {
  const tmp = path.join(dir, 'tmp');
  let names: string[];
  try {
    names = await fsp.readdir(tmp);
  } catch {
    return;
  }
  const cutoff = Date.now() - tempGraceMs;
  for (const name of names) {
    const file = path.join(tmp, name);
    const st = await fsp.lstat(file).catch(() => null);
    if (!st?.isFile() || (tempGraceMs > 0 && st.mtimeMs > cutoff)) continue;
    await fsp.rm(file, { force: true });
    report.tempFiles++;
    report.tempBytes += st.size;
  }
}

async function sweepRows(deps: Deps, graceMs: number, report: SweepReport): Promise<void> {
  const refs = await fileReferences(deps);
  const unused = refs.map((r) => sql`NOT EXISTS (SELECT 1 FROM ${sql.table(`${r.schema}.${r.table}`)} x WHERE x.${sql.ref(r.column)} = f.id)`);
  const cutoff = new Date(deps.clock.now().getTime() - graceMs);
  const gone = await sql<{ id: number }>`
    DELETE FROM files f WHERE f.created_at < ${cutoff} ${unused.length ? sql`AND ${sql.join(unused, sql` AND `)}` : sql``}
    RETURNING f.id`.execute(deps.db.kysely);
  report.rows += gone.rows.length;
}

/** The blobs on disk: `<dir>/<2 hex>/<sha256>`, with size and age. Anything else is left alone. */
async function blobsOnDisk(dir: string): Promise<{ sha256: string; size: number; mtimeMs: number }[]> {
  const out: { sha256: string; size: number; mtimeMs: number }[] = [];
  const prefixes = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const prefix of prefixes) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    const names = await fsp.readdir(path.join(dir, prefix)).catch(() => [] as string[]);
    for (const name of names) {
      if (!/^[0-9a-f]{64}$/.test(name) || !name.startsWith(prefix)) continue;
      const st = await fsp.lstat(path.join(dir, prefix, name)).catch(() => null);
      if (st?.isFile()) out.push({ sha256: name, size: st.size, mtimeMs: st.mtimeMs });
    }
  }
  return out;
}

async function sweepBlobs(deps: Deps, graceMs: number, report: SweepReport): Promise<void> {
  const dir = deps.config.filesDir;
  const onDisk = await blobsOnDisk(dir);
  const rows = await sql<{ sha256: string }>`SELECT DISTINCT sha256 FROM files`.execute(deps.db.kysely);
  const named = new Set(rows.rows.map((r) => r.sha256));
  const cutoff = Date.now() - graceMs;
  for (const b of onDisk) {
    if (named.has(b.sha256) || b.mtimeMs > cutoff) continue;
    // Re-checked under the blob's lock: an upload of the same content may be placing it now.
    await discardStoredFile(deps, { sha256: b.sha256, createdBlob: true });
    if (!fs.existsSync(blobPath(dir, b.sha256))) {
      report.blobs++;
      report.blobBytes += b.size;
    }
  }
  const present = new Set(onDisk.map((b) => b.sha256));
  report.missingBlobs = [...named].filter((s) => !present.has(s)).length;
}

/** Sweep the store once (see the top of this file). */
export async function sweepFileStore(deps: Deps, opts: SweepOptions = {}): Promise<SweepReport> {
  const graceMs = opts.graceMs ?? SWEEP_GRACE_MS;
  const report: SweepReport = { tempFiles: 0, tempBytes: 0, rows: 0, blobs: 0, blobBytes: 0, missingBlobs: 0 };
  if (!fs.existsSync(deps.config.filesDir)) return report;
  await sweepTemp(deps.config.filesDir, opts.tempGraceMs ?? 0, report);
  // Rows first: the bytes of a row removed now go in the same run when they are old enough.
  await sweepRows(deps, graceMs, report);
  await sweepBlobs(deps, graceMs, report);
  return report;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The sweep's log line, in Chinese and English. */
export function sweepLine(r: SweepReport): string {
  const zh = `文件存储清理：删除临时文件 ${r.tempFiles} 个（${mb(r.tempBytes)}）、无记录的文件 ${r.blobs} 个（${mb(r.blobBytes)}）、无引用的文件记录 ${r.rows} 条`;
  const en = `File store sweep: removed ${r.tempFiles} temporary files (${mb(r.tempBytes)}), ${r.blobs} blobs without a row (${mb(r.blobBytes)}), ${r.rows} rows referenced by nothing`;
  const missing = r.missingBlobs ? `；${r.missingBlobs} 条文件记录缺少文件内容 ${r.missingBlobs} rows have no bytes in FILES_DIR (restore them from the backup)` : '';
  return `${zh} ${en}${missing}`;
}

/**
 * Sweep at start (before the server listens: none of this process's uploads is in flight), then
 * every SWEEP_INTERVAL_MS. A failed sweep is logged and never stops the server.
 */
export async function startFileSweep(deps: Deps, log: (line: string) => void = console.log): Promise<{ stop(): void }> {
  const run = async (opts: SweepOptions) => {
    try {
      const r = await sweepFileStore(deps, opts);
      if (opts.tempGraceMs === 0 || r.tempFiles + r.blobs + r.rows + r.missingBlobs > 0) log(sweepLine(r));
    } catch (e) {
      log(`文件存储清理失败 File store sweep failed: ${(e as Error).message}`);
    }
  };
  await run({ tempGraceMs: 0 });
  const timer = setInterval(() => void run({ tempGraceMs: SWEEP_TEMP_GRACE_MS }), SWEEP_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
