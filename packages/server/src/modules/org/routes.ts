import { z } from 'zod';
import { levelSchema, ORG_KINDS, orgDetailSchema, orgInputSchema, orgSchema, orgUpdateSchema, orgWithPathSchema, pageOf, pageQuerySchema } from '@qingdan/core';
import type { App, Deps } from '../../deps.ts';
import { actorOf } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { createOrg } from './create-org.ts';
import { updateOrg } from './update-org.ts';
import { moveOrg } from './move-org.ts';
import { setOrgActive } from './set-org-active.ts';
import { findChildren, findOrgs, findRoots, getOrg, listLevels, ORG_SORTS } from './find-orgs.ts';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
const versionBody = z.object({ version: z.number().int() });

const listOf = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

const orgTarget = (inWhere: 'params' | 'body' | 'query', field: string) => ({ kind: 'org' as const, in: inWhere, field });

/**
 * Moving or dissolving the very organisation a user's grant sits on would cut the user off from
 * their own scope: only someone whose scope reaches above it may do that.
 */
async function assertBelowOwnScopeRoot(deps: Deps, scope: 'all' | string[], id: number) {
  if (scope === 'all') return;
  const row = await deps.db.kysely.selectFrom('orgs').select('path').where('id', '=', id).executeTakeFirst();
  if (row && scope.includes(row.path)) throw new AppError(403, 'ORG_OWN_SCOPE_ROOT');
}

export async function orgRoutes(app: App, deps: Deps) {
  app.get('/api/levels', {
    config: { access: { permission: 'org.read' } },
    schema: { tags: ['org'], summary: '责任层级 Responsibility levels', response: { 200: listOf(levelSchema) } },
  }, async () => {
    const items = await listLevels(deps);
    return { items, total: items.length };
  });

  app.get('/api/orgs/roots', {
    config: { access: { permission: 'org.read' } },
    schema: {
      tags: ['org'],
      summary: '组织树起点 Where the organisation tree starts for the user',
      querystring: z.object({ includeInactive: boolQuery.optional() }),
      response: { 200: listOf(orgSchema) },
    },
  }, async (req) => {
    const items = await findRoots(deps, req.access.routeScope, req.query.includeInactive ?? false);
    return { items, total: items.length };
  });

  app.get('/api/orgs/:id/children', {
    config: { access: { permission: 'org.read', target: orgTarget('params', 'id') } },
    schema: {
      tags: ['org'],
      summary: '下级组织 Child organisations',
      params: idParams,
      querystring: z.object({ includeInactive: boolQuery.optional() }),
      response: { 200: listOf(orgSchema) },
    },
  }, async (req) => {
    const items = await findChildren(deps, req.params.id, req.query.includeInactive ?? false);
    return { items, total: items.length };
  });

  app.get('/api/orgs', {
    config: { access: { permission: 'org.read', target: orgTarget('query', 'unitId') } },
    schema: {
      tags: ['org'],
      summary: '查询组织 Search organisations',
      querystring: pageQuerySchema.extend({
        q: z.string().max(100).optional(),
        kind: z.enum(ORG_KINDS).optional(),
        active: boolQuery.optional(),
        unitId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
        sort: z.enum(ORG_SORTS).default('depth'),
        order: z.enum(['asc', 'desc']).default('asc'),
      }),
      response: { 200: pageOf(orgWithPathSchema) },
    },
  }, async (req) => findOrgs(deps, req.access.routeScope, req.query));

  app.get('/api/orgs/:id', {
    config: { access: { permission: 'org.read', target: orgTarget('params', 'id') } },
    schema: { tags: ['org'], summary: '组织详情 Organisation', params: idParams, response: { 200: orgDetailSchema } },
  }, async (req) => getOrg(deps, req.access.routeScope, req.params.id));

  app.post('/api/orgs', {
    config: { access: { permission: 'org.write', target: orgTarget('body', 'parentId') } },
    schema: { tags: ['org'], summary: '新增组织 Create an organisation', body: orgInputSchema, response: { 200: orgSchema } },
  }, async (req) => createOrg(deps, actorOf(req), req.body));

  app.put('/api/orgs/:id', {
    config: { access: { permission: 'org.write', target: orgTarget('params', 'id') } },
    schema: { tags: ['org'], summary: '修改组织 Edit an organisation', params: idParams, body: orgUpdateSchema, response: { 200: orgSchema } },
  }, async (req) => updateOrg(deps, actorOf(req), req.params.id, req.body));

  app.post('/api/orgs/:id/move', {
    config: { access: { permission: 'org.write', target: [orgTarget('params', 'id'), orgTarget('body', 'parentId')] } },
    schema: {
      tags: ['org'],
      summary: '移动组织 Move an organisation',
      params: idParams,
      body: z.object({ parentId: z.number().int().positive(), version: z.number().int() }),
      response: { 200: orgSchema },
    },
  }, async (req) => {
    await assertBelowOwnScopeRoot(deps, req.access.routeScope, req.params.id);
    return moveOrg(deps, actorOf(req), req.params.id, req.body);
  });

  app.post('/api/orgs/:id/deactivate', {
    config: { access: { permission: 'org.write', target: orgTarget('params', 'id') } },
    schema: { tags: ['org'], summary: '撤销组织 Dissolve an organisation', params: idParams, body: versionBody, response: { 200: orgSchema } },
  }, async (req) => {
    await assertBelowOwnScopeRoot(deps, req.access.routeScope, req.params.id);
    return setOrgActive(deps, actorOf(req), req.params.id, false, req.body.version);
  });

  app.post('/api/orgs/:id/activate', {
    config: { access: { permission: 'org.write', target: orgTarget('params', 'id') } },
    schema: {
      tags: ['org'],
      summary: '恢复组织 Restore a dissolved organisation',
      params: idParams,
      body: versionBody.partial().optional(),
      response: { 200: orgSchema },
    },
  }, async (req) => setOrgActive(deps, actorOf(req), req.params.id, true, req.body?.version));
}
