/** The work endpoints (docs/WORK.md: records, review, division of labour, my tasks) as the work pages use them. */
import type { DivisionCooperator, DivisionImportResult, DivisionPerson, DivisionQuery, DivisionReply, DivisionResult, DivisionRow, LightCounts, Measure, MyTask, MyTasksQuery, MyTasksReply, PartRef, ReviewItem, ReviewsQuery } from '@qingdan/core';
import type { Evidence, EvidenceDeleted, Light, OrgRef, PeriodDetail, PeriodState, PeriodStatus, Report, ReportDeleted, ReviewAction } from '@qingdan/core';
import { api, ApiError, type Page } from '../../app/api.ts';

// The period page's types are the server's contract (core contracts/work-reports.ts).
export type { Evidence, Light, OrgRef, PeriodDetail, PeriodStatus, Report, ReviewAction };
export type { PeriodHeader, PeriodTask, ReportWithEvidence, ReviewEntry } from '@qingdan/core';

// ---- my tasks -------------------------------------------------------------------------------

// 我的任务's types are the server's contract (core contracts/dashboard.ts).
export type { LightCounts, MyTask, MyTasksQuery, MyTasksReply };

// ---- a period -------------------------------------------------------------------------------

// ---- reviews --------------------------------------------------------------------------------

// The review queue's types are the server's contract (core contracts/work-review.ts).
export { QUEUE_STATUSES, type QueueStatus, type ReviewItem, type ReviewsQuery } from '@qingdan/core';

// ---- division of labour ---------------------------------------------------------------------

// The division's types are the server's contract (core contracts/work-division.ts).
export type { DivisionCooperator, DivisionImportResult, DivisionPerson, DivisionQuery, DivisionReply, DivisionResult, DivisionRow, Measure };

/** A part of a year's issued list: its id, its place (一、二…) and its title (core contracts/dashboard.ts). */
export type { PartRef };

/** True when the error is the 409 CONFLICT of a stale `version`. */
export const isConflict = (e: unknown): e is ApiError => e instanceof ApiError && e.status === 409 && e.code === 'CONFLICT';

export const evidenceUrl = (id: number, download = false) => `/api/work/evidence/${id}/file${download ? '?download=1' : ''}`;

export const workApi = {
  myTasks: (q: MyTasksQuery) => api.get<MyTasksReply>('/api/dashboard/my-tasks', { ...q }),
  /** The parts of the year's issued list (id, 一、二… order, title), for the part filters. */
  parts: async (year: number | undefined): Promise<PartRef[]> => (await api.get<{ year: number; parts: PartRef[] }>('/api/dashboard/parts', { year })).parts,

  period: (id: number) => api.get<PeriodDetail>(`/api/work/periods/${id}`),
  /** One evidence file onto a record, with progress. */
  uploadEvidence: (reportId: number, file: File, onProgress: (percent: number) => void) => api.uploadWithProgress<Evidence>(`/api/work/reports/${reportId}/evidence`, file, onProgress),
  addReport: (periodId: number, body: { happenedOn: string; content: string }) => api.post<Report>(`/api/work/periods/${periodId}/reports`, body),
  updateReport: (id: number, body: { happenedOn: string; content: string; version: number }) => api.put<Report>(`/api/work/reports/${id}`, body),
  deleteReport: (id: number) => api.delete<ReportDeleted>(`/api/work/reports/${id}`),
  deleteEvidence: (id: number) => api.delete<EvidenceDeleted>(`/api/work/evidence/${id}`),
  submit: (periodId: number, version: number) => api.post<PeriodState>(`/api/work/periods/${periodId}/submit`, { version }),
  approve: (periodId: number, comment: string, version: number) => api.post<PeriodState>(`/api/work/periods/${periodId}/approve`, { comment, version }),
  returnPeriod: (periodId: number, reason: string, version: number) => api.post<PeriodState>(`/api/work/periods/${periodId}/return`, { reason, version }),

  reviews: (q: ReviewsQuery) => api.get<Page<ReviewItem>>('/api/work/reviews', { ...q }),

  division: (unitId: number, q: DivisionQuery) => api.get<DivisionReply>(`/api/work/units/${unitId}/division`, { ...q }),
  divisionPeople: (unitId: number) => api.get<Page<DivisionPerson>>(`/api/work/units/${unitId}/division/people`),
  updateDivision: (assignmentId: number, body: { ownerPersonId: number | null; cooperatorPersonIds: number[]; leadDepartment: string; version: number }) =>
    api.put<DivisionResult>(`/api/work/assignments/${assignmentId}/division`, body),
  addMeasure: (assignmentId: number, content: string) => api.post<Measure>(`/api/work/assignments/${assignmentId}/measures`, { content }),
  updateMeasure: (id: number, content: string, version: number) => api.put<Measure>(`/api/work/measures/${id}`, { content, version }),
  deleteMeasure: (id: number) => api.delete<unknown>(`/api/work/measures/${id}`),
  divisionXlsx: (unitId: number) => `/api/work/units/${unitId}/division.xlsx`,
  /** 导入责任分工表: `dryRun` answers the changes and problems by row, writing nothing; a real import is all or nothing. */
  importDivision: (unitId: number, file: File, opts: { year: number; dryRun: boolean }) => {
    const form = new FormData();
    form.set('file', file, file.name);
    const q = new URLSearchParams({ year: String(opts.year), dryRun: String(opts.dryRun) });
    return api.upload<DivisionImportResult>(`/api/work/units/${unitId}/division/import?${q}`, form);
  },
  /** 批量分工: one owner and/or lead department for many tasks; a field left out stays as it is. */
  bulkDivision: (unitId: number, body: { assignmentIds: number[]; ownerPersonId?: number; leadDepartment?: string }) =>
    api.post<{ updated: number }>(`/api/work/units/${unitId}/division/bulk`, body),

  units: (q: string | undefined) => api.get<Page<{ id: number; name: string; shortName: string }>>('/api/orgs', { kind: 'unit', active: true, q, pageSize: 200 }),
  org: (id: number) => api.get<{ id: number; name: string; unitId: number | null; kind: string }>(`/api/orgs/${id}`),
};

export const periodKey = (id: number) => ['workPeriod', id] as const;
