/**
 * Candidates for the owner of a divided task: the active people of the unit's party group
 * (its leadership members) for the party group's tasks, of the organ committee for the organ
 * committee's tasks — the holders of the level in the unit. Without a level: both. Only people in
 * the caller's scope are offered.
 */
import type { DivisionPerson } from '@qingdan/core';
import { sql, type RawBuilder } from 'kysely';
import type { Deps } from '../../../deps.ts';
import { pathFilter } from '../../../http/access.ts';
import { DIVISION_LEVELS_SQL, escapeLike, unitOf } from './division-rows.ts';

export interface DivisionPeopleQuery {
  levelCode?: string | undefined;
  q?: string | undefined;
}

export async function findDivisionPeople(
  deps: Deps,
  scope: 'all' | readonly string[],
  orgId: number,
  query: DivisionPeopleQuery,
): Promise<{ items: DivisionPerson[]; total: number }> {
  const db = deps.db.kysely;
  const unit = await unitOf(db, orgId);
  const conds: RawBuilder<unknown>[] = [
    sql`o.unit_id = ${unit.id}`,
    sql`o.active`,
    sql`p.active`,
    sql`o.level_code IN ${DIVISION_LEVELS_SQL}`,
    // the holder of the level: no active ancestor of the same level (a general branch inside the organ committee is not)
    sql`NOT EXISTS (SELECT 1 FROM orgs anc WHERE anc.active AND anc.id <> o.id AND anc.level_code = o.level_code AND o.path LIKE anc.path || '%')`,
    pathFilter('p.org_path', scope),
  ];
  if (query.levelCode) conds.push(sql`o.level_code = ${query.levelCode}`);
  const text = query.q?.trim();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    conds.push(sql`(p.name ILIKE ${like} OR p.post ILIKE ${like} OR p.code ILIKE ${like})`);
  }
  const r = await sql<{ id: number; name: string; post: string; org_id: number; org_name: string; level_code: string }>`
    SELECT p.id, p.name, p.post, o.id AS org_id, o.name AS org_name, o.level_code
    FROM people p JOIN orgs o ON o.id = p.org_id
    WHERE ${sql.join(conds, sql` AND `)}
    ORDER BY o.depth, o.sort_order, o.id, p.sort_order, p.id`.execute(db);
  const items = r.rows.map((x) => ({ id: x.id, name: x.name, post: x.post, orgId: x.org_id, orgName: x.org_name, levelCode: x.level_code }));
  return { items, total: items.length };
}
