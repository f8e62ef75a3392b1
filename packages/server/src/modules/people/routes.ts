import { z } from 'zod';
import {
  ACCOUNT_STATUSES, PEOPLE_SORTS, ROLES, accountCreateSchema, accountSchema, grantInputSchema, grantSchema,
  pageOf, pageQuerySchema, personDetailSchema, personInputSchema, personSchema, personUpdateSchema,
} from '@qingdan/core';
import type { FastifyRequest } from 'fastify';
import type { App, Deps } from '../../deps.ts';
import { actorOf } from '../../http/actor.ts';
import type { AccessTarget } from '../../http/access.ts';
import { listPeople } from './list-people.ts';
import { getPerson } from './get-person.ts';
import { createPerson } from './create-person.ts';
import { updatePerson } from './update-person.ts';
import { setPersonActive } from './set-person-active.ts';
import { listGrants } from './list-grants.ts';
import { addGrant } from './add-grant.ts';
import { removeGrant } from './remove-grant.ts';
import { listAccounts } from './list-accounts.ts';
import { createAccount } from './create-account.ts';
import { resetPassword } from './reset-password.ts';
import { unlockAccount } from './unlock-account.ts';
import { setAccountActive } from './set-account-active.ts';
import type { PeopleActor } from './shared.ts';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const bool = z.enum(['true', 'false']);
const toBool = (v: 'true' | 'false' | undefined) => (v === undefined ? undefined : v === 'true');
const ok = z.object({ ok: z.literal(true) });

const person = (field = 'id', where: AccessTarget['in'] = 'params'): AccessTarget => ({ kind: 'person', in: where, field });
const account: AccessTarget = { kind: 'account', in: 'params', field: 'id' };
const peopleActor = (req: FastifyRequest): PeopleActor => ({ ...actorOf(req), user: req.access.user });

