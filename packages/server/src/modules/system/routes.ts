import { z } from 'zod';
import { sql } from 'kysely';
import type { App, Deps } from '../../deps.ts';
import { overview } from './overview.ts';

export async function systemRoutes(app: App, deps: Deps) {
  app.get('/api/health', {
    config: { access: 'public' },
    schema: {
      tags: ['system'],
      summary: '健康检查 Health',
      response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), time: z.string() }) },
    },
  }, async () => {
    await sql`SELECT 1`.execute(deps.db.kysely);
    return { status: 'ok' as const, database: deps.db.kind, time: deps.clock.now().toISOString() };
  });

  app.get('/api/overview', {
    config: { access: { permission: 'org.read' } },
    schema: {
      tags: ['system'],
      summary: '概览 Overview of the organisations in scope',
      response: { 200: z.object({ orgsByKind: z.record(z.string(), z.number()), people: z.number(), accounts: z.number() }) },
    },
  }, async (req) => overview(deps, req.access.routeScope));

  app.get('/api/openapi.json', {
    config: { access: 'public' },
    schema: { hide: true },
  }, async () => app.swagger());
}
