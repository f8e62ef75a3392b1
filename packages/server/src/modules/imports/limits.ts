/**
 * Limits of the uploads that are unpacked and parsed (docs/OPERATIONS.md "Imports"): how far each
 * import's package may inflate, and how many are parsed at once in the process.
 *
 * Parsing is the expensive part: exceljs holds about ten times the inflated size in memory while it
 * reads a workbook, and a sheet of tiny cells costs more. So a package may inflate only to what a
 * real file of that import needs with a generous margin (config importUnpackedMaxBytes), and at
 * most config.importConcurrency uploads are unpacked and parsed at once; a few more wait up to
 * config.importQueueWaitMs, anything beyond is refused with 503 IMPORT_BUSY.
 */
import type { Config } from '../../config.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import type { PackageProblem } from './open-package.ts';

/** What an upload is imported into: organisations, people, a list workbook, a source document. */
export type UploadKind = 'orgs' | 'people' | 'list' | 'source' | 'division';

/** Uploads that may wait for a parse slot (each holds its file in memory while it waits). */
export const MAX_WAITING = 8;

export const unpackedLimit = (config: Config, kind: UploadKind): number => config.importUnpackedMaxBytes[kind];

export const mbOf = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The refusal of a package that could not be opened: 413 past the limit, else 400 `badFileCode`. */
export function packageRefusal(
  reason: PackageProblem, limit: number, inflatedBytes: number, badFileCode: string,
): { status: number; code: string; params: Record<string, number> } {
  if (reason === 'tooLarge') return { status: 413, code: 'IMPORT_UNPACKED_TOO_LARGE', params: { mb: mbOf(limit), inflatedBytes } };
  return { status: 400, code: badFileCode, params: {} };
}

/** A counting semaphore: `capacity` holders, up to `maxWaiting` waiting at most `waitMs` each. */
export class ImportGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    readonly capacity: number,
    readonly maxWaiting: number,
    readonly waitMs: number,
  ) {}

  get running() {
    return this.active;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.capacity) {
      this.active += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxWaiting || this.waitMs <= 0) return Promise.reject(new AppError(503, 'IMPORT_BUSY'));
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new AppError(503, 'IMPORT_BUSY'));
      }, this.waitMs);
      this.waiting.push(grant);
    });
  }

  /** The slot passes straight to the next waiter, if any. */
  private release() {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

// One gate per configuration: the running server has one, so the bound holds across the process.
const gates = new WeakMap<Config, ImportGate>();

export function importGate(config: Config): ImportGate {
  let g = gates.get(config);
  if (!g) {
    g = new ImportGate(config.importConcurrency, MAX_WAITING, config.importQueueWaitMs);
    gates.set(config, g);
  }
  return g;
}

/** Unpack and parse an upload in one of the process's parse slots (503 IMPORT_BUSY when none frees up in time). */
export const withImportSlot = <T>(deps: Pick<Deps, 'config'>, fn: () => Promise<T>): Promise<T> => importGate(deps.config).run(fn);
