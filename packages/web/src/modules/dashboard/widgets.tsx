/** Small pieces the dashboards share: KPI cards, rate colours, light tags and late marks. */
import type { ReactNode } from 'react';
import { Card, Progress as AntProgress, Statistic, Tag, Tooltip, Typography } from 'antd';
import { LIGHT_LABELS, PERIOD_STATUS_LABELS, type Light, type PeriodStatus } from '@qingdan/core';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { pct, type Progress } from './dashboardApi.ts';
import { rateBasis } from './chartFormat.ts';

export const LIGHT_COLORS: Record<Light, string> = { green: 'green', yellow: 'gold', red: 'red', done: 'blue' };
export const STATUS_COLORS: Record<PeriodStatus, string> = { pending: 'default', submitted: 'processing', returned: 'warning', approved: 'success' };

/** The heat map's bands of completion rate, red below 60% to green from 90%. */
export const RATE_PIECES: { gte: number; lt?: number; lte?: number; color: string }[] = [
  { gte: 90, lte: 100, color: '#52c41a' },
  { gte: 80, lt: 90, color: '#95de64' },
  { gte: 70, lt: 80, color: '#fadb14' },
  { gte: 60, lt: 70, color: '#fa8c16' },
  { gte: 0, lt: 60, color: '#f5222d' },
];

/** A light background for a table cell of a completion rate (grey when there is nothing to do). */
export function rateBackground(rate: number | null): string {
  if (rate === null) return '#fafafa';
  if (rate >= 90) return '#d9f7be';
  if (rate >= 80) return '#f4ffb8';
  if (rate >= 70) return '#feffe6';
  if (rate >= 60) return '#fff2e8';
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
export function RateCell({ p }: { p: Pick<Progress, 'rate' | 'due' | 'approvedDue' | 'total'> }) {
  const tr = useTr();
  const rate = pct(p);
  if (rate === null) {
    return (
      <Tooltip title={rateBasis(tr, p)}>
        <Typography.Text type="secondary">{tr('未到期', 'None due')}</Typography.Text>
      </Tooltip>
    );
  }
  return (
    <Tooltip title={rateBasis(tr, p)}>
      <AntProgress percent={rate} size="small" strokeColor={rate >= 80 ? '#52c41a' : rate >= 60 ? '#faad14' : '#f5222d'} format={(v) => `${v}%`} style={{ minWidth: 110, margin: 0 }} />
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

/**
 * A matrix cell: approved of those due (the counts behind its completion rate, so a cell and a
 * chart of the same group agree), the year's total, then the overdue and late counts.
 */
export function ProgressCell({ p }: { p: Progress | undefined }) {
  const tr = useTr();
  if (!p || !p.total) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={rateBasis(tr, p)}>
      <div style={{ lineHeight: 1.35 }} data-testid="progress-cell">
        <div style={{ fontWeight: 500 }}>
          {p.due > 0 ? `${p.approvedDue}/${p.due}` : <Typography.Text type="secondary">{tr('未到期', 'None due')}</Typography.Text>}
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>{tr(`（全年 ${p.total}）`, ` (${p.total} in year)`)}</Typography.Text>
        </div>
        {(p.overdue > 0 || p.late > 0) && (
          <div style={{ fontSize: 12 }}>
            {p.overdue > 0 && <span style={{ color: '#cf1322' }}>{tr(`逾${p.overdue}`, `${p.overdue} od`)}</span>}
            {p.overdue > 0 && p.late > 0 && ' · '}
            {p.late > 0 && <span style={{ color: '#d46b08' }}>{tr(`迟${p.late}`, `${p.late} late`)}</span>}
          </div>
        )}
      </div>
    </Tooltip>
  );
}
