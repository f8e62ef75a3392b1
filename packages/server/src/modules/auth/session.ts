import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale, Role } from '@qingdan/core';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';

export const SESSION_COOKIE = 'qd_session';

export interface CurrentUser {
  accountId: number;
  personId: number;
  username: string;
  name: string;
  locale: Locale;
  mustChangePassword: boolean;
  sessionId: string;
  csrfToken: string;
  grants: { id: number; role: Role; orgId: number; orgPath: string; orgName: string }[];
}

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
    sessionExpired: boolean;
  }
}

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function loadGrants(db: Db, personId: number): Promise<CurrentUser['grants']> {
  const rows = await db.kysely
    .selectFrom('role_grants as g')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['g.id', 'g.role', 'g.org_id', 'o.path', 'o.name'])
    .where('g.person_id', '=', personId)
    .where('o.active', '=', true)
    .orderBy('g.id')
    .execute();
  return rows.map((r) => ({ id: r.id, role: r.role as Role, orgId: r.org_id, orgPath: r.path, orgName: r.name }));
}

export async function createSession(db: Db, clock: Clock, accountId: number, ip: string, userAgent: string) {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const now = clock.now();
  await db.kysely
    .insertInto('sessions')
    .values({ id: hashToken(token), account_id: accountId, csrf_token: csrfToken, created_at: now, last_seen_at: now, ip, user_agent: userAgent.slice(0, 300) })
    .execute();
  return { token, csrfToken };
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.cookieSecure,
    maxAge: config.sessionAbsoluteHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: config.cookieSecure });
}

/** onRequest hook: find the session behind the cookie, enforce idle and absolute timeouts. */
export function makeSessionLoader(db: Db, clock: Clock, config: Config) {
  const idleMs = config.sessionIdleMinutes * 60_000;
  const absoluteMs = config.sessionAbsoluteHours * 3_600_000;
  return async function loadSession(req: FastifyRequest): Promise<void> {
    req.user = null;
    req.sessionExpired = false;
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token || token.length > 200) return;
    const id = hashToken(token);
    const row = await db.kysely
      .selectFrom('sessions as s')
      .innerJoin('accounts as a', 'a.id', 's.account_id')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .select([
        's.id', 's.csrf_token', 's.created_at', 's.last_seen_at',
        'a.id as account_id', 'a.username', 'a.locale', 'a.must_change_password', 'a.active',
        'p.id as person_id', 'p.name',
      ])
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!row) {
      req.sessionExpired = true;
      return;
    }
    const now = clock.now();
    if (!row.active || now.getTime() - row.last_seen_at.getTime() > idleMs || now.getTime() - row.created_at.getTime() > absoluteMs) {
      await db.kysely.deleteFrom('sessions').where('id', '=', id).execute();
      req.sessionExpired = true;
      return;
    }
    if (now.getTime() - row.last_seen_at.getTime() > 30_000) {
      await db.kysely.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    }
    req.user = {
      accountId: row.account_id,
      personId: row.person_id,
      username: row.username,
      name: row.name,
      locale: row.locale === 'en' ? 'en' : 'zh-CN',
      mustChangePassword: row.must_change_password,
      sessionId: id,
      csrfToken: row.csrf_token,
      grants: await loadGrants(db, row.person_id),
    };
  };
}
