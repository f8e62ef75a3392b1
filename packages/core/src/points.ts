/**
 * Points (分值, 得分, 扣分): one type everywhere — whole hundredths of a point in an integer, so that
 * sums, deductions and rankings are exact (no 0.1 + 0.2). The database keeps them as numeric(…, 2)
 * (a task's weight today); the API and the workbooks show them as text with at most two decimals.
 * The list's task weights, the assessment's scores and deductions, and any total use this.
 */
import { z } from 'zod';

/** Whole hundredths of a point: 3.5 points is 350. */
export type Points = number & { readonly __points: unique symbol };

/** The most a single figure may hold: 1,000,000.00 points. */
export const POINTS_MAX = 100_000_000 as Points;

/**
 * Points from a number or its text as users write it ('3', '3.5', '3.50', '１０' after NFKC, a
 * numeric column's '3.00'): at most two decimals, not negative, at most POINTS_MAX; else null.
 */
export function parsePoints(v: unknown): Points | null {
  if (v === null || v === undefined) return null;
  const text = (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.normalize('NFKC').trim() : '').replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d{1,2})0*)?$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(n) && n <= POINTS_MAX ? (n as Points) : null;
}

/** Points as text with the decimals they need: 350 → '3.5', 300 → '3', 325 → '3.25'. */
export function pointsText(p: Points): string {
  const sign = p < 0 ? '-' : '';
  const a = Math.abs(p);
  const whole = Math.trunc(a / 100);
  const cents = a % 100;
  if (cents === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

/** Points as a numeric column's text, always two decimals: 350 → '3.50'. */
export function pointsNumeric(p: Points): string {
  const sign = p < 0 ? '-' : '';
  const a = Math.abs(p);
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** The sum of some points, exact. */
export function sumPoints(values: readonly Points[]): Points {
  return values.reduce((s, v) => s + v, 0) as Points;
}

/** A request field holding points as a number or text with at most two decimals; parsed to hundredths. */
export const pointsSchema = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const p = parsePoints(v);
  if (p === null) {
    ctx.addIssue({ code: 'custom', message: 'POINTS_INVALID' });
    return z.NEVER;
  }
  return p;
});
