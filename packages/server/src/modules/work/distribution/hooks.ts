/**
 * The distribution's hooks: issuing a list distributes it, publishing a revision applies the
 * revision to the distribution, and an organisation created, re-activated or moved receives the
 * tasks of the issued lists of the current year and later (its holders only). All run inside the
 * transaction of the change, so a failure changes nothing.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { beijingDateOf } from '../../../clock.ts';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../../audit/record.ts';
import { onListIssued, onListRevised, type ListIssuedHook, type ListRevisedHook } from '../../lists/lifecycle/hooks.ts';
import { onOrgActivated, type OrgActivatedHook } from '../../org/hooks.ts';
import { distribute, distributeList } from './distribute.ts';
import { reviseDistribution } from './revise.ts';

type Trx = Transaction<Database>;

/**
 * Time and actor of the list change that runs the hook: its audit entry, written just before in
 * the same transaction with the business clock (the hook context carries ids only).
 */
async function changeOf(trx: Trx, listId: number): Promise<{ now: Date; actor: Actor }> {
  const r = await sql<{ at: Date | string; actor_id: number | null; actor_name: string; ip: string }>`
    SELECT at, actor_id, actor_name, ip FROM audit_log
    WHERE entity_type = 'list' AND entity_id = ${String(listId)}
    ORDER BY seq DESC LIMIT 1`.execute(trx);
  const row = r.rows[0];
  if (row) return { now: new Date(row.at), actor: { accountId: row.actor_id, name: row.actor_name, ip: row.ip } };
  const list = await trx.selectFrom('responsibility_lists').select(['issued_at', 'updated_at']).where('id', '=', listId).executeTakeFirstOrThrow();
  return { now: new Date(list.issued_at ?? list.updated_at), actor: SYSTEM_ACTOR };
}

export const distributeOnIssue: ListIssuedHook = async (trx, ctx) => {
  await distributeList(trx, { listId: ctx.listId, year: ctx.year, ...(await changeOf(trx, ctx.listId)) });
};

export const redistributeOnRevision: ListRevisedHook = async (trx, ctx) => {
  await reviseDistribution(trx, { listId: ctx.listId, year: ctx.year, beforeSnapshotId: ctx.beforeSnapshotId, ...(await changeOf(trx, ctx.listId)) });
};

/** The issued lists of the current (Beijing) year and later reach a new, restored or moved organisation. */
export const distributeToActivatedOrg: OrgActivatedHook = async (trx, ctx) => {
  const year = Number(beijingDateOf(ctx.now).slice(0, 4));
  const lists = await trx
    .selectFrom('responsibility_lists')
    .select(['id', 'year'])
    .where('status', '=', 'issued')
    .where('year', '>=', year)
    .orderBy('year')
    .execute();
  for (const list of lists) {
    const counts = await distribute(trx, { listId: list.id, year: list.year, now: ctx.now }, { underPath: ctx.path });
    if (counts.assignments === 0 && counts.periods === 0) continue;
    const org = await trx.selectFrom('orgs').select(['unit_id']).where('id', '=', ctx.orgId).executeTakeFirstOrThrow();
    await recordAudit(trx, { now: () => ctx.now }, ctx.actor, [
      {
        action: 'work.distributeToOrg',
        entityType: 'workDistribution',
        entityId: list.id,
        orgPath: ctx.path,
        unitId: org.unit_id,
        after: { listId: list.id, year: list.year, orgId: ctx.orgId, reason: ctx.reason, ...counts },
      },
    ]);
  }
};

/** Register the hooks once (many apps may be built in one process, e.g. in tests). */
export function registerDistributionHooks(): void {
  if (!onListIssued.includes(distributeOnIssue)) onListIssued.push(distributeOnIssue);
  if (!onListRevised.includes(redistributeOnRevision)) onListRevised.push(redistributeOnRevision);
  if (!onOrgActivated.includes(distributeToActivatedOrg)) onOrgActivated.push(distributeToActivatedOrg);
}
