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
  webDist: string;
  logLevel: string;
}

function int(v: string | undefined, d: number): number {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : d;
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
    webDist: path.resolve(env.WEB_DIST ?? path.join(import.meta.dirname, '../../web/dist')),
    logLevel: env.LOG_LEVEL ?? 'warn',
  };
}
