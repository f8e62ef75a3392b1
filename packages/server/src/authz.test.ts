/**
 * The authorisation walk. For every operation in the OpenAPI document and every role, the test
 * sends the request with the ids of another unit's entities (unit B, whose names and codes all carry
 * a marker) and with ids inside the role's own scope, and checks that:
 *   - a unit-scoped role never gets a 2xx for unit B's entities and never sees a B marker;
 *   - a role holding the permission gets no 404 for its own scope (so the test can tell the two apart);
 *   - a role without the permission gets 403; province-wide roles see unit B.
 * New routes are covered automatically: every operation must declare x-access, and the test fails
 * when an operation was not exercised. Each role runs on its own fresh database, because writes in
 * its own scope really happen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { ROLE_DEFINITIONS, type Permission } from '@qingdan/core';
import { Client, createHarness, type Harness } from './testing/harness.ts';
import { createSession, hashToken, SESSION_COOKIE } from './modules/auth/session.ts';
import { writeWorkbook } from './modules/imports/format.ts';
import {
  ACTORS, MARK, MARK_RE, bodyText, buildFixture, buildRequest, closeHarness, endsSession, entityFields, idsFor, is2xx,
  isListRoute, order, readOperations, registeredRoutes, targetsOf, type Built, type Fixture, type Operation,
} from './testing/walk.ts';
let operations: Operation[] = [];
let routes: string[] = [];
const exercised = new Set<string>();

beforeAll(async () => {
  const h = await createHarness();
  try {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    operations = readOperations(res.json());
    routes = registeredRoutes(h.app);
  } finally {
    await closeHarness(h);
  }
});

describe('the OpenAPI document', () => {
  it('declares x-access on every operation, and names every id in a path as an access target', () => {
    expect(operations.length).toBeGreaterThan(20);
    const missing = operations.filter((o) => o.access === undefined).map((o) => o.key);
    expect(missing, 'operations without x-access').toEqual([]);
    const undeclared = operations.flatMap((o) =>
      o.pathParams
        .filter((p) => !targetsOf(o.access).some((t) => t.in === 'params' && t.field === p) && (typeof o.access === 'object' || /id$/i.test(p)))
        .map((p) => `${o.key} :${p}`),
    );
    expect(undeclared, 'path parameters that the access rule does not check').toEqual([]);
  });

  it('lists every /api route, so none escapes the walk (only the document itself and its viewer are hidden)', () => {
    // The route tree is read correctly: every documented operation is found in it.
    expect(operations.map((o) => o.key).filter((k) => !routes.includes(k))).toEqual([]);
    const documented = new Set(operations.map((o) => o.key));
    const hidden = routes.filter((r) => /^\w+ \/api\//.test(r) && !documented.has(r) && !/^GET \/api\/(openapi\.json$|docs(\/|$))/.test(r));
    expect(hidden).toEqual([]);
  });
});

interface Finding {
  op: string;
  variant: string;
  status: number;
  problem: string;
}

for (const actor of ACTORS) {
  describe(`as ${actor.name} (${actor.role} at ${actor.at})`, () => {
    let h: Harness;
    let f: Fixture;
    let c: Client;
    const def = ROLE_DEFINITIONS[actor.role];
    const province = def.reach === 'province' || actor.at === 'root';
    /** Roles whose scope includes unit B: the walk expects them to see it (a positive control). */
    const seesB = province || actor.at === 'unitB';
    /**
     * Unit B's side of the responsibility lists is a draft opened to no unit: only committee-level
     * scopes see it, so unit B's own administrator must not (404, no marker) — unlike B's orgs and people.
     */
    const seesBIn = (op: Operation) => (isListRoute(op) ? province : seesB);
    /**
     * What a reply may show of unit B without naming B's entities: a unit's work (counts by unit of
     * an issued list, …) follows the unit scope even on a route that names a list.
     */
    const mayShowB = (op: Operation, variant: string) => (variant === 'own' || variant === 'list') && /^\/api\/(work|dashboard)\//.test(op.path) ? seesB : seesBIn(op);
    const has = (p: Permission) => def.permissions.includes(p);

    beforeAll(async () => {
      h = await createHarness();
      f = await buildFixture(h);
      const s = await createSession(h.deps.db, h.deps.clock, f.actors[actor.name]?.accountId as number, '127.0.0.1', 'authz-walk');
      c = new Client(h.app);
      c.cookie = `${SESSION_COOKIE}=${s.token}`;
      c.csrf = s.csrfToken;
      const me = await c.get('/api/auth/me');
      expect(me.statusCode, me.body).toBe(200);
    });
    afterAll(async () => closeHarness(h));

    const send = async (op: Operation, built: Built) => {
      exercised.add(op.key);
      const res = await c.request(op.method, built.url, built.body);
      return res;
    };

    it('never reaches another unit, and reaches its own scope', async () => {
      const findings: Finding[] = [];
      const seenB: string[] = [];
      let ownWrites = 0;
      const bIds = idsFor(f, actor.name, 'B');
      const ownIds = idsFor(f, actor.name, 'own');
      const note = (op: Operation, variant: string, status: number, problem: string) => findings.push({ op: op.key, variant, status, problem });
      const checkMarkers = (op: Operation, variant: string, status: number, body: string) => {
        if (!MARK_RE.test(body)) return;
        seenB.push(`${op.key} ${variant}`);
        if (!mayShowB(op, variant)) note(op, variant, status, `response shows unit B data: ${body.slice(0, 200)}`);
      };
      const ordered = order(operations);
      const last: Operation[] = ordered.filter(endsSession);
      const main = ordered.filter((o) => !endsSession(o));

      // 1. Every entity field on unit B's side, then each entity field alone on B's side.
      for (const op of main) {
        const access = op.access;
        const fields = entityFields(op);
        if (typeof access !== 'object' || fields.length === 0) continue;
        const perm = has(access.permission);
        const variants: [string, Built | null][] = [['all B', buildRequest(op, bIds)]];
        if (fields.length > 1 || fields.some((x) => !targetsOf(access).some((t) => t.in === x.where && t.field === x.field))) {
          for (const x of fields) {
            const value = bIds[x.kind];
            if (value === undefined) throw new Error(`the fixture has no unit-B id of kind ${x.kind} for ${op.method} ${op.path}`);
            variants.push([`only ${x.where}.${x.field} in B`, buildRequest(op, ownIds, { ...x, value })]);
          }
        }
        for (const [variant, built] of variants) {
          if (!built) continue;
          const res = await send(op, built);
          checkMarkers(op, variant, res.statusCode, await bodyText(res));
          if (!perm) {
            if (res.statusCode !== 403) note(op, variant, res.statusCode, 'expected 403 without the permission');
          } else if (!seesBIn(op)) {
            if (is2xx(res.statusCode)) note(op, variant, res.statusCode, `2xx for unit B's entity: ${res.body.slice(0, 200)}`);
            else if (variant === 'all B' && res.statusCode !== 404) note(op, variant, res.statusCode, `expected 404 for unit B's entity: ${res.body.slice(0, 200)}`);
          } else if (op.method === 'GET' && !is2xx(res.statusCode)) {
            note(op, variant, res.statusCode, `a role whose scope covers unit B cannot read it: ${res.body.slice(0, 200)}`);
          }
        }
      }

      // 2. Lists and everything else without unit B's ids; then the own scope (reads before writes).
      for (const op of main) {
        const built = buildRequest(op, ownIds);
        if (!built) continue;
        const res = await send(op, built);
        checkMarkers(op, 'own', res.statusCode, await bodyText(res));
        const access = op.access;
        if (typeof access !== 'object') continue;
        if (op.method !== 'GET' && is2xx(res.statusCode)) ownWrites++;
        if (!has(access.permission)) {
          if (res.statusCode !== 403) note(op, 'own', res.statusCode, 'expected 403 without the permission');
        } else if (res.statusCode === 404 || res.statusCode === 401 || (res.statusCode === 403 && /"code":"FORBIDDEN"/.test(res.body))) {
          // A use case may still refuse with its own reason (409 version, 403 GRANT_NOT_ALLOWED …),
          // but never as if the entity were missing or the permission absent.
          note(op, 'own', res.statusCode, `refused inside the role's own scope: ${res.body.slice(0, 200)}`);
        } else if (op.method === 'GET' && !is2xx(res.statusCode)) {
          note(op, 'own', res.statusCode, `read inside the own scope failed: ${res.body.slice(0, 200)}`);
        }
      }

      // 3. Explicitly: every list (GET without path parameters, no filters; not those needing a query) shows nothing of unit B.
      for (const op of main.filter((o) => o.method === 'GET' && o.pathParams.length === 0 && !o.query.some((q) => q.required))) {
        const res = await send(op, { url: op.path, body: undefined });
        checkMarkers(op, 'list', res.statusCode, await bodyText(res));
        if (typeof op.access === 'object' && has(op.access.permission) && !is2xx(res.statusCode)) note(op, 'list', res.statusCode, res.body.slice(0, 200));
      }

      // 4. Operations that end the session.
      for (const op of last) {
        const built = buildRequest(op, ownIds);
        if (built) checkMarkers(op, 'own', 0, await bodyText(await send(op, built)));
      }

      expect(findings).toEqual([]);
      // The generated bodies are good enough for real writes: a role that may write does write.
      if (def.permissions.some((p) => p.endsWith('.write'))) expect(ownWrites).toBeGreaterThan(0);
      if (seesB) {
        // The marker check can see unit B: roles that reach it do see it.
        expect(seenB.some((s) => s.startsWith('GET /api/people ')), 'people list shows unit B').toBe(true);
        expect(seenB.some((s) => s.startsWith('GET /api/orgs/{id}')), 'org detail shows unit B').toBe(true);
        if (operations.some((o) => o.key === 'GET /api/exports/people')) {
          expect(seenB.some((s) => s.startsWith('GET /api/exports/people')), 'the people export (xlsx) shows unit B').toBe(true);
        }
      } else {
        expect(seenB).toEqual([]);
      }
    });
  });
}

