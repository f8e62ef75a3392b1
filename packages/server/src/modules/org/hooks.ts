/**
 * What other modules do when an organisation becomes active — created, re-activated (restored)
 * or moved with its subtree — inside the same transaction (e.g. giving it the tasks of the issued
 * list). A hook that throws rolls the change back. Modules register with
 * `onOrgActivated.push(fn)` at start-up (once: check `includes` first, many apps may be built in
 * one process).
 */
import type { WriteContext } from '../../write.ts';

export interface OrgActivatedContext {
  /** The organisation; for a move, the root of the moved subtree. */
  orgId: number;
  /** Its materialised path after the change. */
  path: string;
  reason: 'created' | 'activated' | 'moved';
}

/** A hook gets the change's `write` context (transaction, actor, time, audit, notify) and what changed. */
export type OrgActivatedHook = (w: WriteContext, ctx: OrgActivatedContext) => Promise<void>;

export const onOrgActivated: OrgActivatedHook[] = [];
