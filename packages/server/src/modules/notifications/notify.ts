/**
 * Writing to inboxes, and finding who should hear of a period: its recorders and its reviewers
 * (the same rules as modules/work/policy.ts, as SQL over active accounts and their grants).
 * Use cases call `notify` inside their own transaction; `dedupe_key` makes a repeated call a no-op.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { unitPathOf, type NotificationKind, type NotificationParams } from '@qingdan/core';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../clock.ts';
import { recordGrantSql, reviewGrantSql, type ReviewerOrg } from '../work/policy.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface NotificationInput {
  kind: NotificationKind;
  /** What the title and body are rendered from, in each reader's language (core renderNotification). */
  params: NotificationParams;
  /** A path of the web app, e.g. `/work/periods/12`. */
  link?: string;
  /** Same key for the same account → written once. */
  dedupeKey?: string;
}

/** Write one notification to each account (duplicates by dedupe key are skipped). Returns how many were written. */
export async function notify(db: Q, clock: Clock, accountIds: readonly number[], n: NotificationInput): Promise<number> {
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return 0;
  const now = clock.now();
  const params = JSON.stringify(n.params);
  const r = await db
    .insertInto('notifications')
    .values(ids.map((id) => ({ account_id: id, kind: n.kind, title: '', body: '', params, link: n.link ?? '', dedupe_key: n.dedupeKey ?? null, created_at: now })))
    .onConflict((oc) => oc.columns(['account_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

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
