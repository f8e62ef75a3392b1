import { sql } from 'kysely';
import type { Db } from './database.ts';
import { MIGRATIONS } from './migrations/index.ts';

/** Apply every migration not yet applied, each in its own transaction. Returns the ids applied. */
export async function migrate(db: Db): Promise<string[]> {
  await db.execScript(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const done = new Set((await db.kysely.selectFrom('schema_migrations').select('id').execute()).map((r) => r.id));
  const applied: string[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    const escapedId = m.id.replace(/'/g, "''");
    await db.execScript(`BEGIN;\n${m.up}\nINSERT INTO schema_migrations (id) VALUES ('${escapedId}');\nCOMMIT;`);
    applied.push(m.id);
  }
  return applied;
}

export async function isEmpty(db: Db): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orgs`.execute(db.kysely);
  return (r.rows[0]?.n ?? 0) === 0;
}
