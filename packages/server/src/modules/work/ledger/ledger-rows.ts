/**
 * The rows of a unit's ledger (电子台账) and evidence archive, read one organisation at a time so
 * that a large unit is never held in memory whole: the organisations holding tasks of the year,
 * then per organisation its assignments, period × record rows, review history and evidence.
 */
import { sql } from 'kysely';
import { FREQUENCY_LABELS, LIGHT_LABELS, PERIOD_STATUS_LABELS, REVIEW_ACTION_LABELS, type Frequency, type Light, type PeriodStatus, type ReviewAction } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { pathFilter } from '../../../http/access.ts';
import { lateDaysSql, lightSql, type ViewContext } from '../timing.ts';

export interface LedgerOrg {
  id: number;
  name: string;
  level_name: string;
}

/**
 * The organisations of the unit with tasks in the year, level by level, in tree order — those in
 * the caller's scope (a branch secretary's ledger holds the branch).
 */
export async function ledgerOrgs(deps: Deps, unitId: number, year: number, scope: 'all' | readonly string[] = 'all'): Promise<LedgerOrg[]> {
  const r = await sql<LedgerOrg>`
    SELECT o.id, o.name, COALESCE(l.name, '') AS level_name FROM orgs o
    LEFT JOIN responsibility_levels l ON l.code = o.level_code
    WHERE o.unit_id = ${unitId} AND ${pathFilter('o.path', scope)}
      AND EXISTS (SELECT 1 FROM assignments a WHERE a.unit_id = ${unitId} AND a.org_id = o.id AND a.year = ${year})
    ORDER BY l.sort_order NULLS LAST, o.depth, o.sort_order, o.id`.execute(deps.db.kysely);
  return r.rows;
}

export interface AssignmentRow {
  part: string;
  code: string;
  content: string;
  frequency: string;
  owner: string | null;
  lead_department: string;
  withdrawn: boolean;
  measures: string | null;
}

export async function assignmentRows(deps: Deps, unitId: number, orgId: number, year: number): Promise<AssignmentRow[]> {
  const r = await sql<AssignmentRow>`
    SELECT '第' || lp.seq || '部分 ' || lp.title AS part, t.code, t.content, t.frequency, pe.name AS owner, a.lead_department,
      a.withdrawn_at IS NOT NULL AS withdrawn,
      (SELECT string_agg(m.content, '；' ORDER BY m.seq) FROM measures m WHERE m.unit_id = a.unit_id AND m.assignment_id = a.id) AS measures
    FROM assignments a
    JOIN list_tasks t ON t.id = a.task_id
    JOIN list_parts lp ON lp.id = a.part_id
    LEFT JOIN people pe ON pe.id = a.owner_person_id
    WHERE a.unit_id = ${unitId} AND a.org_id = ${orgId} AND a.year = ${year}
    ORDER BY lp.seq, t.seq, a.id`.execute(deps.db.kysely);
  return r.rows;
}

export interface RecordRow {
  code: string;
  content: string;
  label: string;
  due_on: string;
  status: PeriodStatus;
  light: Light;
  late_days: number;
  withdrawn: boolean;
  happened_on: string | null;
  report: string | null;
  author: string | null;
  evidence: string | null;
}

/** Every period of the organisation, with each of its records (a period without records is one row). */
export async function recordRows(deps: Deps, ctx: ViewContext, unitId: number, orgId: number): Promise<RecordRow[]> {
  const r = await sql<RecordRow>`
    SELECT t.code, t.content, p.label, to_char(p.due_on, 'YYYY-MM-DD') AS due_on, p.status,
      ${lightSql(ctx)} AS light, ${lateDaysSql(ctx)} AS late_days, p.withdrawn_at IS NOT NULL AS withdrawn,
      to_char(r.happened_on, 'YYYY-MM-DD') AS happened_on, r.content AS report, r.author_name AS author,
      (SELECT string_agg(e.name, '、' ORDER BY e.id) FROM evidence e WHERE e.unit_id = r.unit_id AND e.report_id = r.id) AS evidence
    FROM periods p
    JOIN list_tasks t ON t.id = p.task_id
    JOIN list_parts lp ON lp.id = p.part_id
    LEFT JOIN reports r ON r.unit_id = p.unit_id AND r.period_id = p.id
    WHERE p.unit_id = ${unitId} AND p.org_id = ${orgId} AND p.year = ${ctx.year}
    ORDER BY lp.seq, t.seq, p.seq, r.happened_on, r.id`.execute(deps.db.kysely);
  return r.rows;
}

export interface ReviewRow {
  code: string;
  label: string;
  action: ReviewAction;
  reason: string;
  actor: string;
  actor_org: string | null;
  at: Date;
}

export async function reviewRows(deps: Deps, unitId: number, orgId: number, year: number): Promise<ReviewRow[]> {
  const r = await sql<ReviewRow>`
    SELECT t.code, p.label, rv.action, rv.reason, rv.actor_name AS actor, ao.name AS actor_org, rv.at
    FROM reviews rv
    JOIN periods p ON p.unit_id = rv.unit_id AND p.id = rv.period_id
    JOIN list_tasks t ON t.id = p.task_id
    JOIN list_parts lp ON lp.id = p.part_id
    LEFT JOIN orgs ao ON ao.id = rv.actor_org_id
    WHERE p.unit_id = ${unitId} AND p.org_id = ${orgId} AND p.year = ${year}
    ORDER BY lp.seq, t.seq, p.seq, rv.at, rv.id`.execute(deps.db.kysely);
  return r.rows;
}

export interface EvidenceRow {
  id: number;
  code: string;
  label: string;
  happened_on: string;
  report: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  created_at: Date;
}

export async function evidenceRows(deps: Deps, unitId: number, orgId: number, year: number): Promise<EvidenceRow[]> {
  const r = await sql<EvidenceRow>`
    SELECT e.id, t.code, p.label, to_char(r.happened_on, 'YYYY-MM-DD') AS happened_on, r.content AS report,
      e.name, e.mime, e.size::bigint AS size, f.sha256, e.created_at
    FROM evidence e
    JOIN reports r ON r.unit_id = e.unit_id AND r.id = e.report_id
    JOIN periods p ON p.unit_id = r.unit_id AND p.id = r.period_id
    JOIN list_tasks t ON t.id = p.task_id
    JOIN list_parts lp ON lp.id = p.part_id
    JOIN files f ON f.id = e.file_id
    WHERE p.unit_id = ${unitId} AND p.org_id = ${orgId} AND p.year = ${year}
    ORDER BY lp.seq, t.seq, p.seq, r.happened_on, r.id, e.id`.execute(deps.db.kysely);
  return r.rows.map((x) => ({ ...x, size: Number(x.size) }));
}

const MIME_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};
export const mimeLabel = (mime: string) => MIME_LABELS[mime] ?? mime;
export const statusLabel = (s: PeriodStatus) => PERIOD_STATUS_LABELS[s]?.zh ?? s;
export const lightLabel = (l: Light) => LIGHT_LABELS[l]?.zh ?? l;
export const actionLabel = (a: ReviewAction) => REVIEW_ACTION_LABELS[a]?.zh ?? a;

const BEIJING = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});
/** A timestamp as Beijing time, 'YYYY-MM-DD HH:mm'. */
export const beijingTime = (d: Date | string) => BEIJING.format(d instanceof Date ? d : new Date(d));

export const frequencyLabel = (f: string) => FREQUENCY_LABELS[f as Frequency]?.zh ?? f;
