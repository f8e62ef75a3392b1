/**
 * The machinery of the route walks (authz.test.ts, http/spellings.test.ts): a fixture of two units
 * (A, and B whose names all carry a marker) built in plain SQL, the operations of the OpenAPI
 * document, and a request for each operation with the ids of one side.
 */
import { sql } from 'kysely';
import pg from 'pg';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '@qingdan/core';
import type { Harness } from './harness.ts';
import type { AccessRule, TargetKind } from '../http/access.ts';
import type { OrgTargetKind as PlatformKind, UnitTargetKind } from '../modules/org/targets.ts';
import type { ListTargetKind } from '../modules/lists/targets.ts';
import type { FileTargetKind } from '../modules/files/visibility.ts';
import type { WorkTargetKind } from '../modules/work/targets.ts';

/** Platform entities checked by their organisation path (and an import batch, by its owner). */
type OrgTargetKind = PlatformKind | 'importBatch';
type OwnTargetKind = 'notification';
import type { Db } from '../db/database.ts';
import { recordAudit, SYSTEM_ACTOR } from '../modules/audit/record.ts';
import { storeFile } from '../modules/files/store.ts';
import { saveSnapshot } from '../modules/lists/versions/snapshot.ts';
import { pdfBytes } from '../modules/lists/lifecycle/test-fixture.ts';

/** Every name, code and username of unit B carries this; nothing of it may reach unit A's roles. */
export const MARK = 'zqbmark';
export const MARK_RE = new RegExp(MARK, 'i');

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Ids = Record<OrgTargetKind, string | number> & Partial<Record<ListTargetKind | FileTargetKind | WorkTargetKind | OwnTargetKind | UnitTargetKind, string | number>>;

