/**
 * Validation and change detection of import rows against a snapshot of the database. Pure and
 * synchronous: the preview and the apply (inside its transaction, against the then current data)
 * run the same checks. Errors carry message codes; the caller renders them in the request's language.
 */
import type { Kysely } from 'kysely';
import {
  canBeChildOf,
  isWithinUnit,
  ORG_KIND_LABELS,
  ORG_KINDS,
  orgCodeSchema,
  pathInScope,
  personCodeSchema,
  ROLE_DEFINITIONS,
  ROLE_LABELS,
  ROLES,
  usernameSchema,
  type OrgKind,
  type Role,
} from '@qingdan/core';
import type { Database } from '../../db/schema.ts';
import {
  kindFromLabel,
  normaliseLabel,
  ORG_COLUMNS,
  PEOPLE_COLUMNS,
  roleFromLabel,
  STATUS_ACTIVE,
  STATUS_INACTIVE,
  type RawRow,
} from './format.ts';

export type Scope = 'all' | string[];

export interface RowError {
  row: number;
  column: string;
  code: string;
  params?: Record<string, string | number>;
}

export interface FieldChange {
  column: string;
  before: string;
  after: string;
}

export interface Change {
  row: number;
  code: string;
  name: string;
  action: 'create' | 'update' | 'unchanged';
  fields: FieldChange[];
}

export interface Summary {
  create: number;
  update: number;
  unchanged: number;
  deactivate: number;
  errors: number;
  accounts?: number;
  roles?: number;
}

// ---------------------------------------------------------------- snapshot

export interface OrgSnap {
  id: number;
  parentId: number | null;
  unitId: number | null;
  kind: OrgKind;
  levelCode: string | null;
  name: string;
  shortName: string;
  code: string;
  sortOrder: number;
  active: boolean;
  path: string;
  depth: number;
}

export interface LevelSnap {
  code: string;
  name: string;
  nameEn: string;
  kinds: string[];
}

export interface PersonSnap {
  id: number;
  code: string;
  orgId: number;
  name: string;
  post: string;
  phone: string;
  sortOrder: number;
  active: boolean;
  orgPath: string;
  username: string | null;
}

export interface GrantSnap {
  personId: number;
  role: Role;
  orgId: number;
}

export async function loadOrgs(k: Kysely<Database>): Promise<OrgSnap[]> {
  const rows = await k
    .selectFrom('orgs')
    .select(['id', 'parent_id', 'unit_id', 'kind', 'level_code', 'name', 'short_name', 'code', 'sort_order', 'active', 'path', 'depth'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    unitId: r.unit_id,
    kind: r.kind as OrgKind,
    levelCode: r.level_code,
    name: r.name,
    shortName: r.short_name,
    code: r.code,
    sortOrder: r.sort_order,
    active: r.active,
    path: r.path,
    depth: r.depth,
  }));
}

export async function loadLevels(k: Kysely<Database>): Promise<LevelSnap[]> {
  const rows = await k.selectFrom('responsibility_levels').select(['code', 'name', 'name_en', 'org_kinds']).orderBy('sort_order').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en, kinds: r.org_kinds }));
}

export async function loadPeople(k: Kysely<Database>): Promise<PersonSnap[]> {
  const rows = await k
    .selectFrom('people as p')
    .leftJoin('accounts as a', 'a.person_id', 'p.id')
    .select(['p.id', 'p.code', 'p.org_id', 'p.name', 'p.post', 'p.phone', 'p.sort_order', 'p.active', 'p.org_path', 'a.username'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    orgId: r.org_id,
    name: r.name,
    post: r.post,
    phone: r.phone,
    sortOrder: r.sort_order,
    active: r.active,
    orgPath: r.org_path,
    username: r.username,
  }));
}

export async function loadGrants(k: Kysely<Database>): Promise<GrantSnap[]> {
  const rows = await k.selectFrom('role_grants').select(['person_id', 'role', 'org_id']).execute();
  return rows.map((r) => ({ personId: r.person_id, role: r.role as Role, orgId: r.org_id }));
}

