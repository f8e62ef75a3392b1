/** Dashboard filters: kept in the URL's search params so that every view can be linked. */
import { useCallback, useMemo, type CSSProperties } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { scopeFor } from '@qingdan/core';
import { useLocale, useTr } from '../../app/i18n.tsx';
import { useAuth } from '../../app/auth.tsx';
import { dashboardApi } from './dashboardApi.ts';
import { useParts } from '../work/components.tsx';
import type { Value } from './query.ts';

export { linkTo, num } from './query.ts';

/**
 * The search params named by `keys` as strings (undefined when absent) and a setter that merges a
 * patch into the URL (empty values remove the param; `page` resets unless it is in the patch).
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const key = keys.map((k) => `${k}=${params.get(k) ?? ''}`).join('&');
  const values = useMemo(() => {
    const out = {} as Record<K, string | undefined>;
    for (const k of keys) out[k] = params.get(k) ?? undefined;
    return out;
  }, [key]);
  const set = useCallback(
    (patch: Partial<Record<K | 'page', Value>>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (!('page' in patch)) next.delete('page');
          for (const [k, v] of Object.entries(patch) as [string, Value][]) {
            if (v === undefined || v === null || v === '' || v === false) next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [values, set] as const;
}

/** Whether the caller's work.read reaches the whole province (committee users). */
export function useProvinceScope(): boolean {
  const { me } = useAuth();
  return !!me && scopeFor(me.grants, 'work.read') === 'all';
}

interface SelectProps<T> {
  value: T | undefined;
  onChange: (v: T | undefined) => void;
  style?: CSSProperties;
  'data-testid'?: string;
}

/** The years that have an issued list; the server's year is kept among them. */
export function YearSelect({ value, onChange, current, style, ...rest }: SelectProps<number> & { current?: number | undefined }) {
  const tr = useTr();
  const years = useQuery({ queryKey: ['dashboard', 'years'], queryFn: () => dashboardApi.years(), staleTime: 600_000 });
  const options = [...new Set([...(years.data ?? []), ...(current ? [current] : []), ...(value ? [value] : [])])]
    .sort((a, b) => b - a)
    .map((y) => ({ value: y, label: tr(`${y}年`, String(y)) }));
  return (
    <Select<number>
      data-testid={rest['data-testid'] ?? 'filter-year'}
      value={value ?? current}
      onChange={(v) => onChange(v ?? undefined)}
      options={options}
      placeholder={tr('年度', 'Year')}
      style={{ width: 110, ...style }}
    />
  );
}

/** The parts of the year's issued list. */
export function PartSelect({ value, onChange, year, style, ...rest }: SelectProps<number> & { year: number | undefined }) {
  const tr = useTr();
  const parts = useParts(year);
  return (
    <Select<number>
      allowClear
      data-testid={rest['data-testid'] ?? 'filter-part'}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={(parts.data ?? []).map((p) => ({ value: p.id, label: `${tr(`第${p.seq}部分`, `Part ${p.seq}`)} ${p.title}` }))}
      placeholder={tr('全部部分', 'All parts')}
      popupMatchSelectWidth={false}
      style={{ width: 170, ...style }}
    />
  );
}

/** The responsibility levels (L1 党组, L2 机关党委, L3 党支部 by default). */
export function LevelSelect({ value, onChange, style, ...rest }: SelectProps<string>) {
  const tr = useTr();
  const locale = useLocale();
  const levels = useQuery({ queryKey: ['levels'], queryFn: () => dashboardApi.levels(), staleTime: 600_000 });
  return (
    <Select<string>
      allowClear
      data-testid={rest['data-testid'] ?? 'filter-level'}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={(levels.data ?? []).map((l) => ({ value: l.code, label: locale === 'en' ? l.nameEn || l.name : l.name }))}
      placeholder={tr('全部层级', 'All levels')}
      style={{ width: 130, ...style }}
    />
  );
}

/** The committee departments (a task's reviewing department). */
export function DepartmentSelect({ value, onChange, style, ...rest }: SelectProps<number>) {
  const tr = useTr();
  const deps = useQuery({ queryKey: ['dashboard', 'departments'], queryFn: () => dashboardApi.departments(), staleTime: 600_000 });
  if (!deps.data?.length && value === undefined) return null;
  return (
    <Select<number>
      allowClear
      data-testid={rest['data-testid'] ?? 'filter-department'}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={(deps.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
      placeholder={tr('全部责任部门', 'All departments')}
      popupMatchSelectWidth={false}
      style={{ width: 150, ...style }}
    />
  );
}

/** A searchable picker of units in the caller's scope. */
export function UnitSelect({ value, onChange, style, allowClear = true, ...rest }: SelectProps<number> & { allowClear?: boolean }) {
  const tr = useTr();
  const units = useQuery({ queryKey: ['dashboard', 'units'], queryFn: () => dashboardApi.units(), staleTime: 600_000 });
  return (
    <Select<number>
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear}
      data-testid={rest['data-testid'] ?? 'filter-unit'}
      value={value}
      loading={units.isLoading}
      onChange={(v) => onChange(v ?? undefined)}
      options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      placeholder={tr('全部单位（可搜索）', 'All units (type to search)')}
      popupMatchSelectWidth={false}
      style={{ width: 200, ...style }}
    />
  );
}

/** A searchable picker of a unit's organisations, optionally of some kinds only. */
export function UnitOrgSelect({ value, onChange, unitId, kinds, placeholder, style, allowClear = true, ...rest }: SelectProps<number> & { unitId: number | undefined; kinds?: readonly string[]; placeholder?: string; allowClear?: boolean }) {
  const tr = useTr();
  const orgs = useQuery({ queryKey: ['dashboard', 'unitOrgs', unitId], queryFn: () => dashboardApi.unitOrgs(unitId!), enabled: unitId !== undefined, staleTime: 600_000 });
  const items = (orgs.data ?? []).filter((o) => !kinds || kinds.includes(o.kind));
  return (
    <Select<number>
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear}
      disabled={unitId === undefined}
      data-testid={rest['data-testid'] ?? 'filter-org'}
      value={value}
      loading={orgs.isLoading}
      onChange={(v) => onChange(v ?? undefined)}
      options={items.map((o) => ({ value: o.id, label: o.name }))}
      placeholder={placeholder ?? (unitId === undefined ? tr('先选单位', 'Choose a unit first') : tr('全部组织', 'All organisations'))}
      popupMatchSelectWidth={false}
      style={{ width: 200, ...style }}
    />
  );
}
