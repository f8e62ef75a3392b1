/**
 * The contract of the audit trail (server `audit`): request and response schemas once, the types
 * inferred from them, used by the routes, the use cases and the web's API client.
 */
import { z } from 'zod';
import { pageOf, pageQuerySchema } from '../api.ts';

const int = z.number().int();
const when = z
  .string()
  .trim()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'invalidValue' })
  .transform((s) => new Date(s));

/** GET /api/audit: `from` and `to` are instants (ISO text in the request, dates once read). */
export const auditQuerySchema = pageQuerySchema.extend({
  actor: z.string().trim().max(100).optional(),
  action: z.string().trim().max(60).optional(),
  entityType: z.string().trim().max(40).optional(),
  entityId: z.string().trim().max(64).optional(),
  from: when.optional(),
  to: when.optional(),
  q: z.string().trim().max(100).optional(),
});
export type AuditFilter = z.output<typeof auditQuerySchema>;
/** The query as a client sends it (the instants as ISO text). */
export type AuditQuery = Omit<AuditFilter, 'from' | 'to'> & { from?: string | undefined; to?: string | undefined };

export const auditItemSchema = z.object({
  seq: int,
  at: z.string(),
  actorId: int.nullable(),
  actorName: z.string(),
  ip: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  unitId: int.nullable(),
  orgPath: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditItem = z.infer<typeof auditItemSchema>;
export const auditPageSchema = pageOf(auditItemSchema);

/** GET /api/audit/verify: `firstBad` is the first entry altered, or the first after a removed one. */
export const verifyResultSchema = z.object({
  ok: z.boolean(),
  checked: int,
  firstBad: z.object({ seq: int, problem: z.enum(['altered', 'removed', 'relinked']) }).optional(),
});
export type VerifyResult = z.infer<typeof verifyResultSchema>;
