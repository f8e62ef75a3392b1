/**
 * How far a list has been distributed: assignments and periods (not withdrawn) by level, and by
 * unit (paginated, filtered by unit name), counting only the organisations in the caller's scope
 * — the committee sees every unit, a unit's people their unit (or their part of it).
 */
import { sql } from 'kysely';
import type { Deps } from '../../../deps.ts';
import { pathFilter } from '../../../http/access.ts';
import { notFound } from '../../../http/errors.ts';

export interface DistributionQuery {
  page: number;
  pageSize: number;
  q?: string | undefined;
}

export interface LevelCounts {
  levelCode: string;
  levelName: string;
  orgs: number;
  assignments: number;
  periods: number;
}

export interface UnitCounts {
  unitId: number;
  unitName: string;
  unitCode: string;
  orgs: number;
  assignments: number;
  periods: number;
  byLevel: { levelCode: string; orgs: number; assignments: number; periods: number }[];
}

export interface DistributionView {
  list: { id: number; year: number; title: string; status: string; revision: number };
  totals: { units: number; orgs: number; assignments: number; periods: number; withdrawnAssignments: number };
  byLevel: LevelCounts[];
  units: { items: UnitCounts[]; total: number };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

export async function findDistribution(deps: Deps, scope: 'all' | readonly string[], listId: number, query: DistributionQuery): Promise<DistributionView> {
  const k = deps.db.kysely;
  const list = await k.selectFrom('responsibility_lists').select(['id', 'year', 'title', 'status', 'revision']).where('id', '=', listId).executeTakeFirst();
  if (!list) throw notFound();
  const inScope = pathFilter('o.path', scope);
  const nameFilter = query.q ? sql`AND u.name LIKE ${`%${escapeLike(query.q)}%`}` : sql``;

  // Per unit and level: organisations, assignments, periods — the base of every figure below.
  const result = await sql<{ unit_id: number; level_code: string; orgs: number; assignments: number; periods: number; withdrawn: number }>`
    WITH a AS (
      SELECT a.unit_id, a.level_code, a.org_id, a.withdrawn_at FROM assignments a JOIN orgs o ON o.id = a.org_id
      WHERE a.list_id = ${listId} AND ${inScope}
    ), p AS (
      SELECT p.unit_id, p.level_code, count(*)::int AS n FROM periods p JOIN orgs o ON o.id = p.org_id
      WHERE p.list_id = ${listId} AND p.withdrawn_at IS NULL AND ${inScope}
      GROUP BY p.unit_id, p.level_code
    ), ag AS (
      SELECT unit_id, level_code,
             count(DISTINCT org_id) FILTER (WHERE withdrawn_at IS NULL)::int AS orgs,
             count(*) FILTER (WHERE withdrawn_at IS NULL)::int AS assignments,
             count(*) FILTER (WHERE withdrawn_at IS NOT NULL)::int AS withdrawn
      FROM a GROUP BY unit_id, level_code
    )
    SELECT ag.unit_id, ag.level_code, ag.orgs, ag.assignments, COALESCE(p.n, 0)::int AS periods, ag.withdrawn
    FROM ag LEFT JOIN p ON p.unit_id = ag.unit_id AND p.level_code = ag.level_code`.execute(k);
  const rows = result.rows;

  const levels = await k.selectFrom('responsibility_levels').select(['code', 'name']).orderBy('sort_order').execute();
  const byLevel: LevelCounts[] = levels.map((l) => ({ levelCode: l.code, levelName: l.name, orgs: 0, assignments: 0, periods: 0 }));
  const levelIndex = new Map(byLevel.map((l, i) => [l.levelCode, i]));
  const totals = { units: 0, orgs: 0, assignments: 0, periods: 0, withdrawnAssignments: 0 };
  const units = new Set<number>();
  for (const r of rows) {
    const l = byLevel[levelIndex.get(r.level_code) ?? -1];
    if (l) {
      l.orgs += r.orgs;
      l.assignments += r.assignments;
      l.periods += r.periods;
    }
    if (r.assignments > 0) units.add(r.unit_id);
    totals.orgs += r.orgs;
    totals.assignments += r.assignments;
    totals.periods += r.periods;
    totals.withdrawnAssignments += r.withdrawn;
  }
  totals.units = units.size;

  // The units page: units with work of this list in scope, in the tree's order.
  const unitIds = [...new Set(rows.map((r) => r.unit_id))];
  let items: UnitCounts[] = [];
  let total = 0;
  if (unitIds.length > 0) {
    const ids = sql`${`{${unitIds.join(',')}}`}::int[]`;
    const counted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orgs u WHERE u.id = ANY(${ids}) ${nameFilter}`.execute(k);
    total = counted.rows[0]?.n ?? 0;
    const page = await sql<{ id: number; name: string; code: string }>`
      SELECT u.id, u.name, u.code FROM orgs u WHERE u.id = ANY(${ids}) ${nameFilter}
      ORDER BY u.sort_order, u.code, u.id
      LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`.execute(k);
    items = page.rows.map((u) => {
      const mine = rows.filter((r) => r.unit_id === u.id);
      const levelsOf = byLevel
        .map((l) => mine.find((r) => r.level_code === l.levelCode))
        .filter((r): r is (typeof rows)[number] => r !== undefined)
        .map((r) => ({ levelCode: r.level_code, orgs: r.orgs, assignments: r.assignments, periods: r.periods }));
      return {
        unitId: u.id,
        unitName: u.name,
        unitCode: u.code,
        orgs: mine.reduce((s, r) => s + r.orgs, 0),
        assignments: mine.reduce((s, r) => s + r.assignments, 0),
        periods: mine.reduce((s, r) => s + r.periods, 0),
        byLevel: levelsOf,
      };
    });
  }
  return {
    list: { id: list.id, year: list.year, title: list.title, status: list.status, revision: list.revision },
    totals,
    byLevel,
    units: { items, total },
  };
}
