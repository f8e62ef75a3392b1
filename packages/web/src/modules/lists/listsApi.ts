/** The responsibility-list endpoints (docs/LISTS.md, structure and lifecycle) as the list pages use them. */
import type { CreateListBody, DueRule, Frequency, ListCreated, ListDetail, ListHeader, ListLevel, ListPart, ListSection, ListStatus, ListsQuery, ListSummary, ListTask, TaskInput } from '@qingdan/core';
import { api, ApiError, type Page } from '../../app/api.ts';

export type { DueRule, Frequency, ListStatus, TaskInput };

// The structure's types are the server's contract (core contracts/lists.ts).
export type { CreateListBody, ListCreated, ListDetail, ListHeader, ListLevel, ListPart, ListSection, ListsQuery, ListSummary, ListTask };

export interface PartBody {
  title: string;
  draftingOrgId: number | null;
}

export type TaskBody = Omit<TaskInput, 'weight'> & { weight: number | null };

export interface HistoryTransition {
  id: number;
  from: ListStatus;
  to: ListStatus;
  actorId: number | null;
  actorName: string;
  comment: string;
  snapshotId: number | null;
  snapshotLabel: string | null;
  at: string;
}

export interface HistoryMeeting {
  id: number;
  meetingDate: string;
  meetingName: string;
  decision: 'approved' | 'returned';
  comments: string;
  minutesFile: { id: number; name: string; size: number; mime: string } | null;
  createdAt: string;
}

export interface HistoryRevision {
  id: number;
  revision: number;
  reason: string;
  notice: string;
  status: 'open' | 'published';
  beforeSnapshotId: number | null;
  afterSnapshotId: number | null;
  createdAt: string;
  publishedAt: string | null;
}

export type LifecycleAction = 'submit' | 'return' | 'approve' | 'issue' | 'openRevision' | 'publishRevision';

export interface ListHistory {
  list: { id: number; status: ListStatus; revision: number; docNumber: string | null; openRevisionId: number | null };
  /** What the caller may do now; the routes check again. */
  rights: { manage: boolean; actions: LifecycleAction[] };
  /** While drafting: what still blocks submission. */
  checks: { uncovered: number; unansweredOpinions: number } | null;
  transitions: HistoryTransition[];
  meetings: HistoryMeeting[];
  revisions: HistoryRevision[];
}

export interface ApproveFields {
  meetingDate: string;
  meetingName: string;
  decision: 'approved' | 'returned';
  comments: string;
  minutes?: File | null;
}

export interface IssueBody {
  docPrefix: string;
  docSeq: number;
  issueDate: string;
  noticeTitle: string;
  coIssuer: string;
}

export interface Department {
  id: number;
  name: string;
  shortName?: string;
}

/** True when the error is the 409 CONFLICT of a stale `version`. */
export const isConflict = (e: unknown): e is ApiError => e instanceof ApiError && e.status === 409 && e.code === 'CONFLICT';

export const listsApi = {
  list: (q: ListsQuery) => api.get<Page<ListSummary>>('/api/lists', { ...q }),
  get: (id: number) => api.get<ListDetail>(`/api/lists/${id}`),
  create: (body: CreateListBody) => api.post<ListCreated>('/api/lists', body),
  update: (id: number, body: { title: string; ownerOrgId: number; version: number }) => api.put<ListHeader>(`/api/lists/${id}`, body),
  departments: () => api.get<Page<Department>>('/api/orgs', { kind: 'department', active: true, pageSize: 100 }),

  // parts and sections
  createPart: (listId: number, body: PartBody) => api.post<ListPart>(`/api/lists/${listId}/parts`, body),
  updatePart: (partId: number, body: PartBody & { version: number }) => api.put<ListPart>(`/api/list-parts/${partId}`, body),
  deletePart: (partId: number) => api.delete<unknown>(`/api/list-parts/${partId}`),
  reorderParts: (listId: number, partIds: number[]) => api.post<unknown>(`/api/lists/${listId}/parts/reorder`, { partIds }),
  createSection: (partId: number, title: string) => api.post<ListSection>(`/api/list-parts/${partId}/sections`, { title }),
  updateSection: (sectionId: number, title: string, version: number) => api.put<ListSection>(`/api/list-sections/${sectionId}`, { title, version }),
  deleteSection: (sectionId: number) => api.delete<unknown>(`/api/list-sections/${sectionId}`),

  // tasks
  createTask: (listId: number, body: TaskBody) => api.post<ListTask>(`/api/lists/${listId}/tasks`, body),
  updateTask: (taskId: number, body: TaskBody & { version: number }) => api.put<ListTask>(`/api/list-tasks/${taskId}`, body),
  deleteTask: (taskId: number) => api.delete<unknown>(`/api/list-tasks/${taskId}`),
  reorderTasks: (partId: number, levelCode: string, taskIds: number[]) => api.post<unknown>(`/api/list-parts/${partId}/reorder`, { levelCode, taskIds }),

  // lifecycle
  history: (id: number) => api.get<ListHistory>(`/api/lists/${id}/history`),
  submit: (id: number, comment: string) => api.post<unknown>(`/api/lists/${id}/submit`, comment ? { comment } : {}),
  returnList: (id: number, comment: string) => api.post<unknown>(`/api/lists/${id}/return`, { comments: comment }),
  approve: (id: number, f: ApproveFields) => {
    const form = new FormData();
    form.set('meetingDate', f.meetingDate);
    form.set('meetingName', f.meetingName);
    form.set('decision', f.decision);
    form.set('comments', f.comments);
    if (f.minutes) form.set('minutes', f.minutes, f.minutes.name);
    return api.upload<unknown>(`/api/lists/${id}/approve`, form);
  },
  issue: (id: number, body: IssueBody) => api.post<{ docNumber: string }>(`/api/lists/${id}/issue`, body),
  openRevision: (id: number, reason: string) => api.post<{ id: number }>(`/api/lists/${id}/revisions`, { reason }),
  publishRevision: (revisionId: number, notice: string) => api.post<unknown>(`/api/list-revisions/${revisionId}/publish`, { notice }),
};

export const listKey = (id: number) => ['list', id] as const;
