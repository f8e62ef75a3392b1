/**
 * Writing to inboxes. Use cases declare their notifications through `write` (write.ts), which
 * calls `notify` at the end of their transaction; `dedupe_key` makes a repeated call a no-op.
 * Who should hear of something is the owning module's rule (work: work/recipients.ts).
 */
import type { Kysely, Transaction } from 'kysely';
import type { NotificationKind, NotificationParams } from '@qingdan/core';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../clock.ts';

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
