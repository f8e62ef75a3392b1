import { useEffect, useRef, type CSSProperties } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart } from 'echarts/charts';
import type { BarSeriesOption, HeatmapSeriesOption } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import type { DataZoomComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only the charts and components the dashboards draw, so the bundle stays small.
echarts.use([BarChart, HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | HeatmapSeriesOption | GridComponentOption | TooltipComponentOption | VisualMapComponentOption | LegendComponentOption | DataZoomComponentOption
>;

/** What a click on a chart element reports: the series' data item and its index. */
export interface ChartClick {
  seriesIndex: number | undefined;
  dataIndex: number;
  data: unknown;
}

interface Props {
  option: ChartOption;
  height: number;
  onClick?: (e: ChartClick) => void;
  style?: CSSProperties;
  'data-testid'?: string;
  /** Read by screen readers instead of the canvas. */
  ariaLabel?: string;
}

/** An ECharts chart on a div: created once, resized with its container, disposed on unmount. */
export function EChart({ option, height, onClick, style, ariaLabel, ...rest }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const div = el.current;
    if (!div) return;
    const c = echarts.init(div, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => clickRef.current?.({ seriesIndex: p.seriesIndex, dataIndex: p.dataIndex, data: p.data }));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(div);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} role="img" aria-label={ariaLabel} data-testid={rest['data-testid']} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined, ...style }} />;
}
