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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * reach: 'subtree' — the grant covers its organisation node and everything below it;
 *        'province' — the grant covers every organisation (committee staff working across units).
 */
export interface RoleDefinition {
  permissions: readonly Permission[];
  reach: 'subtree' | 'province';
}

export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = {
  committeeAdmin: {
    permissions: [
      'org.read', 'org.write', 'people.read', 'people.write',
      'accounts.read', 'accounts.write', 'audit.read', 'system.admin',
      'lists.read', 'lists.draft', 'lists.manage', 'lists.comment',
    ],
    reach: 'subtree',
  },
  // lists.manage lets department staff manage the lists their own department owns (modules/lists/policy.ts).
  departmentStaff: { permissions: ['org.read', 'people.read', 'lists.read', 'lists.draft', 'lists.manage', 'lists.comment'], reach: 'province' },
  unitAdmin: {
    permissions: ['org.read', 'org.write', 'people.read', 'people.write', 'accounts.read', 'accounts.write', 'audit.read', 'lists.read', 'lists.comment'],
    reach: 'subtree',
  },
  leader: { permissions: ['org.read', 'people.read', 'lists.read', 'lists.comment'], reach: 'subtree' },
  organStaff: { permissions: ['org.read', 'people.read', 'people.write', 'lists.read'], reach: 'subtree' },
  branchSecretary: { permissions: ['org.read', 'people.read', 'lists.read'], reach: 'subtree' },
  inspector: { permissions: ['org.read', 'people.read', 'lists.read'], reach: 'province' },
  viewer: { permissions: ['org.read', 'people.read', 'lists.read'], reach: 'subtree' },
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
    if (def.reach === 'province' || g.orgPath.split('/').filter(Boolean).length === 1) return 'all';
    paths.push(g.orgPath);
  }
  // Drop paths already covered by a shorter one.
  paths.sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of paths) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept;
}

export function pathInScope(scope: 'all' | readonly string[], path: string): boolean {
  return scope === 'all' || scope.some((p) => path.startsWith(p));
}
