/**
 * The request pipeline's decisions, made on the matched route, never on the raw URL.
 *
 * The router decodes percent-encoded letters (`/%61pi/…` matches `/api/…`), so a hook that tests
 * `req.url` can be walked around. Here every decision reads the route Fastify matched:
 *   - an API route declares `config.access` (http/access.ts); the session is loaded, CSRF checked
 *     and access enforced for it;
 *   - a static file route (the built web app) is marked by `registerStatic` and serves GET/HEAD only;
 *   - any other route fails at start-up (default deny), and so does an access rule outside /api/;
 *   - a request that matches no route gets the not-found handler: a JSON 404 (405 when the path
 *     exists for another method) for anything that reads as an API path, the web app's index.html
 *     for a client-side route, a JSON 404 for a missing file.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import FindMyWay from 'find-my-way';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from './errors.ts';
import { errorBody, requestLocale } from './error-handler.ts';
import type { AccessRule } from './access.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by `registerStatic` on the routes of the built web app's files. */
    staticFile?: boolean;
  }
}

type Plugin = Parameters<FastifyInstance['register']>[0];

const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The access rule of the route a request matched, or undefined for a static file or no route. */
export function routeRule(req: FastifyRequest): AccessRule | undefined {
  if (req.is404) return undefined;
  return req.routeOptions.config.access;
}

/** Why a route may not be registered as it is, or null when it may. */
export function routeProblem(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): string | null {
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
  const access = route.config?.access;
  const isApi = /^\/api(\/|$)/.test(route.url);
  if (access !== undefined) return isApi ? null : `declares an access rule outside /api/`;
  if (route.config?.staticFile) {
    if (isApi) return 'serves static files under /api/';
    if (methods.some((m) => m !== 'GET' && m !== 'HEAD')) return 'is a static file route that accepts writes';
    return null;
  }
  return 'declares no access rule';
}

/**
 * Collect every route as it is registered and check them all once the app is ready: a route
 * without an access rule (and not a static file) stops the start. Also keeps a router of the API
 * routes so that the not-found handler can tell a wrong method (405) from an unknown path (404).
 */
export function installRoutePolicy(app: FastifyInstance): { allowedMethods(url: string): string[] } {
  const routes: RouteOptions[] = [];
  const apiRouter = FindMyWay();
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', async () => {
    const problems = routes.map((r) => [r, routeProblem(r)] as const).filter(([, p]) => p !== null);
    if (problems.length) {
      throw new Error(problems.map(([r, p]) => `Route ${String(r.method)} ${r.url} ${p}`).join('; '));
    }
    for (const r of routes) {
      if (r.config?.access === undefined) continue;
      for (const m of Array.isArray(r.method) ? r.method : [r.method]) {
        if ((API_METHODS as readonly string[]).includes(m) && !apiRouter.hasRoute(m as never, r.url)) apiRouter.on(m as never, r.url, () => {});
      }
    }
  });
  return {
    allowedMethods(url: string) {
      const path = url.split('?')[0] ?? '';
      const found = API_METHODS.filter((m) => apiRouter.find(m, path) !== null);
      return found.includes('GET') ? [...found, 'HEAD'] : found;
    },
  };
}

/** Register a plugin whose routes serve static files (GET/HEAD, outside /api/). */
export async function registerStatic(app: FastifyInstance, plugin: unknown, opts: object): Promise<void> {
  await app.register(async (child) => {
    child.addHook('onRoute', (route) => {
      route.config = { ...route.config, staticFile: true };
    });
    await child.register(plugin as Plugin, opts as never);
  });
}

/** Register a plugin whose routes are public API documentation (under /api/). */
export async function registerPublic(app: FastifyInstance, plugin: unknown, opts: object): Promise<void> {
  await app.register(async (child) => {
    child.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await child.register(plugin as Plugin, opts as never);
  });
}

/**
 * The path as a lenient router or proxy might read it: percent-decoded (repeatedly), `\` as `/`,
 * `;` parameters dropped, repeated slashes collapsed, dot segments resolved, lower case.
 */
export function canonicalPath(url: string): string {
  let p = url.split('?')[0] ?? '';
  for (let i = 0; i < 3; i++) {
    try {
      const d = decodeURIComponent(p);
      if (d === p) break;
      p = d;
    } catch {
      break;
    }
  }
  p = p.replace(/\\/g, '/').replace(/;[^/]*/g, '').replace(/\/{2,}/g, '/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return `/${out.join('/')}`.toLowerCase();
}

export const looksLikeApi = (url: string) => /^\/api(\/|$)/.test(canonicalPath(url));

function send(reply: FastifyReply, req: FastifyRequest, err: AppError) {
  return reply.status(err.status).send(errorBody(err, requestLocale(req)));
}

/**
 * The not-found handler: API-looking paths get JSON (405 with Allow when the path exists for other
 * methods); client-side routes of the web app get its index.html; anything else a JSON 404.
 */
export function makeNotFoundHandler(opts: { allowedMethods(url: string): string[]; webDist: string | null }) {
  return async function notFound(req: FastifyRequest, reply: FastifyReply) {
    if (looksLikeApi(req.url)) {
      const allowed = opts.allowedMethods(req.url);
      if (allowed.length) {
        void reply.header('allow', allowed.join(', '));
        return send(reply, req, new AppError(405, 'METHOD_NOT_ALLOWED'));
      }
      return send(reply, req, new AppError(404, 'NOT_FOUND'));
    }
    const path = req.url.split('?')[0] ?? '';
    if (opts.webDist && (req.method === 'GET' || req.method === 'HEAD') && !/\.[a-z0-9]+$/i.test(path)) {
      const html = await fs.promises.readFile(nodePath.join(opts.webDist, 'index.html')).catch(() => null);
      if (html) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
    }
    return send(reply, req, new AppError(404, 'NOT_FOUND'));
  };
}

function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 32 || v === null || typeof v !== 'object') return false;
  if (Buffer.isBuffer(v)) return false;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k.includes('\u0000') || hasNul(x, depth + 1)) return true;
  }
  return false;
}

/** preValidation: a NUL character in a path parameter, the query or a JSON body is a 400, not a database error. */
export async function refuseNul(req: FastifyRequest): Promise<void> {
  if (routeRule(req) === undefined) return;
  for (const [where, v] of [['params', req.params], ['query', req.query], ['body', req.body]] as const) {
    if (hasNul(v)) throw new AppError(400, 'NUL_CHARACTER', {}, [{ path: where, reason: 'NUL_CHARACTER' }]);
  }
}
