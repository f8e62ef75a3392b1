/** The imports module's access target: an import batch belongs to the account that uploaded it. */
import type { TargetCheck } from '../../http/access.ts';

declare module '../../http/access.ts' {
  interface TargetKinds {
    importBatch: true;
  }
}

const importBatch: TargetCheck = async (db, access, value) => {
  if (typeof value !== 'string' || value.length > 64) return false;
  const owner = await db.kysely.selectFrom('import_batches').select('account_id').where('id', '=', value).executeTakeFirst();
  return owner !== undefined && owner.account_id === access.user.accountId;
};

export const importTargets = { importBatch };
