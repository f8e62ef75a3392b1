/** The dashboard endpoints (docs/WORK.md, API) and the look-ups their filters need. */
import type { LevelRef, LightCounts, OrgKind, OrgMatrix, Overview, OverviewQuery, PeriodsQuery, PeriodsReply, Progress, UnitDashboard } from '@qingdan/core';
import { api, type Page } from '../../app/api.ts';
import type { PartRef } from '../work/workApi.ts';

export type { PartRef };

// The dashboards' types are the server's contract (core contracts/dashboard.ts).
export type { LevelRef, LightCounts, OrgMatrix, Overview, OverviewQuery, PeriodsQuery, PeriodsReply, Progress, UnitDashboard };
/** A row of GET /api/dashboard/periods. */
export type PeriodRow = PeriodsReply['items'][number];

interface OrgRow {
  id: number;
  name: string;
  kind: OrgKind;
  parentId: number | null;
  unitId: number | null;
  pathNames?: string;
}

interface ListRow {
  id: number;
  year: number;
  status: string;
}

export const dashboardApi = {
  overview: (q: OverviewQuery) => api.get<Overview>('/api/dashboard/overview', { ...q }),
  unit: (unitId: number, year: number | undefined) => api.get<UnitDashboard>(`/api/dashboard/units/${unitId}`, { year }),
  matrix: (orgId: number, year: number | undefined) => api.get<OrgMatrix>(`/api/dashboard/orgs/${orgId}/matrix`, { year }),
  periods: (q: PeriodsQuery) => api.get<PeriodsReply>('/api/dashboard/periods', { ...q }),

  ledgerUrl: (unitId: number, year: number) => `/api/work/units/${unitId}/ledger.xlsx?year=${year}`,
  evidenceUrl: (unitId: number, year: number) => `/api/work/units/${unitId}/evidence.zip?year=${year}`,

  /** Years that have an issued list, newest first. */
  years: async () => {
    const r = await api.get<Page<ListRow>>('/api/lists', { status: 'issued', pageSize: 50 });
    return [...new Set(r.items.map((l) => l.year))].sort((a, b) => b - a);
  },
  /** The parts of the year's issued list (by default the dashboards' year). */
  levels: async () => (await api.get<Page<LevelRef & { sortOrder: number }>>('/api/levels')).items,
  departments: async () => (await api.get<Page<OrgRow>>('/api/orgs', { kind: 'department', active: true, pageSize: 100, sort: 'sortOrder' })).items,
  units: async () => (await api.get<Page<OrgRow>>('/api/orgs', { kind: 'unit', active: true, pageSize: 200, sort: 'sortOrder' })).items,
  /** A unit's organisations in tree order (depth, then order). */
  unitOrgs: async (unitId: number) => (await api.get<Page<OrgRow>>('/api/orgs', { unitId, active: true, pageSize: 200 })).items,
};

/** The completion rate in percent (one decimal), null when nothing is due yet. */
export function pct(p: { rate: number | null }): number | null {
  return p.rate === null ? null : Math.round(p.rate * 1000) / 10;
}

/** Sum counters; the rate recomputed as the server computes it: approvedDue ÷ due. */
export function sumProgress(list: readonly Progress[]): Progress {
  const out: Progress = { total: 0, due: 0, approved: 0, submitted: 0, returned: 0, overdue: 0, late: 0, approvedDue: 0, rate: null };
  for (const p of list) {
    out.total += p.total;
    out.due += p.due;
    out.approved += p.approved;
    out.submitted += p.submitted;
    out.returned += p.returned;
    out.overdue += p.overdue;
    out.late += p.late;
    out.approvedDue += p.approvedDue;
  }
  out.rate = out.due > 0 ? Math.round((out.approvedDue / out.due) * 10_000) / 10_000 : null;
  return out;
}
