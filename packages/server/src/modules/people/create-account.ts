import { sql } from 'kysely';
import type { AccountCreate } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { assertPasswordPolicy } from '../auth/change-password.ts';
import { hashPassword } from '../auth/passwords.ts';
import { isUniqueViolation, loadPersonForWrite } from './shared.ts';

/** Open an account for a person. The holder must change the initial password at first sign-in. */
export async function createAccount(deps: Deps, actor: Actor, input: AccountCreate) {
  assertPasswordPolicy(input.password, 'password');
  const hash = await hashPassword(input.password);
  return write(deps, actor, async ({ trx, now, audit }) => {
    const person = await loadPersonForWrite(trx, input.personId);
    if (!person.active) throw new AppError(400, 'ACCOUNT_PERSON_INACTIVE');
    const has = await trx.selectFrom('accounts').select('id').where('person_id', '=', person.id).executeTakeFirst();
    if (has) throw new AppError(409, 'PERSON_HAS_ACCOUNT');
    const taken = await trx.selectFrom('accounts').select('id').where(sql`lower(username)`, '=', input.username.toLowerCase()).executeTakeFirst();
    if (taken) throw new AppError(409, 'USERNAME_TAKEN', { username: input.username });
    let row: { id: number };
    try {
      row = await trx
        .insertInto('accounts')
        .values({ person_id: person.id, username: input.username, password_hash: hash, must_change_password: true, password_changed_at: now, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
    } catch (e) {
      if (isUniqueViolation(e, 'accounts_person_id_key')) throw new AppError(409, 'PERSON_HAS_ACCOUNT');
      if (isUniqueViolation(e)) throw new AppError(409, 'USERNAME_TAKEN', { username: input.username });
      throw e;
    }
    audit({
      action: 'account.create',
      entityType: 'account',
      entityId: row.id,
      unitId: person.unit_id,
      orgPath: person.org_path,
      after: { personId: person.id, personName: person.name, username: input.username, mustChangePassword: true },
    });
    return { id: row.id, personId: person.id, username: input.username };
  });
}
