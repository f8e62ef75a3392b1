import type { Measure } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { loadDivisibleAssignment } from './division-rows.ts';

/** Add a concrete measure (具体措施) under a party-group or organ-committee task, numbered after the last. */
export async function addMeasure(deps: Deps, actor: Actor, user: Pick<CurrentUser, 'grants'>, assignmentId: number, input: { content: string }): Promise<Measure> {
  return write(deps, actor, async ({ trx, now, audit }) => {
    const a = await loadDivisibleAssignment(trx, user, assignmentId);
    const last = await trx
      .selectFrom('measures')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('unit_id', '=', a.unitId)
      .where('assignment_id', '=', a.id)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    const m = await trx
      .insertInto('measures')
      .values({ unit_id: a.unitId, assignment_id: a.id, seq, content: input.content, created_by: actor.accountId, created_at: now, updated_at: now })
      .returning(['id', 'seq', 'content', 'version'])
      .executeTakeFirstOrThrow();
    audit({ action: 'work.measure.create', entityType: 'measure', entityId: m.id, unitId: a.unitId, orgPath: a.orgPath, after: { assignmentId: a.id, seq, content: input.content } });
    return m;
  });
}
