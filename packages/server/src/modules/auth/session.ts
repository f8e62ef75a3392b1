import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale, Role } from '@qingdan/core';
import type { Db } from '../../db/database.ts';
import { prepared } from '../../db/prepared.ts';
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
    // Only API routes have sessions: the decision is the matched route's, not the raw URL's.
    if (req.is404 || req.routeOptions.config.access === undefined) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token || token.length > 200) return;
    const id = hashToken(token);
    // One round trip for the session, its account and person, and the person's grants (every
    // request pays for this, so the grants come along as JSON rather than as a second query, and the
    // query is prepared: planned once per connection, db/prepared.ts).
    const row = (
      await prepared('session', sql<{
        id: string; csrf_token: string; created_at: Date; last_seen_at: Date;
        account_id: number; username: string; locale: string; must_change_password: boolean; active: boolean;
        person_id: number; name: string; grants: CurrentUser['grants'] | string;
      }>`
        SELECT s.id, s.csrf_token, s.created_at, s.last_seen_at,
               a.id AS account_id, a.username, a.locale, a.must_change_password, a.active,
               p.id AS person_id, p.name,
               COALESCE((SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'orgId', g.org_id, 'orgPath', o.path, 'orgName', o.name) ORDER BY g.id)
                         FROM role_grants g JOIN orgs o ON o.id = g.org_id
                         WHERE g.person_id = p.id AND o.active), '[]'::json) AS grants
        FROM sessions s JOIN accounts a ON a.id = s.account_id JOIN people p ON p.id = a.person_id
        WHERE s.id = ${id}`).execute(db.kysely)
    ).rows[0];
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
      grants: typeof row.grants === 'string' ? (JSON.parse(row.grants) as CurrentUser['grants']) : row.grants,
    };
  };
}
