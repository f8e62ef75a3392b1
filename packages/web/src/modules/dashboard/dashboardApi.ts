/** The dashboard endpoints (docs/WORK.md, API) and the look-ups their filters need. */
import type { Light, OrgKind, PeriodStatus } from '@qingdan/core';
import { api, type Page } from '../../app/api.ts';
import type { PartRef } from '../work/workApi.ts';

export type { PartRef };

/**
 * Counters of a group of periods (server: modules/dashboard/shared.ts): all of the year, those due
 * so far, approved, awaiting review, returned, open past due now, marked late; `rate` is the
 * completion rate, approved among those due over those due (0–1), null when nothing is due yet.
 */
export interface Progress {
  total: number;
  due: number;
  approved: number;
  submitted: number;
  returned: number;
  overdue: number;
  late: number;
  /** Approved among those due: rate = approvedDue ÷ due. */
  approvedDue: number;
  rate: number | null;
}

export interface LevelRef {
  code: string;
  name: string;
  nameEn: string;
}

export type LightCounts = Record<Light, number>;

/** GET /api/dashboard/overview */
export interface Overview {
  year: number;
  today: string;
  parts: PartRef[];
  levels: LevelRef[];
  province: Progress & { byPart: (Progress & { partId: number })[]; byLevel: (Progress & { levelCode: string })[] };
  /** Ranked by completion rate (equal rates share a rank). */
  units: (Progress & { id: number; name: string; shortName: string; rank: number; byPart: (Progress & { partId: number })[] })[];
  cells: (Progress & { unitId: number; partId: number; levelCode: string })[];
  /** Rates per unit (rows, in `units` order) and part (columns, in `parts` order). */
  heatmap: { unitIds: number[]; partIds: number[]; rates: (number | null)[][] };
}

export interface OverviewQuery {
  year?: number | undefined;
  partId?: number | undefined;
  levelCode?: string | undefined;
  departmentId?: number | undefined;
  unitId?: number | undefined;
}

/** GET /api/dashboard/units/:unitId */
export interface UnitDashboard {
  year: number;
  today: string;
  unit: { id: number; name: string };
  parts: PartRef[];
  levels: LevelRef[];
  totals: Progress;
  byLevelPart: (Progress & { levelCode: string; partId: number })[];
  byLevel: (Progress & { levelCode: string })[];
  byPart: (Progress & { partId: number })[];
  orgs: (Progress & { id: number; name: string; kind: string; levelCode: string })[];
  lights: LightCounts;
  lates: { marked: number; overdue: number; maxDays: number; byLevel: { levelCode: string; marked: number; overdue: number }[] };
}

/** GET /api/dashboard/orgs/:orgId/matrix */
export interface OrgMatrix {
  year: number;
  today: string;
  org: { id: number; name: string; kind: string };
  parts: PartRef[];
  own: {
    totals: Progress;
    tasks: (Progress & {
      assignmentId: number;
      taskId: number;
      taskCode: string;
      taskContent: string;
      partId: number;
      levelCode: string;
      nextDueOn: string | null;
      nextLight: Light | null;
    })[];
  };
  branches: (Progress & { id: number; name: string; cells: (Progress & { partId: number })[] })[];
  partTotals: (Progress & { partId: number })[];
  branchTotals: Progress;
}

/** A row of GET /api/dashboard/periods. */
export interface PeriodRow {
  id: number;
  periodId: number;
  assignmentId: number;
  year: number;
  taskId: number;
  taskCode: string;
  taskContent: string;
  partId: number;
  partSeq: number;
  partTitle: string;
  levelCode: string;
  orgId: number;
  orgName: string;
  unitId: number;
  seq: number;
  label: string;
  startsOn: string;
  endsOn: string;
  dueOn: string;
  status: PeriodStatus;
  light: Light;
  lateDays: number;
  reportCount: number;
  submittedAt: string | null;
  approvedAt: string | null;
}

export interface PeriodsQuery {
  year?: number | undefined;
  unitId?: number | undefined;
  orgId?: number | undefined;
  partId?: number | undefined;
  levelCode?: string | undefined;
  departmentId?: number | undefined;
  status?: PeriodStatus | undefined;
  light?: Light | undefined;
  late?: boolean | undefined;
  q?: string | undefined;
  /** By due date; without it, the server's default: what needs doing first, done last. */
  order?: 'asc' | 'desc' | undefined;
  page: number;
  pageSize: number;
}

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
  periods: (q: PeriodsQuery) => api.get<Page<PeriodRow & { unitName: string }> & { year: number; today: string }>('/api/dashboard/periods', { ...q }),

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
