import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Content-addressed file store (minutes, later evidence): FILES_DIR, default DATA_DIR/files. */
  filesDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
  importMaxBytes: number;
  /**
   * Bytes an uploaded xlsx/docx may really inflate to, per import (counted while inflating;
   * docs/OPERATIONS.md "Imports"): IMPORT_UNPACKED_MB (organisations and people, default 24),
   * LIST_IMPORT_UNPACKED_MB (list workbooks, 16), SOURCE_IMPORT_UNPACKED_MB (source documents, 16).
   */
  importUnpackedMaxBytes: { orgs: number; people: number; list: number; source: number; division: number };
  /** Uploads parsed at once in the process (IMPORT_CONCURRENCY, default 2); more wait up to IMPORT_QUEUE_WAIT_MS (10,000), then 503. */
  importConcurrency: number;
  importQueueWaitMs: number;
  webDist: string;
  logLevel: string;
  /**
   * CLOCK_DATE: the business date the server starts at (YYYY-MM-DD, 09:00 Beijing time, then
   * ticking), or 'real' for the real date even on demo data. Unset: the demo's business date when
   * the demo data is loaded, else the real date.
   */
  clockDate: string | undefined;
  /** CLOCK_CONTROL=1: register POST /api/system/clock (end-to-end tests). Never on by default. */
  clockControl: boolean;
  /** Minutes between reminder sweeps in the running server (REMINDER_SWEEP_MINUTES, default 60; 0 disables). */
  reminderSweepMinutes: number;
}

function int(v: string | undefined, d: number): number {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : d;
}

/** CLOCK_DATE: unset, 'real', or a valid YYYY-MM-DD date. Anything else stops the start with a clear message. */
export function parseClockDate(v: string | undefined): string | undefined {
  const s = v?.trim();
  if (!s) return undefined;
  if (s === 'real') return 'real';
  const t = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : NaN;
  if (Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s) return s;
  throw new Error(`CLOCK_DATE 应为 YYYY-MM-DD 格式的日期或 real，收到“${s}”。CLOCK_DATE must be a YYYY-MM-DD date or 'real', got '${s}'.`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    filesDir: path.resolve(env.FILES_DIR ?? path.join(env.DATA_DIR ?? 'data', 'files')),
    databaseUrl: env.DATABASE_URL || undefined,
    demo: env.DEMO !== '0',
    sessionIdleMinutes: int(env.SESSION_IDLE_MINUTES, 30),
    sessionAbsoluteHours: int(env.SESSION_ABSOLUTE_HOURS, 12),
    cookieSecure: env.COOKIE_SECURE === '1',
    loginRateLimitPerMinute: int(env.LOGIN_RATE_LIMIT, 10),
    importMaxBytes: int(env.IMPORT_MAX_MB, 20) * 1024 * 1024,
    importUnpackedMaxBytes: {
      orgs: int(env.IMPORT_UNPACKED_MB, 24) * 1024 * 1024,
      people: int(env.IMPORT_UNPACKED_MB, 24) * 1024 * 1024,
      list: int(env.LIST_IMPORT_UNPACKED_MB, 16) * 1024 * 1024,
      source: int(env.SOURCE_IMPORT_UNPACKED_MB, 16) * 1024 * 1024,
      division: int(env.IMPORT_UNPACKED_MB, 24) * 1024 * 1024,
    },
    importConcurrency: Math.max(1, int(env.IMPORT_CONCURRENCY, 2)),
    importQueueWaitMs: Math.max(0, int(env.IMPORT_QUEUE_WAIT_MS, 10_000)),
    webDist: path.resolve(env.WEB_DIST ?? path.join(import.meta.dirname, '../../web/dist')),
    logLevel: env.LOG_LEVEL ?? 'warn',
    reminderSweepMinutes: Math.max(0, int(env.REMINDER_SWEEP_MINUTES, 60)),
    clockDate: parseClockDate(env.CLOCK_DATE),
    clockControl: env.CLOCK_CONTROL === '1',
  };
}
