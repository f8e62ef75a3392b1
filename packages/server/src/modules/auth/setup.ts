import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { hashPassword } from './passwords.ts';
import { assertPasswordPolicy } from './change-password.ts';

export async function needsSetup(deps: Deps): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts`.execute(deps.db.kysely);
  return (r.rows[0]?.n ?? 0) === 0;
}

export interface AdminInput {
  username: string;
  password: string;
  name: string;
  committeeName?: string | undefined;
  /** The CLI may add administrators later; the web setup page only the first. */
  onlyIfFirst: boolean;
  mustChangePassword?: boolean;
}

/**
 * Create a committee administrator: the committee root (if the tree is empty), the person, the
 * account and the grant at the root, in one transaction.
 */
export async function createAdmin(deps: Deps, actor: Actor, input: AdminInput) {
  assertPasswordPolicy(input.password, 'password');
  const hash = await hashPassword(input.password);
  return write(deps, actor, async ({ trx, now, audit }) => {
    await sql`SELECT pg_advisory_xact_lock(704212)`.execute(trx);
    if (input.onlyIfFirst) {
      const n = await trx.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (Number(n.n) > 0) throw new AppError(409, 'SETUP_DONE');
    }
    const taken = await trx.selectFrom('accounts').select('id').where(sql`lower(username)`, '=', input.username.toLowerCase()).executeTakeFirst();
    if (taken) throw new AppError(409, 'USERNAME_TAKEN', { username: input.username });
    let root = await trx.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).executeTakeFirst();
    if (!root) {
      const inserted = await trx
        .insertInto('orgs')
        .values({ parent_id: null, unit_id: null, kind: 'committee', level_code: null, name: input.committeeName ?? '省委直属机关工作委员会', short_name: '工委', code: 'GW', path: '/', depth: 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      const path = `/${inserted.id}/`;
      await trx.updateTable('orgs').set({ path }).where('id', '=', inserted.id).execute();
      root = { id: inserted.id, path };
    }
    let code = `ADMIN-${input.username}`.slice(0, 40);
    const codeTaken = await trx.selectFrom('people').select('id').where('code', '=', code).executeTakeFirst();
    if (codeTaken) code = `${code.slice(0, 30)}-${Date.now() % 1e6}`;
    const person = await trx
      .insertInto('people')
      .values({ org_id: root.id, unit_id: null, org_path: root.path, code, name: input.name, post: '工作人员' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const account = await trx
      .insertInto('accounts')
      .values({ person_id: person.id, username: input.username, password_hash: hash, must_change_password: input.mustChangePassword ?? false, password_changed_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('role_grants').values({ person_id: person.id, role: 'committeeAdmin', org_id: root.id }).execute();
    audit({ action: 'account.createAdmin', entityType: 'account', entityId: account.id, orgPath: root.path, after: { username: input.username, name: input.name, role: 'committeeAdmin' } });
    return { accountId: account.id, personId: person.id, rootId: root.id };
  });
}
