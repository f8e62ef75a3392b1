/**
 * Due rules as text. `dueRuleCell` / `parseDueRuleCell` are the Excel form (exact, round trip);
 * `dueRuleText` is what the official document prints in its 完成时限 column.
 */
import { dueRuleSchema, FREQUENCIES, FREQUENCY_LABELS, type DueRule, type Frequency } from '@qingdan/core';

/** 2026-06-30 | 期末后15日 | 年底前 */
export function dueRuleCell(r: DueRule): string {
  switch (r.kind) {
    case 'date':
      return r.date;
    case 'afterPeriodEnd':
      return `期末后${r.days}日`;
    case 'yearEnd':
      return '年底前';
  }
}

/** The rule a cell states; null when it cannot be read. An empty cell means 年底前. */
export function parseDueRuleCell(text: string): DueRule | null {
  const s = text.replace(/\s+/g, '');
  if (s === '' || /^(年底前?|年末前?|yearEnd)$/i.test(s)) return { kind: 'yearEnd' };
  if (/^期末$/.test(s)) return { kind: 'afterPeriodEnd', days: 0 };
  const after = /^期末后(\d{1,3})[日天]内?$/.exec(s);
  if (after) {
    const r = dueRuleSchema.safeParse({ kind: 'afterPeriodEnd', days: Number(after[1]) });
    return r.success ? r.data : null;
  }
  const date = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?前?$/.exec(s);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const dt = new Date(Date.UTC(y, m - 1, d));
    if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
    return { kind: 'date', date: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
  }
  return null;
}

const PERIOD: Partial<Record<Frequency, { name: string; end: string }>> = {
  monthly: { name: '每月', end: '每月底前' },
  quarterly: { name: '每季度', end: '每季度末前' },
  halfYearly: { name: '每半年', end: '每半年末前' },
  yearly: { name: '每年', end: '年底前' },
};

/** 2026年6月30日前 | 每季度结束后15日内 | 每月底前 | 年底前 | 经常性 */
export function dueRuleText(frequency: Frequency, r: DueRule): string {
  if (r.kind === 'date') {
    const [y, m, d] = r.date.split('-').map(Number);
    return `${y}年${m}月${d}日前`;
  }
  const period = PERIOD[frequency];
  if (r.kind === 'afterPeriodEnd' && period) {
    if (r.days === 0) return period.end;
    return frequency === 'yearly' ? `年度结束后${r.days}日内` : `${period.name}结束后${r.days}日内`;
  }
  if (frequency === 'ongoing') return '经常性，全年';
  if (period && frequency !== 'yearly') return `${period.name}，年底前完成`;
  return '年底前';
}

const FREQUENCY_BY_TEXT = new Map<string, Frequency>();
for (const f of FREQUENCIES) {
  FREQUENCY_BY_TEXT.set(FREQUENCY_LABELS[f].zh, f);
  FREQUENCY_BY_TEXT.set(FREQUENCY_LABELS[f].en.toLowerCase(), f);
  FREQUENCY_BY_TEXT.set(f.toLowerCase(), f);
}
FREQUENCY_BY_TEXT.set('每季', 'quarterly');
FREQUENCY_BY_TEXT.set('半年', 'halfYearly');
FREQUENCY_BY_TEXT.set('每年度', 'yearly');
FREQUENCY_BY_TEXT.set('经常', 'ongoing');
FREQUENCY_BY_TEXT.set('一次', 'once');

export const frequencyFromText = (s: string): Frequency | undefined => FREQUENCY_BY_TEXT.get(s.replace(/\s+/g, '').toLowerCase());
export const frequencyText = (f: Frequency): string => FREQUENCY_LABELS[f].zh;
