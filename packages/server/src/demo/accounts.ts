import type { Role } from '@qingdan/core';

/** Every demo account signs in with this password (the demo data is public). */
export const DEMO_PASSWORD = 'Demo@2026';

/**
 * Where a demo account's grant sits: the committee root, a committee department (by key), or a
 * node of a unit (by unit key): the unit itself, its party group, organ committee or first branch.
 */
export type DemoGrantAt =
  | { at: 'root' }
  | { at: 'department'; key: string }
  | { at: 'unit' | 'partyGroup' | 'organCommittee' | 'firstBranch'; unit: string };

export interface DemoAccount {
  username: string;
  role: Role;
  /** The organisation of the grant, as shown to people (README, login page hints, tests). */
  org: string;
  /** What the account is for, in Chinese. */
  description: string;
  grantAt: DemoGrantAt;
}

/** The single list of demo accounts: the seed creates them, README and tests read them. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', role: 'committeeAdmin', org: '省委直属机关工作委员会', description: '工委管理员：管理全省组织机构、人员和账号', grantAt: { at: 'root' } },
  { username: 'zzb', role: 'departmentStaff', org: '工委组织部', description: '工委组织部人员：查看全省组织和人员，审核点名组织部的任务', grantAt: { at: 'department', key: 'zzb' } },
  { username: 'xcb', role: 'departmentStaff', org: '工委宣传部', description: '工委宣传部人员：审核点名宣传部的任务', grantAt: { at: 'department', key: 'xcb' } },
  { username: 'jjgw', role: 'departmentStaff', org: '工委纪检监察工委', description: '纪检监察工委人员：审核点名纪检监察工委的任务', grantAt: { at: 'department', key: 'jjgw' } },
  { username: 'bgs', role: 'departmentStaff', org: '工委办公室', description: '工委办公室人员：审核点名办公室的任务', grantAt: { at: 'department', key: 'bgs' } },
  { username: 'dcs', role: 'inspector', org: '工委党建督查巡察室', description: '督查人员：查看全省数据，开展督查，审核点名党建督查巡察室的任务', grantAt: { at: 'department', key: 'dcs' } },
  { username: 'jyt_admin', role: 'unitAdmin', org: '省教育厅', description: '省教育厅单位管理员：管理本单位组织、人员和账号', grantAt: { at: 'unit', unit: 'jyt' } },
  { username: 'jyt_leader', role: 'leader', org: '中共省教育厅党组', description: '省教育厅党组班子成员：查看本单位', grantAt: { at: 'partyGroup', unit: 'jyt' } },
  { username: 'jyt_jgdw', role: 'organStaff', org: '省教育厅机关党委', description: '省教育厅机关党委工作人员：维护机关党委下的人员', grantAt: { at: 'organCommittee', unit: 'jyt' } },
  { username: 'jyt_zb1', role: 'branchSecretary', org: '省教育厅办公室党支部', description: '省教育厅党支部书记：查看本支部', grantAt: { at: 'firstBranch', unit: 'jyt' } },
  { username: 'fgw_admin', role: 'unitAdmin', org: '省发展和改革委员会', description: '省发展改革委单位管理员：管理本单位（用于验证单位间数据隔离）', grantAt: { at: 'unit', unit: 'fgw' } },
  { username: 'viewer', role: 'viewer', org: '省教育厅', description: '省教育厅查看人员：只读', grantAt: { at: 'unit', unit: 'jyt' } },
];
