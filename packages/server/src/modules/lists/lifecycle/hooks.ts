/**
 * What other modules do when a list is issued or a revision published, inside the same
 * transaction (e.g. distributing the list's tasks to the units). A hook that throws rolls the
 * whole issue (or publication) back. Modules register with `onListIssued.push(fn)` at start-up.
 */
import type { WriteContext } from '../../../write.ts';

export interface ListIssuedContext {
  listId: number;
  year: number;
  /** 0 when first issued; the revision's number when a revision is published. */
  revision: number;
}

export interface ListRevisedContext extends ListIssuedContext {
  revisionId: number;
  /** Snapshots before and after the revision (for working out what changed). */
  beforeSnapshotId: number | null;
  afterSnapshotId: number;
}

/** A hook gets the change's `write` context (transaction, actor, time, audit, notify) and what changed. */
export type ListIssuedHook = (w: WriteContext, ctx: ListIssuedContext) => Promise<void>;
export type ListRevisedHook = (w: WriteContext, ctx: ListRevisedContext) => Promise<void>;

export const onListIssued: ListIssuedHook[] = [];
export const onListRevised: ListRevisedHook[] = [];
