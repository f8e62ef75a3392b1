import { z } from 'zod';
import { pageOf, pageQuerySchema } from '@qingdan/core';
import type { App, Deps } from '../../deps.ts';
import { listAudit } from './list-audit.ts';
import { verifyAuditChain } from './verify.ts';

const when = z
  .string()
  .trim()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'invalidValue' })
  .transform((s) => new Date(s));

const auditItemSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string(),
  ip: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  unitId: z.number().int().nullable(),
  orgPath: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export async function auditRoutes(app: App, deps: Deps) {
  app.get('/api/audit', {
    config: { access: { permission: 'audit.read' } },
    schema: {
      tags: ['audit'],
      summary: '审计日志 Audit trail (newest first)',
      querystring: pageQuerySchema.extend({
        actor: z.string().trim().max(100).optional(),
        action: z.string().trim().max(60).optional(),
        entityType: z.string().trim().max(40).optional(),
        entityId: z.string().trim().max(64).optional(),
        from: when.optional(),
        to: when.optional(),
        q: z.string().trim().max(100).optional(),
      }),
      response: { 200: pageOf(auditItemSchema) },
    },
  }, async (req) => listAudit(deps, req.access.routeScope, req.query));

  app.get('/api/audit/verify', {
    config: { access: { permission: 'system.admin' } },
    schema: {
      tags: ['audit'],
      summary: '校验审计链完整性 Verify the audit chain',
      response: {
        200: z.object({
          ok: z.boolean(),
          checked: z.number().int(),
          firstBad: z.object({ seq: z.number().int(), problem: z.enum(['altered', 'removed', 'relinked']) }).optional(),
        }),
      },
    },
  }, async () => verifyAuditChain(deps.db.kysely));
}