export interface JsonSchema {
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

export interface Operation {
  key: string;
  method: Method;
  path: string;
  access: AccessRule | undefined;
  pathParams: string[];
  query: { name: string; required: boolean; schema: JsonSchema }[];
  body: JsonSchema | null;
  bodyIsJson: boolean;
}

export interface Fixture {
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

export const ACTORS: { name: string; role: Role; at: string; personAt: string }[] = [
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
export const OWN_ORG: Record<string, string> = {
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
export async function closeHarness(h: Harness | undefined) {
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

export async function insertOrg(db: Db, ids: Record<string, number>, key: string, parent: string | null, kind: string, name: string, code: string, unit: string | null) {
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

export async function insertPerson(db: Db, ids: Record<string, number>, orgKey: string, name: string, code: string) {
  const org = await db.kysely.selectFrom('orgs').select(['id', 'path', 'unit_id']).where('id', '=', ids[orgKey] as number).executeTakeFirstOrThrow();
  const p = await db.kysely
    .insertInto('people')
    .values({ org_id: org.id, unit_id: org.unit_id, org_path: org.path, code, name, post: '干部', phone: '13800000000' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return p.id;
}

export async function insertAccount(db: Db, personId: number, username: string) {
  const a = await db.kysely
    .insertInto('accounts')
    .values({ person_id: personId, username, password_hash: 'not-a-hash', must_change_password: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  return a.id;
}

export async function insertGrant(db: Db, personId: number, role: Role, orgId: number) {
  const g = await db.kysely.insertInto('role_grants').values({ person_id: personId, role, org_id: orgId }).returning('id').executeTakeFirstOrThrow();
  return g.id;
}

export async function insertBatch(db: Db, id: string, accountId: number, marker: string) {
  // import_batches.rows holds the packed form (column keys once, then one array per row).
  const rows = JSON.stringify({ columns: ['code', 'name', 'post', 'orgCode'], rows: [[2, `${marker}-P1`, `导入${marker}`, '干部', `${marker}-X`]] });
  await sql`INSERT INTO import_batches (id, kind, account_id, file_name, status, summary, rows, created_at)
            VALUES (${id}, 'people', ${accountId}, ${`${marker}.xlsx`}, 'previewed', ${JSON.stringify({ total: 1, marker })}::jsonb, ${rows}::jsonb, now())`.execute(db.kysely);
}

export async function buildFixture(h: Harness): Promise<Fixture> {
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
export async function insertWorkEntities(h: Harness, ids: Record<string, number>, list: Record<ListTargetKind | FileTargetKind, number>, orgKey: string): Promise<Record<WorkTargetKind, number>> {
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
export async function insertListEntities(h: Harness, ids: Record<string, number>, side: 'B' | 'own'): Promise<Record<ListTargetKind | FileTargetKind, number>> {
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
export function idsFor(f: Fixture, actor: string, side: 'B' | 'own'): Ids {
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

export function readOperations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
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
export function kindOfField(field: string): TargetKind | null {
  if (/^(org|parent|unit)Id$/.test(field)) return 'org';
  if (/^personId$/.test(field)) return 'person';
  if (/^accountId$/.test(field)) return 'account';
  if (/^grantId$/.test(field)) return 'grant';
  if (/^(batchId|importBatchId|importId)$/.test(field)) return 'importBatch';
  return null;
}

export function targetsOf(access: AccessRule | undefined) {
  if (access === undefined || typeof access === 'string' || access.target === undefined) return [];
  return Array.isArray(access.target) ? access.target : [access.target];
}

export let counter = 0;
export const PASSWORD = 'Qd#Walk2026pw';
export const STRING_CANDIDATES = ['T1', 'test', 'zh-CN', '2026-01-01', 'a', '1'];

/** A minimal valid-looking value for a JSON schema. */
export function sample(s: JsonSchema, field = ''): unknown {
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

export interface Built {
  url: string;
  body: unknown;
}

/**
 * The request for an operation. `ids` fill every target the access rule names and every id-like
 * field; `override` may put one field on the other side (mixed requests).
 */
export function buildRequest(op: Operation, ids: Ids, override?: { where: 'params' | 'query' | 'body'; field: string; value: string | number }): Built | null {
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
export function isVersionRefField(op: Operation, field: string): boolean {
  const pattern = op.query.find((q) => q.name === field)?.schema.pattern;
  if (!pattern) return false;
  const re = new RegExp(pattern);
  return re.test('snapshot:1') && re.test('list:1');
}

/** The fields of a request that name an entity (declared targets and id-like fields). */
export function entityFields(op: Operation): { where: 'params' | 'query' | 'body'; field: string; kind: TargetKind }[] {
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

export const is2xx = (s: number) => s >= 200 && s < 300;

/** The text of a response; a workbook (xlsx export, template) is opened and its cells read. */
export async function bodyText(res: LightMyRequestResponse): Promise<string> {
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
export const LIST_KINDS: readonly TargetKind[] = [
  'list', 'listPart', 'listSection', 'listTask', 'sourceDocument', 'sourceItem', 'opinionRound', 'opinion', 'listSnapshot', 'listRevision', 'file',
];
/** Operations on the responsibility lists (and stored files, attached to them). */
export const isListRoute = (op: Operation) =>
  /^\/api\/(lists|list-|source-|opinion|files)/.test(op.path) || entityFields(op).some((x) => LIST_KINDS.includes(x.kind));
/** Operations that end the session run last. */
export const endsSession = (op: Operation) => /\/logout$/.test(op.path);
/** Entities that live inside another (evidence in a record): removed before what holds them. */
const CONTAINED = /^\/api\/work\/evidence\//;
/**
 * Reads first, then writes, then removals of a link between two entities (two ids in the path),
 * then removals of contained entities, then writes that remove or dissolve (so they spoil the
 * fewest others).
 */
export const weight = (op: Operation) =>
  op.method === 'GET' ? 0
    : op.method === 'DELETE' && op.pathParams.length > 1 ? 1.5
      : op.method === 'DELETE' && CONTAINED.test(op.path) ? 1.8
        : op.method === 'DELETE' || /\/(deactivate|disable)$/.test(op.path) ? 2 : 1;
export const order = (ops: Operation[]) => [...ops].sort((a, b) => Number(endsSession(a)) - Number(endsSession(b)) || weight(a) - weight(b));

/** Every registered route as "METHOD /path/{param}", read from Fastify's route tree. */
export function registeredRoutes(app: Harness['app']): string[] {
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

