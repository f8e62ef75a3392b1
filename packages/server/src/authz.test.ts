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
import { sql } from 'kysely';
import pg from 'pg';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { ROLE_DEFINITIONS, type Permission, type Role } from '@qingdan/core';
import { Client, createHarness, type Harness } from './testing/harness.ts';
import { createSession, hashToken, SESSION_COOKIE } from './modules/auth/session.ts';
import type { AccessRule, FileTargetKind, ListTargetKind, OrgTargetKind, OwnTargetKind, TargetKind, UnitTargetKind, WorkTargetKind } from './http/access.ts';
import type { Db } from './db/database.ts';
import { recordAudit, SYSTEM_ACTOR } from './modules/audit/record.ts';
import { writeWorkbook } from './modules/imports/format.ts';
import { storeFile } from './modules/files/store.ts';
import { saveSnapshot } from './modules/lists/versions/snapshot.ts';
import { pdfBytes } from './modules/lists/lifecycle/test-fixture.ts';

/** Every name, code and username of unit B carries this; nothing of it may reach unit A's roles. */
const MARK = 'zqbmark';
const MARK_RE = new RegExp(MARK, 'i');

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Ids = Record<OrgTargetKind, string | number> & Partial<Record<ListTargetKind | FileTargetKind | WorkTargetKind | OwnTargetKind | UnitTargetKind, string | number>>;

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  format?: string;
  nullable?: boolean;
}

interface Operation {
  key: string;
  method: Method;
  path: string;
  access: AccessRule | undefined;
  pathParams: string[];
  query: { name: string; required: boolean; schema: JsonSchema }[];
  body: JsonSchema | null;
  bodyIsJson: boolean;
}

interface Fixture {
  ids: Record<string, number>;
  /** Per actor: account id and import batch id. */
  actors: Record<string, { accountId: number; batchId: string }>;
  spare: Record<string, { person: number; account: number; grant: number }>;
  bBatch: string;
  /**
   * Entities of two responsibility lists: 'B' — a draft carrying the marker, opened for opinions to
   * no unit (only committee-level scopes may see it); 'own' — an issued list every role may read.
   */
  lists: Record<'B' | 'own', Record<ListTargetKind | FileTargetKind, number>>;
  /** A unit's work at an organisation (brA, pgA, pgB, brB): assignment, period, record, evidence, measure. */
  work: Record<string, Record<WorkTargetKind, number>>;
  /** One inbox entry per actor. */
  notifications: Record<string, number>;
}

const ACTORS: { name: string; role: Role; at: string; personAt: string }[] = [
  { name: 'committeeAdmin', role: 'committeeAdmin', at: 'root', personAt: 'root' },
  { name: 'departmentStaff', role: 'departmentStaff', at: 'dept', personAt: 'dept' },
  { name: 'inspector', role: 'inspector', at: 'root', personAt: 'dept' },
  { name: 'unitAdmin', role: 'unitAdmin', at: 'unitA', personAt: 'unitA' },
  { name: 'leader', role: 'leader', at: 'pgA', personAt: 'pgA' },
  { name: 'organStaff', role: 'organStaff', at: 'ocA', personAt: 'ocA' },
  { name: 'branchSecretary', role: 'branchSecretary', at: 'brA', personAt: 'brA' },
  { name: 'viewer', role: 'viewer', at: 'unitA', personAt: 'unitA' },
  { name: 'unitAdminB', role: 'unitAdmin', at: 'unitB', personAt: 'unitB' },
];

/** The org inside each actor's scope whose spare person, account and grant are the "own" targets. */
const OWN_ORG: Record<string, string> = {
  committeeAdmin: 'brA', departmentStaff: 'brA', inspector: 'brA', unitAdmin: 'brA', leader: 'pgA',
  organStaff: 'brA', branchSecretary: 'brA', viewer: 'brA',
  // Unit B's administrator: B's ids (unitB, brB's spare entities) are inside its scope too, so its
  // "own" side uses other ones (pgB), and writes on one side leave the other untouched.
  unitAdminB: 'pgB',
};

