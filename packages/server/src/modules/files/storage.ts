/**
 * The file store's disk: what its errors mean to a user, and its state for `GET /api/health`.
 * A full disk or quota (ENOSPC, EDQUOT) answers 507 STORAGE_FULL; a store that cannot be written
 * (EROFS, EACCES, EPERM) 503 STORAGE_UNAVAILABLE — never 500 INTERNAL.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { EVIDENCE_MAX_BYTES } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';

export type StorageState = 'ok' | 'full' | 'readOnly';

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);
const READ_ONLY_CODES = new Set(['EROFS', 'EACCES', 'EPERM']);

/** The state an error of the file system tells about the store, or null for any other error. */
export function storageStateOf(e: unknown): Exclude<StorageState, 'ok'> | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (FULL_CODES.has(code)) return 'full';
  if (READ_ONLY_CODES.has(code)) return 'readOnly';
  return null;
}

/** The error to answer for a storage failure (507 full, 503 unavailable), or null for another error. */
export function storageAppError(e: unknown): AppError | null {
  if (e instanceof AppError) return e.code === 'STORAGE_FULL' || e.code === 'STORAGE_UNAVAILABLE' ? e : null;
  const state = storageStateOf(e);
  if (state === null) return null;
  return state === 'full' ? new AppError(507, 'STORAGE_FULL') : new AppError(503, 'STORAGE_UNAVAILABLE');
}

/** An errno error as node:fs throws it (for tests that inject storage failures). */
export function errnoError(code: string, syscall = 'write'): NodeJS.ErrnoException {
  const e = new Error(`${code}: injected failure, ${syscall}`) as NodeJS.ErrnoException;
  e.code = code;
  e.syscall = syscall;
  return e;
}

/** Test seam: an errno code that the store's writes (uploads and the health probe) fail with. */
export const storageFaults: { writeError?: string } = {};

/** Below this much free space the store is reported full: the largest upload might not fit. */
export const STORAGE_LOW_BYTES = EVIDENCE_MAX_BYTES;
const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; state: StorageState }>();

/** Remember what an upload just learnt about the store (health shows it at once). */
export function noteStorageState(filesDir: string, state: StorageState): void {
  cache.set(filesDir, { at: Date.now(), state });
}

/** Forget the cached state (tests). */
export function forgetStorageState(): void {
  cache.clear();
}

/**
 * The store's state: a probe file written and removed in FILES_DIR/tmp (read-only, full) and the
 * free space by statfs (full below STORAGE_LOW_BYTES), cached for a few seconds.
 */
export async function storageState(deps: Deps): Promise<StorageState> {
  const dir = deps.config.filesDir;
  const hit = cache.get(dir);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.state;
  const state = await probe(dir);
  cache.set(dir, { at: Date.now(), state });
  return state;
}

async function probe(dir: string): Promise<StorageState> {
  try {
    if (storageFaults.writeError) throw errnoError(storageFaults.writeError);
    const tmp = path.join(dir, 'tmp');
    await fsp.mkdir(tmp, { recursive: true });
    const file = path.join(tmp, `.probe-${process.pid}`);
    await fsp.writeFile(file, 'ok');
    await fsp.rm(file, { force: true });
    const s = await fsp.statfs(dir);
    return s.bavail * s.bsize < STORAGE_LOW_BYTES ? 'full' : 'ok';
  } catch (e) {
    return storageStateOf(e) ?? 'readOnly';
  }
}
