/**
 * Every route of the OpenAPI document, under every spelling a router or proxy may normalise
 * (percent-encoded letters and slashes, double slashes, dot segments, upper case, a trailing slash,
 * `;` parameters, backslashes), sent over real HTTP to a listening server that also serves a web
 * app (so a path that falls through to the client-side routes would answer 200 with index.html):
 *   - anonymously and from a foreign origin: nothing but the public reads answers 2xx;
 *   - signed in as unit A's administrator with unit B's ids: nothing answers 2xx or shows B;
 * and neither walk changes a row. New routes are walked without anyone listing them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { createHarness, type Harness } from '../testing/harness.ts';
import { buildApp } from '../app.ts';
import type { App } from '../deps.ts';
import { createSession, SESSION_COOKIE } from '../modules/auth/session.ts';
import { MARK_RE, buildFixture, buildRequest, closeHarness, entityFields, idsFor, is2xx, readOperations, type Fixture, type Operation } from '../testing/walk.ts';

/** The spellings of a path that some router, proxy or browser may read as the same path. */
export function spellingsOf(p: string): [string, string][] {
  const [pathPart = '', query] = p.split('?');
  const rest = pathPart.replace(/^\/api/, ''); // "/people/31"
  const q = query ? `?${query}` : '';
  const firstLetter = rest.match(/^\/([a-z])/)?.[1];
  const out: [string, string][] = [
    ['canonical', `/api${rest}`],
    ['%61pi', `/%61pi${rest}`],
    ['ap%69', `/ap%69${rest}`],
    ['%61%70%69', `/%61%70%69${rest}`],
    ['%2561pi (double-encoded)', `/%2561pi${rest}`],
    ['api%2F (encoded slash)', `/api%2F${rest.slice(1)}`],
    ['//api', `//api${rest}`],
    ['/api//', `/api/${rest}`],
    ['/./api', `/./api${rest}`],
    ['/x/../api', `/x/../api${rest}`],
    ['/api/x/..', `/api/x/..${rest}`],
    ['/API', `/API${rest}`],
    ['/Api + upper rest', `/Api${rest.toUpperCase()}`],
    ['trailing /', `/api${rest}/`],
    ['/api;x=1', `/api;x=1${rest}`],
    ['…;jsessionid', `/api${rest};jsessionid=1`],
    ['\\api\\', `\\api${rest.replace(/\//g, '\\')}`],
  ];
  if (firstLetter) out.push(['encoded letter after /api', `/api/%${firstLetter.charCodeAt(0).toString(16)}${rest.slice(2)}`]);
  return out.map(([label, url]) => [label, url + q]);
}

interface Reply {
  status: number;
  body: string;
}

