import type { Measure } from '@qingdan/core';
import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Deps } from '../../../deps.ts';
import { notFound, staleVersion } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { loadDivisibleAssignment, type DivisibleAssignment } from './division-rows.ts';

/** A measure with its assignment, checked for a write (see loadDivisibleAssignment). */
export async function loadMeasureForWrite(
  trx: Transaction<Database>,
  user: Pick<CurrentUser, 'grants'>,
  measureId: number,
): Promise<{ measure: Measure; assignment: DivisibleAssignment }> {
  const ref = await trx.selectFrom('measures').select('assignment_id').where('id', '=', measureId).executeTakeFirst();
  if (!ref) throw notFound();
  const assignment = await loadDivisibleAssignment(trx, user, ref.assignment_id);
  const measure = await trx
    .selectFrom('measures')
    .select(['id', 'seq', 'content', 'version'])
    .where('unit_id', '=', assignment.unitId)
    .where('id', '=', measureId)
    .forUpdate()
    .executeTakeFirst();
  if (!measure) throw notFound();
  return { measure, assignment };
}

/** Change a measure's text. Version-guarded. */
export async function updateMeasure(
  deps: Deps,
  actor: Actor,
  user: Pick<CurrentUser, 'grants'>,
  measureId: number,
  input: { content: string; version: number },
): Promise<Measure> {
  return write(deps, actor, async ({ trx, now, audit }) => {
    const { measure, assignment: a } = await loadMeasureForWrite(trx, user, measureId);
    if (measure.version !== input.version) throw staleVersion(measure);
    const m = await trx
      .updateTable('measures')
      .set({ content: input.content, version: measure.version + 1, updated_at: now })
      .where('unit_id', '=', a.unitId)
      .where('id', '=', measureId)
      .returning(['id', 'seq', 'content', 'version'])
      .executeTakeFirstOrThrow();
    audit({ action: 'work.measure.update', entityType: 'measure', entityId: measureId, unitId: a.unitId, orgPath: a.orgPath, before: { content: measure.content }, after: { content: input.content } });
    return m;
  });
}
