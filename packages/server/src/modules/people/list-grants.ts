import type { Grant, Role } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import type { Q } from './shared.ts';

/** A person's role grants with their organisations. */
export async function listGrants(deps: Deps, personId: number, q: Q = deps.db.kysely): Promise<Grant[]> {
  const rows = await q
    .selectFrom('role_grants as g')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['g.id', 'g.person_id', 'g.role', 'g.org_id', 'o.name', 'o.path', 'g.created_at'])
    .where('g.person_id', '=', personId)
    .orderBy('g.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    role: r.role as Role,
    orgId: r.org_id,
    orgName: r.name,
    orgPath: r.path,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
