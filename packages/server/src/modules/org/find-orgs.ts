import { sql } from 'kysely';
import type { Level, Org, OrgKind } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { pathFilter } from '../../http/access.ts';
import { notFound } from '../../http/errors.ts';
import { toOrg, type OrgDbRow } from './org-rows.ts';

export type Scope = 'all' | readonly string[];

type CountedRow = OrgDbRow & { child_count: number };

/** Number of children of o (all of them, or only the active ones). */
const childCount = (onlyActive: boolean) =>
  onlyActive
    ? sql<number>`(SELECT count(*)::int FROM orgs c WHERE c.parent_id = o.id AND c.active)`
    : sql<number>`(SELECT count(*)::int FROM orgs c WHERE c.parent_id = o.id)`;

/** Names of o's ancestors below the committee root, e.g. "省教育厅 / 机关党委". */
const pathNames = sql<string>`coalesce((
  SELECT string_agg(a.name, ' / ' ORDER BY a.depth) FROM orgs a
  WHERE a.id = ANY(string_to_array(trim(both '/' from o.path), '/')::int[]) AND a.id <> o.id AND a.depth > 0
), '')`;

const orgSelect = [
  'o.id', 'o.parent_id', 'o.unit_id', 'o.kind', 'o.level_code', 'o.name', 'o.short_name', 'o.code',
  'o.sort_order', 'o.active', 'o.path', 'o.depth', 'o.version',
] as const;

export async function listLevels(deps: Deps): Promise<Level[]> {
  const rows = await deps.db.kysely.selectFrom('responsibility_levels').selectAll().orderBy('sort_order').orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, scheme: r.scheme, name: r.name, nameEn: r.name_en, sortOrder: r.sort_order, kinds: r.org_kinds as OrgKind[] }));
}

/** Children of one node, for the lazily loaded tree. The guard has checked the node is in scope. */
export async function findChildren(deps: Deps, parentId: number, includeInactive: boolean): Promise<Org[]> {
  let q = deps.db.kysely
    .selectFrom('orgs as o')
    .select([...orgSelect, childCount(!includeInactive).as('child_count')])
    .where('o.parent_id', '=', parentId);
  if (!includeInactive) q = q.where('o.active', '=', true);
  const rows: CountedRow[] = await q.orderBy('o.sort_order').orderBy('o.id').execute();
  return rows.map((r) => toOrg(r, r.child_count));
}

/** Where the user's tree starts: the committee root for province-wide scope, else the grant nodes. */
export async function findRoots(deps: Deps, scope: Scope, includeInactive: boolean): Promise<Org[]> {
  let q = deps.db.kysely.selectFrom('orgs as o').select([...orgSelect, childCount(!includeInactive).as('child_count')]);
  if (scope === 'all') q = q.where('o.parent_id', 'is', null);
  else if (scope.length === 0) return [];
  else q = q.where('o.path', 'in', [...scope]);
  const rows: CountedRow[] = await q.orderBy('o.depth').orderBy('o.sort_order').orderBy('o.id').execute();
  return rows.map((r) => toOrg(r, r.child_count));
}

export interface Ancestor {
  id: number;
  name: string;
  kind: OrgKind;
  /** Whether the user may open this ancestor (breadcrumbs link only those). */
  inScope: boolean;
}

/** One node with its ancestors, root first. */
export async function getOrg(deps: Deps, scope: Scope, id: number): Promise<Org & { ancestors: Ancestor[]; pathNames: string }> {
  const row = await deps.db.kysely
    .selectFrom('orgs as o')
    .select([...orgSelect, childCount(false).as('child_count'), pathNames.as('path_names')])
    .where('o.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound();
  const ids = row.path.split('/').filter(Boolean).map(Number).filter((n) => n !== id);
  const ancestors = ids.length
    ? await deps.db.kysely.selectFrom('orgs').select(['id', 'name', 'kind', 'path', 'depth']).where('id', 'in', ids).orderBy('depth').execute()
    : [];
  return {
    ...toOrg(row, row.child_count),
    pathNames: row.path_names,
    ancestors: ancestors.map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind as OrgKind,
      inScope: scope === 'all' || scope.some((p) => a.path.startsWith(p)),
    })),
  };
}

export const ORG_SORTS = ['depth', 'name', 'code', 'kind', 'sortOrder'] as const;

export interface OrgSearch {
  q?: string | undefined;
  kind?: OrgKind | undefined;
  active?: boolean | undefined;
  unitId?: number | undefined;
  page: number;
  pageSize: number;
  sort: (typeof ORG_SORTS)[number];
  order: 'asc' | 'desc';
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** Flat search within the scope: name, short name or code contain q (case-insensitive). */
export async function findOrgs(deps: Deps, scope: Scope, s: OrgSearch): Promise<{ items: (Org & { pathNames: string })[]; total: number }> {
  let q = deps.db.kysely.selectFrom('orgs as o').where(pathFilter('o.path', scope));
  const text = s.q?.trim();
  if (text) {
    const pattern = `%${escapeLike(text)}%`;
    q = q.where((eb) => eb.or([eb('o.name', 'ilike', pattern), eb('o.short_name', 'ilike', pattern), eb('o.code', 'ilike', pattern)]));
  }
  if (s.kind) q = q.where('o.kind', '=', s.kind);
  if (s.active !== undefined) q = q.where('o.active', '=', s.active);
  if (s.unitId !== undefined) q = q.where('o.unit_id', '=', s.unitId);

  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const dir = s.order === 'desc' ? 'desc' : 'asc';
  let list = q.select([...orgSelect, childCount(false).as('child_count'), pathNames.as('path_names')]);
  switch (s.sort) {
    case 'name':
      list = list.orderBy('o.name', dir);
      break;
    case 'code':
      list = list.orderBy('o.code', dir);
      break;
    case 'kind':
      list = list.orderBy('o.kind', dir).orderBy('o.depth').orderBy('o.sort_order');
      break;
    case 'sortOrder':
      list = list.orderBy('o.sort_order', dir);
      break;
    case 'depth':
      list = list.orderBy('o.depth', dir).orderBy('o.sort_order', dir);
      break;
  }
  const rows = await list
    .orderBy('o.id', dir)
    .limit(s.pageSize)
    .offset((s.page - 1) * s.pageSize)
    .execute();
  return { items: rows.map((r) => ({ ...toOrg(r, r.child_count), pathNames: r.path_names })), total: Number(total.n) };
}
