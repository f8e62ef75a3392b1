/**
 * CSRF, decided on the matched route: a signed-in state-changing request to an API route must echo
 * the session's token in x-csrf-token; an anonymous one (sign-in, first-administrator setup) must
 * not come from another origin. Cookies are also SameSite=Strict. A refusal is recorded in the
 * audit trail (with the username a sign-in named), in its own transaction.
 */
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../deps.ts';
import { write } from '../write.ts';
import { AppError } from './errors.ts';
import { routeRule } from './pipeline.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function makeCsrfCheck(deps: Pick<Deps, 'db' | 'clock'>) {
  return async function csrfCheck(req: FastifyRequest): Promise<void> {
    if (SAFE_METHODS.has(req.method) || routeRule(req) === undefined) return;
    const ok = req.user ? req.headers['x-csrf-token'] === req.user.csrfToken : sameOrigin(req);
    if (ok) return;
    const body = req.body as Record<string, unknown> | undefined;
    const username = typeof body?.username === 'string' ? body.username.slice(0, 64) : undefined;
    const actor = { accountId: req.user?.accountId ?? null, name: req.user ? `${req.user.name}(${req.user.username})` : (username ?? ''), ip: req.ip };
    await write(deps, actor, async ({ audit }) =>
      audit({
        action: 'security.csrfRejected',
        entityType: 'request',
        entityId: `${req.method} ${req.routeOptions.url ?? ''}`,
        after: { origin: req.headers.origin ?? null, signedIn: req.user !== null, ...(username ? { username } : {}) },
      }),
    );
    throw new AppError(403, 'CSRF');
  };
}
