/** Names the dashboard views show beside their numbers: parts, levels, units. One query each. */
import type { PartRef, LevelRef } from '@qingdan/core';
import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { viewContext } from '../work/timing.ts';

/** The parts of the year's issued list(s) and of any other part id given, in list order. */
export async function partsOf(deps: Deps, year: number, extraIds: number[] = []): Promise<PartRef[]> {
  const r = await sql<PartRef>`
    SELECT lp.id, lp.seq, lp.title FROM list_parts lp JOIN responsibility_lists rl ON rl.id = lp.list_id
    WHERE (rl.year = ${year} AND rl.status = 'issued') OR lp.id IN (${sql.join([0, ...extraIds])})
    ORDER BY rl.year, lp.list_id, lp.seq, lp.id`.execute(deps.db.kysely);
  return r.rows;
}

/** The parts of a year's issued list, the year by default as the dashboards choose it (viewContext): what a part filter offers. */
export async function yearParts(deps: Deps, year: number | undefined): Promise<{ year: number; parts: PartRef[] }> {
  const ctx = await viewContext(deps, year);
  return { year: ctx.year, parts: await partsOf(deps, ctx.year) };
}

export async function levelsOf(deps: Deps): Promise<LevelRef[]> {
  const r = await sql<{ code: string; name: string; name_en: string }>`
    SELECT code, name, name_en FROM responsibility_levels ORDER BY sort_order, code`.execute(deps.db.kysely);
  return r.rows.map((l) => ({ code: l.code, name: l.name, nameEn: l.name_en }));
}