function rawRequest(port: number, method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: url,
        agent: false,
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A fingerprint of every table but the audit trail and the sessions (whose last_seen_at moves). */
async function fingerprint(h: Harness): Promise<Record<string, string>> {
  const tables = await sql<{ t: string }>`
    SELECT table_name AS t FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_log', 'sessions')
    ORDER BY table_name`.execute(h.deps.db.kysely);
  const out: Record<string, string> = {};
  for (const { t } of tables.rows) {
    const r = await sql<{ f: string | null }>`SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS f FROM ${sql.table(t)} x`.execute(h.deps.db.kysely);
    out[t] = r.rows[0]?.f ?? '';
  }
  return out;
}

let h: Harness;
let app: App;
let port: number;
let f: Fixture;
let operations: Operation[] = [];
let webDist: string;

beforeAll(async () => {
  h = await createHarness();
  f = await buildFixture(h);
  webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-spell-web-'));
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>清单</title>');
  app = await buildApp({ ...h.deps, config: { ...h.deps.config, webDist } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
  const doc = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  operations = readOperations(doc.json());
});

afterAll(async () => {
  await app?.close();
  await closeHarness(h);
  if (webDist) fs.rmSync(webDist, { recursive: true, force: true });
});

describe('every route under every spelling', () => {
  it('the spellings cover the forms a router may normalise', () => {
    const urls = spellingsOf('/api/people/31').map(([, u]) => u);
    expect(urls).toEqual(expect.arrayContaining(['/%61pi/people/31', '//api/people/31', '/API/people/31', '/api/people/31/', '/x/../api/people/31', '/api;x=1/people/31']));
    expect(urls.length).toBeGreaterThan(15);
  });

  it('anonymously and from a foreign origin, only public reads answer 2xx, and no row changes', async () => {
    expect(operations.length).toBeGreaterThan(100);
    const before = await fingerprint(h);
    const auditBefore = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(h.deps.db.kysely)).rows[0]?.n ?? 0;
    const ids = idsFor(f, 'committeeAdmin', 'own');
    const leaks: string[] = [];
    let sent = 0;
    for (const op of operations) {
      const built = buildRequest(op, ids);
      if (!built) continue;
      const publicRead = op.access === 'public' && op.method === 'GET';
      for (const [label, url] of spellingsOf(built.url)) {
        const res = await rawRequest(port, op.method, url, { origin: 'http://evil.example' }, op.method === 'GET' ? undefined : built.body);
        sent++;
        if (is2xx(res.status) && !publicRead) leaks.push(`${op.key} as ${label} (${url}): ${res.status} ${res.body.slice(0, 120)}`);
        if (res.status >= 500) leaks.push(`${op.key} as ${label} (${url}): ${res.status} ${res.body.slice(0, 120)}`);
      }
    }
    expect(sent).toBeGreaterThan(operations.length * 15);
    expect(leaks).toEqual([]);
    expect(await fingerprint(h)).toEqual(before);
    // The audit trail gained only the refusals it records (CSRF-rejected requests).
    const added = await sql<{ action: string }>`SELECT DISTINCT action FROM audit_log WHERE seq > ${auditBefore}`.execute(h.deps.db.kysely);
    expect(added.rows.map((r) => r.action).filter((a) => !/Rejected$|\.failed$|rateLimited$/i.test(a))).toEqual([]);
  });

  it("signed in as unit A's administrator, another unit's ids answer no 2xx under any spelling, and no row changes", async () => {
    const s = await createSession(h.deps.db, h.deps.clock, f.actors.unitAdmin?.accountId as number, '127.0.0.1', 'spellings');
    const headers = { cookie: `${SESSION_COOKIE}=${s.token}`, 'x-csrf-token': s.csrfToken };
    const me = await rawRequest(port, 'GET', '/api/auth/me', headers);
    expect(me.status, me.body).toBe(200);
    const before = await fingerprint(h);
    const bIds = idsFor(f, 'unitAdmin', 'B');
    const leaks: string[] = [];
    let walked = 0;
    for (const op of operations) {
      if (typeof op.access !== 'object' || entityFields(op).length === 0 || /\/logout$/.test(op.path)) continue;
      const built = buildRequest(op, bIds);
      if (!built) continue;
      walked++;
      for (const [label, url] of spellingsOf(built.url)) {
        const res = await rawRequest(port, op.method, url, headers, op.method === 'GET' ? undefined : built.body);
        if (is2xx(res.status)) leaks.push(`${op.key} as ${label} (${url}): ${res.status} ${res.body.slice(0, 120)}`);
        else if (MARK_RE.test(res.body)) leaks.push(`${op.key} as ${label}: shows unit B: ${res.body.slice(0, 120)}`);
        if (res.status >= 500) leaks.push(`${op.key} as ${label} (${url}): ${res.status} ${res.body.slice(0, 120)}`);
      }
    }
    expect(walked).toBeGreaterThan(50);
    expect(leaks).toEqual([]);
    expect(await fingerprint(h)).toEqual(before);
    // The session still works: the walk was refused route by route, not signed out.
    expect((await rawRequest(port, 'GET', '/api/auth/me', headers)).status).toBe(200);
  });
});
