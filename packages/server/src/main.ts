import { loadConfig } from './config.ts';
import { openDeps } from './bootstrap.ts';
import { buildApp } from './app.ts';
import { needsSetup } from './modules/auth/setup.ts';
import { seedDemo } from './demo/seed.ts';
import { startReminderScheduler } from './modules/notifications/scheduler.ts';
import { startClock } from './modules/system/business-date.ts';

const started = Date.now();
const config = loadConfig();
const deps = await openDeps(config);
if (config.demo && (await needsSetup(deps))) {
  const r = await seedDemo(deps);
  console.log(`已生成演示数据 Demo province seeded: ${r.units} units, ${r.branches} branches, ${r.people} people`);
}
const businessDate = await startClock(deps);
if (businessDate) {
  console.log(`业务日期 Business date: ${businessDate}${config.clockDate ? ' (CLOCK_DATE)' : '（演示 demo; CLOCK_DATE=real for the real date）'}`);
}
if (config.clockControl) console.log('CLOCK_CONTROL=1: POST /api/system/clock moves the business clock (tests only)');
const app = await buildApp(deps, { logger: true });
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
