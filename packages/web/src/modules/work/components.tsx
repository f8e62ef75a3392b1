/** Small pieces shared by the work pages: light and status tags, the late mark, year choices. */
import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Input, Select, Space, Tag } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { LIGHT_LABELS, LIGHTS, PERIOD_STATUS_LABELS, PERIOD_STATUSES, ROLE_DEFINITIONS, unitPathOf, type Light, type PeriodStatus } from '@qingdan/core';
import { useAuth } from '../../app/auth.tsx';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { listsApi } from '../lists/listsApi.ts';
import { periodKey, workApi } from './workApi.ts';

/**
 * A task as users name it: its text. The list's internal code (T2022-0079) is shown only when asked
 * for — on hover, or where a page offers codes on purpose — never in front of the text.
 */
export function TaskText({ code, content, max }: { code: string; content: string; max?: number }) {
  const tr = useTr();
  const cut = !!max && content.length > max;
  const shown = cut ? `${content.slice(0, max)}…` : content;
  // A native title, not a Tooltip: tables show this on every row, and a Tooltip per row costs
  // more to render than the rest of the row.
  const codeText = code ? tr(`任务编号 ${code}`, `Task code ${code}`) : '';
  const title = [cut ? content : '', codeText].filter(Boolean).join('\n') || undefined;
  return (
    <span data-task-code={code || undefined} title={title}>
      {shown}
    </span>
  );
}

export const LIGHT_COLORS: Record<Light, string> = { green: 'green', yellow: 'gold', red: 'red', done: 'blue' };
export const STATUS_COLORS: Record<PeriodStatus, string> = { pending: 'default', submitted: 'processing', returned: 'error', approved: 'success' };

const LIGHT_ICONS: Record<Light, ReactNode> = {
  green: <ClockCircleOutlined />,
  yellow: <ExclamationCircleOutlined />,
  red: <ExclamationCircleOutlined />,
  done: <CheckCircleOutlined />,
};

/**
 * The time light of a period with its late mark: an open period past due reads “逾期N天”; a
 * submitted or approved one that came in late keeps “迟报N天”.
 */
export function LightTag({ light, lateDays, status, testId }: { light: Light; lateDays: number; status: PeriodStatus; testId?: string }) {
  const tr = useTr();
  const label = useLabel();
  const open = status === 'pending' || status === 'returned';
  return (
    <Space size={4} wrap data-testid={testId}>
      <Tag color={LIGHT_COLORS[light]} icon={LIGHT_ICONS[light]} data-light={light} style={{ marginInlineEnd: 0 }}>
        {light === 'red' && open && lateDays > 0 ? tr(`逾期${lateDays}天`, `${lateDays} d overdue`) : label(LIGHT_LABELS[light])}
      </Tag>
      {!open && lateDays > 0 && (
        <Tag color="volcano" style={{ marginInlineEnd: 0 }} data-late={lateDays}>
          {tr(`迟报${lateDays}天`, `${lateDays} d late`)}
        </Tag>
      )}
    </Space>
  );
}

/** The late mark alone: “迟报N天”. */
export function LateTag({ lateDays }: { lateDays: number }) {
  const tr = useTr();
  if (lateDays <= 0) return null;
  return (
    <Tag color="volcano" data-late={lateDays}>
      {tr(`迟报${lateDays}天`, `${lateDays} d late`)}
    </Tag>
  );
}

export function PeriodStatusTag({ status, testId }: { status: PeriodStatus; testId?: string }) {
  const label = useLabel();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status}>
      {label(PERIOD_STATUS_LABELS[status])}
    </Tag>
  );
}

export function LightSelect({ value, onChange }: { value: Light | undefined; onChange: (v: Light | undefined) => void }) {
  const tr = useTr();
  const label = useLabel();
  return (
    <Select<Light>
      allowClear
      placeholder={tr('全部时限', 'Any light')}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={LIGHTS.map((l) => ({ value: l, label: <Tag color={LIGHT_COLORS[l]}>{label(LIGHT_LABELS[l])}</Tag> }))}
      style={{ width: 130 }}
      data-testid="filter-light"
    />
  );
}

export function StatusSelect({ value, onChange }: { value: PeriodStatus | undefined; onChange: (v: PeriodStatus | undefined) => void }) {
  const tr = useTr();
  const label = useLabel();
  return (
    <Select<PeriodStatus>
      allowClear
      placeholder={tr('全部状态', 'All statuses')}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={PERIOD_STATUSES.map((s) => ({ value: s, label: label(PERIOD_STATUS_LABELS[s]) }))}
      style={{ width: 130 }}
      data-testid="filter-status"
    />
  );
}

