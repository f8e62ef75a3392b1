/**
 * 责任分工表 of a unit: the party-group and organ-committee assignments of a year with their
 * owner (责任领导/责任人), lead department (牵头部门) and measures (具体措施), limited to the
 * caller's scope.
 */
import type { DivisionQuery, DivisionReply } from '@qingdan/core';
import { sql, type RawBuilder } from 'kysely';
import type { Deps } from '../../../deps.ts';
import { pathFilter } from '../../../http/access.ts';
import { todayOf } from '../../../clock.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { mayAssign } from '../policy.ts';
import { DIVISION_LEVELS_SQL, escapeLike, measuresOf, peopleInOrder, unitOf } from './division-rows.ts';

export interface DivisionViewer {
  user: Pick<CurrentUser, 'grants'>;
  scope: 'all' | readonly string[];
}

export async function findDivision(deps: Deps, viewer: DivisionViewer, orgId: number, query: DivisionQuery): Promise<DivisionReply> {
  const db = deps.db.kysely;
  const unit = await unitOf(db, orgId);
  const year = query.year ?? Number(todayOf(deps.clock).slice(0, 4));

  const conds: RawBuilder<unknown>[] = [
    sql`a.unit_id = ${unit.id}`,
    sql`a.year = ${year}`,
    sql`a.withdrawn_at IS NULL`,
    sql`a.level_code IN ${DIVISION_LEVELS_SQL}`,
    pathFilter('o.path', viewer.scope),
  ];
  if (query.partId !== undefined) conds.push(sql`a.part_id = ${query.partId}`);
  if (query.levelCode) conds.push(sql`a.level_code = ${query.levelCode}`);
  const text = query.q?.trim();
  if (text) {
    const p = `%${escapeLike(text)}%`;
    conds.push(sql`(t.code ILIKE ${p} OR t.content ILIKE ${p} OR o.name ILIKE ${p} OR pe.name ILIKE ${p} OR a.lead_department ILIKE ${p}
      OR EXISTS (SELECT 1 FROM people c WHERE c.id = ANY(a.cooperator_person_ids) AND c.name ILIKE ${p}))`);
  }
  const where = sql.join(conds, sql` AND `);
  const from = sql`
    FROM assignments a
    JOIN orgs o ON o.id = a.org_id
    JOIN list_tasks t ON t.id = a.task_id
    JOIN list_parts lp ON lp.id = a.part_id
    JOIN responsibility_levels l ON l.code = a.level_code
    LEFT JOIN people pe ON pe.id = a.owner_person_id`;

  const count = await sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${where}`.execute(db);
  const total = count.rows[0]?.n ?? 0;
  const paged = query.page !== undefined || query.pageSize !== undefined;
  const pageSize = query.pageSize ?? 20;
  const limit = paged ? sql`LIMIT ${pageSize} OFFSET ${((query.page ?? 1) - 1) * pageSize}` : sql``;
  const rows = await sql<{
    id: number; year: number; task_id: number; code: string; content: string; part_id: number; part_seq: number; part_title: string;
    level_code: string; level_name: string; org_id: number; org_name: string; path: string; owner_person_id: number | null;
    owner_name: string | null; owner_post: string | null; cooperator_person_ids: number[]; lead_department: string; version: number;
  }>`
    SELECT a.id, a.year, a.task_id, t.code, t.content, a.part_id, lp.seq AS part_seq, lp.title AS part_title,
           a.level_code, l.name AS level_name, a.org_id, o.name AS org_name, o.path, a.owner_person_id,
           pe.name AS owner_name, pe.post AS owner_post, a.cooperator_person_ids, a.lead_department, a.version
    ${from}
    WHERE ${where}
    ORDER BY l.sort_order, o.sort_order, o.id, lp.seq, t.seq, a.id
    ${limit}`.execute(db);

  const measures = await measuresOf(db, unit.id, rows.rows.map((r) => r.id));
  const cooperators = new Map((await peopleInOrder(db, [...new Set(rows.rows.flatMap((r) => r.cooperator_person_ids ?? []))])).map((c) => [c.id, c]));
  const listRow = await db
    .selectFrom('responsibility_lists')
    .select('id')
    .where('year', '=', year)
    .where('status', '=', 'issued')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const parts = listRow
    ? await db.selectFrom('list_parts').select(['id', 'seq', 'title']).where('list_id', '=', listRow.id).orderBy('seq').execute()
    : [];

  return {
    unit: { id: unit.id, name: unit.name },
    year,
    listId: listRow?.id ?? null,
    parts,
    total,
    items: rows.rows.map((r) => ({
      assignmentId: r.id,
      year: r.year,
      taskId: r.task_id,
      taskCode: r.code,
      taskContent: r.content,
      partId: r.part_id,
      partSeq: r.part_seq,
      partTitle: r.part_title,
      levelCode: r.level_code,
      levelName: r.level_name,
      orgId: r.org_id,
      orgName: r.org_name,
      ownerPersonId: r.owner_person_id,
      ownerName: r.owner_name,
      ownerPost: r.owner_post,
      cooperators: (r.cooperator_person_ids ?? []).flatMap((id) => cooperators.get(id) ?? []),
      leadDepartment: r.lead_department,
      version: r.version,
      canAssign: mayAssign(viewer.user, r.path),
      measures: measures.get(r.id) ?? [],
    })),
  };
}
