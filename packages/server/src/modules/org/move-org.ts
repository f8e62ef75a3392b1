import { sql } from 'kysely';
import { canBeChildOf, isWithinUnit, type Org, type OrgKind } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { onOrgActivated } from './hooks.ts';
import { assertVersion, kindLabel, loadOrgForUpdate, lockOrgTree, toOrg, type OrgDbRow } from './org-rows.ts';

export interface MoveInput {
  parentId: number;
  version: number;
}

/**
 * Move an organisation, with its whole subtree, under another parent. Paths, depths and unit ids
 * of the subtree, and the paths and unit ids of the people in it, are rewritten set-based.
 */
export async function moveOrg(deps: Deps, actor: Actor, id: number, input: MoveInput): Promise<Org> {
  return write(deps, actor, async (w) => {
    const { trx, now, audit } = w;
    await lockOrgTree(trx);
    const node = await loadOrgForUpdate(trx, id);
    if (node.parent_id === null) throw new AppError(400, 'ORG_ROOT_READONLY');
    assertVersion(node, input.version);
    const parent = await loadOrgForUpdate(trx, input.parentId);
    if (parent.path.startsWith(node.path)) throw new AppError(400, 'ORG_MOVE_INTO_SELF');
    if (!canBeChildOf(node.kind as OrgKind, parent.kind as OrgKind)) {
      throw new AppError(400, 'ORG_BAD_PARENT', { kind: kindLabel(node.kind), parentKind: kindLabel(parent.kind) });
    }
    if (node.active && !parent.active) throw new AppError(409, 'ORG_INACTIVE_PARENT');

    const oldPath = node.path;
    const newPath = `${parent.path}${node.id}/`;
    const depthDelta = parent.depth + 1 - node.depth;
    const unitId = node.kind === 'unit' ? node.id : isWithinUnit(node.kind as OrgKind) ? parent.unit_id : null;
    const prefix = `${oldPath}%`; // paths hold only digits and slashes: nothing to escape

    const moved = await sql`
      UPDATE orgs SET
        path = ${newPath} || substr(path, ${oldPath.length + 1}),
        depth = depth + ${depthDelta},
        unit_id = CASE WHEN kind = 'unit' THEN id ELSE ${unitId}::int END,
        parent_id = CASE WHEN id = ${node.id} THEN ${parent.id}::int ELSE parent_id END,
        version = CASE WHEN id = ${node.id} THEN version + 1 ELSE version END,
        updated_at = ${now}
      WHERE path LIKE ${prefix}`.execute(trx);
    const people = await sql`
      UPDATE people SET
        org_path = ${newPath} || substr(org_path, ${oldPath.length + 1}),
        unit_id = (SELECT o.unit_id FROM orgs o WHERE o.id = people.org_id),
        updated_at = ${now}
      WHERE org_path LIKE ${prefix}`.execute(trx);

    const after: OrgDbRow = { ...node, parent_id: parent.id, path: newPath, depth: node.depth + depthDelta, unit_id: unitId, version: node.version + 1 };
    audit({
      action: 'org.move',
      entityType: 'org',
      entityId: node.id,
      orgPath: newPath,
      unitId,
      before: { parentId: node.parent_id, path: oldPath, unitId: node.unit_id },
      after: {
        parentId: parent.id,
        path: newPath,
        unitId,
        orgsMoved: Number(moved.numAffectedRows ?? 0),
        peopleMoved: Number(people.numAffectedRows ?? 0),
      },
    });
    if (node.active) for (const hook of onOrgActivated) await hook(w, { orgId: node.id, path: newPath, reason: 'moved' });
    const n = await trx.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow();
    return toOrg(after, n.n);
  });
}
