/** Roles, permissions and how far each role's grant reaches. The single source for server and web. */

export const ROLES = [
  'committeeAdmin',
  'departmentStaff',
  'unitAdmin',
  'leader',
  'organStaff',
  'branchSecretary',
  'inspector',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'org.read',
  'org.write',
  'people.read',
  'people.write',
  'accounts.read',
  'accounts.write',
  'audit.read',
  'system.admin',
  'lists.read',
  'lists.draft',
  'lists.manage',
  'lists.comment',
  // 一级抓一级 (docs/WORK.md): see the distributed tasks and records in scope; record and submit
  // an organisation's own work; review the level below; divide the unit's tasks (分工); run the
  // distribution and the committee's settings.
  'work.read',
  'work.record',
  'work.review',
  'work.assign',
  'work.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * reach: 'subtree' — the grant covers its organisation node and everything below it;
 *        'unit' — the grant covers the whole unit its organisation belongs to (leadership members
 *                 of the party group answer for the whole unit);
 *        'province' — the grant covers every organisation (committee staff working across units).
 */
export interface RoleDefinition {
  permissions: readonly Permission[];
  reach: 'subtree' | 'unit' | 'province';
}

export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = {
  committeeAdmin: {
    permissions: [
      'org.read', 'org.write', 'people.read', 'people.write',
      'accounts.read', 'accounts.write', 'audit.read', 'system.admin',
      'lists.read', 'lists.draft', 'lists.manage', 'lists.comment',
      // Holds every work permission so that it can grant every role; modules/work/policy.ts keeps
      // recording and dividing a unit's work to the unit's own people.
      'work.read', 'work.record', 'work.review', 'work.assign', 'work.manage',
    ],
    reach: 'subtree',
  },
  // lists.manage lets department staff manage the lists their own department owns (modules/lists/policy.ts).
  // work.review: the department named on a task reviews the party groups' work on it (modules/work/policy.ts);
  // only a grant on the department itself reviews, not one on the committee root.
  departmentStaff: {
    permissions: ['org.read', 'people.read', 'lists.read', 'lists.draft', 'lists.manage', 'lists.comment', 'work.read', 'work.review'],
    reach: 'province',
  },
  unitAdmin: {
    permissions: [
      'org.read', 'org.write', 'people.read', 'people.write', 'accounts.read', 'accounts.write', 'audit.read', 'lists.read', 'lists.comment',
      'work.read', 'work.record', 'work.assign',
    ],
    reach: 'subtree',
  },
  // The party-group liaison: records the party group's work, reviews the organ committee's.
  leader: { permissions: ['org.read', 'people.read', 'lists.read', 'lists.comment', 'work.read', 'work.record', 'work.review', 'work.assign'], reach: 'unit' },
  // Records the organ committee's work, reviews its branches', divides its tasks among its members.
  organStaff: { permissions: ['org.read', 'people.read', 'people.write', 'lists.read', 'work.read', 'work.record', 'work.review', 'work.assign'], reach: 'subtree' },
  branchSecretary: { permissions: ['org.read', 'people.read', 'lists.read', 'work.read', 'work.record'], reach: 'subtree' },
  // Inspectors are the staff of the committee's supervision office (党建督查巡察室): they read every
  // unit, and like any department's staff review the party groups' work on the tasks that name
  // their own office (modules/work/policy.ts); a grant on the committee root reviews nothing.
  inspector: { permissions: ['org.read', 'people.read', 'lists.read', 'work.read', 'work.review'], reach: 'province' },
  viewer: { permissions: ['org.read', 'people.read', 'lists.read', 'work.read'], reach: 'subtree' },
};

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  committeeAdmin: { zh: '工委管理员', en: 'Committee administrator' },
  departmentStaff: { zh: '工委部门人员', en: 'Department staff' },
  unitAdmin: { zh: '单位管理员', en: 'Unit administrator' },
  leader: { zh: '班子成员', en: 'Leadership member' },
  organStaff: { zh: '机关党委工作人员', en: 'Organ-committee staff' },
  branchSecretary: { zh: '支部书记', en: 'Branch secretary' },
  inspector: { zh: '督查人员', en: 'Inspector' },
  viewer: { zh: '查看人员', en: 'Viewer' },
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_DEFINITIONS[role].permissions.includes(permission);
}

/** The roles that carry a permission. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((r) => roleHas(r, permission));
}

export interface GrantLike {
  role: Role;
  orgPath: string;
}

/**
 * The data scope one permission gives a set of grants: 'all', or the organisation paths whose
 * subtrees it covers. An empty list means no access at all.
 */
export function scopeFor(grants: readonly GrantLike[], permission: Permission): 'all' | string[] {
  const paths: string[] = [];
  for (const g of grants) {
    const def = ROLE_DEFINITIONS[g.role];
    if (!def.permissions.includes(permission)) continue;
    const segments = g.orgPath.split('/').filter(Boolean);
    if (def.reach === 'province' || segments.length === 1) return 'all';
    paths.push(def.reach === 'unit' ? unitPathOf(g.orgPath) : g.orgPath);
  }
  // Drop paths already covered by a shorter one.
  paths.sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of paths) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept;
}

/** The path of the unit an organisation path lies in (units sit directly under the committee root). */
export function unitPathOf(orgPath: string): string {
  const segments = orgPath.split('/').filter(Boolean);
  return segments.length < 2 ? orgPath : `/${segments[0]}/${segments[1]}/`;
}

/** The organisation path a grant of `role` at `orgPath` actually reaches from. */
export function reachPathOf(role: Role, orgPath: string): string {
  return ROLE_DEFINITIONS[role].reach === 'unit' ? unitPathOf(orgPath) : orgPath;
}

export function pathInScope(scope: 'all' | readonly string[], path: string): boolean {
  return scope === 'all' || scope.some((p) => path.startsWith(p));
}
