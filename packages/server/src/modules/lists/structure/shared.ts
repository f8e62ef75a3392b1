/** Pieces the structure use cases share: conflicts with the stored record, audit place, checks, numbering. */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../http/errors.ts';
import type { AuditEntry } from '../../audit/record.ts';
import type { ListTask } from '@qingdan/core';
import { loadListStructure } from './load-list.ts';

export type Trx = Transaction<Database>;

/** Where list entries sit in the audit trail: the owner department (committee level, no unit). */
export async function auditPlace(trx: Trx, listId: number): Promise<Pick<AuditEntry, 'orgPath' | 'unitId'>> {
  const r = await trx
    .selectFrom('responsibility_lists as l')
    .innerJoin('orgs as o', 'o.id', 'l.owner_org_id')
    .select('o.path')
    .where('l.id', '=', listId)
    .executeTakeFirst();
  return { orgPath: r?.path ?? '', unitId: null };
}

/** A committee-level organisation (the committee or one of its departments), active. */
export async function assertCommitteeOrg(trx: Trx, orgId: number, code: string, departmentOnly = false): Promise<void> {
  const o = await trx.selectFrom('orgs').select(['kind', 'active']).where('id', '=', orgId).executeTakeFirst();
  const kinds = departmentOnly ? ['department'] : ['committee', 'department'];
  if (!o || !o.active || !kinds.includes(o.kind)) throw new AppError(400, code);
}

export async function assertLevelExists(trx: Trx, levelCode: string): Promise<void> {
  const l = await trx.selectFrom('responsibility_levels').select('code').where('code', '=', levelCode).executeTakeFirst();
  if (!l) throw new AppError(400, 'TASK_LEVEL_INVALID', { level: levelCode });
}

/** The next task code of a list: T{year}-{4 digits}, one above the highest so far (the list row is locked). */
export async function nextTaskCode(trx: Trx, listId: number, year: number): Promise<string> {
  const prefix = `T${year}-`;
  const r = await sql<{ n: number }>`
    SELECT coalesce(max(substring(code FROM ${prefix.length + 1}::int)::int), 0)::int AS n
    FROM list_tasks WHERE list_id = ${listId} AND code ~ ${`^T${year}-[0-9]+$`}`.execute(trx);
  return taskCode(year, (r.rows[0]?.n ?? 0) + 1);
}

export const taskCode = (year: number, n: number) => `T${year}-${String(n).padStart(4, '0')}`;

/** A task as the API shows it (with its current official number), read inside the transaction. */
export async function taskView(trx: Trx, listId: number, taskId: number): Promise<ListTask> {
  const s = await loadListStructure(trx, listId);
  const t = s?.tasks.find((x) => x.id === taskId);
  if (!t) throw notFound();
  return t;
}

/** The ids given must be exactly the ids in scope, each once. */
export function assertSameSet(given: readonly number[], stored: readonly number[]): void {
  const a = new Set(given);
  if (a.size !== given.length || a.size !== stored.length || stored.some((id) => !a.has(id))) throw new AppError(400, 'REORDER_MISMATCH');
}

/** Set seq = position (1-based) for the given ids of a table, in one statement. */
export async function applyOrder(trx: Trx, table: 'list_parts' | 'list_tasks', ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const json = JSON.stringify(ids.map((id, i) => ({ id, seq: i + 1 })));
  await sql`UPDATE ${sql.table(table)} AS t SET seq = m.seq
            FROM jsonb_to_recordset(${json}::jsonb) AS m(id int, seq int)
            WHERE t.id = m.id`.execute(trx);
}
