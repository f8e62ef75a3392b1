import type { Config } from './config.ts';
import { createDb, type Db } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { SystemClock } from './clock.ts';
import type { Deps } from './deps.ts';

/** Open the configured database and bring its schema up to date. */
export async function openDeps(config: Config): Promise<Deps & { clock: SystemClock }> {
  const db: Db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(db);
  return { db, clock: new SystemClock(), config };
}
