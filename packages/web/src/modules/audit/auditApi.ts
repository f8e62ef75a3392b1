import { api, type Page } from '../../app/api.ts';

export interface AuditItem {
  seq: number;
  at: string;
  actorId: number | null;
  actorName: string;
  ip: string;
  action: string;
  entityType: string;
  entityId: string;
  unitId: number | null;
  orgPath: string;
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  page: number;
  pageSize: number;
  actor?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBad?: { seq: number; problem: 'altered' | 'removed' | 'relinked' };
}

export const auditApi = {
  list: (q: AuditQuery) => api.get<Page<AuditItem>>('/api/audit', { ...q }),
  verify: () => api.get<VerifyResult>('/api/audit/verify'),
};
