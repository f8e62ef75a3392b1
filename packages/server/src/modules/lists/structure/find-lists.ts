import { sql } from 'kysely';
import type { ListStatus, ListSummary } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { pathFilter } from '../../../http/access.ts';

export interface ListSearch {
  page: number;
  pageSize: number;
  year?: number | undefined;
  status?: ListStatus | undefined;
  q?: string | undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/**
 * The lists visible in a scope (the same rule as the guard's listVisibleIn): committee-level scopes
 * see every list; others see issued lists, and a draft only when an opinion round of it was opened
 * to an organisation in (or above) their scope. Newest year first.
 */
export async function findLists(deps: Deps, scope: 'all' | readonly string[], s: ListSearch): Promise<{ items: ListSummary[]; total: number }> {
  const k = deps.db.kysely;
  const visible =
    scope === 'all'
      ? sql<boolean>`true`
      : scope.length === 0
        ? sql<boolean>`false`
        : sql<boolean>`(l.status = 'issued' OR EXISTS (
            SELECT 1 FROM opinion_rounds r
            JOIN opinion_round_orgs ro ON ro.round_id = r.id
            JOIN orgs o2 ON o2.id = ro.org_id
            WHERE r.list_id = l.id AND (${pathFilter('o2.path', scope)} OR ${sql.join(
              scope.map((p) => sql`${p} LIKE o2.path || '%'`),
              sql` OR `,
            )})))`;
  const conds = [visible];
  if (s.year !== undefined) conds.push(sql<boolean>`l.year = ${s.year}`);
  if (s.status !== undefined) conds.push(sql<boolean>`l.status = ${s.status}`);
  const text = s.q?.trim();
  if (text) {
    const pattern = `%${escapeLike(text)}%`;
    conds.push(sql<boolean>`(l.title ILIKE ${pattern} OR coalesce(l.doc_number, '') ILIKE ${pattern})`);
  }
  const where = sql.join(conds, sql` AND `);
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM responsibility_lists l WHERE ${where}`.execute(k);
  const rows = await sql<{
    id: number; year: number; title: string; status: ListStatus; owner_org_id: number; owner_org_name: string;
    copied_from_id: number | null; doc_number: string | null; issue_date: Date | string | null; revision: number;
    task_count: number; version: number; updated_at: Date | string;
  }>`
    SELECT l.id, l.year, l.title, l.status, l.owner_org_id, o.name AS owner_org_name, l.copied_from_id, l.doc_number,
           l.issue_date::text AS issue_date, l.revision, l.version, l.updated_at,
           (SELECT count(*)::int FROM list_tasks t WHERE t.list_id = l.id AND t.withdrawn_at IS NULL) AS task_count
    FROM responsibility_lists l JOIN orgs o ON o.id = l.owner_org_id
    WHERE ${where}
    ORDER BY l.year DESC, l.id DESC
    LIMIT ${s.pageSize} OFFSET ${(s.page - 1) * s.pageSize}`.execute(k);
  return {
    total: total.rows[0]?.n ?? 0,
    items: rows.rows.map((r) => ({
      id: r.id,
      year: r.year,
      title: r.title,
      status: r.status,
      ownerOrgId: r.owner_org_id,
      ownerOrgName: r.owner_org_name,
      copiedFromId: r.copied_from_id,
      docNumber: r.doc_number,
      issueDate: r.issue_date === null ? null : String(r.issue_date).slice(0, 10),
      revision: r.revision,
      taskCount: r.task_count,
      version: r.version,
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
  };
}
