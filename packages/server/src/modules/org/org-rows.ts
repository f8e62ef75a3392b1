/** Shared pieces of the org use cases: row shape, mapping, locking and the checks they share. */
import { sql, type Transaction } from 'kysely';
import { ORG_KIND_LABELS, type Org, type OrgKind } from '@qingdan/core';
import type { Database } from '../../db/schema.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';

export type Trx = Transaction<Database>;

/** An organisation row as the use cases read it (snake_case, as stored). */
export interface OrgDbRow {
  id: number;
  parent_id: number | null;
  unit_id: number | null;
  kind: string;
  level_code: string | null;
  name: string;
  short_name: string;
  code: string;
  sort_order: number;
  active: boolean;
  path: string;
  depth: number;
  version: number;
}

export const ORG_COLUMNS = [
  'id', 'parent_id', 'unit_id', 'kind', 'level_code', 'name', 'short_name', 'code',
  'sort_order', 'active', 'path', 'depth', 'version',
] as const;

export function toOrg(r: OrgDbRow, childCount = 0): Org {
  return {
    id: r.id,
    parentId: r.parent_id,
    unitId: r.unit_id,
    kind: r.kind as OrgKind,
    levelCode: r.level_code,
    name: r.name,
    shortName: r.short_name,
    code: r.code,
    sortOrder: r.sort_order,
    active: r.active,
    path: r.path,
    depth: r.depth,
    childCount: Number(childCount),
    version: r.version,
  };
}

/** What the audit trail keeps of an organisation (before/after). */
export function auditView(r: OrgDbRow) {
  return {
    parentId: r.parent_id,
    unitId: r.unit_id,
    kind: r.kind,
    levelCode: r.level_code,
    name: r.name,
    shortName: r.short_name,
    code: r.code,
    sortOrder: r.sort_order,
    active: r.active,
    path: r.path,
  };
}

export const kindLabel = (kind: string) => ORG_KIND_LABELS[kind as OrgKind]?.zh ?? kind;

/**
 * Serialise changes to the shape of the tree (create, move, (de)activate): a move rewrites the paths
 * of a whole subtree, and a create or deactivate reads the parent's path and state. Other modules
 * writing people.org_path from orgs.path may take the same lock.
 */
export async function lockOrgTree(trx: Trx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(704220)`.execute(trx);
}

export async function loadOrgForUpdate(trx: Trx, id: number): Promise<OrgDbRow> {
  const row = await trx.selectFrom('orgs').select(ORG_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export function assertVersion(row: OrgDbRow, version: number | undefined): void {
  if (version !== undefined && row.version !== version) throw conflict();
}

/** The level must exist and, when the level names its kinds, fit the organisation's kind. */
export async function assertLevel(trx: Trx, levelCode: string | null, kind: string): Promise<void> {
  if (levelCode === null) return;
  const level = await trx.selectFrom('responsibility_levels').select(['code', 'org_kinds']).where('code', '=', levelCode).executeTakeFirst();
  if (!level) throw new AppError(400, 'ORG_BAD_LEVEL', { level: levelCode });
  if (level.org_kinds.length > 0 && !level.org_kinds.includes(kind)) {
    throw new AppError(400, 'ORG_LEVEL_KIND', { level: levelCode, kind: kindLabel(kind) });
  }
}

/** Codes are unique regardless of letter case, so 'JYT' and 'jyt' cannot name two organisations. */
export async function assertCodeFree(trx: Trx, code: string, exceptId?: number): Promise<void> {
  let q = trx.selectFrom('orgs').select('id').where(sql`lower(code)`, '=', code.toLowerCase());
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) throw new AppError(409, 'ORG_CODE_TAKEN', { code });
}

/** A unique-violation on orgs.code that slipped past the check (a concurrent insert) is still a 409. */
export function mapCodeViolation(e: unknown, code: string): unknown {
  const err = e as { code?: string; constraint?: string; message?: string };
  if (err?.code === '23505' && (err.constraint === 'orgs_code_key' || /orgs_code_key/.test(err.message ?? ''))) {
    return new AppError(409, 'ORG_CODE_TAKEN', { code });
  }
  return e;
}
