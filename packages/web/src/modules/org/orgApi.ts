/** The organisation endpoints as the page uses them. */
import type { Level, Org, OrgDetail, OrgFields, OrgKind, OrgWithPath } from '@qingdan/core';
import { api, type Page } from '../../app/api.ts';

// The organisation's types are the server's contract (core org.ts).
export type { Level, Org, OrgDetail, OrgFields, OrgKind, OrgWithPath };

export const orgApi = {
  levels: () => api.get<Page<Level>>('/api/levels'),
  roots: (includeInactive: boolean) => api.get<Page<Org>>('/api/orgs/roots', { includeInactive }),
  children: (id: number, includeInactive: boolean) => api.get<Page<Org>>(`/api/orgs/${id}/children`, { includeInactive }),
  get: (id: number) => api.get<OrgDetail>(`/api/orgs/${id}`),
  search: (q: string, opts: { active?: boolean; pageSize?: number } = {}) =>
    api.get<Page<OrgWithPath>>('/api/orgs', { q, active: opts.active, pageSize: opts.pageSize ?? 20 }),
  create: (body: OrgFields & { parentId: number; kind: OrgKind }) => api.post<Org>('/api/orgs', body),
  update: (id: number, body: OrgFields & { version: number }) => api.put<Org>(`/api/orgs/${id}`, body),
  move: (id: number, parentId: number, version: number) => api.post<Org>(`/api/orgs/${id}/move`, { parentId, version }),
  deactivate: (id: number, version: number) => api.post<Org>(`/api/orgs/${id}/deactivate`, { version }),
  activate: (id: number, version: number) => api.post<Org>(`/api/orgs/${id}/activate`, { version }),
};
