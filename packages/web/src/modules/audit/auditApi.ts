import type { AuditItem, AuditQuery, VerifyResult } from '@qingdan/core';
import { api, type Page } from '../../app/api.ts';

// The audit trail's types are the server's contract (core contracts/audit.ts).
export type { AuditItem, AuditQuery, VerifyResult };

export const auditApi = {
  list: (q: AuditQuery) => api.get<Page<AuditItem>>('/api/audit', { ...q }),
  verify: () => api.get<VerifyResult>('/api/audit/verify'),
};
