import { describe, expect, it } from 'vitest';
import { chineseNumber } from './chinese-number.ts';

describe('chineseNumber', () => {
  it('writes numbers as official documents do', () => {
    expect([0, 1, 2, 7, 10, 11, 12, 20, 21, 35, 100, 105, 110, 999].map(chineseNumber)).toEqual([
      '零', '一', '二', '七', '十', '十一', '十二', '二十', '二十一', '三十五', '一百', '一百零五', '一百一十', '九百九十九',
    ]);
  });
  it('leaves what it does not write as digits', () => {
    expect([-1, 1000, 2.5].map(chineseNumber)).toEqual(['-1', '1000', '2.5']);
  });
});
