import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createHarness, type Harness } from '../../testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

describe('first administrator (DEMO=0)', () => {
  it('asks for the first administrator, enforces the password policy, then closes', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: true });
    const weak = await h.app.inject({ method: 'POST', url: '/api/setup', payload: { username: 'chief', password: 'password', name: '张主任' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details).toEqual([{ path: 'body.password', message: '密码须包含大写字母、小写字母、数字、符号中的至少三类' }]);
    expect((await h.deps.db.kysely.selectFrom('accounts').select('id').execute()).length).toBe(0);

    const ok = await h.app.inject({ method: 'POST', url: '/api/setup', payload: { username: 'chief', password: 'Chief@2026', name: '张主任', committeeName: '测试工委' } });
    expect(ok.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: false });
    const again = await h.app.inject({ method: 'POST', url: '/api/setup', payload: { username: 'other', password: 'Other@2026', name: '李四' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SETUP_DONE');

    const c = new Client(h.app);
    expect((await c.login('chief', 'Chief@2026')).statusCode).toBe(200);
    const me = (await c.get('/api/auth/me')).json();
    expect(me.grants).toMatchObject([{ role: 'committeeAdmin', orgName: '测试工委' }]);
    const audit = await h.deps.db.kysely.selectFrom('audit_log').select('action').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['account.createAdmin', 'auth.login']);
  });

  it('refuses a cross-origin sign-in attempt', async () => {
    const r = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'chief', password: 'Chief@2026' }, headers: { origin: 'https://evil.example', host: 'localhost:3000' } });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('CSRF');
  });
});
