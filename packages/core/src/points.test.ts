import { describe, expect, it } from 'vitest';
import { parsePoints, pointsNumeric, pointsSchema, pointsText, sumPoints, type Points } from './points.ts';

describe('points in hundredths', () => {
  it('parses what users and numeric columns write', () => {
    expect(parsePoints('3')).toBe(300);
    expect(parsePoints('3.5')).toBe(350);
    expect(parsePoints('3.50')).toBe(350);
    expect(parsePoints('3.00')).toBe(300);
    expect(parsePoints(' ３.２５ ')).toBe(325);
    expect(parsePoints(0.1)).toBe(10);
    expect(parsePoints(2.25)).toBe(225);
    expect(parsePoints('1,000')).toBe(100_000);
    expect(parsePoints('3.500')).toBe(350);
  });

  it('refuses what is not points', () => {
    for (const v of ['', 'x', '-1', '3.125', '1e3', '.5', '3.', NaN, Infinity, -2, {}, true, '99999999999']) expect(parsePoints(v), String(v)).toBeNull();
    expect(parsePoints(null)).toBeNull();
    expect(parsePoints(undefined)).toBeNull();
  });

  it('adds exactly where floating point does not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumPoints([parsePoints(0.1)!, parsePoints(0.2)!])).toBe(parsePoints(0.3));
    expect(sumPoints([])).toBe(0);
  });

  it('prints as text and as a numeric column, and parses back', () => {
    const cases: [number, string, string][] = [[350, '3.5', '3.50'], [300, '3', '3.00'], [325, '3.25', '3.25'], [5, '0.05', '0.05'], [0, '0', '0.00'], [-150, '-1.5', '-1.50']];
    for (const [p, text, numeric] of cases) {
      expect(pointsText(p as Points)).toBe(text);
      expect(pointsNumeric(p as Points)).toBe(numeric);
      if (p >= 0) expect(parsePoints(numeric)).toBe(p);
    }
  });

  it('validates a request field', () => {
    expect(pointsSchema.parse('2.5')).toBe(250);
    expect(pointsSchema.safeParse('2.555').success).toBe(false);
    expect(pointsSchema.safeParse('2.555').error?.issues[0]?.message).toBe('POINTS_INVALID');
  });
});
