/**
 * 一级抓一级: assignments, reporting periods, records and their review — the rules shared by the
 * server and the web app (period plans, time lights, late marks, input schemas, labels).
 */
import { z } from 'zod';
import type { DueRule, Frequency } from './lists.ts';
import type { Locale } from './api.ts';
import { REVIEW_STATUSES, type ReviewStatus } from './review-flow.ts';

/** A period's status is the review flow's (review-flow.ts). */
export const PERIOD_STATUSES = REVIEW_STATUSES;
export type PeriodStatus = ReviewStatus;
export const PERIOD_STATUS_LABELS: Record<PeriodStatus, { zh: string; en: string }> = {
  pending: { zh: '未提交', en: 'Not submitted' },
  submitted: { zh: '待审核', en: 'Awaiting review' },
  returned: { zh: '已退回', en: 'Returned' },
  approved: { zh: '已通过', en: 'Approved' },
};

/** Time lights. `done`: approved (its late mark, if any, is shown beside it). */
export const LIGHTS = ['green', 'yellow', 'red', 'done'] as const;
export type Light = (typeof LIGHTS)[number];
export const LIGHT_LABELS: Record<Light, { zh: string; en: string }> = {
  green: { zh: '正常', en: 'On track' },
  yellow: { zh: '临期', en: 'Due soon' },
  red: { zh: '逾期', en: 'Overdue' },
  done: { zh: '已完成', en: 'Done' },
};

