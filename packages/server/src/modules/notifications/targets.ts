/** The notifications module's access target: an inbox entry, only for its own account. */
import { idOf, type TargetCheck } from '../../http/access.ts';

declare module '../../http/access.ts' {
  interface TargetKinds {
    notification: true;
  }
}

const notification: TargetCheck = async (db, access, value) => {
  const n = idOf(value);
  const owner = n === null ? undefined : await db.kysely.selectFrom('notifications').select('account_id').where('id', '=', n).executeTakeFirst();
  return owner !== undefined && owner.account_id === access.user.accountId;
};

export const notificationTargets = { notification };
