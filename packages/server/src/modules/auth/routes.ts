import { z } from 'zod';
import { LOCALES, ROLE_DEFINITIONS, usernameSchema } from '@qingdan/core';
import type { App, Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import { actorOf } from '../../http/actor.ts';
import { logout } from './logout.ts';
import { setLocale } from './set-locale.ts';
import { auditRejectedSignIn, login, usernameKey } from './login.ts';
import { dummyPasswordHash } from './passwords.ts';
import { changeOwnPassword } from './change-password.ts';
import { clearSessionCookie, setSessionCookie } from './session.ts';
import { RateLimiter } from './rate-limit.ts';
import { createAdmin, needsSetup } from './setup.ts';

const meSchema = z.object({
  accountId: z.number(),
  personId: z.number(),
  username: z.string(),
  name: z.string(),
  locale: z.enum(LOCALES),
  mustChangePassword: z.boolean(),
  csrfToken: z.string(),
  grants: z.array(z.object({ id: z.number(), role: z.string(), orgId: z.number(), orgPath: z.string(), orgName: z.string() })),
  permissions: z.array(z.string()),
  demo: z.boolean(),
});

export async function authRoutes(app: App, deps: Deps) {
  const limiter = new RateLimiter(deps.config.loginRateLimitPerMinute, 60_000);
  // Hashed once now, so that the first unknown username does not take longer than a known one.
  void dummyPasswordHash();

  app.post('/api/auth/login', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: '登录 Sign in',
      body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
      response: { 200: z.object({ ok: z.literal(true), mustChangePassword: z.boolean(), csrfToken: z.string() }) },
    },
  }, async (req, reply) => {
    const now = deps.clock.now().getTime();
    if (limiter.hit(`ip:${req.ip}`, now) || limiter.hit(`user:${usernameKey(req.body.username)}`, now)) {
      await auditRejectedSignIn(deps, { ip: req.ip, username: req.body.username, reason: 'RATE_LIMITED' });
      throw new AppError(429, 'RATE_LIMITED');
    }
    const r = await login(deps, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? '' });
    setSessionCookie(reply, deps.config, r.token);
    return { ok: true as const, mustChangePassword: r.mustChangePassword, csrfToken: r.csrfToken };
  });

  app.post('/api/auth/logout', {
    config: { access: 'signedIn', allowWhilePasswordChange: true },
    schema: { tags: ['auth'], summary: '退出登录 Sign out', response: { 200: z.object({ ok: z.literal(true) }) } },
  }, async (req, reply) => {
    const r = await logout(deps, actorOf(req), req.access.user);
    clearSessionCookie(reply, deps.config);
    return r;
  });

  app.get('/api/auth/me', {
    config: { access: 'signedIn', allowWhilePasswordChange: true },
    schema: { tags: ['auth'], summary: '当前用户 Current user', response: { 200: meSchema } },
  }, async (req) => {
    const u = req.access.user;
    const permissions = [...new Set(u.grants.flatMap((g) => ROLE_DEFINITIONS[g.role].permissions))];
    const demo = await deps.db.kysely.selectFrom('settings').select('value').where('key', '=', 'demo').executeTakeFirst();
    return {
      accountId: u.accountId,
      personId: u.personId,
      username: u.username,
      name: u.name,
      locale: u.locale,
      mustChangePassword: u.mustChangePassword,
      csrfToken: u.csrfToken,
      grants: u.grants,
      permissions,
      demo: demo?.value === true,
    };
  });

  app.post('/api/auth/password', {
    config: { access: 'signedIn', allowWhilePasswordChange: true },
    schema: {
      tags: ['auth'],
      summary: '修改本人密码 Change own password',
      body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
      response: { 200: z.object({ ok: z.literal(true) }) },
    },
  }, async (req) => {
    const u = req.access.user;
    await changeOwnPassword(deps, actorOf(req), { accountId: u.accountId, sessionId: u.sessionId, ...req.body });
    return { ok: true as const };
  });

  app.put('/api/auth/locale', {
    config: { access: 'signedIn', allowWhilePasswordChange: true },
    schema: {
      tags: ['auth'],
      summary: '界面语言 Interface language',
      body: z.object({ locale: z.enum(LOCALES) }),
      response: { 200: z.object({ ok: z.literal(true) }) },
    },
  }, async (req) => setLocale(deps, actorOf(req), req.access.user.accountId, req.body.locale));

  app.get('/api/setup', {
    config: { access: 'public' },
    schema: { tags: ['auth'], summary: '是否需要创建首个管理员 Whether setup is needed', response: { 200: z.object({ needed: z.boolean() }) } },
  }, async () => ({ needed: await needsSetup(deps) }));

  app.post('/api/setup', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: '创建首个管理员 Create the first administrator',
      body: z.object({ username: usernameSchema, password: z.string().min(1).max(200), name: z.string().trim().min(1).max(50), committeeName: z.string().trim().min(1).max(100).optional() }),
      response: { 200: z.object({ ok: z.literal(true) }) },
    },
  }, async (req) => {
    await createAdmin(deps, { accountId: null, name: req.body.username, ip: req.ip }, { ...req.body, onlyIfFirst: true });
    return { ok: true as const };
  });
}
