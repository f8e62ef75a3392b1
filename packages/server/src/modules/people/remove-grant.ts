import { sql } from 'kysely';
import type { Role } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { write } from '../../write.ts';
import { grantRefusal, type PeopleActor } from './shared.ts';

/**
 * Remove a grant. The remover must be able to grant that role there; the last committee
 * administrator grant at the committee root cannot go.
 */
export async function removeGrant(deps: Deps, actor: PeopleActor, grantId: number, writeScope: 'all' | readonly string[]) {
  await write(deps, actor, async ({ trx, audit }) => {
    // Serialise grant removals so two administrators cannot remove each other at once.
    await sql`SELECT pg_advisory_xact_lock(704220)`.execute(trx);
    const g = await trx
      .selectFrom('role_grants as g')
      .innerJoin('orgs as o', 'o.id', 'g.org_id')
      .innerJoin('people as p', 'p.id', 'g.person_id')
      .select(['g.id', 'g.role', 'g.org_id', 'g.person_id', 'o.path', 'o.name as org_name', 'o.parent_id', 'p.name as person_name', 'p.unit_id', 'p.org_path'])
      .where('g.id', '=', grantId)
      .executeTakeFirst();
    if (!g) throw notFound();
    const role = g.role as Role;
    const refusal = grantRefusal(actor.user, role, g.path, writeScope);
    if (refusal) throw new AppError(403, refusal);
    if (role === 'committeeAdmin' && g.parent_id === null) {
      const others = await trx
        .selectFrom('role_grants as g')
        .innerJoin('people as p', 'p.id', 'g.person_id')
        .innerJoin('accounts as a', 'a.person_id', 'p.id')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('g.role', '=', 'committeeAdmin')
        .where('g.org_id', '=', g.org_id)
        .where('g.id', '!=', g.id)
        .where('p.active', '=', true)
        .where('a.active', '=', true)
        .executeTakeFirstOrThrow();
      if (Number(others.n) === 0) throw new AppError(409, 'LAST_ADMIN');
    }
    await trx.deleteFrom('role_grants').where('id', '=', g.id).execute();
    audit({
      action: 'grant.delete',
      entityType: 'grant',
      entityId: g.id,
      unitId: g.unit_id,
      orgPath: g.org_path,
      before: { personId: g.person_id, personName: g.person_name, role, orgId: g.org_id, orgName: g.org_name },
    });
  });
}
