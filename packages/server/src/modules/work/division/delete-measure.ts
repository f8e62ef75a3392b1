import type { Deps } from '../../../deps.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { loadMeasureForWrite } from './update-measure.ts';

/** Delete a measure; the ones after it move up a number. */
export async function deleteMeasure(deps: Deps, actor: Actor, user: Pick<CurrentUser, 'grants'>, measureId: number): Promise<{ id: number }> {
  return write(deps, actor, async ({ trx, audit }) => {
    const { measure, assignment: a } = await loadMeasureForWrite(trx, user, measureId);
    await trx.deleteFrom('measures').where('unit_id', '=', a.unitId).where('id', '=', measureId).execute();
    await trx
      .updateTable('measures')
      .set((eb) => ({ seq: eb('seq', '-', 1) }))
      .where('unit_id', '=', a.unitId)
      .where('assignment_id', '=', a.id)
      .where('seq', '>', measure.seq)
      .execute();
    audit({ action: 'work.measure.delete', entityType: 'measure', entityId: measureId, unitId: a.unitId, orgPath: a.orgPath, before: { assignmentId: a.id, seq: measure.seq, content: measure.content } });
    return { id: measureId };
  });
}
