import type { GrantInput } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import { write } from '../../write.ts';
import { listGrants } from './list-grants.ts';
import { grantRefusal, isUniqueViolation, loadOrg, loadPersonForWrite, type PeopleActor } from './shared.ts';

/**
 * Grant a role at an organisation. The person is in scope (checked by the route); the organisation
 * must be too, and the granter must hold every permission of the role there.
 */
export async function addGrant(deps: Deps, actor: PeopleActor, personId: number, input: GrantInput, writeScope: 'all' | readonly string[]) {
  return write(deps, actor, async ({ trx, now, audit }) => {
    const person = await loadPersonForWrite(trx, personId);
    if (!person.active) throw new AppError(400, 'PERSON_INACTIVE');
    const org = await loadOrg(trx, input.orgId);
    // A missing or dissolved organisation answers like one outside the scope: nothing leaks.
    if (!org || !org.active) throw new AppError(403, 'GRANT_OUT_OF_SCOPE');
    const refusal = grantRefusal(actor.user, input.role, org.path, writeScope);
    if (refusal) throw new AppError(403, refusal);
    const exists = await trx
      .selectFrom('role_grants')
      .select('id')
      .where('person_id', '=', personId)
      .where('role', '=', input.role)
      .where('org_id', '=', org.id)
      .executeTakeFirst();
    if (exists) throw new AppError(409, 'GRANT_EXISTS');
    let row: { id: number };
    try {
      row = await trx
        .insertInto('role_grants')
        .values({ person_id: personId, role: input.role, org_id: org.id, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError(409, 'GRANT_EXISTS');
      throw e;
    }
    audit({
      action: 'grant.create',
      entityType: 'grant',
      entityId: row.id,
      unitId: person.unit_id,
      orgPath: person.org_path,
      after: { personId, personName: person.name, role: input.role, orgId: org.id, orgName: org.name },
    });
    const grants = await listGrants(deps, personId, trx);
    return grants.find((g) => g.id === row.id)!;
  });
}
