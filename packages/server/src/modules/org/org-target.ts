/** The organisation a view is about — a dashboard, the ledger (the guard already checked it is in scope). */
import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../http/errors.ts';

export interface TargetOrg {
  id: number;
  name: string;
  kind: string;
  path: string;
  unit_id: number | null;
  level_code: string | null;
}

export async function loadTargetOrg(deps: Deps, orgId: number): Promise<TargetOrg> {
  const r = await sql<TargetOrg>`SELECT id, name, kind, path, unit_id, level_code FROM orgs WHERE id = ${orgId}`.execute(deps.db.kysely);
  const org = r.rows[0];
  if (!org) throw notFound();
  return org;
}

/** The unit node itself, else 400 DASHBOARD_NOT_A_UNIT. */
export async function loadUnit(deps: Deps, unitId: number): Promise<TargetOrg> {
  const org = await loadTargetOrg(deps, unitId);
  if (org.kind !== 'unit') throw new AppError(400, 'DASHBOARD_NOT_A_UNIT', { name: org.name });
  return org;
}
