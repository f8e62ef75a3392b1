/** 退出登录: the session ends (its row removed), audited. */
import type { Deps } from '../../deps.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';

export function logout(deps: Deps, actor: Actor, user: { accountId: number; sessionId: string }): Promise<{ ok: true }> {
  return write(deps, actor, async (w) => {
    await w.trx.deleteFrom('sessions').where('id', '=', user.sessionId).execute();
    w.audit({ action: 'auth.logout', entityType: 'account', entityId: user.accountId });
    return { ok: true as const };
  });
}
