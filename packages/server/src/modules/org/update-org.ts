import type { Org, OrgUpdate } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import {
  assertCodeFree, assertLevel, assertVersion, auditView, loadOrgForUpdate, mapCodeViolation, toOrg, type OrgDbRow,
} from './org-rows.ts';

/** Edit an organisation's own fields (not its place in the tree), guarded by its version. */
export async function updateOrg(deps: Deps, actor: Actor, id: number, input: OrgUpdate): Promise<Org> {
  try {
    return await write(deps, actor, async ({ trx, now, audit }) => {
      const before = await loadOrgForUpdate(trx, id);
      assertVersion(before, input.version);
      if (input.levelCode !== before.level_code) await assertLevel(trx, input.levelCode, before.kind);
      if (input.code !== before.code) await assertCodeFree(trx, input.code, id);
      const after: OrgDbRow = {
        ...before,
        name: input.name,
        short_name: input.shortName,
        code: input.code,
        level_code: input.levelCode,
        sort_order: input.sortOrder,
        version: before.version + 1,
      };
      await trx
        .updateTable('orgs')
        .set({
          name: after.name,
          short_name: after.short_name,
          code: after.code,
          level_code: after.level_code,
          sort_order: after.sort_order,
          version: after.version,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      audit({ action: 'org.update', entityType: 'org', entityId: id, orgPath: after.path, unitId: after.unit_id, before: auditView(before), after: auditView(after) });
      const n = await trx.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow();
      return toOrg(after, n.n);
    });
  } catch (e) {
    throw mapCodeViolation(e, input.code);
  }
}
