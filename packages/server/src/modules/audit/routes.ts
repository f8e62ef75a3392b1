import { auditPageSchema, auditQuerySchema, verifyResultSchema } from '@qingdan/core';
import type { App, Deps } from '../../deps.ts';
import { listAudit } from './list-audit.ts';
import { verifyAuditChain } from './verify.ts';

export async function auditRoutes(app: App, deps: Deps) {
  app.get('/api/audit', {
    config: { access: { permission: 'audit.read' } },
    schema: {
      tags: ['audit'],
      summary: '审计日志 Audit trail (newest first)',
      querystring: auditQuerySchema,
      response: { 200: auditPageSchema },
    },
  }, async (req) => listAudit(deps, req.access.routeScope, req.query));

  app.get('/api/audit/verify', {
    config: { access: { permission: 'system.admin' } },
    schema: {
      tags: ['audit'],
      summary: '校验审计链完整性 Verify the audit chain',
      response: { 200: verifyResultSchema },
    },
  }, async () => verifyAuditChain(deps.db.kysely));
}
