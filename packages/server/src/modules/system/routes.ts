import { z } from 'zod';
import type { App, Deps } from '../../deps.ts';
import { overview } from './overview.ts';
import { businessDateOf } from './business-date.ts';
import { storageState } from '../files/storage.ts';
import { setClock } from './set-clock.ts';
import { actorOf } from '../../http/actor.ts';
import { forbidden } from '../../http/errors.ts';

const businessDateFields = {
  /** The Beijing date of the server's clock (the demo runs on its own business date). */
  businessDate: z.string(),
  /** True when the clock runs away from the real time: show "业务日期 … （演示）". */
  clockShifted: z.boolean(),
};

/** A busy database counts as healthy while it answered a check within this many milliseconds. */
export const HEALTH_STALE_MS = 30_000;

export async function systemRoutes(app: App, deps: Deps) {
  // Health answers within a second whatever the load: its database check runs at the highest
  // priority, bounded by CHECK_TIMEOUT_MS (db/database.ts). "busy" (no answer in time, but one
  // within HEALTH_STALE_MS) is still 200: the process lives and its database answered lately.
  const healthFields = {
    database: z.enum(['pglite', 'postgres']),
    time: z.string(),
    ...businessDateFields,
    /** answered: SELECT 1 answered within the bound; busy: not in time (queued behind load); failed: the database threw. */
    databaseCheck: z.enum(['answered', 'busy', 'failed']),
    /** This check's round trip, when it answered. */
    databaseLatencyMs: z.number().nullable(),
    /** Milliseconds since the database last answered a check (0: this one); null: never since start. */
    databaseAgeMs: z.number().nullable(),
    /** The file store (FILES_DIR): writable, full (or nearly), or not writable (files/storage.ts). */
    storage: z.enum(['ok', 'full', 'readOnly']),
  };
  app.get('/api/health', {
    config: { access: 'public' },
    schema: {
      tags: ['system'],
      summary: '健康检查 Health',
      response: {
        200: z.object({ status: z.literal('ok'), ...healthFields }),
        503: z.object({ status: z.literal('unavailable'), ...healthFields }),
      },
    },
  }, async (_req, reply) => {
    const c = await deps.db.check();
    const fields = {
      database: deps.db.kind,
      time: deps.clock.now().toISOString(),
      ...businessDateOf(deps),
      databaseCheck: c.state,
      databaseLatencyMs: c.latencyMs,
      databaseAgeMs: c.lastOkAgeMs,
      storage: await storageState(deps),
    };
    const healthy = c.state === 'answered' || (c.state === 'busy' && c.lastOkAgeMs !== null && c.lastOkAgeMs <= HEALTH_STALE_MS);
    if (!healthy) return reply.status(503).send({ status: 'unavailable' as const, ...fields });
    return { status: 'ok' as const, ...fields };
  });

  app.get('/api/overview', {
    config: { access: { permission: 'org.read' } },
    schema: {
      tags: ['system'],
      summary: '概览 Overview of the organisations in scope',
      response: { 200: z.object({ orgsByKind: z.record(z.string(), z.number()), people: z.number(), accounts: z.number(), ...businessDateFields }) },
    },
  }, async (req) => ({ ...(await overview(deps, req.access.routeScope)), ...businessDateOf(deps) }));

  // Moving the business clock is for end-to-end tests only: the route exists with CLOCK_CONTROL=1.
  if (deps.config.clockControl) {
    app.post('/api/system/clock', {
      config: { access: { permission: 'system.admin' } },
      schema: {
        tags: ['system'],
        summary: '调整业务时钟（仅测试）Move the business clock (tests only)',
        body: z.object({
          date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => Number.isFinite(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)).optional(),
          advanceDays: z.number().int().min(-3660).max(3660).optional(),
        }),
        response: { 200: z.object({ now: z.string(), ...businessDateFields }) },
      },
    }, async (req) => {
      // The clock is the whole server's: only a committee-wide administrator moves it.
      if (req.access.routeScope !== 'all') throw forbidden();
      return setClock(deps, actorOf(req), req.body);
    });
  }

  app.get('/api/openapi.json', {
    config: { access: 'public' },
    schema: { hide: true },
  }, async () => app.swagger());
}
