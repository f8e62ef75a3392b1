import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, Client, createHarness, TEST_PASSWORD, type Harness } from '../../testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

describe('sign-in', () => {
  it('signs in, answers /me, and refuses writes without the CSRF token', async () => {
    const c = await adminClient(h);
    const me = await c.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('admin');
    expect(me.json().grants[0].role).toBe('committeeAdmin');
    const noCsrf = await h.app.inject({ method: 'PUT', url: '/api/auth/locale', payload: { locale: 'en' }, headers: { cookie: c.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('CSRF');
    expect(noCsrf.json().message).toBe('请求校验失败，请刷新页面后重试');
  });

  it('changes the interface language, audited once per change, and signs out through the same write', async () => {
    const c = new Client(h.app);
    expect((await c.login('admin')).statusCode).toBe(200);
    const k = h.deps.db.kysely;
    const entries = () => k.selectFrom('audit_log').select(['action', 'before', 'after']).where('action', 'in', ['account.locale', 'auth.logout']).orderBy('seq').execute();
    expect((await c.put('/api/auth/locale', { locale: 'en' })).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).json().locale).toBe('en');
    expect((await c.put('/api/auth/locale', { locale: 'en' })).statusCode).toBe(200); // no change, no entry
    expect((await c.put('/api/auth/locale', { locale: 'zh-CN' })).statusCode).toBe(200);
    expect((await c.put('/api/auth/locale', { locale: 'fr' })).statusCode).toBe(400);
    expect(await entries()).toEqual([
      { action: 'account.locale', before: { locale: 'zh-CN' }, after: { locale: 'en' } },
      { action: 'account.locale', before: { locale: 'en' }, after: { locale: 'zh-CN' } },
    ]);
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
    expect((await entries()).map((e) => e.action)).toEqual(['account.locale', 'account.locale', 'auth.logout']);
  });

  it('rejects a wrong password with a Chinese message and locks after five failures', async () => {
    const c = new Client(h.app);
    for (let i = 0; i < 4; i++) {
      const r = await c.login('admin', 'Wrong@pass1');
      expect(r.statusCode).toBe(401);
      expect(r.json().message).toBe('用户名或密码错误');
    }
    const fifth = await c.login('admin', 'Wrong@pass1');
    expect(fifth.statusCode).toBe(423);
    const correctButLocked = await c.login('admin', TEST_PASSWORD);
    expect(correctButLocked.statusCode).toBe(423);
    h.deps.clock.advance(16 * 60_000);
    const after = await c.login('admin', TEST_PASSWORD);
    expect(after.statusCode).toBe(200);
  });

  it('expires an idle session after 30 minutes', async () => {
    const c = new Client(h.app);
    expect((await c.login('admin')).statusCode).toBe(200);
    h.deps.clock.advance(31 * 60_000);
    const r = await c.get('/api/auth/me');
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('SESSION_EXPIRED');
  });

  it('answers anonymous API calls with 401 and reports errors in English when asked', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'accept-language': 'en-US' } });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ code: 'UNAUTHENTICATED', message: 'Please sign in' });
  });
});

describe('API documentation', () => {
  it('serves the OpenAPI document and the docs page without signing in', async () => {
    const doc = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const paths = doc.json().paths as Record<string, Record<string, { 'x-access'?: unknown }>>;
    expect(paths['/api/auth/login']?.post?.['x-access']).toBe('public');
    const page = await h.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const json = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(json.statusCode).toBe(200);
  });

  it('sends security headers with a content security policy', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/api/health' });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBeDefined();
  });
});
