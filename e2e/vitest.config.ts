import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * End-to-end suite: the real server (demo province, fresh data directory) driven by Debian's
 * Chromium through playwright-core. One worker, one file at a time: the tests tell one story.
 * With QD_REPORT_DIR set, a JSON report goes to $QD_REPORT_DIR/e2e.json (read by .ci/run).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const reportDir = process.env.QD_REPORT_DIR;
const reporters = reportDir ? ['default', ['json', { outputFile: `${reportDir}/e2e.json` }]] : ['default'];

export default defineConfig({
  root,
  test: {
    name: 'e2e',
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    reporters: reporters as never,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    // expect.poll waits for the browser and the server: a second (the default) is too short when
    // the embedded database is busy, as it is on a shared two-core machine.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
  },
});
