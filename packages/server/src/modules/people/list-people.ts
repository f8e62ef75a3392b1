import { sql, type RawBuilder } from 'kysely';
import type { Person, PeopleSort, Role } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { pathFilter } from '../../http/access.ts';
import { likeEscape, personSelect, toPerson } from './shared.ts';

export interface ListPeopleInput {
  q?: string | undefined;
  orgId?: number | undefined;
  post?: string | undefined;
  hasAccount?: boolean | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
  sort: PeopleSort;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/**
 * One page of people in the caller's scope, with organisation, unit, username and roles, plus the
 * total. Two queries (page and count); every filter is on `people` columns or an indexed EXISTS.
 */
export async function listPeople(deps: Deps, scope: 'all' | readonly string[], input: ListPeopleInput): Promise<{ items: Person[]; total: number }> {
  const k = deps.db.kysely;
  const conds: RawBuilder<boolean>[] = [pathFilter('people.org_path', scope)];
  if (input.orgId !== undefined) {
    const org = await k.selectFrom('orgs').select('path').where('id', '=', input.orgId).executeTakeFirst();
    if (!org) return { items: [], total: 0 };
    conds.push(sql<boolean>`people.org_path LIKE ${likeEscape(org.path) + '%'}`);
  }
  const q = input.q?.trim();
  if (q) {
    const pat = `%${likeEscape(q)}%`;
    // Names are Chinese (no case): plain LIKE; codes are ASCII, matched without case.
    conds.push(sql<boolean>`(people.name LIKE ${pat} OR lower(people.code) LIKE ${pat.toLowerCase()} OR people.phone LIKE ${pat})`);
  }
  if (input.post) conds.push(sql<boolean>`people.post = ${input.post}`);
  if (input.active !== undefined) conds.push(sql<boolean>`people.active = ${input.active}`);
  if (input.hasAccount !== undefined) {
    conds.push(input.hasAccount
      ? sql<boolean>`EXISTS (SELECT 1 FROM accounts x WHERE x.person_id = people.id)`
      : sql<boolean>`NOT EXISTS (SELECT 1 FROM accounts x WHERE x.person_id = people.id)`);
  }
  if (input.role) conds.push(sql<boolean>`EXISTS (SELECT 1 FROM role_grants rg WHERE rg.person_id = people.id AND rg.role = ${input.role})`);
  const where = sql<boolean>`${sql.join(conds, sql` AND `)}`;

  const dir = input.order === 'desc' ? sql`DESC` : sql`ASC`;
  const orderBy = {
    name: sql`people.name ${dir}, people.id ${dir}`,
    code: sql`people.code ${dir}`,
    post: sql`people.post ${dir}, people.name ${dir}, people.id ${dir}`,
    org: sql`people.org_path ${dir}, people.sort_order ${dir}, people.name ${dir}, people.id ${dir}`,
  }[input.sort];

  const [rows, count] = await Promise.all([
    // The page's ids come from `people` alone (an index walk for every sort); only those rows
    // are then joined with organisations, account and roles.
    // A join on the derived page (not `id IN (…)`, which the planner turns into a scan of people).
    personSelect(k)
      .innerJoin(
        k.selectFrom('people')
          .select('people.id')
          .where(where)
          .orderBy(orderBy)
          .limit(input.pageSize)
          .offset((input.page - 1) * input.pageSize)
          .as('page_ids'),
        'page_ids.id',
        'people.id',
      )
      .orderBy(orderBy)
      .execute(),
    k.selectFrom('people').select(sql<number>`count(*)::int`.as('n')).where(where).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toPerson), total: Number(count.n) };
}
