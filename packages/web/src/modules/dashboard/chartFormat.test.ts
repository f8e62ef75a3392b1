import { describe, expect, it } from 'vitest';
import { heatmapLabel, heatmapTooltip, heatValue, html, percentValue, rateBar, rateBarsTooltip, type HeatPoint } from './chartFormat.ts';

const zh = (z: string) => z;
const en = (_z: string, e: string) => e;
const hostile = '<img src=x onerror=alert(1)>';
const hostileTitle = '"><script>alert(2)</script><svg onload=alert(3)>';

/** The tags of an HTML string other than the template's own <br/>. */
const liveTags = (s: string) => (s.match(/<[^>]*>/g) ?? []).filter((t) => t !== '<br/>');

const point = (over: Partial<HeatPoint> = {}): { data: HeatPoint } => ({
  data: { value: [0, 0, 63], unitId: 5, partId: 7, approvedDue: 5, due: 8, total: 12, ...over },
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
    expect(plain).toBe('省财政厅<br/>第2部分 加强党的组织建设<br/>完成率：无任务<br/>已到期 8 项，其中已通过 5 项；全年 0 项');
  });

  it('the cell label and the bars’ value formatter give numbers only', () => {
    expect(heatmapLabel(point())).toBe('63');
    expect(heatmapLabel(point({ value: [0, 0, '-'] }))).toBe('');
    expect(percentValue(40)).toBe('40%');
    expect(percentValue(hostile)).toBe('—');
  });

  it('a heat-map cell is labelled and coloured by one value: its whole percent', () => {
    // 69.6 % was labelled 70 but coloured in the 60–70 band; 79.6 % and 80.2 % were both labelled 80 in two colours.
    expect(heatValue(0.696)).toBe(70);
    expect(heatValue(0.796)).toBe(80);
    expect(heatValue(0.802)).toBe(80);
    expect(heatValue(null)).toBe('-');
    expect(heatmapLabel(point({ value: [0, 0, heatValue(0.696)] }))).toBe('70');
  });

  it('a bar with nothing due is drawn as 未到期, and its tooltip says so with the counts, names escaped', () => {
    const none = rateBar(zh, { rate: null, due: 0, approvedDue: 0, total: 6 });
    expect(none).toMatchObject({ value: 0, noneDue: true, label: { show: true, formatter: '未到期' } });
    const some = rateBar(zh, { rate: 0.6667, due: 3, approvedDue: 2, total: 9 });
    expect(some).toMatchObject({ value: 66.7, noneDue: false });
    const tip = rateBarsTooltip(zh)([
      { axisValueLabel: '第1部分', seriesName: hostile, data: some },
      { axisValueLabel: '第1部分', seriesName: '党支部', data: none },
    ]);
    expect(liveTags(tip)).toEqual([]);
    expect(tip).toContain('66.7%（已到期 3 项，其中已通过 2 项；全年 9 项）');
    expect(tip).toContain('党支部：未到期（尚无到期任务（全年 6 项））');
  });

  it('html`…` escapes every interpolated value and keeps the literal markup', () => {
    expect(html`<b>${hostile}</b>${null}${3}`).toBe('<b>&lt;img src=x onerror=alert(1)&gt;</b>3');
  });
});
