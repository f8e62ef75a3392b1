/**
 * What a server start does about the demo (main.ts): seed an empty database (DEMO=1), redo a seed
 * that an earlier start did not finish, and leave every other database alone.
 */
import type { Deps } from '../deps.ts';
import { seedDemo, type SeedOptions, type SeedResult } from './seed.ts';
import { demoSeedState, hasOrgsOrAccounts, hasOthersWork, lockDemoSeed, wipeInterruptedDemo } from './progress.ts';

export type DemoStartAction =
  /** Nothing to do: a complete demo, a database with other data, or DEMO=0 on an empty one. */
  | 'none'
  /** An empty database got the demo. */
  | 'seeded'
  /** An interrupted seed was removed and the demo seeded again. */
  | 'reseeded'
  /** DEMO=0: an interrupted seed was removed, the database is empty again. */
  | 'removed'
  /** An interrupted seed in a database that someone has used since: left as it is. */
  | 'kept';

export interface DemoStartOptions {
  /** DEMO=1 (the default): seed an empty database. */
  demo: boolean;
  /** Where the Chinese-and-English lines go (console.log by default). */
  log?: (line: string) => void;
  /** Passed to seedDemo (tests: a small province, an interruption). */
  seed?: SeedOptions;
}

const seededLine = (r: SeedResult) => `${r.units} units, ${r.branches} branches, ${r.people} people`;

export async function startDemo(
  deps: Pick<Deps, 'db' | 'clock'> & { config?: Deps['config'] | undefined },
  opts: DemoStartOptions,
): Promise<{ action: DemoStartAction; result: SeedResult | null }> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const k = deps.db.kysely;
  const state = await demoSeedState(k);
  if (state === 'complete') return { action: 'none', result: null };
  if (state === 'started') {
    if (await hasOthersWork(k)) {
      log('演示数据上次未生成完整，但此后数据库已被使用（有登录或操作记录），未作改动；如不需要，请删除数据目录或清空数据库后重新启动。'
        + ' An earlier demo seed was interrupted, but the database has been used since (sign-ins or audit entries): it is left as it is; delete the data directory or empty the database and start again if it is not needed.');
      return { action: 'kept', result: null };
    }
    if (!opts.demo) {
      await k.transaction().execute(async (trx) => {
        await lockDemoSeed(trx);
        await wipeInterruptedDemo(trx);
      });
      log('已清除上次启动时未生成完整的演示数据（DEMO=0）。Removed the demo data of an earlier start that was interrupted while seeding (DEMO=0).');
      return { action: 'removed', result: null };
    }
    log('上次启动时演示数据未生成完整，正在清除并重新生成…… The demo seed of an earlier start was interrupted: removing what it wrote and seeding again…');
    const result = await seedDemo(deps, opts.seed);
    log(`已重新生成演示数据 Demo province seeded again: ${seededLine(result)}`);
    return { action: 'reseeded', result };
  }
  if (!opts.demo || (await hasOrgsOrAccounts(k))) return { action: 'none', result: null };
  const result = await seedDemo(deps, opts.seed);
  log(`已生成演示数据 Demo province seeded: ${seededLine(result)}`);
  return { action: 'seeded', result };
}
