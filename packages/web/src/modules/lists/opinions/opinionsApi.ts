/** The opinion (征求意见) endpoints as the tab uses them. */
import type { ListStatus, OpinionHandling } from '@qingdan/core';
import { api, download, type Page } from '../../../app/api.ts';

export type OpinionTargetType = 'list' | 'part' | 'task';

export interface Round {
  id: number;
  listId: number;
  title: string;
  deadline: string;
  status: 'open' | 'closed';
  createdByName: string | null;
  createdAt: string;
  closedAt: string | null;
  pastDeadline: boolean;
  orgs: { id: number; name: string; kind: string; opinionCount: number }[];
  opinionCount: number;
  answeredCount: number;
  /** The organisation the caller comments as, or null when not invited. */
  commentOrg: { id: number; name: string } | null;
}

export interface Opinion {
  id: number;
  roundId: number;
  listId: number;
  orgId: number;
  orgName: string;
  authorName: string | null;
  targetType: OpinionTargetType;
  targetId: number;
  targetLabel: string;
  content: string;
  handling: OpinionHandling | null;
  reply: string;
  repliedByName: string | null;
  repliedAt: string | null;
  createdAt: string;
}

export interface RoundDetail extends Round {
  opinions: Opinion[];
  listStatus: ListStatus;
}

export interface RoundsPage extends Page<Round> {
  list: { id: number; title: string; year: number; status: ListStatus };
}

export interface OrgOption {
  id: number;
  name: string;
  kind: string;
}

/** What the tab needs of GET /api/lists/:listId (the structure), when that endpoint answers. */
export interface StructureLite {
  parts: { id: number; seq: number; title: string }[];
  tasks: { id: number; number: number | null; partId: number; content: string; withdrawnAt: string | null }[];
  rights?: { canManage: boolean };
}

export const opinionsApi = {
  rounds: (listId: number) => api.get<RoundsPage>(`/api/lists/${listId}/opinion-rounds`, { pageSize: 200 }),
  round: (id: number) => api.get<RoundDetail>(`/api/opinion-rounds/${id}`),
  open: (listId: number, body: { title: string; deadline: string; orgIds: number[] }) => api.post<{ id: number }>(`/api/lists/${listId}/opinion-rounds`, body),
  close: (id: number) => api.post<{ id: number; listStatus: string }>(`/api/opinion-rounds/${id}/close`),
  give: (roundId: number, body: { targetType: OpinionTargetType; targetId: number; content: string }) =>
    api.post<{ id: number }>(`/api/opinion-rounds/${roundId}/opinions`, body),
  answer: (id: number, body: { handling: OpinionHandling; reply: string }) => api.post<{ id: number }>(`/api/opinions/${id}/answer`, body),
  summary: (roundId: number) => download(`/api/opinion-rounds/${roundId}/summary.xlsx`),
  structure: (listId: number) => api.get<StructureLite>(`/api/lists/${listId}`),
  orgs: (kind: 'department' | 'unit', q = '') => api.get<Page<OrgOption>>('/api/orgs', { kind, q, active: true, pageSize: kind === 'department' ? 100 : 50 }),
};
