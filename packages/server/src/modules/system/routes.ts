import { z } from 'zod';
import { sql } from 'kysely';
import type { App, Deps } from '../../deps.ts';
import { overview } from './overview.ts';
import { businessDateOf } from './business-date.ts';
import { setClock } from './set-clock.ts';
import { actorOf } from '../../http/actor.ts';
import { forbidden } from '../../http/errors.ts';

const businessDateFields = {
  /** The Beijing date of the server's clock (the demo runs on its own business date). */
  businessDate: z.string(),
  /** True when the clock runs away from the real time: show "业务日期 … （演示）". */
  clockShifted: z.boolean(),
};

export async function systemRoutes(app: App, deps: Deps) {
  app.get('/api/health', {
    config: { access: 'public' },
    schema: {
      tags: ['system'],
      summary: '健康检查 Health',
      response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), time: z.string(), ...businessDateFields }) },
    },
  }, async () => {
    await sql`SELECT 1`.execute(deps.db.kysely);
    return { status: 'ok' as const, database: deps.db.kind, time: deps.clock.now().toISOString(), ...businessDateOf(deps) };
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
