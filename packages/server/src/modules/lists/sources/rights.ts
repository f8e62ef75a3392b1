/**
 * Who may change the sources of a list, by the module's rules (modules/lists/policy.ts): the source
 * documents, their items and the waivers are the owner's (the committee administrator or staff of
 * the owner department) while the list may change; a task's links follow the task (its part's
 * drafting department, or the owner).
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { CurrentUser } from '../../auth/session.ts';
import type { Actor } from '../../audit/record.ts';
import { assertCanEditList, assertCanEditTask } from '../policy.ts';

export type Trx = Transaction<Database>;

/** The audit actor and the grants of the caller. */
export interface Caller extends Actor {
  grants: CurrentUser['grants'];
}

/** Lock the list and refuse unless the caller owns it and it may change now. */
export async function assertOwnerEdits(trx: Trx, caller: Caller, listId: number): Promise<void> {
  await assertCanEditList(trx, caller, listId);
}

/** Lock the task's list and refuse unless the caller may edit the task now. */
export async function assertTaskEdits(trx: Trx, caller: Caller, taskId: number): Promise<void> {
  await assertCanEditTask(trx, caller, taskId);
}
