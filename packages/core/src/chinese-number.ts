/**
 * Numbers as official documents write them: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 105 → 一百零五
 * (part headings 一、二、…, 第三部分, counts in a document's text). 0 is 零; outside 0–999, or not
 * a whole number, the digits as they are.
 */
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

export function chineseNumber(n: number): string {
  if (n === 0) return DIGITS[0]!;
  if (n < 0 || n >= 1000 || !Number.isInteger(n)) return String(n);
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  let s = '';
  if (h) s += `${DIGITS[h]}百`;
  if (t) s += `${h === 0 && t === 1 ? '' : DIGITS[t]}十`;
  else if (h && u) s += '零';
  if (u) s += DIGITS[u];
  return s;
}
