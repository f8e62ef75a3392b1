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
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pathInScope, scopeFor, type Permission } from '@qingdan/core';
import type { Db } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { AppError, forbidden, notFound } from './errors.ts';
import type { CurrentUser } from '../modules/auth/session.ts';
import { fileVisibleTo } from '../modules/files/visibility.ts';

/** Platform entities: checked by the organisation path they belong to (an import batch: by its owner). */
export const ORG_TARGET_KINDS = ['org', 'person', 'account', 'grant', 'importBatch'] as const;
export type OrgTargetKind = (typeof ORG_TARGET_KINDS)[number];
/** Entities of the committee's responsibility lists: checked by the list's visibility. */
export const LIST_TARGET_KINDS = [
  'list', 'listPart', 'listSection', 'listTask', 'sourceDocument', 'sourceItem', 'opinionRound', 'opinion', 'listSnapshot', 'listRevision',
] as const;
export type ListTargetKind = (typeof LIST_TARGET_KINDS)[number];
/** A stored file: visible when attached to something visible (modules/files/visibility.ts). */
export type FileTargetKind = 'file';
/** A unit's work (一级抓一级): checked by the path of the organisation the work belongs to. */
export const WORK_TARGET_KINDS = ['assignment', 'period', 'report', 'evidence', 'measure'] as const;
export type WorkTargetKind = (typeof WORK_TARGET_KINDS)[number];
/** An inbox entry: only its own account may touch it. */
export type OwnTargetKind = 'notification';
/**
 * A unit as the frame of a view (a unit's dashboard, ledger, division table): it must be an
 * organisation of kind 'unit' that the scope touches — the scope lies inside it or contains it.
 * The use case then shows the part of the unit inside the scope (a branch secretary sees the branch).
 */
export type UnitTargetKind = 'unit';
export type TargetKind = OrgTargetKind | ListTargetKind | FileTargetKind | WorkTargetKind | OwnTargetKind | UnitTargetKind;
/** Every kind of access target (docs/CONVENTIONS.md lists them; docs.test.ts holds the two together). */
export const TARGET_KINDS: readonly TargetKind[] = [...ORG_TARGET_KINDS, ...LIST_TARGET_KINDS, 'file', ...WORK_TARGET_KINDS, 'notification', 'unit'];

/** Whether a scope reaches into the subtree at `path` (inside it, or containing it). */
export function scopeTouches(scope: 'all' | readonly string[], path: string): boolean {
  return scope === 'all' || scope.some((p) => p.startsWith(path) || path.startsWith(p));
}

/** The organisation path of a unit's work entity (the organisation whose work it is). */
const WORK_PATH_OF: Record<WorkTargetKind, string> = {
  assignment: 'SELECT o.path FROM assignments a JOIN orgs o ON o.id = a.org_id WHERE a.id = $1',
  period: 'SELECT o.path FROM periods p JOIN orgs o ON o.id = p.org_id WHERE p.id = $1',
  report: 'SELECT o.path FROM reports r JOIN orgs o ON o.id = r.org_id WHERE r.id = $1',
  evidence: 'SELECT o.path FROM evidence e JOIN reports r ON r.unit_id = e.unit_id AND r.id = e.report_id JOIN orgs o ON o.id = r.org_id WHERE e.id = $1',
  measure: 'SELECT o.path FROM measures m JOIN assignments a ON a.unit_id = m.unit_id AND a.id = m.assignment_id JOIN orgs o ON o.id = a.org_id WHERE m.id = $1',
};

function isWorkKind(kind: TargetKind): kind is WorkTargetKind {
  return kind in WORK_PATH_OF;
}

/** Organisation path of a unit's work entity, or null when there is no such entity. */
export async function workPathOf(db: Db, kind: WorkTargetKind, id: unknown): Promise<string | null> {
  const n = toId(id);
  if (n === null) return null;
  const r = await byId<{ path: string }>(WORK_PATH_OF[kind], n).execute(db.kysely);
  return r.rows[0]?.path ?? null;
}

/**
 * A lookup written with `$1` for its id: the id goes as a parameter and the query is prepared
 * (its text is fixed per kind, so each connection plans it once).
 */
function byId<R>(text: string, id: number) {
  const [before, after] = text.split('$1');
  return prepared('by-id', sql<R>`${sql.raw(before!)}${id}${sql.raw(after!)}`);
}

const LIST_ID_OF: Record<ListTargetKind, string> = {
  list: 'SELECT id AS list_id FROM responsibility_lists WHERE id = $1',
  listPart: 'SELECT list_id FROM list_parts WHERE id = $1',
  listSection: 'SELECT list_id FROM list_sections WHERE id = $1',
  listTask: 'SELECT list_id FROM list_tasks WHERE id = $1',
  sourceDocument: 'SELECT list_id FROM source_documents WHERE id = $1',
  sourceItem: 'SELECT d.list_id FROM source_items i JOIN source_documents d ON d.id = i.document_id WHERE i.id = $1',
  opinionRound: 'SELECT list_id FROM opinion_rounds WHERE id = $1',
  opinion: 'SELECT list_id FROM opinions WHERE id = $1',
  listSnapshot: 'SELECT list_id FROM list_snapshots WHERE id = $1',
  listRevision: 'SELECT list_id FROM list_revisions WHERE id = $1',
};

function isListKind(kind: TargetKind): kind is ListTargetKind {
  return kind in LIST_ID_OF;
}

