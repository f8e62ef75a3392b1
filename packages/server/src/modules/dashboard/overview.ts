/**
 * The committee's view (总览): per unit × part × level, the periods due so far, approved,
 * awaiting review, overdue now and marked late, with the completion rate; per unit totals and
 * rank; the province's totals; the heat map of units × parts. One GROUP BY over periods (the
 * record counts are on periods, so reports are not scanned). A scope narrower than the province
 * sees only the periods of its own organisations.
 */
import { sql, type RawBuilder } from 'kysely';
import { unitPathOf, type LevelRef, type PartRef, type Progress } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { pathFilter } from '../../http/access.ts';
import { addInto, emptyRow, progressColumns, progressOf, type ProgressRow } from './shared.ts';
import { viewContext } from '../work/timing.ts';
import { levelsOf, partsOf } from './labels.ts';

export interface OverviewQuery {
  year?: number | undefined;
  partId?: number | undefined;
  levelCode?: string | undefined;
  departmentId?: number | undefined;
  unitId?: number | undefined;
}

export interface Overview {
  year: number;
  today: string;
  parts: PartRef[];
  levels: LevelRef[];
  province: Progress & { byPart: (Progress & { partId: number })[]; byLevel: (Progress & { levelCode: string })[] };
  units: (Progress & { id: number; name: string; shortName: string; rank: number; byPart: (Progress & { partId: number })[] })[];
  cells: (Progress & { unitId: number; partId: number; levelCode: string })[];
  /** Completion rate per unit (rows, in `units` order) and part (columns, in `parts` order). */
  heatmap: { unitIds: number[]; partIds: number[]; rates: (number | null)[][] };
}

type Row = ProgressRow & { unit_id: number; part_id: number; level_code: string };

/** The SQL of the aggregate alone (the benchmark times it as the baseline). */
export function overviewAggregateSql(ctx: { today: string; year: number; yellowDays: number }, scope: 'all' | readonly string[], q: OverviewQuery): RawBuilder<Row> {
  const where: RawBuilder<unknown>[] = [sql`p.year = ${ctx.year}`, sql`p.withdrawn_at IS NULL`];
  if (scope !== 'all') where.push(pathFilter('o.path', scope));
  if (q.unitId) where.push(sql`p.unit_id = ${q.unitId}`);
  if (q.partId) where.push(sql`p.part_id = ${q.partId}`);
  if (q.levelCode) where.push(sql`p.level_code = ${q.levelCode}`);
  if (q.departmentId) where.push(sql`t.reviewer_org_id = ${q.departmentId}`);
  return sql<Row>`
    SELECT p.unit_id, p.part_id, p.level_code, ${progressColumns(ctx)}
    FROM periods p
    ${scope !== 'all' ? sql`JOIN orgs o ON o.id = p.org_id` : sql``}
    ${q.departmentId ? sql`JOIN list_tasks t ON t.id = p.task_id` : sql``}
    WHERE ${sql.join(where, sql` AND `)}
    GROUP BY p.unit_id, p.part_id, p.level_code`;
}

export async function overview(deps: Deps, scope: 'all' | readonly string[], q: OverviewQuery): Promise<Overview> {
  const ctx = await viewContext(deps, q.year);
  const k = deps.db.kysely;
  const rows = (await overviewAggregateSql(ctx, scope, q).execute(k)).rows;

  // The units shown: every active unit in the scope (or the one asked for), and any with periods.
  const unitPaths = scope === 'all' ? null : [...new Set(scope.map(unitPathOf))];
  const unitRows = (
    await sql<{ id: number; name: string; short_name: string; sort_order: number }>`
      SELECT id, name, short_name, sort_order FROM orgs
      WHERE kind = 'unit' AND (
        (${q.unitId ? sql`id = ${q.unitId}` : unitPaths ? sql`active AND path IN (${sql.join(unitPaths)})` : sql`active`})
        OR id IN (${sql.join([0, ...new Set(rows.map((r) => r.unit_id))])}))
      ORDER BY sort_order, id`.execute(k)
  ).rows;
  const [allParts, levels] = await Promise.all([partsOf(deps, ctx.year, [...new Set(rows.map((r) => r.part_id))]), levelsOf(deps)]);
  const parts = q.partId ? allParts.filter((p) => p.id === q.partId) : allParts;

  const unitTotals = new Map<number, ProgressRow>();
  const unitPart = new Map<string, ProgressRow>();
  const partTotals = new Map<number, ProgressRow>();
  const levelTotals = new Map<string, ProgressRow>();
  const province = emptyRow();
  const bump = <K>(m: Map<K, ProgressRow>, key: K, r: ProgressRow) => {
    let acc = m.get(key);
    if (!acc) m.set(key, (acc = emptyRow()));
    addInto(acc, r);
  };
  for (const r of rows) {
    bump(unitTotals, r.unit_id, r);
    bump(unitPart, `${r.unit_id}:${r.part_id}`, r);
    bump(partTotals, r.part_id, r);
    bump(levelTotals, r.level_code, r);
    addInto(province, r);
  }

  const units = unitRows.map((u) => ({
    id: u.id,
    name: u.name,
    shortName: u.short_name,
    rank: 0,
    ...progressOf(unitTotals.get(u.id) ?? emptyRow()),
    byPart: parts.map((p) => ({ partId: p.id, ...progressOf(unitPart.get(`${u.id}:${p.id}`) ?? emptyRow()) })),
  }));
  // Rank by completion rate (units with nothing due yet last); equal rates share a rank.
  const score = (rate: number | null) => rate ?? -1;
  for (const u of units) u.rank = 1 + units.filter((o) => score(o.rate) > score(u.rate)).length;
  // Within a rank, the units' own order.
  const order = new Map(unitRows.map((u, i) => [u.id, i]));
  units.sort((a, b) => a.rank - b.rank || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));

  return {
    year: ctx.year,
    today: ctx.today,
    parts,
    levels,
    province: {
      ...progressOf(province),
      byPart: parts.map((p) => ({ partId: p.id, ...progressOf(partTotals.get(p.id) ?? emptyRow()) })),
      byLevel: levels.map((l) => ({ levelCode: l.code, ...progressOf(levelTotals.get(l.code) ?? emptyRow()) })),
    },
    units,
    cells: rows.map((r) => ({ unitId: r.unit_id, partId: r.part_id, levelCode: r.level_code, ...progressOf(r) })),
    heatmap: {
      unitIds: units.map((u) => u.id),
      partIds: parts.map((p) => p.id),
      rates: units.map((u) => u.byPart.map((c) => c.rate)),
    },
  };
}
