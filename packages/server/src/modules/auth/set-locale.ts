/** 界面语言: the account's language for screens, notifications and exports, audited when it changes. */
import type { Locale } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';

export function setLocale(deps: Deps, actor: Actor, accountId: number, locale: Locale): Promise<{ ok: true }> {
  return write(deps, actor, async (w) => {
    const before = await w.trx.selectFrom('accounts').select('locale').where('id', '=', accountId).executeTakeFirstOrThrow();
    if (before.locale !== locale) {
      await w.trx.updateTable('accounts').set({ locale }).where('id', '=', accountId).execute();
      w.audit({ action: 'account.locale', entityType: 'account', entityId: accountId, before: { locale: before.locale }, after: { locale } });
    }
    return { ok: true as const };
  });
}
