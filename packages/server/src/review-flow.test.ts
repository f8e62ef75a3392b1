/**
 * The review flow on a kind of work that is not a period — an in-memory "rectification" kept
 * by the test — so that what the flow does is shown apart from the periods that use it.
 */
import { describe, expect, it } from 'vitest';
import type { Transaction } from 'kysely';
import type { Role } from '@qingdan/core';
import type { Database } from './db/schema.ts';
import { AppError } from './http/errors.ts';
import type { AuditEntry } from './modules/audit/record.ts';
import type { NotificationInput } from './modules/notifications/notify.ts';
import { reviewFlow, type ReviewEvent, type ReviewSubject, type ReviewUser } from './review-flow.ts';
import type { WriteContext } from './write.ts';

interface Rectification extends ReviewSubject {
  unitId: number;
  recorded: boolean;
}

function world() {
  const rows = new Map<number, Rectification>();
  const history: ReviewEvent[] = [];
  const flow = reviewFlow<Rectification, { id: number; name: string }, Rectification>({
    entity: 'rectification',
    load: async (_trx, id) => {
      const r = rows.get(id);
      if (!r) throw new AppError(404, 'NOT_FOUND');
      return { ...r };
    },
    state: async (_trx, s) => ({ ...rows.get(s.id)! }),
    reviewerOf: async (_trx, s) => (s.unitId === 9 ? null : { id: 100, name: '督查室' }),
    maySubmit: (user) => user.grants.some((g) => g.role === 'unitAdmin'),
    mayReview: (user) => user.grants.some((g) => g.role === 'committeeAdmin'),
    beforeSubmit: (_trx, s) => {
      if (!s.recorded) throw new AppError(400, 'PERIOD_EMPTY');
    },
    update: async (_trx, s, c) => {
      rows.set(s.id, { ...rows.get(s.id)!, status: c.status, version: c.version, lateDays: c.lateDays });
    },
    history: {
      add: async (_trx, _s, e) => void history.push(e),
      lastSubmitter: async () => [...history].reverse().find((e) => e.action === 'submitted')?.actorId ?? null,
    },
    submittersOf: async () => [1],
    reviewersOf: async () => [2, 3],
    notice: async (_trx, s, step, f) => ({ params: { step, id: s.id, reason: f.reason ?? '' }, link: `/problems/${s.id}` }),
    auditPlace: (s) => ({ unitId: s.unitId, orgPath: `/1/${s.unitId}/` }),
  });
  const audits: AuditEntry[] = [];
  const notes: [readonly number[], NotificationInput][] = [];
  const at = (today: string): WriteContext => ({
    trx: {} as Transaction<Database>,
    actor: { accountId: 0, name: '', ip: '' },
    now: new Date(`${today}T02:00:00Z`),
    today,
    audit: (...e) => void audits.push(...e),
    notify: (ids, n) => void notes.push([ids, n]),
  });
  const person = (accountId: number, role: Role): ReviewUser => ({ accountId, name: `用户${accountId}`, grants: [{ role, orgId: 1, orgPath: '/1/' }] as ReviewUser['grants'] });
  return { rows, history, flow, audits, notes, at, recorder: person(1, 'unitAdmin'), reviewer: person(2, 'committeeAdmin'), both: { ...person(3, 'unitAdmin'), grants: [...person(3, 'unitAdmin').grants, ...person(3, 'committeeAdmin').grants] } };
}

const add = (w: ReturnType<typeof world>, id: number, patch: Partial<Rectification> = {}) =>
  w.rows.set(id, { id, status: 'pending', version: 1, orgId: 7, dueOn: '2022-06-30', lateDays: 0, withdrawn: false, unitId: 5, recorded: true, ...patch });

const code = async (p: Promise<unknown>) => p.then(() => 'OK', (e: unknown) => (e instanceof AppError ? `${e.status} ${e.code}` : String(e)));