export async function peopleRoutes(app: App, deps: Deps) {
  // ---- people ----
  app.get('/api/people', {
    config: { access: { permission: 'people.read', target: { kind: 'org', in: 'query', field: 'orgId' } } },
    schema: {
      tags: ['people'],
      summary: '人员列表 List people',
      querystring: pageQuerySchema.extend({
        q: z.string().max(100).optional(),
        orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
        post: z.string().max(30).optional(),
        hasAccount: bool.optional(),
        role: z.enum(ROLES).optional(),
        active: bool.optional(),
        sort: z.enum(PEOPLE_SORTS).default('org'),
        order: z.enum(['asc', 'desc']).default('asc'),
      }),
      response: { 200: pageOf(personSchema) },
    },
  }, async (req) => {
    const q = req.query;
    return listPeople(deps, req.access.routeScope, {
      ...q,
      post: q.post || undefined,
      hasAccount: toBool(q.hasAccount),
      active: toBool(q.active),
    });
  });

  app.get('/api/people/:id', {
    config: { access: { permission: 'people.read', target: person() } },
    schema: { tags: ['people'], summary: '人员详情 Person detail', params: idParams, response: { 200: personDetailSchema } },
  }, async (req) => getPerson(deps, req.params.id));

  app.post('/api/people', {
    config: { access: { permission: 'people.write', target: { kind: 'org', in: 'body', field: 'orgId' } } },
    schema: { tags: ['people'], summary: '新增人员 Create a person', body: personInputSchema, response: { 200: personDetailSchema } },
  }, async (req) => createPerson(deps, actorOf(req), req.body));

  app.put('/api/people/:id', {
    config: { access: { permission: 'people.write', target: [person(), { kind: 'org', in: 'body', field: 'orgId' }] } },
    schema: { tags: ['people'], summary: '修改人员 Edit a person', params: idParams, body: personUpdateSchema, response: { 200: personDetailSchema } },
  }, async (req) => updatePerson(deps, actorOf(req), req.params.id, req.body));

  app.post('/api/people/:id/deactivate', {
    config: { access: { permission: 'people.write', target: person() } },
    schema: { tags: ['people'], summary: '停用人员（同时停用账号） Deactivate a person and their account', params: idParams, response: { 200: personDetailSchema } },
  }, async (req) => setPersonActive(deps, actorOf(req), req.params.id, false));

  app.post('/api/people/:id/activate', {
    config: { access: { permission: 'people.write', target: person() } },
    schema: { tags: ['people'], summary: '启用人员 Reactivate a person', params: idParams, response: { 200: personDetailSchema } },
  }, async (req) => setPersonActive(deps, actorOf(req), req.params.id, true));

  // ---- grants ----
  app.get('/api/people/:id/grants', {
    config: { access: { permission: 'people.read', target: person() } },
    schema: { tags: ['people'], summary: '人员授权 A person\'s role grants', params: idParams, response: { 200: z.object({ items: z.array(grantSchema) }) } },
  }, async (req) => ({ items: await listGrants(deps, req.params.id) }));

  app.post('/api/people/:id/grants', {
    config: { access: { permission: 'accounts.write', target: person() } },
    schema: { tags: ['people'], summary: '授予角色 Grant a role', params: idParams, body: grantInputSchema, response: { 200: grantSchema } },
  }, async (req) => addGrant(deps, peopleActor(req), req.params.id, req.body, req.access.routeScope));

  app.delete('/api/grants/:id', {
    config: { access: { permission: 'accounts.write', target: { kind: 'grant', in: 'params', field: 'id' } } },
    schema: { tags: ['people'], summary: '撤销授权 Remove a grant', params: idParams, response: { 200: ok } },
  }, async (req) => {
    await removeGrant(deps, peopleActor(req), req.params.id, req.access.routeScope);
    return { ok: true as const };
  });

  // ---- accounts ----
  app.get('/api/accounts', {
    config: { access: { permission: 'accounts.read' } },
    schema: {
      tags: ['accounts'],
      summary: '账号列表 List accounts',
      querystring: pageQuerySchema.extend({
        q: z.string().max(100).optional(),
        role: z.enum(ROLES).optional(),
        status: z.enum(ACCOUNT_STATUSES).optional(),
      }),
      response: { 200: pageOf(accountSchema) },
    },
  }, async (req) => listAccounts(deps, req.access.routeScope, req.query));

  app.post('/api/accounts', {
    config: { access: { permission: 'accounts.write', target: person('personId', 'body') } },
    schema: {
      tags: ['accounts'],
      summary: '开通账号 Open an account',
      body: accountCreateSchema,
      response: { 200: z.object({ id: z.number(), personId: z.number(), username: z.string() }) },
    },
  }, async (req) => createAccount(deps, actorOf(req), req.body));

  app.post('/api/accounts/:id/reset-password', {
    config: { access: { permission: 'accounts.write', target: account } },
    schema: {
      tags: ['accounts'],
      summary: '重置密码 Reset the password',
      params: idParams,
      body: z.object({ password: z.string().min(1).max(200) }),
      response: { 200: ok },
    },
  }, async (req) => {
    await resetPassword(deps, actorOf(req), req.params.id, req.body.password);
    return { ok: true as const };
  });

  app.post('/api/accounts/:id/unlock', {
    config: { access: { permission: 'accounts.write', target: account } },
    schema: { tags: ['accounts'], summary: '解锁账号 Unlock an account', params: idParams, response: { 200: ok } },
  }, async (req) => {
    await unlockAccount(deps, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  app.post('/api/accounts/:id/disable', {
    config: { access: { permission: 'accounts.write', target: account } },
    schema: { tags: ['accounts'], summary: '停用账号 Disable an account', params: idParams, response: { 200: ok } },
  }, async (req) => {
    await setAccountActive(deps, actorOf(req), req.params.id, false);
    return { ok: true as const };
  });

  app.post('/api/accounts/:id/enable', {
    config: { access: { permission: 'accounts.write', target: account } },
    schema: { tags: ['accounts'], summary: '启用账号 Enable an account', params: idParams, response: { 200: ok } },
  }, async (req) => {
    await setAccountActive(deps, actorOf(req), req.params.id, true);
    return { ok: true as const };
  });
}
