import type { Org } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { onOrgActivated } from './hooks.ts';
import { assertVersion, auditView, loadOrgForUpdate, lockOrgTree, toOrg, type OrgDbRow } from './org-rows.ts';

/**
 * Dissolve (active=false) or restore an organisation. A dissolved organisation is never deleted.
 * Dissolving waits until its children are dissolved; restoring needs an active parent.
 */
export async function setOrgActive(deps: Deps, actor: Actor, id: number, active: boolean, version?: number): Promise<Org> {
  return write(deps, actor, async (w) => {
    const { trx, now, audit } = w;
    await lockOrgTree(trx);
    const before = await loadOrgForUpdate(trx, id);
    if (before.parent_id === null) throw new AppError(400, 'ORG_ROOT_READONLY');
    assertVersion(before, version);
    const count = async (onlyActive: boolean) => {
      let q = trx.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id);
      if (onlyActive) q = q.where('active', '=', true);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    if (before.active === active) return toOrg(before, await count(false));
    if (active) {
      const parent = await loadOrgForUpdate(trx, before.parent_id);
      if (!parent.active) throw new AppError(409, 'ORG_INACTIVE_PARENT');
    } else if ((await count(true)) > 0) {
      throw new AppError(409, 'ORG_HAS_ACTIVE_CHILDREN');
    }
    const after: OrgDbRow = { ...before, active, version: before.version + 1 };
    await trx
      .updateTable('orgs')
      .set({ active, version: after.version, updated_at: now, deactivated_at: active ? null : now })
      .where('id', '=', id)
      .execute();
    audit({
      action: active ? 'org.activate' : 'org.deactivate',
      entityType: 'org',
      entityId: id,
      orgPath: after.path,
      unitId: after.unit_id,
      before: auditView(before),
      after: auditView(after),
    });
    if (active) for (const hook of onOrgActivated) await hook(w, { orgId: id, path: after.path, reason: 'activated' });
    return toOrg(after, await count(false));
  });
}