describe('review flow', () => {
  it('runs submit → return with a reason → resubmit → approve, keeping history, late mark, notices and audit', async () => {
    const w = world();
    add(w, 1);
    const submitted = await w.flow.submit(w.at('2022-07-03'), w.recorder, 1, { version: 1 });
    expect(submitted).toMatchObject({ status: 'submitted', version: 2, lateDays: 3 });
    expect(w.notes.at(-1)).toEqual([[2, 3], { kind: 'submitted', params: { step: 'submit', id: 1, reason: '' }, link: '/problems/1' }]);

    expect(await code(w.flow.return(w.at('2022-07-04'), w.reviewer, 1, { reason: ' ' }))).toBe('400 RETURN_REASON_REQUIRED');
    const returned = await w.flow.return(w.at('2022-07-04'), w.reviewer, 1, { reason: '材料不全，请补充', version: 2 });
    expect(returned).toMatchObject({ status: 'returned', version: 3, lateDays: 3 });
    expect(w.notes.at(-1)?.[0]).toEqual([1]);
    expect(w.notes.at(-1)?.[1]).toMatchObject({ kind: 'returned', params: { reason: '材料不全，请补充' } });

    // Resubmitted later: the mark grows with the date; an earlier mark is never lowered.
    expect(await w.flow.submit(w.at('2022-07-10'), w.recorder, 1, {})).toMatchObject({ status: 'submitted', lateDays: 10 });
    const approved = await w.flow.approve(w.at('2022-07-11'), w.reviewer, 1, { comment: '同意' });
    expect(approved).toMatchObject({ status: 'approved', version: 5, lateDays: 10 });

    expect(w.history.map((e) => [e.action, e.actorId, e.actorOrgId, e.reason])).toEqual([
      ['submitted', 1, 7, ''],
      ['returned', 2, 100, '材料不全，请补充'],
      ['submitted', 1, 7, ''],
      ['approved', 2, 100, '同意'],
    ]);
    expect(w.audits.map((a) => [a.action, a.entityType, a.entityId, a.unitId, a.after])).toEqual([
      ['rectification.submit', 'rectification', 1, 5, { status: 'submitted', lateDays: 3, reviewerOrgId: 100 }],
      ['rectification.return', 'rectification', 1, 5, { status: 'returned', reason: '材料不全，请补充', reviewerOrgId: 100 }],
      ['rectification.submit', 'rectification', 1, 5, { status: 'submitted', lateDays: 10, reviewerOrgId: 100 }],
      ['rectification.approve', 'rectification', 1, 5, { status: 'approved', comment: '同意', reviewerOrgId: 100, lateDays: 10 }],
    ]);
  });

  it('refuses what the rules refuse, and changes nothing then', async () => {
    const w = world();
    add(w, 1);
    add(w, 2, { withdrawn: true });
    add(w, 3, { unitId: 9, status: 'submitted' });
    add(w, 4, { recorded: false });
    add(w, 5, { dueOn: null, lateDays: 0 });
    const day = w.at('2022-07-01');
    expect(await code(w.flow.submit(day, w.reviewer, 1, {}))).toBe('403 WORK_NOT_RECORDER');
    expect(await code(w.flow.submit(day, w.recorder, 2, {}))).toBe('409 WORK_WITHDRAWN');
    expect(await code(w.flow.submit(day, w.recorder, 1, { version: 7 }))).toBe('409 CONFLICT');
    expect(await code(w.flow.submit(day, w.recorder, 4, {}))).toBe('400 PERIOD_EMPTY');
    expect(await code(w.flow.approve(day, w.reviewer, 1, { comment: '' }))).toBe('409 REVIEW_NOT_SUBMITTED');
    expect(await code(w.flow.approve(day, w.reviewer, 3, { comment: '' }))).toBe('409 WORK_NO_REVIEWER');
    expect(await code(w.flow.approve(day, w.recorder, 1, { comment: '' }))).toBe('403 WORK_NOT_REVIEWER');
    expect(w.history).toEqual([]);
    expect(w.audits).toEqual([]);
    expect(w.notes).toEqual([]);

    // Someone who may do both never reviews their own submission.
    await w.flow.submit(day, w.both, 1, {});
    expect(await code(w.flow.approve(day, w.both, 1, { comment: '' }))).toBe('403 WORK_OWN_SUBMISSION');
    expect(await code(w.flow.submit(day, w.recorder, 1, {}))).toBe('409 REVIEW_AWAITING');
    await w.flow.approve(day, w.reviewer, 1, { comment: '' });
    expect(await code(w.flow.submit(day, w.recorder, 1, {}))).toBe('409 REVIEW_ALREADY_APPROVED');
    // A kind without a due date has no late mark.
    expect(await w.flow.submit(w.at('2023-01-01'), w.recorder, 5, {})).toMatchObject({ lateDays: 0 });
  });
});
