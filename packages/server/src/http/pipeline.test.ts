import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { adminClient, createHarness, type Harness } from '../testing/harness.ts';
import { buildApp } from '../app.ts';
import type { App } from '../deps.ts';
import { canonicalPath, installRoutePolicy, registerStatic, routeProblem } from './pipeline.ts';
import { refuseUnknownTargets, type AccessTarget } from './access.ts';
import { accessTargets, MODULES, TARGET_KINDS } from '../modules/index.ts';

describe('routes without a rule do not start (default deny)', () => {
  it('names what is wrong with a route', () => {
    expect(routeProblem({ method: 'GET', url: '/api/x', config: {} })).toBe('declares no access rule');
    expect(routeProblem({ method: 'GET', url: '/api/x', config: { access: 'public' } })).toBeNull();
    expect(routeProblem({ method: 'GET', url: '/x', config: { access: 'public' } })).toMatch(/outside/);
    expect(routeProblem({ method: 'POST', url: '/upload', config: { staticFile: true } })).toMatch(/writes/);
    expect(routeProblem({ method: 'GET', url: '/api/file', config: { staticFile: true } })).toMatch(/under \/api/);
    expect(routeProblem({ method: ['GET', 'HEAD'], url: '/app.js', config: { staticFile: true } })).toBeNull();
    expect(routeProblem({ method: 'GET', url: '/debug', config: {} })).toBe('declares no access rule');
  });

  it('an app with a route that declares no rule fails to start', async () => {
    const app = Fastify();
    installRoutePolicy(app);
    app.get('/api/ok', { config: { access: 'public' } }, async () => ({}));
    app.get('/debug/state', async () => ({ secret: 1 }));
    await expect(app.ready()).rejects.toThrow(/GET \/debug\/state declares no access rule/);
  });

  it('a route naming an access target kind that no module declares does not start; every declared kind is checked', () => {
    const app = Fastify();
    const checks = accessTargets();
    refuseUnknownTargets(app, checks);
    app.get('/api/periods/:id', { config: { access: { permission: 'work.read', target: { kind: 'period', in: 'params', field: 'id' } } } }, async () => ({}));
    const unknown = { kind: 'problem', in: 'params', field: 'id' } as unknown as AccessTarget;
    expect(() => app.get('/api/problems/:id', { config: { access: { permission: 'work.read', target: unknown } } }, async () => ({}))).toThrow(
      /GET \/api\/problems\/:id names access target kinds no module declares: problem/,
    );
    // The modules' kinds, each with its check, none twice.
    expect(Object.keys(checks).sort()).toEqual([...TARGET_KINDS].sort());
    expect(TARGET_KINDS).toHaveLength(23);
    expect(() => accessTargets([...MODULES, { name: 'again', routes: async () => undefined, targets: { period: async () => true } }])).toThrow(/'period' is declared twice/);
  });

  it('static file routes are marked and start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-static-'));
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    const app = Fastify();
    installRoutePolicy(app);
    await registerStatic(app, fastifyStatic, { root: dir, wildcard: false });
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/a.txt' })).body).toBe('a');
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('canonicalPath', () => {
  it('reads a path as a lenient router would', () => {
    expect(canonicalPath('/%61pi/people/1')).toBe('/api/people/1');
    expect(canonicalPath('/%2561pi/people/1')).toBe('/api/people/1');
    expect(canonicalPath('//API//people/1/')).toBe('/api/people/1');
    expect(canonicalPath('/x/../api/./people;x=1/1?q=1')).toBe('/api/people/1');
    expect(canonicalPath('\\api\\people')).toBe('/api/people');
    expect(canonicalPath('/lists/1')).toBe('/lists/1');
  });
});

describe('errors that are the caller’s, not the server’s', () => {
  let h: Harness;
  let app: App;
  let dir: string;
  beforeAll(async () => {
    h = await createHarness();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-web-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>清单</title>');
    fs.mkdirSync(path.join(dir, 'assets'));
    const js = 'console.log("清单");'.repeat(200);
    fs.writeFileSync(path.join(dir, 'assets', 'index-Ab12Cd34.js'), js);
    fs.writeFileSync(path.join(dir, 'assets', 'index-Ab12Cd34.js.br'), zlib.brotliCompressSync(js));
    fs.writeFileSync(path.join(dir, 'assets', 'index-Ab12Cd34.js.gz'), zlib.gzipSync(js));
    app = await buildApp({ ...h.deps, config: { ...h.deps.config, webDist: dir } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a known path with another method is 405 with Allow; an OPTIONS preflight too', async () => {
    for (const method of ['DELETE', 'OPTIONS', 'PUT'] as const) {
      const res = await app.inject({ method, url: '/api/health' });
      expect(res.statusCode, method).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(res.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED', message: '该地址不支持此请求方法' });
    }
  });

  it('an unknown API path is a JSON 404 under any spelling; a client-side route gets the web app', async () => {
    for (const url of ['/api/nope', '/api/people/1/', '//api/people/1', '/API/people/1', '/%61pi/nope', '/api;x/people']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ code: 'NOT_FOUND', message: '未找到该记录，或您无权访问' });
    }
    const page = await app.inject({ method: 'GET', url: '/lists/1' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('清单');
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/lists/1' })).statusCode).toBe(404);
  });

  it('serves built files precompressed, hashed assets as immutable, the page itself revalidated', async () => {
    const br = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toContain('清单');
    const gz = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const index = await app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
  });

  it('a NUL character in the query, a path parameter or a JSON string is a 400, not a 500', async () => {
    const admin = await adminClient(h);
    const headers = { cookie: admin.cookie };
    const q = await app.inject({ method: 'GET', url: '/api/people?q=a%00b', headers });
    expect(q.statusCode).toBe(400);
    expect(q.json()).toMatchObject({ code: 'NUL_CHARACTER' });
    expect((await app.inject({ method: 'GET', url: '/api/orgs/%00', headers })).statusCode).toBe(400);
    const body = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ad\u0000min', password: 'x' } });
    expect(body.statusCode).toBe(400);
    expect(body.json()).toMatchObject({ code: 'NUL_CHARACTER', message: expect.stringContaining('空字符') });
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('asks an anonymous caller to sign in before it validates anything, under any spelling', async () => {
    for (const url of ['/api/accounts/1/reset-password', '/%61pi/accounts/1/reset-password']) {
      for (const payload of [{}, { password: 'Hacked@2026x' }, { password: 12 }]) {
        const res = await app.inject({ method: 'POST', url, payload });
        expect(res.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(401);
        expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
      }
    }
    // A public route still validates for everyone.
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: {} });
    expect(login.statusCode).toBe(400);
    expect(login.json()).toMatchObject({ code: 'VALIDATION' });
  });

  it('a foreign-origin sign-in is refused and recorded in the audit trail', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'http://evil.example' }, payload: { username: 'admin', password: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'CSRF' });
    const row = await h.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'security.csrfRejected').executeTakeFirst();
    expect(row?.entity_id).toBe('POST /api/auth/login');
    expect(JSON.stringify(row?.after)).toContain('admin');
  });
});