describe('coverage', () => {
  it('exercised every operation in the document', () => {
    const missing = operations.map((o) => o.key).filter((k) => !exercised.has(k));
    expect(missing).toEqual([]);
  });
});

/** A multipart/form-data body with one xlsx file. */
function multipart(data: Buffer) {
  const boundary = `----qdwalk${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="walk.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`);
  return { payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Uploads carry no ids in the request, only codes inside the workbook: a unit administrator who
 * knows unit B's codes must neither read B's names in the preview nor change B by applying.
 * B's names (unlike its codes, which the uploader typed) start with 乙单位 / 备用…B.
 */
describe('imports name other units only by code, and still cannot reach them', () => {
  let h: Harness;
  let f: Fixture;
  let c: Client;
  const SECRET = /乙单位|备用(unit|pg|oc|br)B/;
  beforeAll(async () => {
    h = await createHarness();
    f = await buildFixture(h);
    const s = await createSession(h.deps.db, h.deps.clock, f.actors.unitAdmin?.accountId as number, '127.0.0.1', 'authz-walk');
    c = new Client(h.app);
    c.cookie = `${SESSION_COOKIE}=${s.token}`;
    c.csrf = s.csrfToken;
  });
  afterAll(async () => closeHarness(h));

  const snapshot = async () => ({
    orgs: await h.deps.db.kysely.selectFrom('orgs').selectAll().where('path', 'like', `%/${f.ids.unitB}/%`).orderBy('id').execute(),
    people: await h.deps.db.kysely.selectFrom('people').selectAll().where('org_path', 'like', `%/${f.ids.unitB}/%`).orderBy('id').execute(),
    grants: await h.deps.db.kysely.selectFrom('role_grants').selectAll().orderBy('id').execute(),
  });

  const uploadAndApply = async (kind: 'orgs' | 'people', rows: (string | number)[][]) => {
    const m = multipart(await writeWorkbook(kind, rows, { levels: ['L1', 'L2', 'L3'] }));
    const preview = await c.request('POST', `/api/imports/${kind}`, m.payload, m.headers);
    expect.soft(SECRET.test(preview.body), `${kind} preview shows unit B: ${preview.body.slice(0, 600)}`).toBe(false);
    if (preview.statusCode === 200 && (preview.json() as { canApply: boolean }).canApply) {
      const applied = await c.post(`/api/imports/batches/${(preview.json() as { batchId: string }).batchId}/apply`, {});
      expect.soft(SECRET.test(applied.body), `${kind} apply shows unit B: ${applied.body.slice(0, 600)}`).toBe(false);
    }
    return preview;
  };

  it('organisations: renaming, moving or adding under unit B is refused', async () => {
    const before = await snapshot();
    for (const rows of [
      [[`${MARK}-UB`, '改名的单位', '', '单位', '', 'GW', 0, '正常']],
      [[`${MARK}-UB-BR1`, '搬走的支部', '', '党支部', 'L3', 'UA-OC', 0, '正常']],
      [['UA-NEW1', '新支部', '', '党支部', 'L3', `${MARK}-UB-OC`, 0, '正常']],
      [[`${MARK}-UB-PG`, '撤销', '', '党组(党委)', 'L1', `${MARK}-UB`, 0, '已撤销']],
    ]) {
      await uploadAndApply('orgs', rows);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('people: taking over, adding into or granting roles in unit B is refused', async () => {
    const before = await snapshot();
    for (const rows of [
      [[`SP-brB${MARK}`, '改名的人', '干部', 'UA-BR1', '', 0, '正常', '', '']],
      [[`SP-brB${MARK}`, '改名的人', '干部', `${MARK}-UB-BR1`, '', 0, '已撤销', '', '']],
      [['NEWP-1', '新人', '干部', `${MARK}-UB-BR1`, '', 0, '正常', '', '']],
      [['SP-brA', '备用甲', '干部', 'UA-BR1', '', 0, '正常', '', `单位管理员@${MARK}-UB`]],
      [['SP-unitA', '备用甲', '干部', 'UA', '', 0, '正常', `spare_brB${MARK}`, '']],
    ]) {
      await uploadAndApply('people', rows);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('the route guard and sessions', () => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createHarness();
    f = await buildFixture(h);
  });
  afterAll(async () => closeHarness(h));

  const get = (cookie: string) => h.app.inject({ method: 'GET', url: '/api/people', headers: { cookie } });

  it('refuses a forged session cookie', async () => {
    const forged = await get(`${SESSION_COOKIE}=${'A'.repeat(43)}`);
    expect(forged.statusCode).toBe(401);
    expect(MARK_RE.test(forged.body)).toBe(false);
    // The stored id is the token's hash: presenting the stored id itself must not work either.
    const s = await createSession(h.deps.db, h.deps.clock, f.actors.committeeAdmin?.accountId as number, '127.0.0.1', 't');
    expect((await get(`${SESSION_COOKIE}=${s.token}`)).statusCode).toBe(200);
    expect((await get(`${SESSION_COOKIE}=${hashToken(s.token)}`)).statusCode).toBe(401);
    expect((await get(`${SESSION_COOKIE}=${s.token.slice(0, -1)}${s.token.endsWith('A') ? 'B' : 'A'}`)).statusCode).toBe(401);
    expect((await get('')).statusCode).toBe(401);
  });

  it('refuses an expired session (idle and absolute) and forgets it', async () => {
    const accountId = f.actors.committeeAdmin?.accountId as number;
    const idle = await createSession(h.deps.db, h.deps.clock, accountId, '127.0.0.1', 't');
    await h.deps.db.kysely.updateTable('sessions').set({ last_seen_at: new Date(h.deps.clock.now().getTime() - 31 * 60_000) }).where('id', '=', hashToken(idle.token)).execute();
    const r1 = await get(`${SESSION_COOKIE}=${idle.token}`);
    expect(r1.statusCode).toBe(401);
    expect(r1.json().code).toBe('SESSION_EXPIRED');
    expect(await h.deps.db.kysely.selectFrom('sessions').select('id').where('id', '=', hashToken(idle.token)).executeTakeFirst()).toBeUndefined();

    const old = await createSession(h.deps.db, h.deps.clock, accountId, '127.0.0.1', 't');
    await h.deps.db.kysely.updateTable('sessions').set({ created_at: new Date(h.deps.clock.now().getTime() - 13 * 3_600_000) }).where('id', '=', hashToken(old.token)).execute();
    const r2 = await get(`${SESSION_COOKIE}=${old.token}`);
    expect(r2.statusCode).toBe(401);
    expect(r2.json().code).toBe('SESSION_EXPIRED');
  });

  it('counts and totals of a unit-scoped role cover its own unit only', async () => {
    // Markers cannot catch a number: check the totals against the fixture (unit A: 4 orgs;
    // 5 actors + 4 spare people, each with an account).
    const s = await createSession(h.deps.db, h.deps.clock, f.actors.unitAdmin?.accountId as number, '127.0.0.1', 't');
    const cookie = `${SESSION_COOKIE}=${s.token}`;
    const json = async (url: string) => {
      const r = await h.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
      return r.json() as Record<string, unknown>;
    };
    expect(await json('/api/overview')).toMatchObject({ orgsByKind: { unit: 1, partyGroup: 1, organCommittee: 1, branch: 1 }, people: 9, accounts: 9 });
    expect((await json('/api/people?pageSize=200')).total).toBe(9);
    expect((await json('/api/orgs?pageSize=200')).total).toBe(4);
    expect((await json('/api/accounts?pageSize=200')).total).toBe(9);
  });

  it('refuses the session of a disabled account and a write without the CSRF token', async () => {
    const accountId = f.actors.unitAdmin?.accountId as number;
    const s = await createSession(h.deps.db, h.deps.clock, accountId, '127.0.0.1', 't');
    const write = await h.app.inject({
      method: 'POST',
      url: `/api/people/${f.spare.brA?.person}/deactivate`,
      headers: { cookie: `${SESSION_COOKIE}=${s.token}`, 'x-csrf-token': 'forged' },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('CSRF');
    await h.deps.db.kysely.updateTable('accounts').set({ active: false }).where('id', '=', accountId).execute();
    expect((await get(`${SESSION_COOKIE}=${s.token}`)).statusCode).toBe(401);
  });
});
