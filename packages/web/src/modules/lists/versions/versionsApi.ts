/** The versions endpoints (docs/LISTS.md "Versions") as the versions tab uses them. */
import type { ListComparison, ListStatus } from '@qingdan/core';
import { api, type Page } from '../../../app/api.ts';

export interface SnapshotInfo {
  id: number;
  listId: number;
  label: string;
  status: string;
  revision: number;
  taskCount: number;
  transition: { fromStatus: string; toStatus: string; actorName: string } | null;
  createdAt: string;
}

export interface VersionInfo {
  ref: string;
  kind: 'snapshot' | 'list';
  listId: number;
  label: string;
  takenAt: string | null;
}

export interface VersionComparison extends ListComparison {
  fromVersion: VersionInfo;
  toVersion: VersionInfo;
  orgNames: Record<string, string>;
  sourceItems: Record<string, { label: string; text: string }>;
}

export interface YearList {
  id: number;
  year: number;
  title: string;
  status: ListStatus;
}

export const versionsApi = {
  snapshots: (listId: number) => api.get<Page<SnapshotInfo>>(`/api/lists/${listId}/snapshots`, { pageSize: 200 }),
  lists: () => api.get<Page<YearList>>('/api/lists', { pageSize: 100 }),
  compare: (from: string, to: string) => api.get<VersionComparison>('/api/lists/compare', { from, to }),
};