function toId(id: unknown): number | null {
  const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d{1,9}$/.test(id) ? Number(id) : NaN;
  return Number.isInteger(n) && n > 0 && n < 2 ** 31 ? n : null;
}

/**
 * Whether a list is visible in a scope. Committee-level scopes ('all') see every list. Others see
 * an issued list, and a draft only when an opinion round of it was opened to an organisation in
 * their scope.
 */
export async function listVisibleIn(db: Db, scope: 'all' | readonly string[], listId: number): Promise<boolean> {
  const list = await db.kysely.selectFrom('responsibility_lists').select(['status']).where('id', '=', listId).executeTakeFirst();
  if (!list) return false;
  if (scope === 'all' || list.status === 'issued') return true;
  if (scope.length === 0) return false;
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM opinion_rounds r
    JOIN opinion_round_orgs ro ON ro.round_id = r.id
    JOIN orgs o ON o.id = ro.org_id
    WHERE r.list_id = ${listId} AND (${pathFilter('o.path', scope)} OR ${sql.join(
      scope.map((p) => sql`${p} LIKE o.path || '%'`),
      sql` OR `,
    )})`.execute(db.kysely);
  return (r.rows[0]?.n ?? 0) > 0;
}

/** The list an entity of a list belongs to, or null when there is no such entity. */
export async function listIdOf(db: Db, kind: ListTargetKind, id: unknown): Promise<number | null> {
  const n = toId(id);
  if (n === null) return null;
  const r = await byId<{ list_id: number }>(LIST_ID_OF[kind], n).execute(db.kysely);
  return r.rows[0]?.list_id ?? null;
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

/** Organisation path of the entity a request targets, or null when there is no such entity. */
export async function resolveTargetPath(db: Db, kind: OrgTargetKind, id: unknown): Promise<string | null> {
  const k = db.kysely;
  if (kind === 'importBatch') {
    if (typeof id !== 'string' || id.length > 64) return null;
    // Import batches belong to their account: scope is checked by the owner, see below.
    const row = await k.selectFrom('import_batches').select('id').where('id', '=', id).executeTakeFirst();
    return row ? '/' : null;
  }
  const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d{1,9}$/.test(id) ? Number(id) : NaN;
  if (!Number.isInteger(n)) return null;
  switch (kind) {
    case 'org': {
      const r = await k.selectFrom('orgs').select('path').where('id', '=', n).executeTakeFirst();
      return r?.path ?? null;
    }
    case 'person': {
      const r = await k.selectFrom('people').select('org_path').where('id', '=', n).executeTakeFirst();
      return r?.org_path ?? null;
    }
    case 'account': {
      const r = await k
        .selectFrom('accounts')
        .innerJoin('people', 'people.id', 'accounts.person_id')
        .select('people.org_path')
        .where('accounts.id', '=', n)
        .executeTakeFirst();
      return r?.org_path ?? null;
    }
    case 'grant': {
      // A grant is inside the scope only if both its organisation and its holder are.
      const r = await sql<{ org_path: string; person_path: string }>`
        SELECT o.path AS org_path, p.org_path AS person_path
        FROM role_grants g JOIN orgs o ON o.id = g.org_id JOIN people p ON p.id = g.person_id
        WHERE g.id = ${n}`.execute(k);
      const row = r.rows[0];
      if (!row) return null;
      return row.org_path.length >= row.person_path.length ? row.org_path : row.person_path;
    }
  }
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

export function makeAccessGuard(db: Db) {
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
    const targets = rule.target === undefined ? [] : Array.isArray(rule.target) ? rule.target : [rule.target];
    for (const t of targets) {
      const value = readField(req, t);
      if (value === undefined || value === null) continue; // optional filters
      if (isListKind(t.kind)) {
        const listId = await listIdOf(db, t.kind, value);
        if (listId === null || !(await listVisibleIn(db, routeScope, listId))) throw notFound();
        continue;
      }
      if (isWorkKind(t.kind)) {
        const path = await workPathOf(db, t.kind, value);
        if (path === null || !pathInScope(routeScope, path)) throw notFound();
        continue;
      }
      if (t.kind === 'unit') {
        const n = toId(value);
        const unit = n === null ? undefined : await db.kysely.selectFrom('orgs').select(['path', 'kind']).where('id', '=', n).executeTakeFirst();
        if (!unit || unit.kind !== 'unit' || !scopeTouches(routeScope, unit.path)) throw notFound();
        continue;
      }
      if (t.kind === 'notification') {
        const n = toId(value);
        const owner = n === null ? undefined : await db.kysely.selectFrom('notifications').select('account_id').where('id', '=', n).executeTakeFirst();
        if (!owner || owner.account_id !== user.accountId) throw notFound();
        continue;
      }
      if (t.kind === 'file') {
        if (!(await fileVisibleTo(db, scope, value))) throw notFound();
        continue;
      }
      if (t.kind === 'importBatch') {
        const owner = await db.kysely
          .selectFrom('import_batches')
          .select('account_id')
          .where('id', '=', String(value))
          .executeTakeFirst();
        if (!owner || owner.account_id !== user.accountId) throw notFound();
        continue;
      }
      const path = await resolveTargetPath(db, t.kind, value);
      if (path === null || !pathInScope(routeScope, path)) throw notFound();
    }
    req.access = { user, scope, routeScope };
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
