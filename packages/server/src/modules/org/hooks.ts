/**
 * What other modules do when an organisation becomes active — created, re-activated (restored)
 * or moved with its subtree — inside the same transaction (e.g. giving it the tasks of the issued
 * list). A hook that throws rolls the change back. Modules register with
 * `onOrgActivated.push(fn)` at start-up (once: check `includes` first, many apps may be built in
 * one process).
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../audit/record.ts';

export interface OrgActivatedContext {
  /** The organisation; for a move, the root of the moved subtree. */
  orgId: number;
  /** Its materialised path after the change. */
  path: string;
  reason: 'created' | 'activated' | 'moved';
  /** Business time of the change. */
  now: Date;
  actor: Actor;
}

export type OrgActivatedHook = (trx: Transaction<Database>, ctx: OrgActivatedContext) => Promise<void>;

export const onOrgActivated: OrgActivatedHook[] = [];
