/**
 * Authorisation, in one place. Every /api route declares in `config.access` what it needs:
 *   'public'             — no session (health, sign-in, first-administrator setup);
 *   'signedIn'           — any signed-in account (own profile, own password);
 *   { permission, target? } — a permission from @qingdan/core roles, and optionally the entity
 *                          the request touches, named by where its id is (params, body or query).
 * The guard below enforces the declaration before any handler runs: no session → 401, no grant
 * with the permission → 403, a target outside the grants' scope or not existing → 404 (the same
 * answer, so nothing leaks about other units' data). Handlers filter lists with `req.access`.
 */
import { sql } from 'kysely';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pathInScope, scopeFor, type Permission } from '@qingdan/core';
import type { Db } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { AppError, forbidden, notFound } from './errors.ts';
import type { CurrentUser } from '../modules/auth/session.ts';

/**
 * The kinds of access target. Each module declares its own (its `targets.ts`, by declaration
 * merging: `declare module '…/http/access.ts' { interface TargetKinds { period: true } }`) with
 * the check of each, and `modules/index.ts` registers them; a route naming a kind nobody
 * registered stops the start.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TargetKinds {}
export type TargetKind = keyof TargetKinds & string;

/**
 * Whether the entity of one kind named by `value` (as the request gives it) exists and the caller
 * reaches it; false answers 404 — the same whether it is missing or out of scope.
 */
export type TargetCheck = (db: Db, access: AccessContext, value: unknown) => Promise<boolean>;
export type TargetChecks = Partial<Record<TargetKind, TargetCheck>>;

/** Whether a scope reaches into the subtree at `path` (inside it, or containing it). */
export function scopeTouches(scope: 'all' | readonly string[], path: string): boolean {
  return scope === 'all' || scope.some((p) => p.startsWith(path) || path.startsWith(p));
}

/** A request's id as a positive int4, or null. */
export function idOf(id: unknown): number | null {
  const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d{1,9}$/.test(id) ? Number(id) : NaN;
  return Number.isInteger(n) && n > 0 && n < 2 ** 31 ? n : null;
}

/**
 * A lookup written with `$1` for its id: the id goes as a parameter and the query is prepared
 * (its text is fixed per kind, so each connection plans it once).
 */
export function byId<R>(text: string, id: number) {
  const [before, after] = text.split('$1');
  return prepared('by-id', sql<R>`${sql.raw(before!)}${id}${sql.raw(after!)}`);
}

/**
 * The check of a kind that belongs to an organisation: `text` selects its organisation's `path`
 * by `$1`; the entity must exist and the path lie inside the route's scope.
 */
export function inScopeByPath(text: string): TargetCheck {
  return async (db, access, value) => {
    const n = idOf(value);
    if (n === null) return false;
    const r = await byId<{ path: string }>(text, n).execute(db.kysely);
    const path = r.rows[0]?.path;
    return path !== undefined && pathInScope(access.routeScope, path);
  };
}

export interface AccessTarget {
  kind: TargetKind;
  in: 'params' | 'body' | 'query';
  field: string;
}

export type AccessRule =
  | 'public'
  | 'signedIn'
  | { permission: Permission; target?: AccessTarget | AccessTarget[] };

export interface AccessContext {
  user: CurrentUser;
  /** Scope of a permission for this user: 'all' or organisation path prefixes. */
  scope(permission: Permission): 'all' | string[];
  /** The scope of the route's own permission. */
  routeScope: 'all' | string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
    /** Routes a user who must change the password may still call. */
    allowWhilePasswordChange?: boolean;
  }
  interface FastifyRequest {
    access: AccessContext;
  }
}

/** The target kinds a rule names that have no check. */
export function unknownTargets(rule: AccessRule | undefined, checks: TargetChecks): string[] {
  if (rule === undefined || typeof rule === 'string' || rule.target === undefined) return [];
  const targets = Array.isArray(rule.target) ? rule.target : [rule.target];
  return targets.map((t) => t.kind).filter((k) => checks[k] === undefined);
}

/** From here on, registering a route that names a target kind without a check throws: the start stops. */
export function refuseUnknownTargets(app: FastifyInstance, checks: TargetChecks): void {
  app.addHook('onRoute', (route) => {
    const unknown = unknownTargets(route.config?.access, checks);
    if (unknown.length) throw new Error(`Route ${String(route.method)} ${route.url} names access target kinds no module declares: ${unknown.join(', ')}`);
  });
}

function readField(req: FastifyRequest, t: AccessTarget): unknown {
  const src = (t.in === 'params' ? req.params : t.in === 'body' ? req.body : req.query) as Record<string, unknown> | undefined;
  return src?.[t.field];
}

const notSignedIn = (req: FastifyRequest) => new AppError(401, req.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');

/**
 * preValidation: a route that is not public answers 401 to a caller without a session before its
 * input is even validated, so an anonymous caller learns nothing of what a route expects.
 */
export async function requireSignIn(req: FastifyRequest): Promise<void> {
  if (req.is404) return;
  const rule = req.routeOptions.config.access;
  if (rule === undefined || rule === 'public' || req.user) return;
  throw notSignedIn(req);
}

export function makeAccessGuard(db: Db, checks: TargetChecks) {
  return async function accessGuard(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    // Decided on the matched route (http/pipeline.ts): no route is the not-found handler's; a
    // static file serves reads only; anything else without a rule cannot have started.
    if (req.is404) return;
    const rule = req.routeOptions.config.access;
    if (rule === undefined) {
      if (req.routeOptions.config.staticFile && (req.method === 'GET' || req.method === 'HEAD')) return;
      throw notFound();
    }
    if (rule === 'public') return;
    const user = req.user;
    if (!user) throw notSignedIn(req);
    if (user.mustChangePassword && !req.routeOptions.config.allowWhilePasswordChange) {
      throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED');
    }
    const scope = (p: Permission) => scopeFor(user.grants, p);
    if (rule === 'signedIn') {
      req.access = { user, scope, routeScope: [] };
      return;
    }
    const routeScope = scope(rule.permission);
    if (routeScope !== 'all' && routeScope.length === 0) throw forbidden();
    const access: AccessContext = { user, scope, routeScope };
    const targets = rule.target === undefined ? [] : Array.isArray(rule.target) ? rule.target : [rule.target];
    for (const t of targets) {
      const value = readField(req, t);
      if (value === undefined || value === null) continue; // optional filters
      const check = checks[t.kind];
      if (!check || !(await check(db, access, value))) throw notFound();
    }
    req.access = access;
  };
}

/** SQL condition limiting a column of organisation paths to a scope. */
export function pathFilter(column: string, scope: 'all' | readonly string[]) {
  if (scope === 'all') return sql<boolean>`true`;
  if (scope.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(
    scope.map((p) => sql`${sql.ref(column)} LIKE ${p.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`),
    sql` OR `,
  )})`;
}
