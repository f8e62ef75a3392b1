import { defineConfig } from 'vitest/config';

/**
 * Projects: core rules (pure), the server suite on PGlite, and the same server suite on PostgreSQL
 * when TEST_DATABASE_URL is set. Under CI=true a missing TEST_DATABASE_URL is an error, not a skip.
 */
const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) {
  if (process.env.CI === 'true') throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suite cannot be skipped in CI');
  console.warn('[qingdan] PostgreSQL suite skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it');
}

const reportDir = process.env.QD_REPORT_DIR;
const reporters = reportDir ? ['default', ['json', { outputFile: `${reportDir}/unit.json` }]] : ['default'];

const shared = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    reporters: reporters as never,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { test: { ...shared, name: 'core', include: ['packages/core/src/**/*.test.ts', 'packages/web/src/**/*.test.ts'] } },
      { test: { ...shared, name: 'pglite', include: ['packages/server/src/**/*.test.ts'], env: { QD_TEST_DB: 'pglite' } } },
      ...(pgUrl
        ? [{ test: { ...shared, name: 'postgres', include: ['packages/server/src/**/*.test.ts'], env: { QD_TEST_DB: 'postgres', TEST_DATABASE_URL: pgUrl } } }]
        : []),
    ],
  },
});
