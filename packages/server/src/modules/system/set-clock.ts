/**
 * Move the server's business clock (end-to-end tests, registered only with CLOCK_CONTROL=1): to a
 * Beijing date (09:00) and/or by whole days. Open sessions move with it, so signed-in browsers stay
 * signed in; the move is audited.
 */
import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { badRequest } from '../../http/errors.ts';
import { beijingInstant, type Clock } from '../../clock.ts';
import { businessDateOf, type BusinessDateInfo } from './business-date.ts';

export interface SetClockInput {
  date?: string | undefined;
  advanceDays?: number | undefined;
}

interface MovableClock extends Clock {
  setTo(d: Date): void;
}

function isMovable(clock: Clock): clock is MovableClock {
  return typeof (clock as Partial<MovableClock>).setTo === 'function';
}

export async function setClock(deps: Deps, actor: Actor, input: SetClockInput): Promise<BusinessDateInfo & { now: string }> {
  if (input.date === undefined && input.advanceDays === undefined) {
    throw badRequest('VALIDATION', {}, [{ path: 'body', reason: '请提供日期 date 或天数 advanceDays（give date or advanceDays）' }]);
  }
  const clock = deps.clock;
  if (!isMovable(clock)) throw badRequest('VALIDATION', {}, [{ path: 'body', reason: '时钟不可调整（the clock cannot be moved）' }]);
  const before = clock.now();
  let target = input.date === undefined ? before : beijingInstant(input.date);
  if (input.advanceDays !== undefined) target = new Date(target.getTime() + input.advanceDays * 86_400_000);
  const deltaMs = target.getTime() - before.getTime();
  clock.setTo(target);
  try {
    await write(deps, actor, async ({ trx, audit }) => {
      await sql`UPDATE sessions SET created_at = created_at + ${deltaMs} * interval '1 millisecond',
                                  last_seen_at = last_seen_at + ${deltaMs} * interval '1 millisecond'`.execute(trx);
      audit({ action: 'system.clock', entityType: 'system', entityId: 'clock', before: { now: before.toISOString() }, after: { now: target.toISOString(), ...input } });
    });
  } catch (e) {
    clock.setTo(new Date(clock.now().getTime() - deltaMs));
    throw e;
  }
  return { now: clock.now().toISOString(), ...businessDateOf(deps) };
}
