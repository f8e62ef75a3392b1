import type { PersonDetail } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../http/errors.ts';
import { personSelect, toPerson, type Q } from './shared.ts';

/** One person (scope is checked by the route's access rule). */
export async function getPerson(deps: Deps, id: number, q: Q = deps.db.kysely): Promise<PersonDetail> {
  const row = await personSelect(q).where('people.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  const person = toPerson(row);
  let account: PersonDetail['account'] = null;
  if (person.accountId !== null) {
    const a = await q
      .selectFrom('accounts')
      .select(['id', 'username', 'active', 'locked_until', 'must_change_password', 'last_login_at'])
      .where('id', '=', person.accountId)
      .executeTakeFirstOrThrow();
    account = {
      id: a.id,
      username: a.username,
      active: a.active,
      locked: a.locked_until !== null && a.locked_until > deps.clock.now(),
      mustChangePassword: a.must_change_password,
      lastLoginAt: a.last_login_at ? a.last_login_at.toISOString() : null,
    };
  }
  return { ...person, account };
}
