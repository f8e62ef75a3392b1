/** Labels of audit action codes and entity types (Chinese first). Unknown codes show as themselves. */
export const AUDIT_ACTION_LABELS: Record<string, { zh: string; en: string }> = {
  'auth.login': { zh: '登录', en: 'Sign in' },
  'auth.loginFailed': { zh: '登录失败', en: 'Failed sign-in' },
  'auth.logout': { zh: '退出登录', en: 'Sign out' },
  'auth.passwordChanged': { zh: '修改密码', en: 'Password changed' },
  'org.create': { zh: '新增组织', en: 'Organisation created' },
  'org.update': { zh: '修改组织', en: 'Organisation edited' },
  'org.move': { zh: '调整组织隶属', en: 'Organisation moved' },
  'org.activate': { zh: '启用组织', en: 'Organisation enabled' },
  'org.deactivate': { zh: '停用组织', en: 'Organisation deactivated' },
  'person.create': { zh: '新增人员', en: 'Person added' },
  'person.update': { zh: '修改人员', en: 'Person edited' },
  'person.activate': { zh: '启用人员', en: 'Person enabled' },
  'person.deactivate': { zh: '停用人员', en: 'Person deactivated' },
  'people.create': { zh: '新增人员', en: 'Person added' },
  'account.create': { zh: '开通账号', en: 'Account opened' },
  'account.createAdmin': { zh: '创建管理员', en: 'Administrator created' },
  'account.resetPassword': { zh: '重置密码', en: 'Password reset' },
  'account.unlock': { zh: '解锁账号', en: 'Account unlocked' },
  'account.enable': { zh: '启用账号', en: 'Account enabled' },
  'account.disable': { zh: '停用账号', en: 'Account disabled' },
  'grant.create': { zh: '授予角色', en: 'Role granted' },
  'grant.delete': { zh: '收回角色', en: 'Role removed' },
  'import.orgs': { zh: '导入组织机构', en: 'Organisations imported' },
  'import.people': { zh: '导入人员', en: 'People imported' },
  'demo.seed': { zh: '生成演示数据', en: 'Demo data seeded' },
  'system.backup': { zh: '备份数据', en: 'Backup' },
  'system.restore': { zh: '恢复数据', en: 'Restore' },
};

export const AUDIT_ENTITY_LABELS: Record<string, { zh: string; en: string }> = {
  org: { zh: '组织', en: 'Organisation' },
  person: { zh: '人员', en: 'Person' },
  account: { zh: '账号', en: 'Account' },
  grant: { zh: '角色授权', en: 'Role grant' },
  importBatch: { zh: '导入批次', en: 'Import batch' },
  system: { zh: '系统', en: 'System' },
};

/** Groups for the action filter: "org." selects every action of the module. */
export const AUDIT_ACTION_GROUPS: { prefix: string; label: { zh: string; en: string } }[] = [
  { prefix: 'auth.', label: { zh: '登录与密码（全部）', en: 'Sign-in and passwords (all)' } },
  { prefix: 'org.', label: { zh: '组织机构（全部）', en: 'Organisations (all)' } },
  { prefix: 'person.', label: { zh: '人员（全部）', en: 'People (all)' } },
  { prefix: 'account.', label: { zh: '账号（全部）', en: 'Accounts (all)' } },
  { prefix: 'grant.', label: { zh: '角色授权（全部）', en: 'Role grants (all)' } },
  { prefix: 'import.', label: { zh: '导入（全部）', en: 'Imports (all)' } },
  { prefix: 'system.', label: { zh: '系统维护（全部）', en: 'System (all)' } },
];
