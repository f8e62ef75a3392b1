import { sql, type Kysely, type Transaction } from 'kysely';
import { ROLE_DEFINITIONS, pathInScope, reachPathOf, scopeFor, type Permission, type Person, type Role } from '@qingdan/core';
import type { Database } from '../../db/schema.ts';
import type { CurrentUser } from '../auth/session.ts';
import type { Actor } from '../audit/record.ts';
import { AppError } from '../../http/errors.ts';

export type Q = Kysely<Database> | Transaction<Database>;

/** Who acts: the audit actor plus the signed-in user's grants (for scope and grantability checks). */
export interface PeopleActor extends Actor {
  user: CurrentUser;
}

/** Escape a user's text for LIKE/ILIKE. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** Distinct roles a person holds, as a JSON array (one indexed lookup per page row). */
export const rolesOf = (personIdRef: string) =>
  sql<Role[]>`coalesce((SELECT json_agg(DISTINCT g.role) FROM role_grants g WHERE g.person_id = ${sql.ref(personIdRef)}), '[]'::json)`;

/** People joined with their organisation, unit and account: the columns of `Person`. */
export function personSelect(q: Q) {
  return q
    .selectFrom('people')
    .innerJoin('orgs as o', 'o.id', 'people.org_id')
    .leftJoin('orgs as u', 'u.id', 'people.unit_id')
    .leftJoin('accounts as a', 'a.person_id', 'people.id')
    .select([
      'people.id',
      'people.org_id',
      'o.name as org_name',
      'people.org_path',
      'people.unit_id',
      'u.name as unit_name',
      'people.code',
      'people.name',
      'people.post',
      'people.phone',
      'people.sort_order',
      'people.active',
      'people.version',
      'a.id as account_id',
      'a.username',
      rolesOf('people.id').as('roles'),
    ]);
}

type PersonRowOut = {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  unit_id: number | null;
  unit_name: string | null;
  code: string;
  name: string;
  post: string;
  phone: string;
  sort_order: number;
  active: boolean;
  version: number;
  account_id: number | null;
  username: string | null;
  roles: Role[] | string;
};

export function toPerson(r: PersonRowOut): Person {
  const roles = typeof r.roles === 'string' ? (JSON.parse(r.roles) as Role[]) : r.roles;
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    orgPath: r.org_path,
    unitId: r.unit_id,
    unitName: r.unit_name,
    code: r.code,
    name: r.name,
    post: r.post,
    phone: r.phone,
    sortOrder: r.sort_order,
    active: r.active,
    version: r.version,
    accountId: r.account_id,
    username: r.username,
    roles: roles ?? [],
  };
}

/** What the audit trail keeps of a person. */
export function personAudit(p: { org_id: number; code: string; name: string; post: string; phone: string; sort_order: number; active: boolean }) {
  return { orgId: p.org_id, code: p.code, name: p.name, post: p.post, phone: p.phone, sortOrder: p.sort_order, active: p.active };
}

export async function loadOrg(q: Q, id: number) {
  return q.selectFrom('orgs').select(['id', 'path', 'unit_id', 'active', 'name']).where('id', '=', id).executeTakeFirst();
}

/** A person row with account, for writes; 404 when missing. */
export async function loadPersonForWrite(q: Q, id: number) {
  const p = await q.selectFrom('people').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!p) throw new AppError(404, 'NOT_FOUND');
  return p;
}

/** The account with its person's placement, for writes; 404 when missing. */
export async function loadAccountForWrite(q: Q, id: number) {
  const a = await q
    .selectFrom('accounts as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select([
      'a.id', 'a.person_id', 'a.username', 'a.active', 'a.locked_until', 'a.failed_count', 'a.must_change_password',
      'p.org_path', 'p.unit_id', 'p.name', 'p.active as person_active',
    ])
    .where('a.id', '=', id)
    .forUpdate('a')
    .executeTakeFirst();
  if (!a) throw new AppError(404, 'NOT_FOUND');
  return a;
}

/**
 * May this user grant (or remove) `role` at an organisation with `orgPath`? Only roles whose every
 * permission the user holds there; committee administrators only by committee administrators;
 * province-wide roles only by users whose scope for those permissions is the whole province.
 * Returns the refusal code, or null.
 */
export function grantRefusal(user: CurrentUser, role: Role, orgPath: string, writeScope: 'all' | readonly string[]): string | null {
  if (!pathInScope(writeScope, orgPath)) return 'GRANT_OUT_OF_SCOPE';
  const def = ROLE_DEFINITIONS[role];
  if (role === 'committeeAdmin' && !user.grants.some((g) => g.role === 'committeeAdmin' && orgPath.startsWith(g.orgPath))) {
    return 'ROLE_NOT_GRANTABLE';
  }
  // A unit-reach role (leadership member) sees the whole unit: the granter must reach it too.
  const reached = reachPathOf(role, orgPath);
  for (const perm of def.permissions as readonly Permission[]) {
    const scope = scopeFor(user.grants, perm);
    if (scope !== 'all' && scope.length === 0) return 'ROLE_NOT_GRANTABLE';
    if (def.reach === 'province' && scope !== 'all') return 'ROLE_NOT_GRANTABLE';
    if (!pathInScope(scope, reached)) return 'GRANT_OUT_OF_SCOPE';
  }
  return null;
}

/** Postgres unique violation on a named constraint or index. */
export function isUniqueViolation(e: unknown, name?: string): boolean {
  const err = e as { code?: string; constraint?: string; message?: string };
  if (err?.code !== '23505') return false;
  return name === undefined || err.constraint === name || (err.message ?? '').includes(name);
}