// ---------------------------------------------------------------- shared helpers

const header = (cols: { key: string; header: string }[]) => (key: string) => cols.find((c) => c.key === key)?.header ?? key;
const OH = header(ORG_COLUMNS);
const PH = header(PEOPLE_COLUMNS);

export const statusText = (active: boolean) => (active ? STATUS_ACTIVE : STATUS_INACTIVE);

function parseStatus(s: string): boolean | undefined {
  const n = normaliseLabel(s);
  if (n === '' || n === normaliseLabel(STATUS_ACTIVE) || n === 'active') return true;
  if (n === normaliseLabel(STATUS_INACTIVE) || n === '撤销' || n === 'dissolved' || n === 'inactive') return false;
  return undefined;
}

function parseSort(s: string): number | undefined {
  if (s === '') return 0;
  if (!/^\d+(\.0+)?$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 1_000_000 ? n : undefined;
}

function levelLookup(levels: LevelSnap[]) {
  const m = new Map<string, string>();
  for (const l of levels) {
    m.set(normaliseLabel(l.code), l.code);
    m.set(normaliseLabel(l.name), l.code);
    m.set(normaliseLabel(l.nameEn), l.code);
  }
  return (s: string) => m.get(normaliseLabel(s));
}

export function formatRoles(grants: { role: Role; orgCode: string }[]): string {
  return [...grants]
    .sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.orgCode.localeCompare(b.orgCode))
    .map((g) => `${ROLE_LABELS[g.role].zh}@${g.orgCode}`)
    .join('；');
}

/** Roles a scoped (non-committee-wide) importer may not grant: committee-wide or province-reach roles. */
function grantable(role: Role, scope: Scope): boolean {
  if (scope === 'all') return true;
  return role !== 'committeeAdmin' && ROLE_DEFINITIONS[role].reach !== 'province';
}

function summarise(changes: Change[], errors: RowError[], deactivate: number): Summary {
  const s: Summary = { create: 0, update: 0, unchanged: 0, deactivate, errors: errors.length };
  for (const c of changes) s[c.action] += 1;
  return s;
}

// ---------------------------------------------------------------- organisations

export interface OrgNode {
  /** Database id; for a new organisation a placeholder (negative) until the apply assigns one. */
  id: number;
  existing: OrgSnap | null;
  code: string;
  name: string;
  shortName: string;
  kind: OrgKind;
  levelCode: string | null;
  parentCode: string | null;
  sortOrder: number;
  active: boolean;
  row: number | null;
}

export interface TreePos {
  path: string;
  depth: number;
  unitId: number | null;
}

/** Paths, depths and unit ids of the merged tree; nodes in a cycle or under a missing parent are left out. */
export function computeTree(nodes: Map<string, OrgNode>): { pos: Map<string, TreePos>; cyclic: Set<string> } {
  const pos = new Map<string, TreePos>();
  const cyclic = new Set<string>();
  const broken = new Set<string>();
  const visit = (code: string, stack: Set<string>): TreePos | null => {
    const done = pos.get(code);
    if (done) return done;
    if (cyclic.has(code) || broken.has(code)) return null;
    const n = nodes.get(code);
    if (!n) return null;
    if (stack.has(code)) {
      for (const c of stack) cyclic.add(c);
      return null;
    }
    let p: TreePos;
    if (n.parentCode === null) {
      p = { path: `/${n.id}/`, depth: 0, unitId: n.kind === 'unit' ? n.id : null };
    } else {
      stack.add(code);
      const parent = visit(n.parentCode, stack);
      stack.delete(code);
      if (!parent) {
        broken.add(code);
        return null;
      }
      const unitId = n.kind === 'unit' ? n.id : isWithinUnit(n.kind) ? parent.unitId : null;
      p = { path: `${parent.path}${n.id}/`, depth: parent.depth + 1, unitId };
    }
    pos.set(code, p);
    return p;
  };
  for (const code of nodes.keys()) visit(code, new Set());
  return { pos, cyclic };
}

