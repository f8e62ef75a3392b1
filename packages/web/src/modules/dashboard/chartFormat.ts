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

/** One cell of the unit × part heat map: [part index, unit index, rate or '-'] and its counts. */
export interface HeatPoint {
  value: [number, number, number | '-'];
  unitId: number;
  partId: number;
  approved: number;
  due: number;
  total: number;
}

/** The heat map's tooltip: unit, part, completion and counts — names escaped. */
export function heatmapTooltip(tr: Tr, units: readonly { name: string }[], parts: readonly { seq: number; title: string }[]) {
  return (raw: unknown): string => {
    const d = (raw as { data: HeatPoint }).data;
    const u = units[d.value[1]];
    const p = parts[d.value[0]];
    const rate = d.value[2] === '-' ? (d.total ? tr('尚无到期任务', 'nothing due yet') : tr('无任务', 'no tasks')) : `${d.value[2]}%`;
    const counts = tr(`已到期 ${d.due}，已通过 ${d.approved}，全年 ${d.total}`, `${d.due} due, ${d.approved} approved, ${d.total} in the year`);
    return html`${u?.name ?? ''}<br/>${tr(`第${p?.seq}部分`, `Part ${p?.seq}`)} ${p?.title ?? ''}<br/>${tr('完成率', 'Completion')}：${rate}<br/>${counts}`;
  };
}

/** The number drawn in a heat-map cell (canvas text): the rounded rate, empty without one. */
export function heatmapLabel(raw: unknown): string {
  const v = (raw as { data: HeatPoint }).data.value[2];
  return v === '-' ? '' : `${Math.round(v)}`;
}

/** A bar's value in the axis tooltip (ECharts escapes it): a percentage, or — without one. */
export function percentValue(v: unknown): string {
  return typeof v === 'number' ? `${v}%` : '—';
}
