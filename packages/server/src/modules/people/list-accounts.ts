import { sql, type RawBuilder } from 'kysely';
import type { Account, AccountStatus, Role } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { pathFilter } from '../../http/access.ts';
import { likeEscape, rolesOf } from './shared.ts';

export interface ListAccountsInput {
  q?: string | undefined;
  role?: Role | undefined;
  status?: AccountStatus | undefined;
  page: number;
  pageSize: number;
}

/** One page of accounts whose holders are in scope. Locked: active with a lock still running. */
export async function listAccounts(deps: Deps, scope: 'all' | readonly string[], input: ListAccountsInput): Promise<{ items: Account[]; total: number }> {
  const k = deps.db.kysely;
  const now = deps.clock.now();
  const conds: RawBuilder<boolean>[] = [pathFilter('people.org_path', scope)];
  const q = input.q?.trim();
  if (q) {
    const pat = `%${likeEscape(q)}%`;
    conds.push(sql<boolean>`(a.username ILIKE ${pat} OR people.name ILIKE ${pat} OR people.code ILIKE ${pat})`);
  }
  if (input.role) conds.push(sql<boolean>`EXISTS (SELECT 1 FROM role_grants rg WHERE rg.person_id = people.id AND rg.role = ${input.role})`);
  if (input.status === 'disabled') conds.push(sql<boolean>`NOT a.active`);
  if (input.status === 'locked') conds.push(sql<boolean>`a.active AND a.locked_until > ${now}`);
  if (input.status === 'active') conds.push(sql<boolean>`a.active AND (a.locked_until IS NULL OR a.locked_until <= ${now})`);
  const where = sql<boolean>`${sql.join(conds, sql` AND `)}`;

  const base = () => k.selectFrom('accounts as a').innerJoin('people', 'people.id', 'a.person_id');
  const [rows, count] = await Promise.all([
    base()
      .innerJoin('orgs as o', 'o.id', 'people.org_id')
      .leftJoin('orgs as u', 'u.id', 'people.unit_id')
      .select([
        'a.id', 'a.person_id', 'people.name', 'people.code', 'people.active as person_active', 'o.name as org_name', 'u.name as unit_name',
        'a.username', 'a.active', 'a.locked_until', 'a.must_change_password', 'a.last_login_at', rolesOf('people.id').as('roles'),
      ])
      .where(where)
      .orderBy(sql`lower(a.username)`)
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .execute(),
    base().select(sql<number>`count(*)::int`.as('n')).where(where).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((r): Account => {
    const locked = r.locked_until !== null && new Date(r.locked_until) > now;
    const roles = typeof r.roles === 'string' ? (JSON.parse(r.roles) as Role[]) : r.roles;
    return {
      id: r.id,
      personId: r.person_id,
      personName: r.name,
      personCode: r.code,
      personActive: r.person_active,
      orgName: r.org_name,
      unitName: r.unit_name,
      username: r.username,
      status: !r.active ? 'disabled' : locked ? 'locked' : 'active',
      active: r.active,
      locked,
      lockedUntil: locked && r.locked_until ? new Date(r.locked_until).toISOString() : null,
      mustChangePassword: r.must_change_password,
      lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
      roles: roles ?? [],
    };
  });
  return { items, total: Number(count.n) };
}
