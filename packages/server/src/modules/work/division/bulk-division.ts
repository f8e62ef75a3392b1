/**
 * 分工 of many tasks at once (批量分工): one owner and/or one lead department for every assignment
 * named, all or nothing. Each assignment is checked as a single 分工 checks it (the caller may
 * divide its organisation's work, a party-group or organ-committee task, not withdrawn) and must
 * belong to the unit the request names; every refusal is listed with its task, and then nothing
 * is written. Each change is its own `work.division.update` audit entry (marked bulk).
 */
import { sql } from 'kysely';
import type { BulkDivisionInput } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { AppError, type ErrorDetail } from '../../../http/errors.ts';
import type { Actor, AuditEntry } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { loadDivisibleAssignment, writeDivision, type DivisibleAssignment } from './division-rows.ts';

export interface BulkDivisionResult {
  updated: number;
}

export async function bulkDivision(
  deps: Deps, actor: Actor, user: Pick<CurrentUser, 'grants'>, unitId: number, input: BulkDivisionInput,
): Promise<BulkDivisionResult> {
  const ids = [...new Set(input.assignmentIds)];
  return write(deps, actor, async ({ trx, now, audit }) => {
    // The unit's own assignments among those named; any other id is another unit's (or none) and is
    // reported as such, without looking further at it.
    const codes = new Map(
      (await sql<{ id: number; code: string }>`
        SELECT a.id, t.code FROM assignments a JOIN list_tasks t ON t.id = a.task_id
        WHERE a.unit_id = ${unitId} AND a.id = ANY(${sql.val(ids)}::int[])`.execute(trx)).rows.map((r) => [r.id, r.code]),
    );
    const details: ErrorDetail[] = [];
    const found: DivisibleAssignment[] = [];
    for (const id of ids) {
      const code = codes.get(id);
      if (code === undefined) {
        details.push({ path: `#${id}`, reason: 'WORK_DIVISION_OTHER_UNIT' });
        continue;
      }
      try {
        found.push(await loadDivisibleAssignment(trx, user, id));
      } catch (e) {
        if (e instanceof AppError) details.push({ path: `任务 ${code}`, reason: e.code });
        else throw e;
      }
    }
    let person: { id: number; name: string } | undefined;
    if (input.ownerPersonId !== undefined && input.ownerPersonId !== null) {
      const p = await trx.selectFrom('people').select(['id', 'name', 'unit_id', 'active']).where('id', '=', input.ownerPersonId).executeTakeFirst();
      if (!p || !p.active || p.unit_id !== unitId) details.push({ path: 'ownerPersonId', reason: 'WORK_DIVISION_PERSON' });
      else person = { id: p.id, name: p.name };
    }
    if (details.length > 0) throw new AppError(400, 'WORK_DIVISION_BULK_INVALID', { count: details.length }, details);
    const entries: AuditEntry[] = [];
    for (const a of found) {
      const to = { ownerPersonId: input.ownerPersonId === undefined ? a.ownerPersonId : input.ownerPersonId, leadDepartment: input.leadDepartment ?? a.leadDepartment };
      const ownerName = input.ownerPersonId === undefined ? {} : { ownerName: person?.name ?? null };
      entries.push(await writeDivision(trx, a, now, to, { ...ownerName, bulk: true }));
    }
    audit(...entries);
    return { updated: found.length };
  });
}
