/** Sections inside a part (e.g. 作风建设 / 纪律建设 / 反腐败斗争 in 党风廉政建设): create, rename, delete when empty. */
import { sql } from 'kysely';
import type { Deps } from '../../../deps.ts';
import { AppError, notFound, staleVersion } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { assertCanEditPart } from '../policy.ts';
import { auditPlace, type Trx } from './shared.ts';

export interface SectionView {
  id: number;
  listId: number;
  partId: number;
  seq: number;
  title: string;
  version: number;
}

async function sectionView(trx: Trx, sectionId: number): Promise<SectionView> {
  const s = await trx.selectFrom('list_sections').select(['id', 'list_id', 'part_id', 'seq', 'title', 'version']).where('id', '=', sectionId).executeTakeFirst();
  if (!s) throw notFound();
  return { id: s.id, listId: s.list_id, partId: s.part_id, seq: s.seq, title: s.title, version: s.version };
}

const auditOf = (s: SectionView) => ({ partId: s.partId, seq: s.seq, title: s.title });

export async function createSection(deps: Deps, actor: Actor, user: CurrentUser, partId: number, input: { title: string }): Promise<SectionView> {
  return write(deps, actor, async ({ trx, audit }) => {
    const list = await assertCanEditPart(trx, user, partId);
    const row = await trx
      .insertInto('list_sections')
      .values({
        list_id: list.id,
        part_id: partId,
        seq: sql<number>`(SELECT coalesce(max(seq), 0) + 1 FROM list_sections WHERE part_id = ${partId})`,
        title: input.title,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const view = await sectionView(trx, row.id);
    audit({ action: 'listSection.create', entityType: 'listSection', entityId: row.id, ...(await auditPlace(trx, list.id)), after: auditOf(view) });
    return view;
  });
}

export async function updateSection(deps: Deps, actor: Actor, user: CurrentUser, sectionId: number, input: { title: string; version: number }): Promise<SectionView> {
  return write(deps, actor, async ({ trx, audit }) => {
    const before = await sectionView(trx, sectionId);
    await assertCanEditPart(trx, user, before.partId);
    const locked = await sectionView(trx, sectionId);
    if (locked.version !== input.version) throw staleVersion(locked);
    await trx.updateTable('list_sections').set({ title: input.title, version: locked.version + 1 }).where('id', '=', sectionId).execute();
    const after = await sectionView(trx, sectionId);
    audit({ action: 'listSection.update', entityType: 'listSection', entityId: sectionId, ...(await auditPlace(trx, before.listId)), before: auditOf(locked), after: auditOf(after) });
    return after;
  });
}

/** Delete a section no task sits in. */
export async function deleteSection(deps: Deps, actor: Actor, user: CurrentUser, sectionId: number): Promise<{ ok: true }> {
  return write(deps, actor, async ({ trx, audit }) => {
    const before = await sectionView(trx, sectionId);
    await assertCanEditPart(trx, user, before.partId);
    const n = await trx.selectFrom('list_tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('section_id', '=', sectionId).executeTakeFirstOrThrow();
    if (Number(n.n) > 0) throw new AppError(409, 'SECTION_NOT_EMPTY', { tasks: Number(n.n) });
    await trx.deleteFrom('list_sections').where('id', '=', sectionId).execute();
    await sql`UPDATE list_sections SET seq = seq - 1 WHERE part_id = ${before.partId} AND seq > ${before.seq}`.execute(trx);
    audit({ action: 'listSection.delete', entityType: 'listSection', entityId: sectionId, ...(await auditPlace(trx, before.listId)), before: auditOf(before) });
    return { ok: true as const };
  });
}
