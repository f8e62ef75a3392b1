/**
 * A unit's view: completion by level × part, by organisation (each organisation of the unit that
 * holds tasks: total, approved, awaiting review, returned, overdue, late), light counts and late
 * counts. One GROUP BY over the unit's periods (its key leads with unit_id).
 */
import type { LevelRef, LightCounts, PartRef, Progress } from '@qingdan/core';
import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { pathFilter } from '../../http/access.ts';
import { addInto, emptyRow, progressColumns, progressOf, type ProgressRow } from './shared.ts';
import { levelsOf, partsOf } from './labels.ts';
import { lateDaysSql, lightSql, viewContext } from '../work/timing.ts';
import { loadUnit } from '../org/org-target.ts';

export interface UnitDashboard {
  year: number;
  today: string;
  unit: { id: number; name: string };
  parts: PartRef[];
  levels: LevelRef[];
  totals: Progress;
  byLevelPart: (Progress & { levelCode: string; partId: number })[];
  byLevel: (Progress & { levelCode: string })[];
  byPart: (Progress & { partId: number })[];
  orgs: (Progress & { id: number; name: string; kind: string; levelCode: string })[];
  lights: LightCounts;
  /** marked: periods with a late mark; overdue: open past due now; maxDays: the longest mark. */
  lates: { marked: number; overdue: number; maxDays: number; byLevel: { levelCode: string; marked: number; overdue: number }[] };
}

type Row = ProgressRow & { org_id: number; part_id: number; level_code: string; yellow: number; max_late: number };

/** The part of the unit inside `scope` (the guard checked that the scope touches the unit). */
export async function unitDashboard(deps: Deps, scope: 'all' | readonly string[], unitId: number, year: number | undefined): Promise<UnitDashboard> {
  const unit = await loadUnit(deps, unitId);
  const ctx = await viewContext(deps, year);
  const k = deps.db.kysely;
  const rows = (
    await sql<Row>`
      SELECT p.org_id, p.part_id, p.level_code, ${progressColumns(ctx)},
        count(*) FILTER (WHERE ${lightSql(ctx)} = 'yellow')::int AS yellow,
        max(${lateDaysSql(ctx)})::int AS max_late
      FROM periods p
      ${scope === 'all' ? sql`` : sql`JOIN orgs o ON o.id = p.org_id AND ${pathFilter('o.path', scope)}`}
      WHERE p.unit_id = ${unitId} AND p.year = ${ctx.year} AND p.withdrawn_at IS NULL
      GROUP BY p.org_id, p.part_id, p.level_code`.execute(k)
  ).rows;
  const orgIds = [...new Set(rows.map((r) => r.org_id))];
  const [orgRows, parts, levels] = await Promise.all([
    sql<{ id: number; name: string; kind: string; level_code: string | null }>`
      SELECT o.id, o.name, o.kind, o.level_code FROM orgs o
      LEFT JOIN responsibility_levels l ON l.code = o.level_code
      WHERE o.id IN (${sql.join([0, ...orgIds])})
      ORDER BY l.sort_order NULLS LAST, o.depth, o.sort_order, o.id`.execute(k),
    partsOf(deps, ctx.year, [...new Set(rows.map((r) => r.part_id))]),
    levelsOf(deps),
  ]);

  const totals = emptyRow();
  const byOrg = new Map<number, ProgressRow>();
  const byLevel = new Map<string, ProgressRow>();
  const byPart = new Map<number, ProgressRow>();
  const byLevelPart = new Map<string, ProgressRow>();
  const lights: LightCounts = { green: 0, yellow: 0, red: 0, done: 0 };
  let maxDays = 0;
  const bump = <K>(m: Map<K, ProgressRow>, key: K, r: ProgressRow) => {
    let acc = m.get(key);
    if (!acc) m.set(key, (acc = emptyRow()));
    addInto(acc, r);
  };
  for (const r of rows) {
    addInto(totals, r);
    bump(byOrg, r.org_id, r);
    bump(byLevel, r.level_code, r);
    bump(byPart, r.part_id, r);
    bump(byLevelPart, `${r.level_code}:${r.part_id}`, r);
    lights.done += r.approved;
    lights.red += r.overdue;
    lights.yellow += r.yellow;
    lights.green += r.total - r.approved - r.overdue - r.yellow;
    maxDays = Math.max(maxDays, Number(r.max_late ?? 0));
  }
  const levelCodes = levels.map((l) => l.code).filter((c) => byLevel.has(c));
  return {
    year: ctx.year,
    today: ctx.today,
    unit: { id: unit.id, name: unit.name },
    parts,
    levels,
    totals: progressOf(totals),
    byLevelPart: levelCodes.flatMap((levelCode) =>
      parts.map((p) => ({ levelCode, partId: p.id, ...progressOf(byLevelPart.get(`${levelCode}:${p.id}`) ?? emptyRow()) })),
    ),
    byLevel: levels.map((l) => ({ levelCode: l.code, ...progressOf(byLevel.get(l.code) ?? emptyRow()) })),
    byPart: parts.map((p) => ({ partId: p.id, ...progressOf(byPart.get(p.id) ?? emptyRow()) })),
    orgs: orgRows.rows.map((o) => {
      const r = byOrg.get(o.id) ?? emptyRow();
      return { id: o.id, name: o.name, kind: o.kind, levelCode: rows.find((x) => x.org_id === o.id)?.level_code ?? o.level_code ?? '', ...progressOf(r) };
    }),
    lights,
    lates: {
      marked: totals.late,
      overdue: totals.overdue,
      maxDays,
      byLevel: levels.map((l) => ({ levelCode: l.code, marked: byLevel.get(l.code)?.late ?? 0, overdue: byLevel.get(l.code)?.overdue ?? 0 })),
    },
  };
}
