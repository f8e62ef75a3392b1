import { describe, expect, it } from 'vitest';
import { heatmapLabel, heatmapTooltip, html, percentValue, type HeatPoint } from './chartFormat.ts';

const zh = (z: string) => z;
const en = (_z: string, e: string) => e;
const hostile = '<img src=x onerror=alert(1)>';
const hostileTitle = '"><script>alert(2)</script><svg onload=alert(3)>';

/** The tags of an HTML string other than the template's own <br/>. */
const liveTags = (s: string) => (s.match(/<[^>]*>/g) ?? []).filter((t) => t !== '<br/>');

const point = (over: Partial<HeatPoint> = {}): { data: HeatPoint } => ({
  data: { value: [0, 0, 62.5], unitId: 5, partId: 7, approved: 5, due: 8, total: 12, ...over },
});

describe('chart formatters with hostile names', () => {
  it('the heat map tooltip shows a unit and a part named as markup as text, in both languages', () => {
    for (const tr of [zh, en]) {
      const out = heatmapTooltip(tr, [{ name: hostile }], [{ seq: 1, title: hostileTitle }])(point());
      expect(liveTags(out)).toEqual([]);
      expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(out).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
      expect(out.split('<br/>')).toHaveLength(4);
    }
    const plain = heatmapTooltip(zh, [{ name: '省财政厅' }], [{ seq: 2, title: '加强党的组织建设' }])(point({ value: [0, 0, '-'], total: 0 }));
    expect(plain).toBe('省财政厅<br/>第2部分 加强党的组织建设<br/>完成率：无任务<br/>已到期 8，已通过 5，全年 0');
  });

  it('the cell label and the bars’ value formatter give numbers only', () => {
    expect(heatmapLabel(point())).toBe('63');
    expect(heatmapLabel(point({ value: [0, 0, '-'] }))).toBe('');
    expect(percentValue(40)).toBe('40%');
    expect(percentValue(hostile)).toBe('—');
  });

  it('html`…` escapes every interpolated value and keeps the literal markup', () => {
    expect(html`<b>${hostile}</b>${null}${3}`).toBe('<b>&lt;img src=x onerror=alert(1)&gt;</b>3');
  });
});
