import type { FastifyRequest } from 'fastify';
import type { Actor } from '../modules/audit/record.ts';

/** The audit actor of a request. */
export function actorOf(req: FastifyRequest): Actor {
  return { accountId: req.user?.accountId ?? null, name: req.user ? `${req.user.name}(${req.user.username})` : '', ip: req.ip };
}