/**
 * Close a harness. On PostgreSQL the pool's connections finish ending before the database is
 * dropped: pg-pool's end() resolves before the sockets close, and DROP DATABASE … WITH (FORCE)
 * racing them surfaces as an uncaught "terminating connection due to administrator command" (seen
 * with the eleven harnesses of this file).
 */
async function closeHarness(h: Harness | undefined) {
  if (!h) return;
  if (h.deps.config.filesDir.startsWith(path.join(os.tmpdir(), 'qd-walk-'))) fs.rmSync(h.deps.config.filesDir, { recursive: true, force: true });
  if (h.deps.db.kind !== 'postgres') return h.close();
  const name = (await sql<{ n: string }>`SELECT current_database() AS n`.execute(h.deps.db.kysely)).rows[0]?.n;
  await h.app.close();
  await h.deps.db.kysely.destroy();
  await new Promise((r) => setTimeout(r, 200));
  const url = process.env.TEST_DATABASE_URL;
  if (!url || !name?.startsWith('qd_t_')) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------- fixture (plain SQL)

async function insertOrg(db: Db, ids: Record<string, number>, key: string, parent: string | null, kind: string, name: string, code: string, unit: string | null) {
  const k = db.kysely;
  const parentRow = parent ? await k.selectFrom('orgs').select(['id', 'path', 'depth']).where('id', '=', ids[parent] as number).executeTakeFirstOrThrow() : null;
  const level = kind === 'partyGroup' ? 'L1' : kind === 'organCommittee' ? 'L2' : kind === 'branch' ? 'L3' : null;
  const row = await k
    .insertInto('orgs')
    .values({ parent_id: parentRow?.id ?? null, unit_id: null, kind, level_code: level, name, short_name: name.slice(0, 10), code, path: '/', depth: parentRow ? parentRow.depth + 1 : 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = row.id;
  const unitId = unit === null ? null : unit === key ? row.id : (ids[unit] as number);
  await k.updateTable('orgs').set({ path: `${parentRow?.path ?? '/'}${row.id}/`, unit_id: unitId }).where('id', '=', row.id).execute();
}

async function insertPerson(db: Db, ids: Record<string, number>, orgKey: string, name: string, code: string) {
  const org = await db.kysely.selectFrom('orgs').select(['id', 'path', 'unit_id']).where('id', '=', ids[orgKey] as number).executeTakeFirstOrThrow();
  const p = await db.kysely
    .insertInto('people')
    .values({ org_id: org.id, unit_id: org.unit_id, org_path: org.path, code, name, post: '干部', phone: '13800000000' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return p.id;
}

async function insertAccount(db: Db, personId: number, username: string) {
  const a = await db.kysely
    .insertInto('accounts')
    .values({ person_id: personId, username, password_hash: 'not-a-hash', must_change_password: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  return a.id;
}

async function insertGrant(db: Db, personId: number, role: Role, orgId: number) {
  const g = await db.kysely.insertInto('role_grants').values({ person_id: personId, role, org_id: orgId }).returning('id').executeTakeFirstOrThrow();
  return g.id;
}

async function insertBatch(db: Db, id: string, accountId: number, marker: string) {
  // import_batches.rows holds the packed form (column keys once, then one array per row).
  const rows = JSON.stringify({ columns: ['code', 'name', 'post', 'orgCode'], rows: [[2, `${marker}-P1`, `导入${marker}`, '干部', `${marker}-X`]] });
  await sql`INSERT INTO import_batches (id, kind, account_id, file_name, status, summary, rows, created_at)
            VALUES (${id}, 'people', ${accountId}, ${`${marker}.xlsx`}, 'previewed', ${JSON.stringify({ total: 1, marker })}::jsonb, ${rows}::jsonb, now())`.execute(db.kysely);
}

async function buildFixture(h: Harness): Promise<Fixture> {
  const db = h.deps.db;
  const ids: Record<string, number> = {};
  await insertOrg(db, ids, 'root', null, 'committee', '省委直属机关工委', 'GW', null);
  await insertOrg(db, ids, 'dept', 'root', 'department', '组织部', 'GW-ZZB', null);
  for (const [u, name, code] of [['A', '甲单位', 'UA'], ['B', `乙单位${MARK}`, `${MARK}-UB`]] as const) {
    const m = u === 'B' ? MARK : '';
    await insertOrg(db, ids, `unit${u}`, 'root', 'unit', name, code, `unit${u}`);
    await insertOrg(db, ids, `pg${u}`, `unit${u}`, 'partyGroup', `${name}党组${m}`, `${code}-PG`, `unit${u}`);
    await insertOrg(db, ids, `oc${u}`, `unit${u}`, 'organCommittee', `${name}机关党委${m}`, `${code}-OC`, `unit${u}`);
    await insertOrg(db, ids, `br${u}`, `oc${u}`, 'branch', `${name}第一支部${m}`, `${code}-BR1`, `unit${u}`);
  }
  const actors: Fixture['actors'] = {};
  for (const a of ACTORS) {
    const m = a.name === 'unitAdminB' ? MARK : '';
    const person = await insertPerson(db, ids, a.personAt, `${a.name}本人${m}`, `ACT-${a.name}${m}`);
    const accountId = await insertAccount(db, person, `act_${a.name}${m}`);
    await insertGrant(db, person, a.role, ids[a.at] as number);
    const batchId = `batch-${a.name}${m}`;
    await insertBatch(db, batchId, accountId, m || 'own');
    actors[a.name] = { accountId, batchId };
  }
  const spare: Fixture['spare'] = {};
  for (const o of ['unitA', 'pgA', 'ocA', 'brA', 'unitB', 'pgB', 'ocB', 'brB']) {
    const m = o.endsWith('B') ? MARK : '';
    const person = await insertPerson(db, ids, o, `备用${o}${m}`, `SP-${o}${m}`);
    const account = await insertAccount(db, person, `spare_${o}${m}`);
    const grant = await insertGrant(db, person, 'viewer', ids[o] as number);
    spare[o] = { person, account, grant };
  }
  // Audit entries in both units, so the audit list has something to filter.
  const path = async (key: string) => (await db.kysely.selectFrom('orgs').select('path').where('id', '=', ids[key] as number).executeTakeFirstOrThrow()).path;
  const entries: Parameters<typeof recordAudit>[3] = [];
  for (const o of ['unitA', 'brA', 'unitB', 'brB']) {
    const m = o.endsWith('B') ? MARK : '';
    entries.push({ action: 'person.update', entityType: 'person', entityId: spare[o]?.person as number, unitId: ids[o.endsWith('B') ? 'unitB' : 'unitA'] as number, orgPath: await path(o), after: { name: `审计${o}${m}` } });
  }
  await db.kysely.transaction().execute((trx) => recordAudit(trx, { now: () => new Date() }, SYSTEM_ACTOR, entries));
  const lists = { B: await insertListEntities(h, ids, 'B'), own: await insertListEntities(h, ids, 'own') };
  const work: Fixture['work'] = {};
  for (const o of ['brA', 'pgA', 'pgB', 'brB']) work[o] = await insertWorkEntities(h, ids, lists.own, o);
  const notifications: Fixture['notifications'] = {};
  for (const a of ACTORS) {
    const m = a.name === 'unitAdminB' ? MARK : '';
    const n = await h.deps.db.kysely
      .insertInto('notifications')
      .values({ account_id: actors[a.name]?.accountId as number, kind: 'dueSoon', title: `到期提醒${m}`, created_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    notifications[a.name] = n.id;
  }
  return { ids, actors, spare, bBatch: actors.unitAdminB?.batchId ?? '', lists, work, notifications };
}

/**
 * The work of one organisation on the issued list's task: an assignment, one open period, a record
 * with an evidence file, and a measure. Unit B's texts carry the marker.
 */
async function insertWorkEntities(h: Harness, ids: Record<string, number>, list: Record<ListTargetKind | FileTargetKind, number>, orgKey: string): Promise<Record<WorkTargetKind, number>> {
  const k = h.deps.db.kysely;
  const m = orgKey.endsWith('B') ? MARK : '';
  const now = new Date();
  const org = await k.selectFrom('orgs').select(['id', 'unit_id', 'level_code']).where('id', '=', ids[orgKey] as number).executeTakeFirstOrThrow();
  const unitId = org.unit_id as number;
  const assignment = await k
    .insertInto('assignments')
    .values({ unit_id: unitId, list_id: list.list, year: 2025, task_id: list.listTask, part_id: list.listPart, level_code: org.level_code ?? 'L3', org_id: org.id, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const period = await k
    .insertInto('periods')
    .values({
      unit_id: unitId, assignment_id: assignment.id, list_id: list.list, year: 2025, task_id: list.listTask, part_id: list.listPart,
      level_code: org.level_code ?? 'L3', org_id: org.id, seq: 1, label: '全年', starts_on: '2025-01-01', ends_on: '2025-12-31', due_on: '2025-12-31',
      report_count: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const report = await k
    .insertInto('reports')
    .values({ unit_id: unitId, period_id: period.id, org_id: org.id, happened_on: '2025-03-01', content: `召开专题会议${m}`, author_name: `记录人${m}`, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const file = await storeFile(h.deps, { buffer: pdfBytes(`evidence ${orgKey}`), originalName: `会议记录${m}.pdf`, accountId: null }, { allowed: ['pdf'] });
  const evidence = await k
    .insertInto('evidence')
    .values({ unit_id: unitId, report_id: report.id, file_id: file.id, name: `会议记录${m}.pdf`, mime: 'application/pdf', size: file.size, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const measure = await k
    .insertInto('measures')
    .values({ unit_id: unitId, assignment_id: assignment.id, seq: 1, content: `具体措施${m}`, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { assignment: assignment.id, period: period.id, report: report.id, evidence: evidence.id, measure: measure.id };
}

/**
 * One list with one of each of its entities. Side 'B': a draft of 2026 whose texts carry the
 * marker; its opinion round is opened to the organisation department only, so no unit-scoped role
 * may see any of it. Side 'own': the issued list of 2025, readable by every role.
 */
async function insertListEntities(h: Harness, ids: Record<string, number>, side: 'B' | 'own'): Promise<Record<ListTargetKind | FileTargetKind, number>> {
  const k = h.deps.db.kysely;
  const m = side === 'B' ? MARK : '';
  const year = side === 'B' ? 2026 : 2025;
  const now = new Date();
  const dept = ids.dept as number;
  const list = await k
    .insertInto('responsibility_lists')
    .values({
      year,
      title: `${year}年度党建工作责任清单${m}`,
      status: side === 'B' ? 'draft' : 'issued',
      owner_org_id: dept,
      ...(side === 'own' ? { doc_prefix: '鄂直工发', doc_seq: 2, doc_number: `鄂直工发〔${year}〕2号`, issue_date: `${year}-02-20`, issued_at: now } : {}),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const part = await k.insertInto('list_parts').values({ list_id: list.id, seq: 1, title: `落实主体责任${m}`, drafting_org_id: dept, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  const section = await k.insertInto('list_sections').values({ list_id: list.id, part_id: part.id, seq: 1, title: `作风建设${m}` }).returning('id').executeTakeFirstOrThrow();
  const task = await k
    .insertInto('list_tasks')
    .values({ list_id: list.id, part_id: part.id, section_id: section.id, level_code: 'L1', seq: 1, code: `T${year}-0001`, content: `党组履行主体责任${m}`, frequency: 'yearly', due_rule: JSON.stringify({ kind: 'yearEnd' }), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const doc = await k.insertInto('source_documents').values({ list_id: list.id, kind: 'upperList', title: `上级清单${m}`, created_at: now }).returning('id').executeTakeFirstOrThrow();
  await k.insertInto('source_items').values({ document_id: doc.id, parent_id: null, seq: 1, text: `加强党的政治建设${m}` }).execute();
  // The item the walk names sits in a second document, so deleting the first leaves it for its own
  // delete; it is linked to the task and waived, so unlinking and unwaiving have something to remove.
  const doc2 = await k.insertInto('source_documents').values({ list_id: list.id, kind: 'workPoints', title: `工作要点${m}`, created_at: now }).returning('id').executeTakeFirstOrThrow();
  const item = await k.insertInto('source_items').values({ document_id: doc2.id, parent_id: null, seq: 1, text: `落实全面从严治党${m}` }).returning('id').executeTakeFirstOrThrow();
  await k.insertInto('task_sources').values({ task_id: task.id, source_item_id: item.id, created_at: now }).execute();
  await k.insertInto('coverage_waivers').values({ list_id: list.id, source_item_id: item.id, reason: `不涉及${m}`, created_at: now }).execute();
  const round = await k.insertInto('opinion_rounds').values({ list_id: list.id, title: `征求意见${m}`, deadline: `${year}-01-31`, created_at: now }).returning('id').executeTakeFirstOrThrow();
  // B's round went to the organisation department only; the issued list's to every organisation (the root).
  await k.insertInto('opinion_round_orgs').values({ round_id: round.id, org_id: side === 'B' ? dept : (ids.root as number) }).execute();
  const opinion = await k
    .insertInto('opinions')
    .values({ round_id: round.id, list_id: list.id, org_id: dept, target_type: 'task', target_id: task.id, content: `建议细化${m}`, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const snapshot = await k.transaction().execute((trx) => saveSnapshot(trx, list.id, `起草稿${m}`));
  const revision = await k
    .insertInto('list_revisions')
    .values({ list_id: list.id, revision: 1, reason: `调整任务${m}`, status: 'published', created_at: now, published_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!h.deps.config.filesDir.startsWith(path.join(os.tmpdir(), 'qd-walk-'))) h.deps.config.filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-walk-'));
  const file = await storeFile(h.deps, { buffer: pdfBytes(`minutes ${side}`), originalName: `会议纪要${m}.pdf`, accountId: null }, { allowed: ['pdf'] });
  await k.insertInto('approval_meetings').values({ list_id: list.id, meeting_date: `${year}-02-10`, meeting_name: `工委会议${m}`, decision: 'approved', minutes_file_id: file.id, created_at: now }).execute();
  return {
    list: list.id,
    listPart: part.id,
    listSection: section.id,
    listTask: task.id,
    sourceDocument: doc.id,
    sourceItem: item.id,
    opinionRound: round.id,
    opinion: opinion.id,
    listSnapshot: snapshot,
    listRevision: revision.id,
    file: file.id,
  };
}

/** Ids of each kind: unit B's, or the ones inside an actor's own scope. */
function idsFor(f: Fixture, actor: string, side: 'B' | 'own'): Ids {
  const orgKey = side === 'B' ? 'unitB' : (OWN_ORG[actor] as string);
  const spareKey = side === 'B' ? 'brB' : (OWN_ORG[actor] as string);
  const s = f.spare[spareKey] as Fixture['spare'][string];
  return {
    org: f.ids[orgKey] as number,
    person: s.person,
    account: s.account,
    grant: s.grant,
    importBatch: side === 'B' ? f.bBatch : (f.actors[actor]?.batchId as string),
    ...f.lists[side],
    ...f.work[side === 'B' ? 'brB' : (OWN_ORG[actor] as string)],
    notification: side === 'B' ? (f.notifications.unitAdminB as number) : (f.notifications[actor] as number),
    unit: f.ids[side === 'B' || OWN_ORG[actor]?.endsWith('B') ? 'unitB' : 'unitA'] as number,
  };
}

// ---------------------------------------------------------------- the OpenAPI document

function readOperations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(m)) continue;
      const params = (op.parameters ?? []) as { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
      const content = (op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content ?? null;
      const json = content?.['application/json'];
      ops.push({
        key: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase() as Method,
        path,
        access: op['x-access'] as AccessRule | undefined,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} })),
        body: json?.schema ?? (content ? {} : null),
        bodyIsJson: content === null || json !== undefined,
      });
    }
  }
  return ops;
}

/** Which kind of entity an id-like field names, when the access rule does not say. */
function kindOfField(field: string): TargetKind | null {
  if (/^(org|parent|unit)Id$/.test(field)) return 'org';
  if (/^personId$/.test(field)) return 'person';
  if (/^accountId$/.test(field)) return 'account';
  if (/^grantId$/.test(field)) return 'grant';
  if (/^(batchId|importBatchId|importId)$/.test(field)) return 'importBatch';
  return null;
}

function targetsOf(access: AccessRule | undefined) {
  if (access === undefined || typeof access === 'string' || access.target === undefined) return [];
  return Array.isArray(access.target) ? access.target : [access.target];
}

let counter = 0;
const PASSWORD = 'Qd#Walk2026pw';
const STRING_CANDIDATES = ['T1', 'test', 'zh-CN', '2026-01-01', 'a', '1'];

/** A minimal valid-looking value for a JSON schema. */
function sample(s: JsonSchema, field = ''): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum.includes('viewer') ? 'viewer' : s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) {
    const nonNull = alt.find((x) => x.type !== 'null') ?? alt[0];
    return sample(nonNull as JsonSchema, field);
  }
  if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((x) => sample(x, field) as object));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, k);
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}, field));
    case 'integer':
    case 'number': {
      const min = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : (s.minimum ?? -Infinity) + (s.exclusiveMinimum === true ? 1 : 0);
      const max = s.maximum ?? Infinity;
      return min <= 1 && 1 <= max ? 1 : Math.min(Math.max(min, 1), max);
    }
    case 'boolean':
      return false;
    case 'string': {
      if (/password/i.test(field)) return PASSWORD;
      if (s.format === 'date-time') return '2026-01-01T00:00:00.000Z';
      if (s.format === 'date') return '2026-01-01';
      counter++;
      const re = s.pattern ? new RegExp(s.pattern) : null;
      const fits = (v: string) => (!re || re.test(v)) && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity);
      const unique = `T${counter}x${Date.now() % 100000}`;
      const padded = (v: string) => v.padEnd(s.minLength ?? 0, '0');
      for (const c of [padded(unique), ...STRING_CANDIDATES.map(padded)]) if (fits(c)) return c;
      return padded('T').slice(0, s.maxLength ?? 100);
    }
    default:
      return s.default ?? null;
  }
}

interface Built {
  url: string;
  body: unknown;
}

/**
 * The request for an operation. `ids` fill every target the access rule names and every id-like
 * field; `override` may put one field on the other side (mixed requests).
 */
function buildRequest(op: Operation, ids: Ids, override?: { where: 'params' | 'query' | 'body'; field: string; value: string | number }): Built | null {
  const targets = targetsOf(op.access);
  const rawValueFor = (where: 'params' | 'query' | 'body', field: string): string | number | undefined => {
    if (override && override.where === where && override.field === field) return override.value;
    const t = targets.find((x) => x.in === where && x.field === field);
    const kind = t?.kind ?? kindOfField(field) ?? (where === 'query' && isVersionRefField(op, field) ? 'listSnapshot' : null);
    return kind ? ids[kind] : undefined;
  };
  const valueFor = (where: 'params' | 'query' | 'body', field: string): string | number | undefined => {
    const v = rawValueFor(where, field);
    return v !== undefined && where === 'query' && isVersionRefField(op, field) ? `snapshot:${v}` : v;
  };
  let url = op.path;
  for (const p of op.pathParams) {
    const v = valueFor('params', p);
    if (v === undefined) return null; // an undeclared path parameter: reported by the caller
    url = url.replace(`{${p}}`, encodeURIComponent(String(v)));
  }
  const qs = new URLSearchParams();
  for (const q of op.query) {
    const v = valueFor('query', q.name);
    if (v !== undefined) qs.set(q.name, String(v));
    else if (q.required) qs.set(q.name, String(sample(q.schema, q.name)));
  }
  let body: unknown = undefined;
  if (op.body) {
    const b = op.bodyIsJson ? sample(op.body) : {};
    body = b && typeof b === 'object' && !Array.isArray(b) ? b : {};
    const obj = body as Record<string, unknown>;
    for (const k of new Set([...Object.keys(obj), ...targets.filter((t) => t.in === 'body').map((t) => t.field)])) {
      const v = valueFor('body', k);
      if (v !== undefined) obj[k] = v;
    }
  }
  const q = qs.toString();
  return { url: q ? `${url}?${q}` : url, body };
}

/** A query field naming a version of a list as `snapshot:ID` or `list:ID` (version comparison): filled with a snapshot. */
function isVersionRefField(op: Operation, field: string): boolean {
  const pattern = op.query.find((q) => q.name === field)?.schema.pattern;
  if (!pattern) return false;
  const re = new RegExp(pattern);
  return re.test('snapshot:1') && re.test('list:1');
}

/** The fields of a request that name an entity (declared targets and id-like fields). */
function entityFields(op: Operation): { where: 'params' | 'query' | 'body'; field: string; kind: TargetKind }[] {
  const out: { where: 'params' | 'query' | 'body'; field: string; kind: TargetKind }[] = [];
  const seen = new Set<string>();
  const add = (where: 'params' | 'query' | 'body', field: string, kind: TargetKind | null) => {
    if (!kind || seen.has(`${where}.${field}`)) return;
    seen.add(`${where}.${field}`);
    out.push({ where, field, kind });
  };
  for (const t of targetsOf(op.access)) add(t.in, t.field, t.kind);
  for (const p of op.pathParams) add('params', p, kindOfField(p));
  for (const q of op.query) add('query', q.name, kindOfField(q.name) ?? (isVersionRefField(op, q.name) ? 'listSnapshot' : null));
  for (const k of Object.keys(op.body?.properties ?? {})) add('body', k, kindOfField(k));
  return out;
}

// ---------------------------------------------------------------- the walk

const is2xx = (s: number) => s >= 200 && s < 300;

/** The text of a response; a workbook (xlsx export, template) is opened and its cells read. */
async function bodyText(res: LightMyRequestResponse): Promise<string> {
  const raw = res.rawPayload;
  if (raw.length > 4 && raw[0] === 0x50 && raw[1] === 0x4b) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(raw as unknown as ArrayBuffer);
    const out: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void out.push(String(cell.text)))));
    return out.join('\t');
  }
  return res.body;
}
const LIST_KINDS: readonly TargetKind[] = [
  'list', 'listPart', 'listSection', 'listTask', 'sourceDocument', 'sourceItem', 'opinionRound', 'opinion', 'listSnapshot', 'listRevision', 'file',
];
/** Operations on the responsibility lists (and stored files, attached to them). */
const isListRoute = (op: Operation) =>
  /^\/api\/(lists|list-|source-|opinion|files)/.test(op.path) || entityFields(op).some((x) => LIST_KINDS.includes(x.kind));
/** Operations that end the session run last. */
const endsSession = (op: Operation) => /\/logout$/.test(op.path);
/**
 * Reads first, then writes, then removals of a link between two entities (two ids in the path),
 * then writes that remove or dissolve (so they spoil the fewest others).
 */
const weight = (op: Operation) =>
  op.method === 'GET' ? 0 : op.method === 'DELETE' && op.pathParams.length > 1 ? 1.5 : op.method === 'DELETE' || /\/(deactivate|disable)$/.test(op.path) ? 2 : 1;
const order = (ops: Operation[]) => [...ops].sort((a, b) => Number(endsSession(a)) - Number(endsSession(b)) || weight(a) - weight(b));

/** Every registered route as "METHOD /path/{param}", read from Fastify's route tree. */
function registeredRoutes(app: Harness['app']): string[] {
  const out: string[] = [];
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    const stack: string[] = [];
    for (const line of app.printRoutes({ commonPrefix: false, method }).split('\n')) {
      const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?) \(([^)]*)\)$/.exec(line);
      if (!m) continue;
      const depth = (m[1] ?? '').length / 4;
      stack.length = depth;
      stack.push(m[2] ?? '');
      if ((m[3] ?? '').split(', ').includes(method)) out.push(`${method} ${stack.join('').replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return out;
}

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
