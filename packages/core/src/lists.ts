import { z } from 'zod';

/** The life of a list. */
export const LIST_STATUSES = ['draft', 'soliciting', 'inReview', 'approved', 'issued'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

export const LIST_STATUS_LABELS: Record<ListStatus, { zh: string; en: string }> = {
  draft: { zh: '起草中', en: 'Drafting' },
  soliciting: { zh: '征求意见', en: 'Soliciting opinions' },
  inReview: { zh: '已送审', en: 'Submitted for review' },
  approved: { zh: '已审定', en: 'Approved' },
  issued: { zh: '已印发', en: 'Issued' },
};

/** Allowed transitions: from → to, with the action's code. Anything else is out of order. */
export const LIST_TRANSITIONS: readonly { from: ListStatus; to: ListStatus; action: string }[] = [
  { from: 'draft', to: 'soliciting', action: 'openOpinions' },
  { from: 'soliciting', to: 'draft', action: 'closeOpinions' },
  { from: 'draft', to: 'inReview', action: 'submit' },
  { from: 'soliciting', to: 'inReview', action: 'submit' },
  { from: 'inReview', to: 'draft', action: 'return' },
  { from: 'inReview', to: 'approved', action: 'approve' },
  { from: 'approved', to: 'issued', action: 'issue' },
];

export function canTransition(from: ListStatus, to: ListStatus): boolean {
  return LIST_TRANSITIONS.some((t) => t.from === from && t.to === to);
}

/** Editable content: drafts (and drafts out for opinions). Issued lists change only through revisions. */
export function isEditableStatus(s: ListStatus): boolean {
  return s === 'draft' || s === 'soliciting';
}

export const FREQUENCIES = ['once', 'monthly', 'quarterly', 'halfYearly', 'yearly', 'ongoing'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FREQUENCY_LABELS: Record<Frequency, { zh: string; en: string }> = {
  once: { zh: '一次性', en: 'Once' },
  monthly: { zh: '每月', en: 'Monthly' },
  quarterly: { zh: '每季度', en: 'Quarterly' },
  halfYearly: { zh: '每半年', en: 'Half-yearly' },
  yearly: { zh: '每年', en: 'Yearly' },
  ongoing: { zh: '经常性', en: 'Ongoing' },
};

/**
 * When a period's work is due. `once`: a fixed date. Recurring: a number of days after the end of
 * each period (0 = the period's last day). `ongoing`: by the end of the year.
 */
export const dueRuleSchema = z.union([
  z.object({ kind: z.literal('date'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  z.object({ kind: z.literal('afterPeriodEnd'), days: z.number().int().min(0).max(90) }),
  z.object({ kind: z.literal('yearEnd') }),
]);
export type DueRule = z.infer<typeof dueRuleSchema>;

export const taskInputSchema = z.object({
  partId: z.number().int().positive(),
  sectionId: z.number().int().positive().nullable().default(null),
  levelCode: z.string().trim().min(1).max(20),
  content: z.string().trim().min(1).max(2000),
  requirements: z.string().trim().max(2000).default(''),
  frequency: z.enum(FREQUENCIES),
  dueRule: dueRuleSchema.default({ kind: 'yearEnd' }),
  evidence: z.string().trim().max(1000).default(''),
  reviewerOrgId: z.number().int().positive().nullable().default(null),
  weight: z.number().min(0).max(1000).nullable().default(null),
});
export type TaskInput = z.infer<typeof taskInputSchema>;

export const partInputSchema = z.object({
  title: z.string().trim().min(1).max(200),
  draftingOrgId: z.number().int().positive().nullable().default(null),
});

/** 鄂直工发〔2022〕2号 */
export function formatDocNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}

export function parseDocNumber(s: string): { prefix: string; year: number; seq: number } | null {
  const m = /^(.+?)[〔[]\s*(\d{4})\s*[〕\]]\s*(\d+)\s*号$/.exec(s.trim());
  return m ? { prefix: m[1]!, year: Number(m[2]), seq: Number(m[3]) } : null;
}

/** The notice title of an issued list. */
export function defaultNoticeTitle(listTitle: string): string {
  return `关于印发《${listTitle}》的通知`;
}

export const SOURCE_KINDS = ['upperList', 'workPoints'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const SOURCE_KIND_LABELS: Record<SourceKind, { zh: string; en: string }> = {
  upperList: { zh: '上级清单', en: 'Upper-level list' },
  workPoints: { zh: '工作要点', en: 'Work points' },
};

export const OPINION_HANDLINGS = ['adopted', 'partlyAdopted', 'notAdopted'] as const;
export type OpinionHandling = (typeof OPINION_HANDLINGS)[number];
export const OPINION_HANDLING_LABELS: Record<OpinionHandling, { zh: string; en: string }> = {
  adopted: { zh: '采纳', en: 'Adopted' },
  partlyAdopted: { zh: '部分采纳', en: 'Partly adopted' },
  notAdopted: { zh: '未采纳', en: 'Not adopted' },
};

/**
 * A list as it stood at one moment: what snapshots store and what comparisons read. Tasks carry
 * their stable `code` and `originCode` (the code of the task they were copied from) so that tasks
 * can be matched across snapshots and across years.
 */
export interface ListSnapshotData {
  list: { id: number; year: number; title: string; status: ListStatus; revision: number; docNumber: string | null };
  parts: { id: number; seq: number; title: string; draftingOrgId: number | null; draftingOrgName: string | null }[];
  sections: { id: number; partId: number; seq: number; title: string }[];
  tasks: {
    id: number;
    code: string;
    originCode: string | null;
    number: number;
    partId: number;
    partSeq: number;
    sectionId: number | null;
    levelCode: string;
    seq: number;
    content: string;
    requirements: string;
    frequency: Frequency;
    dueRule: DueRule;
    evidence: string;
    reviewerOrgId: number | null;
    weight: string | null;
    sourceItemIds: number[];
  }[];
}

/** A due rule carried into another year: a fixed date moves by whole years (29 Feb → 28 Feb). */
export function shiftDueRuleYears(rule: DueRule, years: number): DueRule {
  if (rule.kind !== 'date' || years === 0) return rule;
  const [y, m, d] = rule.date.split('-').map(Number) as [number, number, number];
  const ny = y + years;
  const last = new Date(Date.UTC(ny, m, 0)).getUTCDate();
  return { kind: 'date', date: `${ny}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}` };
}
