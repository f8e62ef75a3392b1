/**
 * Writes in one shape. A use case that changes data runs inside `write`: it opens the transaction,
 * gives the use case the transaction, the actor and the time, collects the audit entries and
 * notifications the use case declares, writes them at the end of the same transaction, and
 * returns the use case's answer — so a change, its audit entries and its notifications commit or
 * roll back together, and no use case forgets one. Routes stay a few lines: validate, call the
 * use case, answer.
 *
 *   export function renameThing(deps: Deps, actor: Actor, id: number, name: string) {
 *     return write(deps, actor, async (w) => {
 *       const before = await w.trx.selectFrom('things')…;
 *       await w.trx.updateTable('things')…;
 *       w.audit({ action: 'thing.rename', entityType: 'thing', entityId: id, before, after: { name } });
 *       return { ok: true as const };
 *     });
 *   }
 */
import type { Transaction } from 'kysely';
import type { Database } from './db/schema.ts';
import type { Deps } from './deps.ts';
import { beijingDateOf, type Clock } from './clock.ts';
import { recordAudit, type Actor, type AuditEntry } from './modules/audit/record.ts';
import { notify, type NotificationInput } from './modules/notifications/notify.ts';

export interface WriteContext {
  trx: Transaction<Database>;
  actor: Actor;
  /** The moment of the write (the business clock), and its Beijing date. */
  now: Date;
  today: string;
  /** Audit entries to append at the end of the transaction, in order. */
  audit(...entries: AuditEntry[]): void;
  /** A notification to write to these accounts at the end of the transaction. */
  notify(accountIds: readonly number[], n: NotificationInput): void;
}

export async function write<T>(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, useCase: (w: WriteContext) => Promise<T>): Promise<T> {
  return deps.db.kysely.transaction().execute((trx) => writeWithin(trx, deps.clock, actor, useCase));
}

/**
 * `write` inside a transaction the caller already holds (the demo's bulk seed, test fixtures):
 * the same context, the audit entries and notifications written when the use case returns.
 */
export async function writeWithin<T>(trx: Transaction<Database>, clock: Clock, actor: Actor, useCase: (w: WriteContext) => Promise<T>): Promise<T> {
  const entries: AuditEntry[] = [];
  const notes: [readonly number[], NotificationInput][] = [];
  const now = clock.now();
  const result = await useCase({
    trx,
    actor,
    now,
    today: beijingDateOf(now),
    audit: (...e) => void entries.push(...e),
    notify: (ids, n) => void notes.push([ids, n]),
  });
  for (const [ids, n] of notes) await notify(trx, clock, ids, n);
  await recordAudit(trx, clock, actor, entries);
  return result;
}
