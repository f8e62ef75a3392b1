/**
 * The formatters of the dashboards' ECharts charts, kept apart from the pages so they can be
 * tested without a browser.
 *
 * ECharts inserts what a tooltip formatter returns into the page as HTML (renderMode 'html', the
 * default). Unit names, part titles and level names are typed by users (a unit administrator can
 * rename the unit), so a formatter builds its HTML with `html`…``: every interpolated value goes
 * through core's escapeHtml, the markup lives only in the template's literal text. ECharts' own
 * default tooltips escape their names and values themselves; labels and axis labels are drawn on
 * the canvas as plain text (no `rich` styles are defined, so `{style|…}` in a name is not parsed).
 */
import { escapeHtml } from '@qingdan/core';

export type Tr = (zh: string, en: string) => string;

/** A tagged template for tooltip HTML: the literal parts are markup, every `${value}` is escaped text. */
export function html(strings: TemplateStringsArray, ...values: (string | number | null | undefined)[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? escapeHtml(values[i]) : ''), '');
}

/**
 * What a completion rate counts, said beside it wherever it is shown (tooltips, KPI hints): the
 * rate is approvedDue ÷ due, so those two are named, and the year's total after them.
 */
export function rateBasis(tr: Tr, p: { due: number; approvedDue: number; total: number }): string {
  if (p.due === 0) return tr(`尚无到期任务（全年 ${p.total} 项）`, `Nothing due yet (${p.total} in the year)`);
  return tr(`已到期 ${p.due} 项，其中已通过 ${p.approvedDue} 项；全年 ${p.total} 项`, `${p.approvedDue} approved of ${p.due} due; ${p.total} in the year`);
}

/**
 * A heat-map cell's value: the rate in whole percent, or '-' when nothing is due. The number drawn
 * in the cell and the band that colours it are both this one value, so a cell labelled 70 is
 * never coloured as 60–70.
 */
export function heatValue(rate: number | null): number | '-' {
  return rate === null ? '-' : Math.round(rate * 100);
}

/** One cell of the unit × part heat map: [part index, unit index, whole percent or '-'] and its counts. */
export interface HeatPoint {
  value: [number, number, number | '-'];
  unitId: number;
  partId: number;
  approvedDue: number;
  due: number;
  total: number;
}

/** The heat map's tooltip: unit, part, completion and counts — names escaped. */
export function heatmapTooltip(tr: Tr, units: readonly { name: string }[], parts: readonly { seq: number; title: string }[]) {
  return (raw: unknown): string => {
    const d = (raw as { data: HeatPoint }).data;
    const u = units[d.value[1]];
    const p = parts[d.value[0]];
    const rate = d.value[2] === '-' ? (d.total ? tr('未到期', 'nothing due yet') : tr('无任务', 'no tasks')) : `${d.value[2]}%`;
    return html`${u?.name ?? ''}<br/>${tr(`第${p?.seq}部分`, `Part ${p?.seq}`)} ${p?.title ?? ''}<br/>${tr('完成率', 'Completion')}：${rate}<br/>${rateBasis(tr, d)}`;
  };
}

/** The number drawn in a heat-map cell (canvas text): its value (heatValue), empty without one. */
export function heatmapLabel(raw: unknown): string {
  const v = (raw as { data: HeatPoint }).data.value[2];
  return v === '-' ? '' : `${v}`;
}

/** A bar of the level × part charts: the rate in percent (one decimal), or 0 drawn as 未到期 when nothing is due. */
export interface RateBar {
  value: number;
  noneDue: boolean;
  approvedDue: number;
  due: number;
  total: number;
  label?: { show: boolean; position: 'top'; formatter: string; color: string; fontSize: number };
}

export function rateBar(tr: Tr, p: { rate: number | null; due: number; approvedDue: number; total: number }): RateBar {
  const base = { approvedDue: p.approvedDue, due: p.due, total: p.total };
  if (p.rate === null) return { ...base, value: 0, noneDue: true, label: { show: true, position: 'top', formatter: tr('未到期', 'none due'), color: '#8c8c8c', fontSize: 11 } };
  return { ...base, value: Math.round(p.rate * 1000) / 10, noneDue: false };
}

/** The axis tooltip of the level × part bars: each level's rate with its counts, 未到期 when nothing is due — names escaped. */
export function rateBarsTooltip(tr: Tr) {
  return (raw: unknown): string => {
    const items = (Array.isArray(raw) ? raw : [raw]) as { axisValueLabel?: string; seriesName?: string; marker?: string; data: RateBar }[];
    const head = items[0]?.axisValueLabel ?? '';
    const lines = items.map((i) => {
      const rate = i.data.noneDue ? tr('未到期', 'none due') : `${i.data.value}%`;
      return html`${i.seriesName ?? ''}：${rate}（${rateBasis(tr, i.data)}）`;
    });
    return [html`${head}`, ...lines].join('<br/>');
  };
}

/** A bar's value in the axis tooltip (ECharts escapes it): a percentage, or — without one. */
export function percentValue(v: unknown): string {
  return typeof v === 'number' ? `${v}%` : '—';
}
