import { scopeFor } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { notFound } from '../../../http/errors.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { canManageList, editablePartIds, isListEditable, type PolicyList } from '../policy.ts';
import { loadListStructure, type ListStructure } from './load-list.ts';

export interface ListRights {
  /** The caller owns the list (manages parts, the list's own fields, the lifecycle). */
  canManage: boolean;
  /** The list's content can change now (drafting, or an issued list in revision). */
  editable: boolean;
  /** The parts whose sections and tasks the caller may edit now. */
  editablePartIds: number[];
}

export type ListDetail = ListStructure & { rights: ListRights };

/** The whole list with numbers and counts, and what the caller may change in it. */
export async function getList(deps: Deps, user: CurrentUser, listId: number): Promise<ListDetail> {
  const s = await loadListStructure(deps.db, listId);
  if (!s) throw notFound();
  const policyList: PolicyList = {
    id: s.list.id,
    year: s.list.year,
    status: s.list.status,
    ownerOrgId: s.list.ownerOrgId,
    version: s.list.version,
    openRevisionId: s.list.openRevisionId,
  };
  const has = (p: 'lists.manage' | 'lists.draft') => {
    const sc = scopeFor(user.grants, p);
    return sc === 'all' || sc.length > 0;
  };
  const canManage = has('lists.manage') && canManageList(user, policyList);
  return {
    ...s,
    rights: {
      canManage,
      editable: isListEditable(policyList),
      editablePartIds: has('lists.draft') ? editablePartIds(user, policyList, s.parts) : [],
    },
  };
}
