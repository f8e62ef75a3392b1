/** Parts of a list (一、落实主体责任 …): create, edit, delete when empty, reorder. */
import { sql } from 'kysely';
import type { Deps } from '../../../deps.ts';
import { AppError, notFound, staleVersion } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { assertCanEditList, assertCanEditPart, assertCanManageList, loadPolicyPart } from '../policy.ts';
import { applyOrder, assertCommitteeOrg, assertSameSet, auditPlace, type Trx } from './shared.ts';

export interface PartView {
  id: number;
  listId: number;
  seq: number;
  title: string;
  draftingOrgId: number | null;
  draftingOrgName: string | null;
  version: number;
}

async function partView(trx: Trx, partId: number): Promise<PartView> {
  const p = await trx
    .selectFrom('list_parts as p')
    .leftJoin('orgs as o', 'o.id', 'p.drafting_org_id')
    .select(['p.id', 'p.list_id', 'p.seq', 'p.title', 'p.drafting_org_id', 'o.name as drafting_org_name', 'p.version'])
    .where('p.id', '=', partId)
    .executeTakeFirst();
  if (!p) throw notFound();
  return { id: p.id, listId: p.list_id, seq: p.seq, title: p.title, draftingOrgId: p.drafting_org_id, draftingOrgName: p.drafting_org_name, version: p.version };
}

const auditOf = (p: PartView) => ({ listId: p.listId, seq: p.seq, title: p.title, draftingOrgId: p.draftingOrgId });

export async function createPart(deps: Deps, actor: Actor, user: CurrentUser, listId: number, input: { title: string; draftingOrgId: number | null }): Promise<PartView> {
  return write(deps, actor, async ({ trx, now, audit }) => {
    await assertCanEditList(trx, user, listId);
    if (input.draftingOrgId !== null) await assertCommitteeOrg(trx, input.draftingOrgId, 'PART_DRAFTING_ORG_INVALID', true);
    const row = await trx
      .insertInto('list_parts')
      .values({
        list_id: listId,
        seq: sql<number>`(SELECT coalesce(max(seq), 0) + 1 FROM list_parts WHERE list_id = ${listId})`,
        title: input.title,
        drafting_org_id: input.draftingOrgId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const view = await partView(trx, row.id);
    audit({ action: 'listPart.create', entityType: 'listPart', entityId: row.id, ...(await auditPlace(trx, listId)), after: auditOf(view) });
    return view;
  });
}

/**
 * Edit a part's title (its drafting department or the owner) or its drafting department (the
 * owner only), guarded by its version.
 */
export async function updatePart(
  deps: Deps,
  actor: Actor,
  user: CurrentUser,
  partId: number,
  input: { title: string; draftingOrgId: number | null; version: number },
): Promise<PartView> {
  return write(deps, actor, async ({ trx, now, audit }) => {
    const part = await loadPolicyPart(trx, partId);
    const list = await assertCanEditPart(trx, user, part);
    const before = await partView(trx, partId);
    if (before.version !== input.version) throw staleVersion(before);
    if (input.draftingOrgId !== before.draftingOrgId) {
      await assertCanManageList(trx, user, list);
      if (input.draftingOrgId !== null) await assertCommitteeOrg(trx, input.draftingOrgId, 'PART_DRAFTING_ORG_INVALID', true);
    }
    await trx
      .updateTable('list_parts')
      .set({ title: input.title, drafting_org_id: input.draftingOrgId, version: before.version + 1, updated_at: now })
      .where('id', '=', partId)
      .execute();
    const after = await partView(trx, partId);
    audit({ action: 'listPart.update', entityType: 'listPart', entityId: partId, ...(await auditPlace(trx, before.listId)), before: auditOf(before), after: auditOf(after) });
    return after;
  });
}

/** Delete a part that has no sections and no tasks. */
export async function deletePart(deps: Deps, actor: Actor, user: CurrentUser, partId: number): Promise<{ ok: true }> {
  return write(deps, actor, async ({ trx, audit }) => {
    const part = await loadPolicyPart(trx, partId);
    await assertCanEditList(trx, user, part.listId);
    const before = await partView(trx, partId);
    const n = await sql<{ sections: number; tasks: number }>`
      SELECT (SELECT count(*)::int FROM list_sections WHERE part_id = ${partId}) AS sections,
             (SELECT count(*)::int FROM list_tasks WHERE part_id = ${partId}) AS tasks`.execute(trx);
    const c = n.rows[0] ?? { sections: 0, tasks: 0 };
    if (c.sections > 0 || c.tasks > 0) throw new AppError(409, 'PART_NOT_EMPTY', { sections: c.sections, tasks: c.tasks });
    await trx.deleteFrom('list_parts').where('id', '=', partId).execute();
    // Close the gap in the numbering of the parts.
    await sql`UPDATE list_parts SET seq = seq - 1 WHERE list_id = ${part.listId} AND seq > ${before.seq}`.execute(trx);
    audit({ action: 'listPart.delete', entityType: 'listPart', entityId: partId, ...(await auditPlace(trx, part.listId)), before: auditOf(before) });
    return { ok: true as const };
  });
}

/** Put the parts of a list in the given order (every part, each once). */
export async function reorderParts(deps: Deps, actor: Actor, user: CurrentUser, listId: number, partIds: number[]): Promise<{ ok: true }> {
  return write(deps, actor, async ({ trx, audit }) => {
    await assertCanEditList(trx, user, listId);
    const stored = await trx.selectFrom('list_parts').select(['id', 'seq']).where('list_id', '=', listId).orderBy('seq').orderBy('id').execute();
    assertSameSet(partIds, stored.map((p) => p.id));
    await applyOrder(trx, 'list_parts', partIds);
    audit({ action: 'listPart.reorder', entityType: 'list', entityId: listId, ...(await auditPlace(trx, listId)), before: { partIds: stored.map((p) => p.id) }, after: { partIds } });
    return { ok: true as const };
  });
}
