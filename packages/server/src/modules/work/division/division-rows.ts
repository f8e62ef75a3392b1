/**
 * Pieces the division-of-labour use cases share: which levels are divided (the first two of the
 * scheme: the party group and the organ committee), the unit a request names, and the assignment a
 * write touches, checked against the work policy.
 */
import type { Measure } from '@qingdan/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../http/errors.ts';
import type { AuditEntry } from '../../audit/record.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { mayAssign } from '../policy.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The levels whose tasks are divided among people (党组 L1, 机关党委 L2 in the default scheme). */
export const DIVISION_LEVELS_SQL = sql`(SELECT code FROM responsibility_levels ORDER BY sort_order LIMIT 2)`;

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

export interface UnitRef {
  id: number;
  name: string;
  path: string;
}

/** The unit of the organisation a request names (the access guard's 'unit' target lets only units through). */
export async function unitOf(db: Q, orgId: number): Promise<UnitRef> {
  const r = await db
    .selectFrom('orgs as o')
    .leftJoin('orgs as u', 'u.id', 'o.unit_id')
    .select(['u.id', 'u.name', 'u.path'])
    .where('o.id', '=', orgId)
    .executeTakeFirst();
  if (!r) throw notFound();
  if (r.id === null || r.name === null || r.path === null) throw new AppError(400, 'WORK_DIVISION_UNIT');
  return { id: r.id, name: r.name, path: r.path };
}

export interface DivisibleAssignment {
  unitId: number;
  id: number;
  orgId: number;
  orgPath: string;
  levelCode: string;
  ownerPersonId: number | null;
  cooperatorPersonIds: number[];
  leadDepartment: string;
  version: number;
}

/**
 * The assignment for a division write, locked: it exists (else 404), is of a divided level and not
 * withdrawn (else 400), and the user may divide its organisation's work (else 403 WORK_NOT_ASSIGNER).
 */
export async function loadDivisibleAssignment(trx: Transaction<Database>, user: Pick<CurrentUser, 'grants'>, assignmentId: number): Promise<DivisibleAssignment> {
  const r = await sql<{
    unit_id: number; id: number; org_id: number; path: string; level_code: string; owner_person_id: number | null;
    cooperator_person_ids: number[]; lead_department: string; version: number; withdrawn: boolean; divided: boolean;
  }>`
    SELECT a.unit_id, a.id, a.org_id, o.path, a.level_code, a.owner_person_id, a.cooperator_person_ids, a.lead_department, a.version,
           a.withdrawn_at IS NOT NULL AS withdrawn, a.level_code IN ${DIVISION_LEVELS_SQL} AS divided
    FROM assignments a JOIN orgs o ON o.id = a.org_id
    WHERE a.id = ${assignmentId}
    FOR UPDATE OF a`.execute(trx);
  const row = r.rows[0];
  if (!row) throw notFound();
  if (!mayAssign(user, row.path)) throw new AppError(403, 'WORK_NOT_ASSIGNER');
  if (!row.divided) throw new AppError(400, 'WORK_DIVISION_LEVEL');
  if (row.withdrawn) throw new AppError(400, 'WORK_DIVISION_WITHDRAWN');
  return {
    unitId: row.unit_id,
    id: row.id,
    orgId: row.org_id,
    orgPath: row.path,
    levelCode: row.level_code,
    ownerPersonId: row.owner_person_id,
    cooperatorPersonIds: row.cooperator_person_ids ?? [],
    leadDepartment: row.lead_department,
    version: row.version,
  };
}

/** The measures of assignments, in order, by assignment id. */
export async function measuresOf(db: Q, unitId: number, assignmentIds: readonly number[]): Promise<Map<number, Measure[]>> {
  const out = new Map<number, Measure[]>();
  if (assignmentIds.length === 0) return out;
  const rows = await db
    .selectFrom('measures')
    .select(['id', 'assignment_id', 'seq', 'content', 'version'])
    .where('unit_id', '=', unitId)
    .where('assignment_id', 'in', [...assignmentIds])
    .orderBy('assignment_id')
    .orderBy('seq')
    .orderBy('id')
    .execute();
  for (const m of rows) {
    const list = out.get(m.assignment_id) ?? [];
    list.push({ id: m.id, seq: m.seq, content: m.content, version: m.version });
    out.set(m.assignment_id, list);
  }
  return out;
}

/**
 * Write a division (lead, cooperators, lead department) onto a locked assignment, its version one
 * up, and return its `work.division.update` audit entry (`extra` joins the entry's after-state).
 * Cooperators left out stay as they are; the lead is never also a cooperator.
 */
export async function writeDivision(
  trx: Transaction<Database>, a: DivisibleAssignment, now: Date,
  to: { ownerPersonId: number | null; cooperatorPersonIds?: number[] | undefined; leadDepartment: string }, extra: Record<string, unknown>,
): Promise<AuditEntry> {
  const cooperators = (to.cooperatorPersonIds ?? a.cooperatorPersonIds).filter((id) => id !== to.ownerPersonId);
  await trx
    .updateTable('assignments')
    .set({ owner_person_id: to.ownerPersonId, cooperator_person_ids: sql<number[]>`${sql.val(cooperators)}::int[]`, lead_department: to.leadDepartment, version: a.version + 1, updated_at: now })
    .where('unit_id', '=', a.unitId)
    .where('id', '=', a.id)
    .execute();
  return {
    action: 'work.division.update',
    entityType: 'assignment',
    entityId: a.id,
    unitId: a.unitId,
    orgPath: a.orgPath,
    before: { ownerPersonId: a.ownerPersonId, cooperatorPersonIds: a.cooperatorPersonIds, leadDepartment: a.leadDepartment },
    after: { ownerPersonId: to.ownerPersonId, ...extra, cooperatorPersonIds: cooperators, leadDepartment: to.leadDepartment },
  };
}

export interface PersonRef {
  id: number;
  name: string;
  post: string;
}

/** People by id, in the order asked (ids that name nobody are left out). */
export async function peopleInOrder(db: Q, ids: readonly number[]): Promise<PersonRef[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('people').select(['id', 'name', 'post']).where('id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const p = byId.get(id);
    return p ? [{ id: p.id, name: p.name, post: p.post }] : [];
  });
}

/**
 * The cooperators a write names are active people of the unit, none twice and none the lead
 * (else 400 WORK_DIVISION_COOPERATOR, naming the field).
 */
export async function assertCooperators(db: Q, unitId: number, ownerPersonId: number | null, ids: readonly number[]): Promise<void> {
  const bad = () => new AppError(400, 'WORK_DIVISION_COOPERATOR', {}, [{ path: 'cooperatorPersonIds', reason: 'WORK_DIVISION_COOPERATOR' }]);
  if (new Set(ids).size !== ids.length || (ownerPersonId !== null && ids.includes(ownerPersonId))) throw bad();
  if (ids.length === 0) return;
  const ok = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', 'in', [...ids])
    .where('unit_id', '=', unitId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (Number(ok?.n ?? 0) !== ids.length) throw bad();
}
