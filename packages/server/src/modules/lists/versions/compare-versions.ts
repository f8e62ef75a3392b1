/**
 * Comparing two versions: each side is a stored snapshot (`snapshot:ID`) or a list as it is now
 * (`list:ID`). Both sides must be visible to the caller; anything else answers 404, the same as a
 * version that does not exist.
 */
import { compareLists, type ListSnapshotData, type VersionComparison, type VersionInfo } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { listIdOf, listVisibleIn } from '../targets.ts';
import { notFound } from '../../../http/errors.ts';
import { buildSnapshot } from './snapshot.ts';

export const VERSION_REF = /^(snapshot|list):([1-9]\d{0,9})$/;

async function loadVersion(
  deps: Pick<Deps, 'db'>,
  scope: 'all' | readonly string[],
  ref: string,
): Promise<{ data: ListSnapshotData; info: VersionInfo }> {
  const m = VERSION_REF.exec(ref);
  if (!m) throw notFound();
  const kind = m[1] as 'snapshot' | 'list';
  const id = Number(m[2]);
  const listId = await listIdOf(deps.db, kind === 'list' ? 'list' : 'listSnapshot', id);
  if (listId === null || !(await listVisibleIn(deps.db, scope, listId))) throw notFound();
  if (kind === 'list') {
    const data = await buildSnapshot(deps.db.kysely, listId);
    return { data, info: { ref, kind, listId, label: '当前', takenAt: null } };
  }
  const row = await deps.db.kysely
    .selectFrom('list_snapshots')
    .select(['data', 'label', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound();
  const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as ListSnapshotData;
  return { data, info: { ref, kind, listId, label: row.label, takenAt: new Date(row.created_at).toISOString() } };
}

export async function compareVersions(
  deps: Pick<Deps, 'db'>,
  scope: 'all' | readonly string[],
  input: { from: string; to: string },
): Promise<VersionComparison> {
  const a = await loadVersion(deps, scope, input.from);
  const b = await loadVersion(deps, scope, input.to);
  const result = compareLists(a.data, b.data);

  const orgIds = new Set<number>();
  const itemIds = new Set<number>();
  for (const c of result.changed) {
    for (const f of c.fields) {
      for (const v of [f.before, f.after]) {
        if (f.field === 'reviewerOrgId' && typeof v === 'number') orgIds.add(v);
        if (f.field === 'sourceItemIds' && Array.isArray(v)) for (const x of v) if (typeof x === 'number') itemIds.add(x);
      }
    }
  }
  const k = deps.db.kysely;
  const orgNames: Record<string, string> = {};
  if (orgIds.size) {
    const rows = await k.selectFrom('orgs').select(['id', 'name']).where('id', 'in', [...orgIds]).execute();
    for (const r of rows) orgNames[String(r.id)] = r.name;
  }
  const sourceItems: Record<string, { label: string; text: string }> = {};
  if (itemIds.size) {
    const rows = await k.selectFrom('source_items').select(['id', 'label', 'text']).where('id', 'in', [...itemIds]).execute();
    for (const r of rows) sourceItems[String(r.id)] = { label: r.label, text: r.text };
  }
  return { ...result, fromVersion: a.info, toVersion: b.info, orgNames, sourceItems };
}