export interface OrgAnalysis {
  kind: 'orgs';
  errors: RowError[];
  changes: Change[];
  summary: Summary;
  nodes: Map<string, OrgNode>;
  /** Codes of the file's rows to write (create or update), in file order. */
  writes: string[];
}

export function analyseOrgs(rows: RawRow[], orgs: OrgSnap[], levels: LevelSnap[], scope: Scope): OrgAnalysis {
  const errors: RowError[] = [];
  const err = (row: number, key: string, code: string, params?: Record<string, string | number>) =>
    errors.push({ row, column: OH(key), code, ...(params ? { params } : {}) });
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const nodes = new Map<string, OrgNode>();
  for (const o of orgs) {
    nodes.set(o.code, {
      id: o.id,
      existing: o,
      code: o.code,
      name: o.name,
      shortName: o.shortName,
      kind: o.kind,
      levelCode: o.levelCode,
      parentCode: o.parentId === null ? null : (byId.get(o.parentId)?.code ?? null),
      sortOrder: o.sortOrder,
      active: o.active,
      row: null,
    });
  }
  const level = levelLookup(levels);
  const defaultLevel = (kind: OrgKind) => levels.find((l) => l.kinds.includes(kind))?.code ?? null;
  const allowedKinds = ORG_KINDS.map((k) => ORG_KIND_LABELS[k].zh).join('、');
  const firstRow = new Map<string, number>();
  const fileCodes: string[] = [];
  let placeholder = 0;

  // Pass 1: each row on its own; merge the good ones into the tree.
  for (const r of rows) {
    const c = r.cells;
    const code = c.code ?? '';
    const codeOk = code !== '' && orgCodeSchema.safeParse(code).success;
    if (code === '') err(r.row, 'code', 'IMPORT_REQUIRED');
    else if (!codeOk) err(r.row, 'code', 'IMPORT_CODE_FORMAT');
    const name = c.name ?? '';
    if (name === '') err(r.row, 'name', 'IMPORT_REQUIRED');
    else if (name.length > 100) err(r.row, 'name', 'IMPORT_TOO_LONG', { max: 100 });
    if (c.shortName !== undefined && c.shortName.length > 40) err(r.row, 'shortName', 'IMPORT_TOO_LONG', { max: 40 });
    const kindText = c.kind ?? '';
    const kind = kindText === '' ? undefined : kindFromLabel(kindText);
    if (kindText === '') err(r.row, 'kind', 'IMPORT_REQUIRED');
    else if (!kind) err(r.row, 'kind', 'IMPORT_BAD_KIND', { value: kindText, allowed: allowedKinds });
    let levelCode: string | null | undefined;
    if (c.level !== undefined && c.level !== '') {
      levelCode = level(c.level);
      if (!levelCode) err(r.row, 'level', 'IMPORT_BAD_LEVEL', { value: c.level });
    } else if (c.level === '') levelCode = null;
    const sortOrder = c.sortOrder === undefined ? undefined : parseSort(c.sortOrder);
    if (c.sortOrder !== undefined && sortOrder === undefined) err(r.row, 'sortOrder', 'IMPORT_BAD_NUMBER');
    const active = c.status === undefined ? undefined : parseStatus(c.status);
    if (c.status !== undefined && active === undefined) err(r.row, 'status', 'IMPORT_BAD_STATUS');
    const parentCode = c.parentCode ?? '';
    if (code !== '') {
      const first = firstRow.get(code);
      if (first !== undefined) {
        err(r.row, 'code', 'IMPORT_DUPLICATE_CODE', { row: first });
        continue;
      }
      firstRow.set(code, r.row);
    }
    if (!codeOk || !kind) continue;
    const existing = nodes.get(code)?.existing ?? null;
    const node: OrgNode = {
      id: existing ? existing.id : --placeholder,
      existing,
      code,
      name,
      shortName: c.shortName ?? existing?.shortName ?? '',
      kind,
      levelCode: levelCode === undefined ? (existing ? existing.levelCode : defaultLevel(kind)) : levelCode === null && !existing ? defaultLevel(kind) : levelCode,
      parentCode: parentCode === '' ? null : parentCode,
      sortOrder: sortOrder ?? existing?.sortOrder ?? 0,
      active: active ?? existing?.active ?? true,
      row: r.row,
    };
    nodes.set(code, node);
    fileCodes.push(code);
  }

  // Pass 2: relations in the merged tree (parents may come later in the file).
  const root = orgs.find((o) => o.parentId === null) ?? null;
  const children = new Map<string, OrgNode[]>();
  for (const n of nodes.values()) {
    if (n.parentCode === null) continue;
    const list = children.get(n.parentCode);
    if (list) list.push(n);
    else children.set(n.parentCode, [n]);
  }
  const { pos, cyclic } = computeTree(nodes);
  const label = (k: OrgKind) => ORG_KIND_LABELS[k].zh;
  const bad = new Set<string>();
  for (const code of fileCodes) {
    const n = nodes.get(code) as OrgNode;
    const row = n.row as number;
    const before = errors.length;
    const visible = !n.existing || pathInScope(scope, n.existing.path);
    if (n.existing && visible && n.existing.kind !== n.kind) err(row, 'kind', 'IMPORT_KIND_CHANGE', { kind: label(n.existing.kind) });
    if (n.kind === 'committee' || n.parentCode === null) {
      if (n.kind !== 'committee') err(row, 'parentCode', 'IMPORT_REQUIRED');
      else if (n.parentCode !== null) err(row, 'kind', 'IMPORT_ROOT_ONLY_ONE');
      else if (!(root && root.code === code) && root) err(row, 'parentCode', 'IMPORT_ROOT_ONLY_ONE');
      else if (!n.active) err(row, 'status', 'IMPORT_ROOT_READONLY');
    } else {
      const parent = nodes.get(n.parentCode);
      if (!parent) err(row, 'parentCode', 'IMPORT_PARENT_NOT_FOUND', { code: n.parentCode });
      else {
        if (n.existing && n.existing.parentId === null) err(row, 'parentCode', 'IMPORT_ROOT_READONLY');
        else if (!canBeChildOf(n.kind, parent.kind)) err(row, 'kind', 'IMPORT_BAD_PARENT', { kind: label(n.kind), parentKind: label(parent.kind) });
        else if (!parent.active && n.active) err(row, 'parentCode', 'IMPORT_PARENT_INACTIVE');
        if (cyclic.has(code)) err(row, 'parentCode', 'IMPORT_CYCLE');
      }
    }
    if (!n.active && (children.get(code) ?? []).some((ch) => ch.active)) err(row, 'status', 'IMPORT_HAS_ACTIVE_CHILDREN');
    if (scope !== 'all') {
      const p = pos.get(code);
      const outside = (n.existing && !pathInScope(scope, n.existing.path)) || (p && !pathInScope(scope, p.path));
      if (outside) err(row, 'code', 'IMPORT_OUT_OF_SCOPE');
    }
    if (errors.length > before) bad.add(code);
  }

  // Changes.
  const changes: Change[] = [];
  const writes: string[] = [];
  let deactivate = 0;
  for (const code of fileCodes) {
    const n = nodes.get(code) as OrgNode;
    const e = n.existing;
    const row = n.row as number;
    if (!e) {
      changes.push({ row, code, name: n.name, action: 'create', fields: [] });
      writes.push(code);
      continue;
    }
    const fields: FieldChange[] = [];
    const cmp = (key: string, before: string, after: string) => {
      if (before !== after) fields.push({ column: OH(key), before, after });
    };
    cmp('name', e.name, n.name);
    cmp('shortName', e.shortName, n.shortName);
    cmp('level', e.levelCode ?? '', n.levelCode ?? '');
    cmp('parentCode', e.parentId === null ? '' : (byId.get(e.parentId)?.code ?? ''), n.parentCode ?? '');
    cmp('sortOrder', String(e.sortOrder), String(n.sortOrder));
    cmp('status', statusText(e.active), statusText(n.active));
    if (e.active && !n.active) deactivate += 1;
    // Stored values outside the importer's scope are never shown (the row is refused anyway).
    const shown = pathInScope(scope, e.path) ? fields : [];
    changes.push({ row, code, name: n.name, action: fields.length ? 'update' : 'unchanged', fields: shown });
    if (fields.length) writes.push(code);
  }
  errors.sort((a, b) => a.row - b.row);
  return { kind: 'orgs', errors, changes, summary: summarise(changes, errors, deactivate), nodes, writes };
}

