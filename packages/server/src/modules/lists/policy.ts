/**
 * The finer rules of the responsibility list, used by every lists sub-module after the route guard
 * (which has checked the permission and that the list is visible to the caller):
 *   - the owner of a list — the committee administrator, or department staff granted at the list's
 *     owner department (the organisation department) — manages it and edits every part;
 *   - while drafting (draft, soliciting), department staff edit only the parts their department
 *     drafts;
 *   - nothing changes in review or once approved; an issued list changes only through an open
 *     revision (list_revisions.status = 'open'), and then by the owner only.
 * Refusals carry their own codes (never the guard's FORBIDDEN / NOT_FOUND), so the page can say why.
 */
import type { Kysely, Transaction } from 'kysely';
import { isEditableStatus, type ListStatus } from '@qingdan/core';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { CurrentUser } from '../auth/session.ts';

type K = Kysely<Database> | Transaction<Database>;
export type PolicyUser = Pick<CurrentUser, 'grants'>;

/** What the rules need to know of a list. */
export interface PolicyList {
  id: number;
  year: number;
  status: ListStatus;
  ownerOrgId: number;
  version: number;
  /** The open revision of an issued list, or null. */
  openRevisionId: number | null;
}

/** What the rules need to know of a part. */
export interface PolicyPart {
  id: number;
  listId: number;
  draftingOrgId: number | null;
}

/** The list's owner: the committee administrator, or department staff granted at the owner department. */
export function canManageList(user: PolicyUser, list: Pick<PolicyList, 'ownerOrgId'>): boolean {
  return user.grants.some((g) => g.role === 'committeeAdmin' || (g.role === 'departmentStaff' && g.orgId === list.ownerOrgId));
}

/** Whether the list's content may change at all (for anyone): drafting, or an issued list in revision. */
export function isListEditable(list: Pick<PolicyList, 'status' | 'openRevisionId'>): boolean {
  return isEditableStatus(list.status) || (list.status === 'issued' && list.openRevisionId !== null);
}

/** Refuse changes to a list in review, approved, or issued without an open revision. */
export function assertListEditable(list: Pick<PolicyList, 'status' | 'openRevisionId'>): void {
  if (isListEditable(list)) return;
  if (list.status === 'issued') throw new AppError(409, 'LIST_NOT_EDITABLE');
  throw new AppError(409, 'LIST_LOCKED');
}

async function orgName(k: K, id: number | null): Promise<string> {
  if (id === null) return '—';
  const r = await k.selectFrom('orgs').select('name').where('id', '=', id).executeTakeFirst();
  return r?.name ?? '—';
}

/** Refuse unless the user owns the list. */
export async function assertCanManageList(k: K, user: PolicyUser, list: PolicyList): Promise<void> {
  if (!canManageList(user, list)) throw new AppError(403, 'LIST_NOT_MANAGER', { dept: await orgName(k, list.ownerOrgId) });
}

/** Whether the user may edit a part's content (its sections and tasks), given the list. */
export function canEditPart(user: PolicyUser, list: PolicyList, part: Pick<PolicyPart, 'draftingOrgId'>): boolean {
  if (!isListEditable(list)) return false;
  if (canManageList(user, list)) return true;
  if (!isEditableStatus(list.status)) return false; // a revision: the owner only
  return part.draftingOrgId !== null && user.grants.some((g) => g.role === 'departmentStaff' && g.orgId === part.draftingOrgId);
}

/** The parts the user may edit now (for the page's `rights`). */
export function editablePartIds(user: PolicyUser, list: PolicyList, parts: readonly (Pick<PolicyPart, 'draftingOrgId'> & { id: number })[]): number[] {
  return parts.filter((p) => canEditPart(user, list, p)).map((p) => p.id);
}

/**
 * Load a list for a write. With `lock`, the row is locked FOR UPDATE, serialising the list's writers
 * (codes and sequence numbers are generated from its contents, and transitions check its state).
 */
export async function loadPolicyList(k: K, listId: number, lock = true): Promise<PolicyList> {
  let q = k
    .selectFrom('responsibility_lists')
    .select(['id', 'year', 'status', 'owner_org_id', 'version'])
    .where('id', '=', listId);
  if (lock) q = q.forUpdate();
  const l = await q.executeTakeFirst();
  if (!l) throw notFound();
  const rev = await k.selectFrom('list_revisions').select('id').where('list_id', '=', listId).where('status', '=', 'open').orderBy('id', 'desc').executeTakeFirst();
  return { id: l.id, year: l.year, status: l.status, ownerOrgId: l.owner_org_id, version: l.version, openRevisionId: rev?.id ?? null };
}

export async function loadPolicyPart(k: K, partId: number): Promise<PolicyPart> {
  const p = await k.selectFrom('list_parts').select(['id', 'list_id', 'drafting_org_id']).where('id', '=', partId).executeTakeFirst();
  if (!p) throw notFound();
  return { id: p.id, listId: p.list_id, draftingOrgId: p.drafting_org_id };
}

/**
 * Refuse unless the user may edit this part's content now: the list is editable, and the user owns
 * the list or (while drafting) drafts this part. Returns the (locked) list.
 */
export async function assertCanEditPart(k: K, user: PolicyUser, part: PolicyPart | number): Promise<PolicyList> {
  const p = typeof part === 'number' ? await loadPolicyPart(k, part) : part;
  const list = await loadPolicyList(k, p.listId);
  assertListEditable(list);
  if (canManageList(user, list)) return list;
  if (!isEditableStatus(list.status)) throw new AppError(403, 'LIST_REVISION_OWNER_ONLY');
  if (!canEditPart(user, list, p)) throw new AppError(403, 'PART_NOT_YOURS', { dept: await orgName(k, p.draftingOrgId) });
  return list;
}

/** As assertCanEditPart, for the part a task sits in. */
export async function assertCanEditTask(k: K, user: PolicyUser, taskId: number): Promise<{ list: PolicyList; part: PolicyPart }> {
  const t = await k.selectFrom('list_tasks').select('part_id').where('id', '=', taskId).executeTakeFirst();
  if (!t) throw notFound();
  const part = await loadPolicyPart(k, t.part_id);
  return { list: await assertCanEditPart(k, user, part), part };
}

/**
 * Refuse unless the user may change the list as a whole (its title, its parts, its sources): the
 * list is editable and the user owns it. Returns the (locked) list.
 */
export async function assertCanEditList(k: K, user: PolicyUser, listId: number): Promise<PolicyList> {
  const list = await loadPolicyList(k, listId);
  assertListEditable(list);
  await assertCanManageList(k, user, list);
  return list;
}
