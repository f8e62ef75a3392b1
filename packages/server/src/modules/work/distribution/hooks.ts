/**
 * The distribution's hooks: issuing a list distributes it, publishing a revision applies the
 * revision to the distribution, and an organisation created, re-activated or moved receives the
 * tasks of the issued lists of the current year and later (its holders only). All run inside the
 * transaction of the change, so a failure changes nothing.
 */
import { beijingDateOf } from '../../../clock.ts';
import { onListIssued, onListRevised, type ListIssuedHook, type ListRevisedHook } from '../../lists/lifecycle/hooks.ts';
import { onOrgActivated, type OrgActivatedHook } from '../../org/hooks.ts';
import { distribute, distributeList } from './distribute.ts';
import { reviseDistribution } from './revise.ts';

export const distributeOnIssue: ListIssuedHook = async (w, ctx) => {
  await distributeList(w, { listId: ctx.listId, year: ctx.year });
};

export const redistributeOnRevision: ListRevisedHook = async (w, ctx) => {
  await reviseDistribution(w, { listId: ctx.listId, year: ctx.year, beforeSnapshotId: ctx.beforeSnapshotId });
};

/** The issued lists of the current (Beijing) year and later reach a new, restored or moved organisation. */
export const distributeToActivatedOrg: OrgActivatedHook = async (w, ctx) => {
  const { trx, now } = w;
  const year = Number(beijingDateOf(now).slice(0, 4));
  const lists = await trx
    .selectFrom('responsibility_lists')
    .select(['id', 'year'])
    .where('status', '=', 'issued')
    .where('year', '>=', year)
    .orderBy('year')
    .execute();
  for (const list of lists) {
    const counts = await distribute(trx, { listId: list.id, year: list.year, now }, { underPath: ctx.path });
    if (counts.assignments === 0 && counts.periods === 0) continue;
    const org = await trx.selectFrom('orgs').select(['unit_id']).where('id', '=', ctx.orgId).executeTakeFirstOrThrow();
    w.audit({
      action: 'work.distributeToOrg',
      entityType: 'workDistribution',
      entityId: list.id,
      orgPath: ctx.path,
      unitId: org.unit_id,
      after: { listId: list.id, year: list.year, orgId: ctx.orgId, reason: ctx.reason, ...counts },
    });
  }
};

/** Register the hooks once (many apps may be built in one process, e.g. in tests). */
export function registerDistributionHooks(): void {
  if (!onListIssued.includes(distributeOnIssue)) onListIssued.push(distributeOnIssue);
  if (!onListRevised.includes(redistributeOnRevision)) onListRevised.push(redistributeOnRevision);
  if (!onOrgActivated.includes(distributeToActivatedOrg)) onOrgActivated.push(distributeToActivatedOrg);
}
