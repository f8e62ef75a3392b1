/**
 * 履责记实 (一事一记): add, edit and delete the records of a period while it is open. Each write
 * locks the period, keeps its report count and version right, and is audited.
 */
import { checkReportDate, isReportLate, reportDateRange, type ReportInput, type Report } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { todayOf } from '../../../clock.ts';
import { AppError, notFound } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import { discardStoredFile } from '../../files/store.ts';
import { assertCanChangeReports, auditPlace, dateText, loadPeriod, refreshReportCount, type PeriodRow, type Q, type Trx, type WorkUser } from './period-rows.ts';

interface ReportRow {
  unit_id: number;
  id: number;
  period_id: number;
  happened_on: string;
  content: string;
  author_id: number | null;
  author_name: string;
  version: number;
  /** A Date from a row, or its ISO text from rows folded into JSON (get-period.ts). */
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** A record as the API shows it; `dueOn` is its period's due date (for the late mark). */
export function reportView(r: ReportRow, dueOn: string): Report {
  const happenedOn = dateText(r.happened_on);
  return {
    id: r.id,
    periodId: r.period_id,
    happenedOn,
    late: isReportLate(happenedOn, dueOn),
    content: r.content,
    authorId: r.author_id,
    authorName: r.author_name,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

async function loadReport(q: Q, id: number): Promise<ReportRow> {
  const r = await q
    .selectFrom('reports')
    .select(['unit_id', 'id', 'period_id', 'happened_on', 'content', 'author_id', 'author_name', 'version', 'created_at', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound();
  return r;
}

/** A report with its period, the period locked (so records, submission and review of it take turns). */
export async function lockReport(trx: Trx, id: number): Promise<{ report: ReportRow; period: PeriodRow }> {
  const first = await loadReport(trx, id);
  const period = await loadPeriod(trx, first.period_id, true);
  return { report: await loadReport(trx, id), period };
}

/**
 * The work is dated when it really happened: from the period's start up to today (the business
 * date), past the due date too — a record dated after the due date is late and shown so
 * (core reportDateRange). Anything else is refused, naming the field and the range.
 */
function assertHappenedOn(deps: Deps, p: PeriodRow, happenedOn: string): void {
  const range = reportDateRange({ startsOn: p.starts_on, dueOn: p.due_on }, todayOf(deps.clock));
  const check = checkReportDate(range, happenedOn);
  if (check.ok) return;
  const params = { from: range.from, to: range.to, dueOn: range.dueOn };
  const code = check.reason === 'notStarted' ? 'REPORT_DATE_NOT_STARTED' : 'REPORT_DATE_OUT_OF_RANGE';
  throw new AppError(400, code, params, [{ path: 'happenedOn', reason: code, params }]);
}

const auditOf = (r: Pick<Report, 'periodId' | 'happenedOn' | 'content'>) => ({ periodId: r.periodId, happenedOn: r.happenedOn, content: r.content });

export async function addReport(deps: Deps, actor: Actor, user: WorkUser, periodId: number, input: ReportInput): Promise<Report> {
  return write(deps, actor, async ({ trx, now, audit }) => {
    const p = await loadPeriod(trx, periodId, true);
    assertCanChangeReports(user, p);
    assertHappenedOn(deps, p, input.happenedOn);
    const row = await trx
      .insertInto('reports')
      .values({
        unit_id: p.unit_id,
        period_id: p.id,
        org_id: p.org_id,
        happened_on: input.happenedOn,
        content: input.content,
        author_id: user.accountId,
        author_name: user.name,
        created_at: now,
        updated_at: now,
      })
      .returning(['unit_id', 'id', 'period_id', 'happened_on', 'content', 'author_id', 'author_name', 'version', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    await refreshReportCount(trx, p);
    const view = reportView(row, p.due_on);
    audit({ action: 'report.create', entityType: 'report', entityId: row.id, ...auditPlace(p), after: auditOf(view) });
    return view;
  });
}

/** Edit a record, guarded by the version the editor started from (409 CONFLICT with `current`). */
export async function updateReport(
  deps: Deps,
  actor: Actor,
  user: WorkUser,
  reportId: number,
  input: ReportInput & { version: number },
): Promise<Report> {
  return write(deps, actor, async ({ trx, now, audit }) => {
    const { report, period: p } = await lockReport(trx, reportId);
    assertCanChangeReports(user, p);
    const before = reportView(report, p.due_on);
    if (report.version !== input.version) throw new AppError(409, 'CONFLICT', {}, [], { current: before });
    assertHappenedOn(deps, p, input.happenedOn);
    const row = await trx
      .updateTable('reports')
      .set({ happened_on: input.happenedOn, content: input.content, version: report.version + 1, updated_at: now })
      .where('unit_id', '=', report.unit_id)
      .where('id', '=', report.id)
      .returning(['unit_id', 'id', 'period_id', 'happened_on', 'content', 'author_id', 'author_name', 'version', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    const after = reportView(row, p.due_on);
    audit({ action: 'report.update', entityType: 'report', entityId: report.id, ...auditPlace(p), before: auditOf(before), after: auditOf(after) });
    return after;
  });
}

/** The `files` rows of removed evidence, and their bytes once no upload uses them any more. */
export async function removeFiles(trx: Trx, fileIds: readonly number[]): Promise<{ sha256: string }[]> {
  if (fileIds.length === 0) return [];
  const stillUsed = await trx.selectFrom('evidence').select('file_id').where('file_id', 'in', fileIds).execute();
  const used = new Set(stillUsed.map((r) => r.file_id));
  const gone = fileIds.filter((id) => !used.has(id));
  if (gone.length === 0) return [];
  return trx.deleteFrom('files').where('id', 'in', gone).returning('sha256').execute();
}

/** After the transaction committed: drop the bytes no `files` row points at any more. */
export async function discardBlobs(deps: Deps, removed: readonly { sha256: string }[]): Promise<void> {
  for (const r of removed) await discardStoredFile(deps, { sha256: r.sha256, createdBlob: true });
}

/** Delete a record with its evidence (links and files). */
export async function deleteReport(deps: Deps, actor: Actor, user: WorkUser, reportId: number): Promise<{ ok: true; periodId: number }> {
  const { removed, periodId } = await write(deps, actor, async ({ trx, audit }) => {
    const { report, period: p } = await lockReport(trx, reportId);
    assertCanChangeReports(user, p);
    const evidence = await trx
      .deleteFrom('evidence')
      .where('unit_id', '=', report.unit_id)
      .where('report_id', '=', report.id)
      .returning(['id', 'file_id', 'name'])
      .execute();
    await trx.deleteFrom('reports').where('unit_id', '=', report.unit_id).where('id', '=', report.id).execute();
    const removedFiles = await removeFiles(
      trx,
      evidence.map((e) => e.file_id),
    );
    await refreshReportCount(trx, p);
    audit({
      action: 'report.delete',
      entityType: 'report',
      entityId: report.id,
      ...auditPlace(p),
      before: { ...auditOf(reportView(report, p.due_on)), evidence: evidence.map((e) => ({ id: e.id, name: e.name })) },
    });
    return { removed: removedFiles, periodId: p.id };
  });
  await discardBlobs(deps, removed);
  return { ok: true, periodId };
}
