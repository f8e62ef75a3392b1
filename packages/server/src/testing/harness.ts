import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { SystemClock } from '../clock.ts';
import type { App, Deps } from '../deps.ts';
import { createTestDb } from './test-db.ts';
import { createAdmin } from '../modules/auth/setup.ts';
import { SYSTEM_ACTOR } from '../modules/audit/record.ts';

export interface Harness {
  app: App;
  deps: Deps & { clock: SystemClock };
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'Test@2026pw';

/** An app on a fresh database. Rate limits are lifted so tests may sign in often. */
export async function createHarness(): Promise<Harness> {
  const db = await createTestDb();
  const config = { ...loadConfig({}), loginRateLimitPerMinute: 100_000, webDist: '/nonexistent' };
  const deps = { db, clock: new SystemClock(), config };
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** A signed-in client: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(private readonly app: App) {}

  async login(username: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    const set = res.headers['set-cookie'];
    const first = Array.isArray(set) ? set[0] : set;
    if (res.statusCode === 200 && first) {
      this.cookie = first.split(';')[0] ?? '';
      this.csrf = (res.json() as { csrfToken: string }).csrfToken;
    }
    return res;
  }

  request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return this.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...headers },
    });
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, payload?: unknown) {
    return this.request('POST', url, payload ?? {});
  }
  put(url: string, payload?: unknown) {
    return this.request('PUT', url, payload ?? {});
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

/** Create the first committee administrator `admin` and return a client signed in as them. */
export async function adminClient(h: Harness): Promise<Client> {
  await createAdmin(h.deps, SYSTEM_ACTOR, { username: 'admin', password: TEST_PASSWORD, name: '管理员', onlyIfFirst: false });
  const c = new Client(h.app);
  const res = await c.login('admin');
  if (res.statusCode !== 200) throw new Error(`admin login failed: ${res.body}`);
  return c;
}
