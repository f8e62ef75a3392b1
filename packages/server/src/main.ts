import { loadConfig } from './config.ts';
import { openDeps } from './bootstrap.ts';
import { buildApp } from './app.ts';
import { needsSetup } from './modules/auth/setup.ts';
import { startDemo } from './demo/start.ts';
import { startReminderScheduler } from './modules/notifications/scheduler.ts';
import { startClock } from './modules/system/business-date.ts';
import { startFileSweep } from './modules/files/sweep.ts';
import { prioritizeDbWork } from './db/pglite-pool.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';

const started = Date.now();
const config = loadConfig();
const deps = await openDeps(config).catch((e: unknown) => {
  // Another process holds DATA_DIR: its message says which, in Chinese and English.
  if (e instanceof DataDirLockedError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
});
// Seeds an empty database (DEMO=1), and redoes a demo seed that an interrupted start left unfinished.
await startDemo(deps, { demo: config.demo });
const businessDate = await startClock(deps);
if (businessDate) {
  console.log(`业务日期 Business date: ${businessDate}${config.clockDate ? ' (CLOCK_DATE)' : '（演示 demo; CLOCK_DATE=real for the real date）'}`);
}
if (config.clockControl) console.log('CLOCK_CONTROL=1: POST /api/system/clock moves the business clock (tests only)');
await startFileSweep(deps); // what an interrupted upload left (modules/files/sweep.ts), before any upload of ours
const app = await buildApp(deps, { logger: true });
// Each request is one unit of work on PGlite's single connection: writes and health first, then the oldest request.
prioritizeDbWork(app.server);
await app.listen({ port: config.port, host: config.host });
console.log(`清单 Qingdan listening on http://localhost:${config.port} (${deps.db.kind}, ${Date.now() - started} ms)`);
if (!config.demo && (await needsSetup(deps))) {
  console.log('尚无管理员：请在浏览器中打开上面的地址创建首个管理员。No administrator yet: open the address above to create one.');
}

const reminders = startReminderScheduler(deps, app.log);

const shutdown = async () => {
  await reminders.stop();
  await app.close();
  await deps.db.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
