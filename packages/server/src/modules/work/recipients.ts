/**
 * Who hears of a piece of work: its recorders and its reviewers — the rules of policy.ts as SQL
 * over active accounts and their grants (the reminder sweep, work/reminders/sweep.ts, uses the
 * same fragments set-wise).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { unitPathOf } from '@qingdan/core';
import type { Database } from '../../db/schema.ts';
import { recordGrantSql, reviewGrantSql, type ReviewerOrg } from './policy.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Active accounts that may record the work of organisation `orgId` (policy.recordGrantSql). */
export async function recordersOf(db: Q, orgId: number): Promise<number[]> {
  const r = await sql<{ id: number }>`
    SELECT DISTINCT a.id
    FROM orgs o
    JOIN role_grants g ON g.org_id IN (o.id, o.unit_id)
    JOIN accounts a ON a.person_id = g.person_id AND a.active
    JOIN people p ON p.id = g.person_id AND p.active
    WHERE o.id = ${orgId} AND ${recordGrantSql({ role: sql`g.role`, orgId: sql`g.org_id` }, { id: sql`o.id`, unitId: sql`o.unit_id` })}
    ORDER BY a.id`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Active accounts that may review work whose reviewer organisation is `reviewer` (policy.reviewGrantSql). */
export async function reviewersOf(db: Q, reviewer: ReviewerOrg): Promise<number[]> {
  const r = await sql<{ id: number }>`
    SELECT DISTINCT a.id
    FROM role_grants g
    JOIN orgs go ON go.id = g.org_id AND go.active
    JOIN accounts a ON a.person_id = g.person_id AND a.active
    JOIN people p ON p.id = g.person_id AND p.active
    WHERE ${reviewGrantSql({ role: sql`g.role`, orgPath: sql`go.path` }, { path: sql`${reviewer.path}::text`, inUnit: sql`${reviewer.inUnit}::boolean`, unitPath: sql`${unitPathOf(reviewer.path)}::text` })}
    ORDER BY a.id`.execute(db);
  return r.rows.map((x) => x.id);
}
