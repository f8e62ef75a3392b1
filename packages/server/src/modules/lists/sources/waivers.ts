/** Waivers: an item the list deliberately does not cover, with the reason (the owner decides). */
import { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import { write } from '../../../write.ts';
import { assertOwnerEdits, type Caller } from './rights.ts';

export const MIN_REASON = 5;
export const waiverInputSchema = z.object({ sourceItemId: z.number().int().positive().max(2_147_483_647), reason: z.string().max(1000) });
export const waiverOutSchema = z.object({ listId: z.number().int(), sourceItemId: z.number().int(), reason: z.string(), createdAt: z.string() });
export type Waiver = z.infer<typeof waiverOutSchema>;

export async function addWaiver(deps: Deps, caller: Caller, listId: number, input: z.infer<typeof waiverInputSchema>): Promise<Waiver> {
  const reason = input.reason.trim();
  if ([...reason].length < MIN_REASON) {
    throw new AppError(400, 'SOURCE_WAIVER_REASON_SHORT', { min: MIN_REASON }, [{ path: 'body.reason', reason: 'SOURCE_WAIVER_REASON_SHORT', params: { min: MIN_REASON } }]);
  }
  return write(deps, caller, async ({ trx, now, audit }) => {
    await assertOwnerEdits(trx, caller, listId);
    const item = await trx
      .selectFrom('source_items as i')
      .innerJoin('source_documents as d', 'd.id', 'i.document_id')
      .select(['i.id', 'i.label', 'i.text'])
      .where('i.id', '=', input.sourceItemId)
      .where('d.list_id', '=', listId)
      .executeTakeFirst();
    if (!item) throw new AppError(400, 'SOURCE_ITEM_NOT_IN_LIST');
    const before = await trx
      .selectFrom('coverage_waivers')
      .select(['reason'])
      .where('list_id', '=', listId)
      .where('source_item_id', '=', item.id)
      .forUpdate()
      .executeTakeFirst();
    await trx
      .insertInto('coverage_waivers')
      .values({ list_id: listId, source_item_id: item.id, reason, account_id: caller.accountId, created_at: now })
      .onConflict((oc) => oc.columns(['list_id', 'source_item_id']).doUpdateSet({ reason, account_id: caller.accountId, created_at: now }))
      .execute();
    audit({
      action: before ? 'coverageWaiver.update' : 'coverageWaiver.create',
      entityType: 'coverageWaiver',
      entityId: `${listId}:${item.id}`,
      before: before ? { reason: before.reason } : undefined,
      after: { listId, sourceItemId: item.id, item: `${item.label}${item.text}`.slice(0, 200), reason },
    });
    return { listId, sourceItemId: item.id, reason, createdAt: now.toISOString() };
  });
}

/** Remove a waiver; removing one that is not there changes nothing (`removed: false`). */
export async function removeWaiver(deps: Deps, caller: Caller, listId: number, sourceItemId: number): Promise<{ removed: boolean }> {
  return write(deps, caller, async ({ trx, audit }) => {
    await assertOwnerEdits(trx, caller, listId);
    const gone = await trx
      .deleteFrom('coverage_waivers')
      .where('list_id', '=', listId)
      .where('source_item_id', '=', sourceItemId)
      .returning(['reason'])
      .executeTakeFirst();
    if (!gone) return { removed: false };
    audit({ action: 'coverageWaiver.delete', entityType: 'coverageWaiver', entityId: `${listId}:${sourceItemId}`, before: { listId, sourceItemId, reason: gone.reason } });
    return { removed: true };
  });
}
