/** Small pieces the dashboards share: KPI cards, rate colours, light tags and late marks. */
import type { ReactNode } from 'react';
import { Card, Progress as AntProgress, Statistic, Tag, Tooltip, Typography } from 'antd';
import { LIGHT_LABELS, PERIOD_STATUS_LABELS, type Light, type PeriodStatus } from '@qingdan/core';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { pct, type Progress } from './dashboardApi.ts';

export const LIGHT_COLORS: Record<Light, string> = { green: 'green', yellow: 'gold', red: 'red', done: 'blue' };
export const STATUS_COLORS: Record<PeriodStatus, string> = { pending: 'default', submitted: 'processing', returned: 'warning', approved: 'success' };

/** The heat-map scale: red (0%) → amber (50%) → green (100%). */
export const RATE_SCALE = ['#f5222d', '#fa8c16', '#fadb14', '#a0d911', '#52c41a'];

/** A light background for a table cell of a completion rate (grey when there is nothing to do). */
export function rateBackground(rate: number | null): string {
  if (rate === null) return '#fafafa';
  if (rate >= 90) return '#d9f7be';
  if (rate >= 70) return '#f4ffb8';
  if (rate >= 50) return '#fffbe6';
  if (rate >= 30) return '#fff1b8';
  return '#ffccc7';
}

export function Kpi({ title, value, suffix, hint, color, testId }: { title: string; value: ReactNode; suffix?: string; hint?: string; color?: string; testId: string }) {
  return (
    <Card size="small" data-testid={testId} style={{ height: '100%' }}>
      <Statistic title={title} value={value as number | string} suffix={suffix} styles={{ content: color ? { color } : undefined }} />
      {hint && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
      )}
    </Card>
  );
}

/** A completion rate as a thin bar with its percent (— when nothing is due yet). */
export function RateCell({ p }: { p: Pick<Progress, 'rate' | 'due' | 'approved' | 'total'> }) {
  const tr = useTr();
  const rate = pct(p);
  if (rate === null) {
    return (
      <Tooltip title={tr(`尚无到期任务（共 ${p.total} 项）`, `Nothing due yet (${p.total} in all)`)}>
        <Typography.Text type="secondary">—</Typography.Text>
      </Tooltip>
    );
  }
  return (
    <Tooltip title={tr(`已到期 ${p.due} 项，已通过 ${p.approved} 项，全年 ${p.total} 项`, `${p.due} due, ${p.approved} approved, ${p.total} in the year`)}>
      <AntProgress percent={rate} size="small" strokeColor={rate >= 90 ? '#52c41a' : rate >= 50 ? '#faad14' : '#f5222d'} format={(v) => `${v}%`} style={{ minWidth: 110, margin: 0 }} />
    </Tooltip>
  );
}

export function LightTag({ light }: { light: Light }) {
  const label = useLabel();
  return <Tag color={LIGHT_COLORS[light]}>{label(LIGHT_LABELS[light])}</Tag>;
}

export function StatusTag({ status }: { status: PeriodStatus }) {
  const label = useLabel();
  return <Tag color={STATUS_COLORS[status]}>{label(PERIOD_STATUS_LABELS[status])}</Tag>;
}

/** The late mark: days late, kept after approval. */
export function LateMark({ days }: { days: number }) {
  const tr = useTr();
  if (!days) return null;
  return (
    <Tag color="volcano" data-testid="late-mark">
      {tr(`迟 ${days} 天`, `${days} d late`)}
    </Tag>
  );
}

/** A number that links to the drill-down when positive. */
export function CountLink({ n, onClick, danger }: { n: number; onClick: () => void; danger?: boolean }) {
  if (!n) return <Typography.Text type="secondary">0</Typography.Text>;
  return (
    <a
      onClick={(e) => {
        e.stopPropagation();
        onClick();
      }}
      style={danger ? { color: '#cf1322' } : undefined}
    >
      {n}
    </a>
  );
}
