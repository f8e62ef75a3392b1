/**
 * The review flow, reusable: submit → approve, or return with a reason → resubmit, with its
 * history, the late mark, the notifications and the audit entries. A kind of work that is
 * reviewed by the level above (a reporting period today; a problem's rectification, a finding's
 * verification) describes itself once as a `ReviewFlowSpec` — how its row is read and written,
 * where its history is kept, who reviews it and who is told — and gets its three steps from
 * `reviewFlow(spec)`, each running inside a `write` (write.ts). The state machine is core's
 * `review-flow.ts`.
 *
 * The rules every kind keeps: only those the spec allows submit (403 WORK_NOT_RECORDER) or review
 * (403 WORK_NOT_REVIEWER naming the reviewer; 409 WORK_NO_REVIEWER when there is none); nobody
 * reviews their own submission (403 WORK_OWN_SUBMISSION); withdrawn work is refused (409
 * WORK_WITHDRAWN); a stale version answers 409 CONFLICT with the current state; a return needs a
 * reason (400 RETURN_REASON_REQUIRED); the late mark is taken at the Beijing date of submission,
 * never less than an earlier one, and kept by the approval.
 */
import {
  lateMarkAtSubmission,
  REVIEW_STEP_RULES,
  returnInputSchema,
  type NotificationParams,
  type ReviewAction,
  type ReviewStatus,
  type ReviewStep,
} from '@qingdan/core';
import type { Transaction } from 'kysely';
import type { Database } from './db/schema.ts';
import { AppError, staleVersion } from './http/errors.ts';
import type { AuditEntry } from './modules/audit/record.ts';
import type { CurrentUser } from './modules/auth/session.ts';
import type { WriteContext } from './write.ts';

type Trx = Transaction<Database>;

/** What the flow reads of a piece of work (locked by the spec's `load`). */
export interface ReviewSubject {
  id: number;
  status: ReviewStatus;
  version: number;
  /** The organisation whose work it is (the history's actor organisation on submission). */
  orgId: number;
  /** The due date the late mark counts from; null: the kind has no late mark. */
  dueOn: string | null;
  lateDays: number;
  withdrawn: boolean;
}

/** The organisation that reviews a piece of work. */
export interface Reviewer {
  id: number;
  name: string;
}

export type ReviewUser = Pick<CurrentUser, 'accountId' | 'grants' | 'name'>;

/** One row of a kind's review history. */
export interface ReviewEvent {
  action: Exclude<ReviewAction, 'reopened'>;
  /** The return's reason or the approval's comment; '' for a submission. */
  reason: string;
  actorId: number;
  actorName: string;
  actorOrgId: number;
  at: Date;
}

/** What a step tells its notice and audit entry. */
export interface StepFacts<R extends Reviewer> {
  reviewer: R | null;
  lateDays: number;
  comment?: string;
  reason?: string;
}

export interface ReviewFlowSpec<S extends ReviewSubject, R extends Reviewer, State> {
  /** The audit trail's entity type and action prefix: `period` → `period.submit`, `period.approve`, `period.return`. */
  entity: string;
  /** The codes of the status refusals, in the kind's own words (defaults REVIEW_*). */
  codes?: Partial<Record<'notSubmitted' | 'awaitingReview' | 'alreadyApproved', string>>;
  /** The piece of work, locked for the rest of the transaction (404 when missing). */
  load(trx: Trx, id: number): Promise<S>;
  /** What the steps answer, and the `current` of a version conflict. */
  state(trx: Trx, s: S): Promise<State>;
  reviewerOf(trx: Trx, s: S): Promise<R | null>;
  maySubmit(user: ReviewUser, s: S): boolean;
  mayReview(user: ReviewUser, reviewer: R): boolean;
  /** The kind's own checks before a submission (something recorded, the period started, …). */
  beforeSubmit?(trx: Trx, s: S, today: string): void | Promise<void>;
  /** Write the step's new status onto the row: `at` is the time of the step, `lateDays` the mark after it. */
  update(trx: Trx, s: S, change: { step: ReviewStep; status: ReviewStatus; version: number; at: Date; lateDays: number }): Promise<void>;
  history: {
    add(trx: Trx, s: S, e: ReviewEvent): Promise<void>;
    /** The account of the latest submission, or null. */
    lastSubmitter(trx: Trx, s: S): Promise<number | null>;
  };
  /** Who is told of a decision (the work's recorders) and of a submission (the reviewer's holders). */
  submittersOf(trx: Trx, s: S): Promise<number[]>;
  reviewersOf(trx: Trx, reviewer: R): Promise<number[]>;
  /** The notification of a step (its kind is the step's action: submitted, approved, returned). */
  notice(trx: Trx, s: S, step: ReviewStep, facts: StepFacts<R>): Promise<{ params: NotificationParams; link: string }>;
  /** Where the work's entries sit in the audit trail, and what more a step's entry says. */
  auditPlace(s: S): Pick<AuditEntry, 'orgPath' | 'unitId'>;
  auditExtra?(s: S, step: ReviewStep): Record<string, unknown>;
}

