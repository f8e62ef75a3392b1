import { sql } from 'kysely';
import { canBeChildOf, isWithinUnit, type Org, type OrgInput } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { onOrgActivated } from './hooks.ts';
import {
  assertCodeFree, assertLevel, auditView, kindLabel, loadOrgForUpdate, lockOrgTree, mapCodeViolation, toOrg,
  type OrgDbRow, type Trx,
} from './org-rows.ts';

/**
 * The responsibility level an organisation gets when none is given: the level that lists its kind,
 * except that a general branch is level 2 only when it sits directly under the unit (acting as the
 * organ party committee).
 */
async function defaultLevel(trx: Trx, kind: string, parentKind: string): Promise<string | null> {
  if (kind === 'generalBranch' && parentKind !== 'unit') return null;
  const row = await trx
    .selectFrom('responsibility_levels')
    .select('code')
    .where(sql<boolean>`${kind} = ANY(org_kinds)`)
    .orderBy('sort_order')
    .executeTakeFirst();
  return row?.code ?? null;
}

/** Create an organisation under an active parent of a compatible kind. */
export async function createOrg(deps: Deps, actor: Actor, input: OrgInput): Promise<Org> {
  try {
    return await write(deps, actor, async (w) => {
      const { trx, now, audit } = w;
      await lockOrgTree(trx);
      const parent = await loadOrgForUpdate(trx, input.parentId);
      if (!canBeChildOf(input.kind, parent.kind as OrgInput['kind'])) {
        throw new AppError(400, 'ORG_BAD_PARENT', { kind: kindLabel(input.kind), parentKind: kindLabel(parent.kind) });
      }
      if (!parent.active) throw new AppError(409, 'ORG_INACTIVE_PARENT');
      const levelCode = input.levelCode || (await defaultLevel(trx, input.kind, parent.kind));
      await assertLevel(trx, levelCode, input.kind);
      await assertCodeFree(trx, input.code);

      const next = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('orgs', 'id'))::int AS id`.execute(trx);
      const id = next.rows[0]!.id;
      const row: OrgDbRow = {
        id,
        parent_id: parent.id,
        unit_id: input.kind === 'unit' ? id : isWithinUnit(input.kind) ? parent.unit_id : null,
        kind: input.kind,
        level_code: levelCode,
        name: input.name,
        short_name: input.shortName,
        code: input.code,
        sort_order: input.sortOrder,
        active: true,
        path: `${parent.path}${id}/`,
        depth: parent.depth + 1,
        version: 1,
      };
      await trx.insertInto('orgs').values({ ...row, created_at: now, updated_at: now }).execute();
      audit({ action: 'org.create', entityType: 'org', entityId: id, orgPath: row.path, unitId: row.unit_id, after: auditView(row) });
      for (const hook of onOrgActivated) await hook(w, { orgId: id, path: row.path, reason: 'created' });
      return toOrg(row, 0);
    });
  } catch (e) {
    throw mapCodeViolation(e, input.code);
  }
}