export const NOTIFICATION_KINDS = [
  'dueSoon', 'overdue', 'overdueBelow', 'returned', 'approved', 'submitted', 'digest', 'listIssued', 'listRevised',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, { zh: string; en: string }> = {
  dueSoon: { zh: '到期提醒', en: 'Due soon' },
  overdue: { zh: '逾期提醒', en: 'Overdue' },
  overdueBelow: { zh: '下级逾期', en: 'Overdue below' },
  returned: { zh: '退回通知', en: 'Returned' },
  approved: { zh: '审核通过', en: 'Approved' },
  submitted: { zh: '待审核', en: 'To review' },
  digest: { zh: '每日汇总', en: 'Daily digest' },
  listIssued: { zh: '清单下发', en: 'List issued' },
  listRevised: { zh: '清单修订', en: 'List revised' },
};

/** Days before a due date when the light turns yellow (setting `work.yellowDays`). */
export const DEFAULT_YELLOW_DAYS = 7;
/** Largest evidence file. */
export const EVIDENCE_MAX_BYTES = 50 * 1024 * 1024;
/** Evidence types, told by content: PDF, Word, Excel, JPEG, PNG. */
export const EVIDENCE_KINDS = ['pdf', 'docx', 'xlsx', 'jpeg', 'png'] as const;

export interface PeriodPlan {
  seq: number;
  label: string;
  labelEn: string;
  startsOn: string;
  endsOn: string;
  dueOn: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
/** Last day of month m (1–12) of year y. */
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A YYYY-MM-DD date moved by n days. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a), both YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** What one reporting period spans: a month, a quarter, a half-year or the whole year. */
export type PeriodSpan = 'month' | 'quarter' | 'half' | 'year';
/** How many periods of each span a year has. */
export const PERIOD_SPAN_COUNT: Record<PeriodSpan, number> = { month: 12, quarter: 4, half: 2, year: 1 };

const QUARTERS_ZH = ['第一季度', '第二季度', '第三季度', '第四季度'];
const HALVES_ZH = ['上半年', '下半年'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const HALVES_EN = ['First half', 'Second half'];
const YEAR_ZH = '全年';
const YEAR_EN = 'Full year';

/**
 * The label of the `seq`-th period (1-based) of a span, in a locale: 10月 / October, 第一季度 / Q1,
 * 上半年 / First half, 全年 / Full year. The Chinese label is the one stored on each period.
 */
export function periodLabel(span: PeriodSpan, seq: number, locale: Locale): string {
  const en = locale === 'en';
  if (span === 'month') return en ? (MONTHS_EN[seq - 1] ?? `Month ${seq}`) : `${seq}月`;
  if (span === 'quarter') return en ? `Q${seq}` : (QUARTERS_ZH[seq - 1] ?? `第${seq}季度`);
  if (span === 'half') return (en ? HALVES_EN : HALVES_ZH)[seq - 1] ?? (en ? `Half ${seq}` : `第${seq}半年`);
  return en ? YEAR_EN : YEAR_ZH;
}

/** The span and number of a period label in either language (`null` when it is none of them). */
export function parsePeriodLabel(label: string): { span: PeriodSpan; seq: number } | null {
  const s = label.trim();
  const month = /^(\d{1,2})月$/.exec(s);
  if (month) {
    const m = Number(month[1]);
    return m >= 1 && m <= 12 ? { span: 'month', seq: m } : null;
  }
  const spans: PeriodSpan[] = ['month', 'quarter', 'half', 'year'];
  for (const span of spans) {
    for (let seq = 1; seq <= PERIOD_SPAN_COUNT[span]; seq++) {
      if (s === periodLabel(span, seq, 'zh-CN') || s === periodLabel(span, seq, 'en')) return { span, seq };
    }
  }
  return null;
}

/** A stored period label (10月, 第一季度, 上半年, 全年 …) in a locale; a label of no known period is kept as it is. */
export function periodLabelIn(label: string, locale: Locale): string {
  const p = parsePeriodLabel(label);
  return p ? periodLabel(p.span, p.seq, locale) : label;
}

/** The span of the periods of a task of this frequency. */
export function periodSpanOf(frequency: Frequency): PeriodSpan {
  return frequency === 'monthly' ? 'month' : frequency === 'quarterly' ? 'quarter' : frequency === 'halfYearly' ? 'half' : 'year';
}

/**
 * The reporting periods of a task in a year, from its frequency and due rule:
 * - monthly: 12, quarterly: 4, halfYearly: 2; once, yearly and ongoing: 1 (the whole year);
 * - due: `afterPeriodEnd` → the period's last day + days; `date` → that date (for a single-period
 *   task; for a recurring one the period's last day); `yearEnd` → the period's last day.
 * The server's distribution SQL produces the same plan (tested against this function).
 */
export function periodPlan(frequency: Frequency, due: DueRule, year: number): PeriodPlan[] {
  const span = periodSpanOf(frequency);
  const ranges: { label: string; labelEn: string; from: [number, number]; to: [number, number] }[] = [];
  const add = (seq: number, from: [number, number], to: [number, number]) =>
    ranges.push({ label: periodLabel(span, seq, 'zh-CN'), labelEn: periodLabel(span, seq, 'en'), from, to });
  if (span === 'month') {
    for (let m = 1; m <= 12; m++) add(m, [m, 1], [m, lastDay(year, m)]);
  } else if (span === 'quarter') {
    for (let q = 0; q < 4; q++) {
      const endMonth = q * 3 + 3;
      add(q + 1, [q * 3 + 1, 1], [endMonth, lastDay(year, endMonth)]);
    }
  } else if (span === 'half') {
    add(1, [1, 1], [6, 30]);
    add(2, [7, 1], [12, 31]);
  } else {
    add(1, [1, 1], [12, 31]);
  }
  const single = ranges.length === 1;
  return ranges.map((r, i) => {
    const endsOn = ymd(year, r.to[0], r.to[1]);
    let dueOn = endsOn;
    if (due.kind === 'afterPeriodEnd') dueOn = addDays(endsOn, due.days);
    else if (due.kind === 'date' && single) dueOn = due.date;
    return { seq: i + 1, label: r.label, labelEn: r.labelEn, startsOn: ymd(year, r.from[0], r.from[1]), endsOn, dueOn };
  });
}

export interface PeriodTiming {
  status: PeriodStatus;
  dueOn: string;
  /** Beijing date of the latest submission, when submitted or approved. */
  submittedOn: string | null;
  /** The stored late mark (days late when it was completed; kept after approval). */
  lateDays: number;
}

/**
 * The light of a period on `today`: approved → done; submitted (awaiting review) → green; open
 * (pending or returned) → red past its due date, yellow within `yellowDays` of it, else green.
 */
export function lightOf(p: PeriodTiming, today: string, yellowDays = DEFAULT_YELLOW_DAYS): Light {
  if (p.status === 'approved') return 'done';
  if (p.status === 'submitted') return 'green';
  const left = daysBetween(today, p.dueOn);
  if (left < 0) return 'red';
  if (left <= yellowDays) return 'yellow';
  return 'green';
}

/**
 * Days late: for an open period, today − due (when positive); for a submitted or approved one,
 * the stored mark (set when it was submitted after its due date, never cleared).
 */
export function lateDaysOf(p: PeriodTiming, today: string): number {
  if (p.status === 'approved' || p.status === 'submitted') return p.lateDays;
  return Math.max(p.lateDays, daysBetween(p.dueOn, today));
}

/** Late days recorded at a submission on `submittedOn`: never less than an earlier mark. */
export function lateMarkAtSubmission(dueOn: string, submittedOn: string, earlierMark: number): number {
  return Math.max(earlierMark, daysBetween(dueOn, submittedOn), 0);
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A record (履责记实): when the work happened and what was done. */
export const reportInputSchema = z.object({
  happenedOn: date,
  content: z.string().trim().min(1).max(5000),
});
export type ReportInput = z.infer<typeof reportInputSchema>;


/** Division of labour (分工) of a party-group or organ-committee assignment. */
/** At most this many cooperating leadership members (配合领导) on one task. */
export const MAX_COOPERATORS = 10;

export const divisionInputSchema = z.object({
  /** 责任领导/责任人: the lead. */
  ownerPersonId: z.number().int().positive().nullable(),
  /** 配合领导 (一岗双责), in order; left out: as they are. Never the lead, never twice. */
  cooperatorPersonIds: z.array(z.number().int().positive().max(2_147_483_647)).max(MAX_COOPERATORS).optional(),
  leadDepartment: z.string().trim().max(100).default(''),
  version: z.number().int().positive(),
});
export type DivisionInput = z.infer<typeof divisionInputSchema>;

/**
 * 分工 of many tasks at once: the same owner and/or lead department for every assignment named
 * (a field left out stays as it is on each; at least one is given).
 */
export const bulkDivisionInputSchema = z
  .object({
    assignmentIds: z.array(z.number().int().positive().max(2_147_483_647)).min(1).max(500),
    ownerPersonId: z.number().int().positive().nullable().optional(),
    leadDepartment: z.string().trim().max(100).optional(),
  })
  .refine((v) => v.ownerPersonId !== undefined || v.leadDepartment !== undefined, { message: 'required', path: ['ownerPersonId'] });
export type BulkDivisionInput = z.infer<typeof bulkDivisionInputSchema>;

/** A concrete measure (具体措施) the unit adds under a task. */
export const measureInputSchema = z.object({ content: z.string().trim().min(1).max(2000) });
