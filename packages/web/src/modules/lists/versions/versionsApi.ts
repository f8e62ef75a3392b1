/** The versions endpoints (docs/LISTS.md "Versions") as the versions tab uses them. */
import type { ListStatus, SnapshotInfo, VersionComparison, VersionInfo } from '@qingdan/core';
import { api, type Page } from '../../../app/api.ts';

// The versions' types are the server's contract (core contracts/list-versions.ts).
export type { SnapshotInfo, VersionComparison, VersionInfo };

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
