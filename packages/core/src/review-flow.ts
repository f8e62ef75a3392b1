/**
 * The review flow (一级抓一级): a piece of work is submitted, the level above approves it or
 * returns it with a reason, and returned work is resubmitted. Reporting periods follow it today;
 * the rectification of problems and the verification of findings follow it as they are. The
 * server's `review-flow.ts` runs it; this is its state machine and the late mark it keeps.
 */
import { z } from 'zod';

export const REVIEW_STATUSES = ['pending', 'submitted', 'returned', 'approved'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** What a history row of the flow records (`reopened`: kept for history written before). */
export const REVIEW_ACTIONS = ['submitted', 'approved', 'returned', 'reopened'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];
export const REVIEW_ACTION_LABELS: Record<ReviewAction, { zh: string; en: string }> = {
  submitted: { zh: '提交', en: 'Submitted' },
  approved: { zh: '审核通过', en: 'Approved' },
  returned: { zh: '退回', en: 'Returned' },
  reopened: { zh: '重新打开', en: 'Reopened' },
};

export const REVIEW_STEPS = ['submit', 'approve', 'return'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];

/** Each step: the statuses it starts from, where it leads, and the action its history row names. */
export const REVIEW_STEP_RULES: Record<ReviewStep, { from: readonly ReviewStatus[]; to: ReviewStatus; action: Exclude<ReviewAction, 'reopened'> }> = {
  submit: { from: ['pending', 'returned'], to: 'submitted', action: 'submitted' },
  approve: { from: ['submitted'], to: 'approved', action: 'approved' },
  return: { from: ['submitted'], to: 'returned', action: 'returned' },
};

/** Open work: its recorders may change it and submit it. */
export const isOpenForWork = (status: ReviewStatus) => status === 'pending' || status === 'returned';

/** Where `step` leads from `status`, or null when the step does not start there. */
export function reviewStepTo(status: ReviewStatus, step: ReviewStep): ReviewStatus | null {
  const rule = REVIEW_STEP_RULES[step];
  return rule.from.includes(status) ? rule.to : null;
}

/** A return needs a reason of at least two characters; an approval may carry a comment. */
export const returnInputSchema = z.object({ reason: z.string().trim().min(2).max(1000) });
export const approveInputSchema = z.object({ comment: z.string().trim().max(1000).default('') });
