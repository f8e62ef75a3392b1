/**
 * The org module's access targets: an organisation, a person, an account and a grant belong to
 * the organisation path they sit at (a grant to the deeper of its organisation and its holder);
 * a `unit` is a unit as the frame of a view (a unit's dashboard, ledger, division table) — an
 * organisation of kind unit that the scope touches, inside it or containing it; the use case then
 * shows the part of the unit inside the scope (a branch secretary sees the branch).
 */
import { sql } from 'kysely';
import { pathInScope } from '@qingdan/core';
import { idOf, inScopeByPath, scopeTouches, type TargetCheck } from '../../http/access.ts';

export const ORG_TARGET_KINDS = ['org', 'person', 'account', 'grant'] as const;
export type OrgTargetKind = (typeof ORG_TARGET_KINDS)[number];
export type UnitTargetKind = 'unit';

declare module '../../http/access.ts' {
  interface TargetKinds {
    org: true;
    person: true;
    account: true;
    grant: true;
    unit: true;
  }
}

const grant: TargetCheck = async (db, access, value) => {
  const n = idOf(value);
  if (n === null) return false;
  // A grant is inside the scope only if both its organisation and its holder are.
  const r = await sql<{ org_path: string; person_path: string }>`
    SELECT o.path AS org_path, p.org_path AS person_path
    FROM role_grants g JOIN orgs o ON o.id = g.org_id JOIN people p ON p.id = g.person_id
    WHERE g.id = ${n}`.execute(db.kysely);
  const row = r.rows[0];
  if (!row) return false;
  return pathInScope(access.routeScope, row.org_path.length >= row.person_path.length ? row.org_path : row.person_path);
};

const unit: TargetCheck = async (db, access, value) => {
  const n = idOf(value);
  const u = n === null ? undefined : await db.kysely.selectFrom('orgs').select(['path', 'kind']).where('id', '=', n).executeTakeFirst();
  return u !== undefined && u.kind === 'unit' && scopeTouches(access.routeScope, u.path);
};

export const orgTargets = {
  org: inScopeByPath('SELECT path FROM orgs WHERE id = $1'),
  person: inScopeByPath('SELECT org_path AS path FROM people WHERE id = $1'),
  account: inScopeByPath('SELECT p.org_path AS path FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.id = $1'),
  grant,
  unit,
} satisfies Record<OrgTargetKind | UnitTargetKind, TargetCheck>;
