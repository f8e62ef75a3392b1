import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { pathFilter } from '../../http/access.ts';

/** Counts of active organisations by kind, and of people and accounts, inside a scope. */
export async function overview(deps: Deps, scope: 'all' | string[]) {
  const k = deps.db.kysely;
  const kinds = await sql<{ kind: string; n: number }>`
    SELECT kind, count(*)::int AS n FROM orgs WHERE active AND ${pathFilter('path', scope)} GROUP BY kind`.execute(k);
  const people = await sql<{ people: number; accounts: number }>`
    SELECT count(*)::int AS people, count(a.id)::int AS accounts
    FROM people p LEFT JOIN accounts a ON a.person_id = p.id
    WHERE p.active AND ${pathFilter('p.org_path', scope)}`.execute(k);
  const byKind: Record<string, number> = {};
  for (const r of kinds.rows) byKind[r.kind] = r.n;
  return { orgsByKind: byKind, people: people.rows[0]?.people ?? 0, accounts: people.rows[0]?.accounts ?? 0 };
}
