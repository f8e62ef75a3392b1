/**
 * The date of a record (履责记实): work is dated when it really happened — from the period's start
 * up to today (the server's business date). Work done after the due date keeps its real date and
 * is marked late (迟报); it is never backdated. The server refuses a date outside the range and
 * the web form uses the same range for its picker, its default and its hint.
 */
import type { Locale } from './api.ts';

export interface ReportDateRange {
  /** The first date a record may carry: the period's start. */
  from: string;
  /** The last date a record may carry: today (the business date). */
  to: string;
  /** The period's due date: a record dated after it is late. */
  dueOn: string;
  /** Today is before the period's start: no date is allowed yet. */
  notStarted: boolean;
  /** Some date of the range lies after the due date (so the late rule applies). */
  lateApplies: boolean;
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

/** The dates a record of this period may carry on `today`. */
export function reportDateRange(period: { startsOn: string; dueOn: string }, today: string): ReportDateRange {
  return {
    from: period.startsOn,
    to: today,
    dueOn: period.dueOn,
    notStarted: today < period.startsOn,
    lateApplies: today > period.dueOn,
  };
}

/** The date a new record starts with: today, kept inside the range (the period's start while it has not started). */
export function defaultReportDate(range: ReportDateRange): string {
  return range.notStarted ? range.from : range.to;
}

/** A record dated after its period's due date is late (迟报). */
export function isReportLate(happenedOn: string, dueOn: string): boolean {
  return happenedOn > dueOn;
}

export type ReportDateCheck =
  | { ok: true; late: boolean }
  | { ok: false; reason: 'invalid' | 'notStarted' | 'beforeStart' | 'afterToday' };

/** Whether a record may carry `date`, and whether it is then late. */
export function checkReportDate(range: ReportDateRange, date: string): ReportDateCheck {
  if (!isIsoDate(date)) return { ok: false, reason: 'invalid' };
  if (range.notStarted) return { ok: false, reason: 'notStarted' };
  if (date < range.from) return { ok: false, reason: 'beforeStart' };
  if (date > range.to) return { ok: false, reason: 'afterToday' };
  return { ok: true, late: isReportLate(date, range.dueOn) };
}

/**
 * Every rule that applies, in one sentence: the range (and the late mark once the due date has
 * passed), e.g. 记实日期须在 2022-10-01（本期开始）至 2022-10-31（今天）之间；晚于截止日 2022-10-25 的记录将标记迟报.
 */
export function reportDateHint(range: ReportDateRange, locale: Locale): string {
  const en = locale === 'en';
  if (range.notStarted) {
    return en
      ? `This period starts on ${range.from}; nothing can be recorded before then (today is ${range.to})`
      : `本期自 ${range.from} 开始，今天（${range.to}）尚不能记实`;
  }
  const base = en
    ? `The date must lie between ${range.from} (start of the period) and ${range.to} (today)`
    : `记实日期须在 ${range.from}（本期开始）至 ${range.to}（今天）之间`;
  if (range.lateApplies) {
    return en ? `${base}; records dated after the due date ${range.dueOn} are marked late` : `${base}；晚于截止日 ${range.dueOn} 的记录将标记迟报`;
  }
  return en ? `${base}; the period is due on ${range.dueOn}` : `${base}；本期截止日 ${range.dueOn}`;
}
