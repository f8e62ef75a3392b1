/**
 * Who may change the sources of a list. Until modules/lists/policy.ts settles these rules for the
 * whole module, they are checked here the same way: only drafts (and drafts out for opinions) are
 * edited; the owner (the committee administrator, or staff of the list's owner department) edits
 * the source documents and the waivers; a task's links follow the task: its part's drafting
 * department or the owner.
 */
import { isEditableStatus, ROLE_DEFINITIONS, scopeFor, type ListStatus, type Permission } from '@qingdan/core';
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { CurrentUser } from '../../auth/session.ts';
import type { Actor } from '../../audit/record.ts';
import { AppError, notFound } from '../../../http/errors.ts';

export type Trx = Transaction<Database>;

/** The audit actor and the grants of the caller. */
export interface Caller extends Actor {
  grants: CurrentUser['grants'];
}

export interface ListHead {
  id: number;
  status: ListStatus;
  owner_org_id: number;
  owner_org_name: string;
}

/** The list, locked for the rest of the transaction (so a transition cannot slip in between). */
export async function lockList(trx: Trx, listId: number): Promise<ListHead> {
  const row = await trx
    .selectFrom('responsibility_lists as l')
    .innerJoin('orgs as o', 'o.id', 'l.owner_org_id')
    .select(['l.id', 'l.status', 'l.owner_org_id', 'o.name as owner_org_name'])
    .where('l.id', '=', listId)
    .forUpdate('l')
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

const holds = (g: CurrentUser['grants'][number], p: Permission) => ROLE_DEFINITIONS[g.role].permissions.includes(p);

/** The committee administrator, or drafting staff of the list's owner department. */
export function isManager(caller: Caller, list: ListHead): boolean {
  if (scopeFor(caller.grants, 'lists.manage') === 'all') return true;
  return caller.grants.some((g) => (holds(g, 'lists.manage') || holds(g, 'lists.draft')) && g.orgId === list.owner_org_id);
}

export function assertEditable(list: ListHead): void {
  if (list.status === 'issued') throw new AppError(409, 'LIST_NOT_EDITABLE');
  if (!isEditableStatus(list.status)) throw new AppError(409, 'LIST_LOCKED');
}

export function assertManager(caller: Caller, list: ListHead): void {
  assertEditable(list);
  if (!isManager(caller, list)) throw new AppError(403, 'LIST_NOT_MANAGER', { dept: list.owner_org_name });
}

/** A task's links are edited by whoever may edit the task: the owner, or its part's drafting department. */
export async function assertTaskEditable(trx: Trx, caller: Caller, list: ListHead, partId: number): Promise<void> {
  assertEditable(list);
  if (isManager(caller, list)) return;
  const part = await trx
    .selectFrom('list_parts as p')
    .leftJoin('orgs as o', 'o.id', 'p.drafting_org_id')
    .select(['p.drafting_org_id', 'o.name'])
    .where('p.id', '=', partId)
    .executeTakeFirst();
  const ok = part?.drafting_org_id != null && caller.grants.some((g) => holds(g, 'lists.draft') && g.orgId === part.drafting_org_id);
  if (!ok) throw new AppError(403, 'PART_NOT_YOURS', { dept: part?.name ?? '—' });
}
