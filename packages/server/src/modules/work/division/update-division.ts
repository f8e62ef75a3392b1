import type { DivisionInput, DivisionResult } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { AppError, staleVersion } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { assertCooperators, loadDivisibleAssignment, peopleInOrder, writeDivision } from './division-rows.ts';

/**
 * Divide a party-group or organ-committee task (分工): its lead (责任领导) — an active person of the
 * same unit, or none —, its cooperating members (配合领导, 一岗双责: active people of the unit, not
 * the lead; left out, they stay) and the lead department. Version-guarded.
 */
export async function updateDivision(deps: Deps, actor: Actor, user: Pick<CurrentUser, 'grants'>, assignmentId: number, input: DivisionInput): Promise<DivisionResult> {
  return write(deps, actor, async ({ trx, now, audit }) => {
    const a = await loadDivisibleAssignment(trx, user, assignmentId);
    const ownerOf = async (personId: number | null) =>
      personId === null
        ? undefined
        : trx.selectFrom('people').select(['id', 'name', 'post', 'unit_id', 'active']).where('id', '=', personId).executeTakeFirst();
    if (a.version !== input.version) {
      const owner = await ownerOf(a.ownerPersonId);
      throw staleVersion({
        assignmentId: a.id,
        ownerPersonId: a.ownerPersonId,
        ownerName: owner?.name ?? null,
        ownerPost: owner?.post ?? null,
        cooperators: await peopleInOrder(trx, a.cooperatorPersonIds),
        leadDepartment: a.leadDepartment,
        version: a.version,
      });
    }
    const person = await ownerOf(input.ownerPersonId);
    if (input.ownerPersonId !== null && (!person || !person.active || person.unit_id !== a.unitId)) {
      throw new AppError(400, 'WORK_DIVISION_PERSON', {}, [{ path: 'ownerPersonId', reason: 'WORK_DIVISION_PERSON' }]);
    }
    if (input.cooperatorPersonIds !== undefined) await assertCooperators(trx, a.unitId, input.ownerPersonId, input.cooperatorPersonIds);
    const entry = await writeDivision(trx, a, now, input, { ownerName: person?.name ?? null });
    const cooperatorIds = (input.cooperatorPersonIds ?? a.cooperatorPersonIds).filter((id) => id !== input.ownerPersonId);
    audit(entry);
    return {
      assignmentId: a.id,
      ownerPersonId: input.ownerPersonId,
      ownerName: person?.name ?? null,
      ownerPost: person?.post ?? null,
      cooperators: await peopleInOrder(trx, cooperatorIds),
      leadDepartment: input.leadDepartment,
      version: a.version + 1,
    };
  });
}