// ---------------------------------------------------------------- people

export interface PersonPlan {
  code: string;
  existing: PersonSnap | null;
  name: string;
  post: string;
  org: OrgSnap;
  phone: string;
  sortOrder: number;
  active: boolean;
  /** The person row itself changes (or is new). */
  write: boolean;
  /** A username for an account to create. */
  newUsername: string | null;
  /** The complete new set of grants, when they change. */
  grants: { role: Role; orgId: number }[] | null;
}

export interface PeopleAnalysis {
  kind: 'people';
  errors: RowError[];
  changes: Change[];
  summary: Summary;
  plans: PersonPlan[];
}

export function analysePeople(
  rows: RawRow[],
  orgs: OrgSnap[],
  people: PersonSnap[],
  grants: GrantSnap[],
  scope: Scope,
  accountScope: Scope,
): PeopleAnalysis {
  const errors: RowError[] = [];
  const err = (row: number, key: string, code: string, params?: Record<string, string | number>) =>
    errors.push({ row, column: PH(key), code, ...(params ? { params } : {}) });
  const orgByCode = new Map(orgs.map((o) => [o.code, o]));
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const personByCode = new Map(people.map((p) => [p.code, p]));
  const usernameOwner = new Map<string, number>();
  for (const p of people) if (p.username) usernameOwner.set(p.username.toLowerCase(), p.id);
  const grantsOf = new Map<number, GrantSnap[]>();
  for (const g of grants) {
    const list = grantsOf.get(g.personId);
    if (list) list.push(g);
    else grantsOf.set(g.personId, [g]);
  }
  const rootIds = new Set(orgs.filter((o) => o.parentId === null).map((o) => o.id));
  const isRootAdmin = (g: { role: Role; orgId: number }) => g.role === 'committeeAdmin' && rootIds.has(g.orgId);
  const firstRow = new Map<string, number>();
  const firstUser = new Map<string, number>();
  const plans: PersonPlan[] = [];
  const changes: Change[] = [];
  const roleRows: { row: number; personId: number | null; removesAdmin: boolean }[] = [];
  let deactivate = 0;
  const grantText = (list: { role: Role; orgId: number }[]) =>
    formatRoles(list.map((g) => ({ role: g.role, orgCode: orgById.get(g.orgId)?.code ?? String(g.orgId) })));

  for (const r of rows) {
    const c = r.cells;
    const start = errors.length;
    const code = c.code ?? '';
    if (code === '') err(r.row, 'code', 'IMPORT_REQUIRED');
    else if (!personCodeSchema.safeParse(code).success) err(r.row, 'code', 'IMPORT_CODE_FORMAT');
    else {
      const first = firstRow.get(code);
      if (first !== undefined) {
        err(r.row, 'code', 'IMPORT_DUPLICATE_CODE', { row: first });
        continue;
      }
      firstRow.set(code, r.row);
    }
    const existing = code === '' ? null : (personByCode.get(code) ?? null);
    const name = c.name ?? '';
    if (name === '') err(r.row, 'name', 'IMPORT_REQUIRED');
    else if (name.length > 50) err(r.row, 'name', 'IMPORT_TOO_LONG', { max: 50 });
    const post = c.post ?? '';
    if (post === '') err(r.row, 'post', 'IMPORT_REQUIRED');
    else if (post.length > 30) err(r.row, 'post', 'IMPORT_TOO_LONG', { max: 30 });
    const orgCode = c.orgCode ?? '';
    const org = orgByCode.get(orgCode);
    if (orgCode === '') err(r.row, 'orgCode', 'IMPORT_REQUIRED');
    else if (!org) err(r.row, 'orgCode', 'IMPORT_ORG_NOT_FOUND', { code: orgCode });
    if (c.phone !== undefined && c.phone.length > 30) err(r.row, 'phone', 'IMPORT_TOO_LONG', { max: 30 });
    const sortOrder = c.sortOrder === undefined ? undefined : parseSort(c.sortOrder);
    if (c.sortOrder !== undefined && sortOrder === undefined) err(r.row, 'sortOrder', 'IMPORT_BAD_NUMBER');
    const statusActive = c.status === undefined ? undefined : parseStatus(c.status);
    if (c.status !== undefined && statusActive === undefined) err(r.row, 'status', 'IMPORT_BAD_STATUS');
    const active = statusActive ?? existing?.active ?? true;
    if (org && !org.active && active) err(r.row, 'orgCode', 'IMPORT_ORG_INACTIVE', { code: orgCode });
    if (org && scope !== 'all' && (!pathInScope(scope, org.path) || (existing && !pathInScope(scope, existing.orgPath)))) {
      err(r.row, 'orgCode', 'IMPORT_OUT_OF_SCOPE');
    }
    const personInAccountScope = org ? pathInScope(accountScope, org.path) && (!existing || pathInScope(accountScope, existing.orgPath)) : false;

    // Account.
    let newUsername: string | null = null;
    const username = c.username ?? '';
    if (username !== '') {
      if (!usernameSchema.safeParse(username).success) err(r.row, 'username', 'IMPORT_USERNAME_FORMAT');
      else {
        const lower = username.toLowerCase();
        const first = firstUser.get(lower);
        if (first !== undefined) err(r.row, 'username', 'IMPORT_DUPLICATE_USERNAME', { row: first });
        else firstUser.set(lower, r.row);
        if (existing?.username) {
          if (existing.username.toLowerCase() !== lower) {
            if (pathInScope(scope, existing.orgPath)) err(r.row, 'username', 'IMPORT_ACCOUNT_RENAME', { username: existing.username });
            else err(r.row, 'username', 'IMPORT_NO_ACCOUNT_PERMISSION');
          }
        } else {
          const owner = usernameOwner.get(lower);
          if (owner !== undefined && owner !== existing?.id) err(r.row, 'username', 'IMPORT_USERNAME_TAKEN', { username });
          else if (org && !personInAccountScope) err(r.row, 'username', 'IMPORT_NO_ACCOUNT_PERMISSION');
          newUsername = username;
        }
      }
    }

    // Roles.
    let newGrants: { role: Role; orgId: number }[] | null = null;
    const before = existing ? (grantsOf.get(existing.id) ?? []) : [];
    const rolesText = c.roles ?? '';
    if (rolesText !== '') {
      const given = new Map<string, { role: Role; orgId: number }>();
      let ok = true;
      for (const part of rolesText.split(/[；;]/).map((s) => s.trim()).filter(Boolean)) {
        const at = part.lastIndexOf('@') >= 0 ? part.lastIndexOf('@') : part.lastIndexOf('＠');
        if (at < 1 || at === part.length - 1) {
          err(r.row, 'roles', 'IMPORT_BAD_ROLE_FORMAT', { value: part });
          ok = false;
          continue;
        }
        const role = roleFromLabel(part.slice(0, at));
        const gOrg = orgByCode.get(part.slice(at + 1).trim());
        if (!role) {
          err(r.row, 'roles', 'IMPORT_BAD_ROLE', { value: part.slice(0, at).trim() });
          ok = false;
        }
        if (!gOrg) {
          err(r.row, 'roles', 'IMPORT_ORG_NOT_FOUND', { code: part.slice(at + 1).trim() });
          ok = false;
        }
        if (role && gOrg) given.set(`${role}@${gOrg.id}`, { role, orgId: gOrg.id });
      }
      if (ok) {
        const orgPathOf = (id: number) => orgById.get(id)?.path ?? '';
        const beforeKeys = new Set(before.map((g) => `${g.role}@${g.orgId}`));
        // Grants outside the importer's reach stay as they are.
        const desired = new Map(given);
        for (const g of before) if (!pathInScope(accountScope, orgPathOf(g.orgId))) desired.set(`${g.role}@${g.orgId}`, { role: g.role, orgId: g.orgId });
        const same = desired.size === beforeKeys.size && [...desired.keys()].every((k) => beforeKeys.has(k));
        if (!same) {
          if (org && !personInAccountScope) err(r.row, 'roles', 'IMPORT_NO_ACCOUNT_PERMISSION');
          else {
            for (const [k, g] of desired) {
              if (beforeKeys.has(k)) continue;
              const gOrg = orgById.get(g.orgId) as OrgSnap;
              if (!pathInScope(accountScope, gOrg.path)) err(r.row, 'roles', 'IMPORT_OUT_OF_SCOPE');
              else if (!grantable(g.role, accountScope)) err(r.row, 'roles', 'IMPORT_ROLE_NOT_GRANTABLE', { role: ROLE_LABELS[g.role].zh });
              else if (!gOrg.active) err(r.row, 'roles', 'IMPORT_ORG_INACTIVE', { code: gOrg.code });
            }
          }
          newGrants = [...desired.values()];
          roleRows.push({ row: r.row, personId: existing?.id ?? null, removesAdmin: before.some(isRootAdmin) && !newGrants.some(isRootAdmin) });
        }
      }
    }

    if (errors.length > start || !org) continue;
    const plan: PersonPlan = {
      code,
      existing,
      name,
      post,
      org,
      phone: c.phone ?? existing?.phone ?? '',
      sortOrder: sortOrder ?? existing?.sortOrder ?? 0,
      active,
      write: true,
      newUsername,
      grants: newGrants,
    };
    const fields: FieldChange[] = [];
    if (existing) {
      const cmp = (key: string, b: string, a: string) => {
        if (b !== a) fields.push({ column: PH(key), before: b, after: a });
      };
      cmp('name', existing.name, plan.name);
      cmp('post', existing.post, plan.post);
      cmp('orgCode', orgById.get(existing.orgId)?.code ?? '', org.code);
      cmp('phone', existing.phone, plan.phone);
      cmp('sortOrder', String(existing.sortOrder), String(plan.sortOrder));
      cmp('status', statusText(existing.active), statusText(plan.active));
      plan.write = fields.length > 0;
      if (existing.active && !plan.active) deactivate += 1;
    }
    if (newUsername) fields.push({ column: PH('username'), before: '', after: newUsername });
    if (newGrants) fields.push({ column: PH('roles'), before: grantText(before), after: grantText(newGrants) });
    plans.push(plan);
    const shown = existing && !pathInScope(scope, existing.orgPath) ? [] : fields;
    changes.push({ row: r.row, code, name, action: existing ? (fields.length ? 'update' : 'unchanged') : 'create', fields: shown });
  }

  // The last committee administrator must remain.
  if (roleRows.some((x) => x.removesAdmin)) {
    const replaced = new Set(roleRows.map((x) => x.personId).filter((x): x is number => x !== null));
    let admins = grants.filter((g) => isRootAdmin(g) && !replaced.has(g.personId)).length;
    for (const p of plans) if (p.grants) admins += p.grants.filter(isRootAdmin).length;
    if (admins === 0) for (const x of roleRows) if (x.removesAdmin) err(x.row, 'roles', 'IMPORT_LAST_ADMIN');
  }

  errors.sort((a, b) => a.row - b.row);
  const summary = summarise(changes, errors, deactivate);
  summary.accounts = plans.filter((p) => p.newUsername).length;
  summary.roles = plans.filter((p) => p.grants).length;
  return { kind: 'people', errors, changes, summary, plans };
}