export interface ReviewFlow<State> {
  submit(w: WriteContext, user: ReviewUser, id: number, input: { version?: number | undefined }): Promise<State>;
  approve(w: WriteContext, user: ReviewUser, id: number, input: { comment: string; version?: number | undefined }): Promise<State>;
  return(w: WriteContext, user: ReviewUser, id: number, input: { reason: string; version?: number | undefined }): Promise<State>;
}

/** The reason of a return, trimmed; 400 RETURN_REASON_REQUIRED when it is too short. */
export function returnReason(reason: string): string {
  const parsed = returnInputSchema.safeParse({ reason });
  if (!parsed.success) throw new AppError(400, 'RETURN_REASON_REQUIRED');
  return parsed.data.reason;
}

export function reviewFlow<S extends ReviewSubject, R extends Reviewer, State>(spec: ReviewFlowSpec<S, R, State>): ReviewFlow<State> {
  const code = (k: 'notSubmitted' | 'awaitingReview' | 'alreadyApproved') =>
    spec.codes?.[k] ?? { notSubmitted: 'REVIEW_NOT_SUBMITTED', awaitingReview: 'REVIEW_AWAITING', alreadyApproved: 'REVIEW_ALREADY_APPROVED' }[k];

  async function checked(trx: Trx, s: S, version: number | undefined): Promise<void> {
    if (s.withdrawn) throw new AppError(409, 'WORK_WITHDRAWN');
    if (version !== undefined && version !== s.version) throw staleVersion(await spec.state(trx, s));
  }

  /** The step's status change, history row, notification and audit entry. */
  async function step(w: WriteContext, user: ReviewUser, s: S, name: ReviewStep, facts: StepFacts<R>): Promise<State> {
    const { trx, now } = w;
    const rule = REVIEW_STEP_RULES[name];
    await spec.update(trx, s, { step: name, status: rule.to, version: s.version + 1, at: now, lateDays: facts.lateDays });
    const actorOrgId = name === 'submit' ? s.orgId : facts.reviewer!.id;
    await spec.history.add(trx, s, { action: rule.action, reason: name === 'submit' ? '' : (facts.reason ?? facts.comment ?? ''), actorId: user.accountId, actorName: user.name, actorOrgId, at: now });
    const told = name === 'submit' ? (facts.reviewer ? await spec.reviewersOf(trx, facts.reviewer) : []) : await spec.submittersOf(trx, s);
    if (name !== 'submit' || facts.reviewer) w.notify(told, { kind: rule.action, ...(await spec.notice(trx, s, name, facts)) });
    const reviewerOrgId = facts.reviewer?.id ?? null;
    const extra = spec.auditExtra?.(s, name) ?? {};
    w.audit({
      action: `${spec.entity}.${name}`,
      entityType: spec.entity,
      entityId: s.id,
      ...spec.auditPlace(s),
      before: name === 'submit' ? { status: s.status, lateDays: s.lateDays } : { status: s.status },
      after:
        name === 'submit'
          ? { status: rule.to, lateDays: facts.lateDays, ...extra, reviewerOrgId }
          : name === 'approve'
            ? { status: rule.to, comment: facts.comment ?? '', reviewerOrgId, lateDays: facts.lateDays, ...extra }
            : { status: rule.to, reason: facts.reason ?? '', reviewerOrgId, ...extra },
    });
    return spec.state(trx, s);
  }

  /** The checks every review passes: reviewer, state, version, not one's own submission. */
  async function forReview(trx: Trx, user: ReviewUser, id: number, version: number | undefined): Promise<{ s: S; reviewer: R }> {
    const s = await spec.load(trx, id);
    const reviewer = await spec.reviewerOf(trx, s);
    if (!reviewer) throw new AppError(409, 'WORK_NO_REVIEWER');
    if (!spec.mayReview(user, reviewer)) throw new AppError(403, 'WORK_NOT_REVIEWER', { reviewer: reviewer.name });
    await checked(trx, s, version);
    if (s.status !== 'submitted') throw new AppError(409, code('notSubmitted'));
    if ((await spec.history.lastSubmitter(trx, s)) === user.accountId) throw new AppError(403, 'WORK_OWN_SUBMISSION');
    return { s, reviewer };
  }

  return {
    async submit(w, user, id, input) {
      const s = await spec.load(w.trx, id);
      if (!spec.maySubmit(user, s)) throw new AppError(403, 'WORK_NOT_RECORDER');
      await checked(w.trx, s, input.version);
      if (s.status === 'submitted') throw new AppError(409, code('awaitingReview'));
      if (s.status === 'approved') throw new AppError(409, code('alreadyApproved'));
      await spec.beforeSubmit?.(w.trx, s, w.today);
      const lateDays = s.dueOn === null ? s.lateDays : lateMarkAtSubmission(s.dueOn, w.today, s.lateDays);
      return step(w, user, s, 'submit', { reviewer: await spec.reviewerOf(w.trx, s), lateDays });
    },
    async approve(w, user, id, input) {
      const { s, reviewer } = await forReview(w.trx, user, id, input.version);
      return step(w, user, s, 'approve', { reviewer, lateDays: s.lateDays, comment: input.comment });
    },
    async return(w, user, id, input) {
      const reason = returnReason(input.reason);
      const { s, reviewer } = await forReview(w.trx, user, id, input.version);
      return step(w, user, s, 'return', { reviewer, lateDays: s.lateDays, reason });
    },
  };
}
