/**
 * What the record, evidence, submission and review use cases share: a period read (and locked)
 * with its organisation, the checks before a record may change, the yellow-days setting, and
 * where the period's entries sit in the audit trail.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { PeriodState, PeriodStatus } from '@qingdan/core';
import type { Database } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../http/errors.ts';
import type { AuditEntry } from '../../audit/record.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { mayRecord } from '../policy.ts';

export type Q = Kysely<Database> | Transaction<Database>;
export type Trx = Transaction<Database>;
export type WorkUser = Pick<CurrentUser, 'accountId' | 'grants' | 'name'>;

export interface PeriodRow {
  unit_id: number;
  id: number;
  assignment_id: number;
  list_id: number;
  year: number;
  task_id: number;
  part_id: number;
  level_code: string;
  org_id: number;
  seq: number;
  label: string;
  starts_on: string;
  ends_on: string;
  due_on: string;
  status: PeriodStatus;
  report_count: number;
  submitted_at: Date | null;
  approved_at: Date | null;
  late_days: number;
  withdrawn_at: Date | null;
  version: number;
  org_path: string;
  org_name: string;
  assignment_withdrawn_at: Date | null;
}

/** The query of a period with its organisation (the columns of PeriodRow), for loadPeriod and the queries that start from it. */
export function periodQuery(id: number) {
  return sql<PeriodRow>`
    SELECT p.unit_id, p.id, p.assignment_id, p.list_id, p.year, p.task_id, p.part_id, p.level_code, p.org_id,
           p.seq, p.label, p.starts_on, p.ends_on, p.due_on, p.status, p.report_count, p.submitted_at, p.approved_at,
           p.late_days, p.withdrawn_at, p.version, o.path AS org_path, o.name AS org_name,
           a.withdrawn_at AS assignment_withdrawn_at
    FROM periods p
    JOIN orgs o ON o.id = p.org_id
    JOIN assignments a ON a.unit_id = p.unit_id AND a.id = p.assignment_id
    WHERE p.id = ${id}`;
}

/** A row of periodQuery with its dates as YYYY-MM-DD. */
export function periodRowOf<R extends PeriodRow>(row: R): R {
  return { ...row, starts_on: dateText(row.starts_on), ends_on: dateText(row.ends_on), due_on: dateText(row.due_on) };
}

/** A period with its organisation; `lock` takes the row for the rest of the transaction. 404 when there is none. */
export async function loadPeriod(q: Q, id: number, lock = false): Promise<PeriodRow> {
  const r = await sql<PeriodRow>`${periodQuery(id)} ${lock ? sql`FOR UPDATE OF p` : sql``}`.execute(q);
  const row = r.rows[0];
  if (!row) throw notFound();
  return periodRowOf(row);
}

/** A `date` column as YYYY-MM-DD (both drivers give strings; a Date is turned back into one). */
export function dateText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

export const isWithdrawn = (p: Pick<PeriodRow, 'withdrawn_at' | 'assignment_withdrawn_at'>) => p.withdrawn_at !== null || p.assignment_withdrawn_at !== null;
export const isOpen = (p: Pick<PeriodRow, 'status'>) => p.status === 'pending' || p.status === 'returned';

/**
 * Records and evidence change only by a recorder of the organisation (403 WORK_NOT_RECORDER), not
 * for withdrawn work (409 WORK_WITHDRAWN), and only while the period is open: pending or returned
 * (409 PERIOD_AWAITING_REVIEW / PERIOD_ALREADY_APPROVED).
 */
export function assertCanChangeReports(user: WorkUser, p: PeriodRow): void {
  if (!mayRecord(user, p.org_path)) throw new AppError(403, 'WORK_NOT_RECORDER');
  if (isWithdrawn(p)) throw new AppError(409, 'WORK_WITHDRAWN');
  assertOpen(p);
}

export function assertOpen(p: Pick<PeriodRow, 'status'>): void {
  if (p.status === 'submitted') throw new AppError(409, 'PERIOD_AWAITING_REVIEW');
  if (p.status === 'approved') throw new AppError(409, 'PERIOD_ALREADY_APPROVED');
}

/** The period's report count from its records, and a new version of the period. */
export async function refreshReportCount(trx: Trx, p: Pick<PeriodRow, 'unit_id' | 'id'>): Promise<void> {
  await sql`
    UPDATE periods SET
      report_count = (SELECT count(*)::int FROM reports r WHERE r.unit_id = ${p.unit_id} AND r.period_id = ${p.id}),
      version = version + 1
    WHERE unit_id = ${p.unit_id} AND id = ${p.id}`.execute(trx);
}

/** Where a period's entries sit in the audit trail: its organisation and unit. */
export function auditPlace(p: Pick<PeriodRow, 'org_path' | 'unit_id'>): Pick<AuditEntry, 'orgPath' | 'unitId'> {
  return { orgPath: p.org_path, unitId: p.unit_id };
}

/** Who submitted the period last (the actor of its latest 'submitted' review), or null. */
export async function lastSubmitterOf(q: Q, p: Pick<PeriodRow, 'unit_id' | 'id'>): Promise<number | null> {
  const r = await q
    .selectFrom('reviews')
    .select('actor_id')
    .where('unit_id', '=', p.unit_id)
    .where('period_id', '=', p.id)
    .where('action', '=', 'submitted')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.actor_id ?? null;
}

/** A short title of a task for notifications. */
export function shortText(s: string, max = 40): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** The task's content, for notification titles. */
export async function taskContentOf(q: Q, taskId: number): Promise<string> {
  const t = await q.selectFrom('list_tasks').select('content').where('id', '=', taskId).executeTakeFirst();
  return t?.content ?? '';
}

/** The public fields of a period after a change (core contracts/work-reports.ts). */
export async function periodState(q: Q, p: Pick<PeriodRow, 'unit_id' | 'id'>): Promise<PeriodState> {
  const r = await q
    .selectFrom('periods')
    .select(['id', 'status', 'report_count', 'submitted_at', 'approved_at', 'late_days', 'version'])
    .where('unit_id', '=', p.unit_id)
    .where('id', '=', p.id)
    .executeTakeFirstOrThrow();
  return {
    id: r.id,
    status: r.status,
    reportCount: r.report_count,
    submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
    approvedAt: r.approved_at ? new Date(r.approved_at).toISOString() : null,
    lateDays: r.late_days,
    version: r.version,
  };
}