/** A year filter over the given years (newest first). */
export function YearSelect({ years, value, onChange, allowClear = true }: { years: number[]; value: number | undefined; onChange: (v: number | undefined) => void; allowClear?: boolean }) {
  const tr = useTr();
  return (
    <Select<number>
      allowClear={allowClear}
      placeholder={tr('全部年度', 'All years')}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={years.map((y) => ({ value: y, label: tr(`${y}年`, `${y}`) }))}
      style={{ width: 110 }}
      data-testid="filter-year"
    />
  );
}

/** File size in KB or MB. */
/**
 * The search box of a work list: searches on Enter or the button; clearing the text clears the
 * filter at once. `onSearch` gets the trimmed text, or undefined for none.
 */
export function SearchFilter({ onSearch }: { onSearch: (q: string | undefined) => void }) {
  const tr = useTr();
  const [text, setText] = useState('');
  return (
    <Input.Search
      allowClear
      placeholder={tr('任务内容或组织', 'Task or organisation')}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value === '') onSearch(undefined);
      }}
      onSearch={(v) => onSearch(v.trim() || undefined)}
      style={{ width: 220 }}
      data-testid="filter-q"
    />
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The issued lists by year (newest first) and the parts of the chosen year's list, for the year and
 * part filters of the work pages.
 */
export function useIssuedLists() {
  return useQuery({
    queryKey: ['lists', 'issued'],
    queryFn: () => listsApi.list({ page: 1, pageSize: 50, status: 'issued' }),
    staleTime: 300_000,
    select: (r) => [...r.items].sort((a, b) => b.year - a.year),
  });
}

/** The parts of a year's issued list, in order (GET /api/dashboard/parts: the parts alone, not the whole list). */
export function useParts(year: number | undefined) {
  return useQuery({ queryKey: ['dashboard', 'parts', year], queryFn: () => workApi.parts(year), staleTime: 600_000 });
}

/** Everything that depends on a period: refetch after a change. */
export function useInvalidatePeriod(periodId: number) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: periodKey(periodId) });
    void qc.invalidateQueries({ queryKey: ['myTasks'] });
    void qc.invalidateQueries({ queryKey: ['workReviews'] });
    void qc.invalidateQueries({ queryKey: ['notifications'] });
  };
}

/**
 * The units the caller's grants sit in (by the organisation paths of the grants), and whether a
 * grant reaches across units (the committee side, or a province-wide role).
 */
export function useMyUnits(): { unitPaths: string[]; provinceWide: boolean } {
  const { me } = useAuth();
  const grants = me?.grants ?? [];
  const provinceWide = grants.some((g) => g.orgPath.split('/').filter(Boolean).length < 2 || ROLE_DEFINITIONS[g.role].reach === 'province');
  const unitPaths = [...new Set(grants.filter((g) => g.orgPath.split('/').filter(Boolean).length >= 2).map((g) => unitPathOf(g.orgPath)))];
  return { unitPaths, provinceWide };
}

/** A searchable select of the province's units (searched on the server). */
export function UnitSelect({ value, onChange, allowClear, style }: { value: number | undefined; onChange: (v: number | undefined) => void; allowClear?: boolean; style?: CSSProperties }) {
  const tr = useTr();
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setTerm(search.trim()), 250);
    return () => clearTimeout(t);
  }, [search]);
  const units = useQuery({ queryKey: ['orgs', 'units', term], queryFn: () => workApi.units(term || undefined), staleTime: 300_000, placeholderData: keepPreviousData });
  const selected = useQuery({ queryKey: ['orgs', 'one', value], queryFn: () => workApi.org(value!), enabled: !!value, staleTime: 300_000 });
  const options = (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
  if (value && selected.data && !options.some((o) => o.value === value)) options.unshift({ value, label: selected.data.name });
  return (
    <Select<number>
      allowClear={allowClear}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      placeholder={tr('选择单位', 'Choose a unit')}
      value={value}
      loading={units.isFetching}
      onChange={(v) => {
        onChange(v ?? undefined);
        setSearch('');
      }}
      options={options}
      notFoundContent={units.isFetching ? tr('查找中…', 'Searching…') : tr('没有匹配的单位', 'No unit matches')}
      style={{ width: 260, ...style }}
      popupMatchSelectWidth={false}
      data-testid="unit-select"
    />
  );
}
