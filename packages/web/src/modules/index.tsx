import { HomeOutlined, UserOutlined } from '@ant-design/icons';
import { ApartmentOutlined } from '@ant-design/icons';
import { IdcardOutlined, TeamOutlined } from '@ant-design/icons';
import { AuditOutlined } from '@ant-design/icons';
import { FileExcelOutlined } from '@ant-design/icons';
import { ProfileOutlined } from '@ant-design/icons';
import type { PageDef } from './registry.ts';

/** Every page of every module. A module adds its entries here; the shell builds routes and menu. */
export const PAGES: PageDef[] = [
  { path: '/', label: { zh: '首页', en: 'Home' }, icon: HomeOutlined, component: () => import('./home/HomePage.tsx'), order: 0 },
  { path: '/lists', label: { zh: '责任清单', en: 'Responsibility lists' }, icon: ProfileOutlined, permission: 'lists.read', component: () => import('./lists/ListsPage.tsx'), order: 5 },
  { path: '/orgs', label: { zh: '组织机构', en: 'Organisations' }, icon: ApartmentOutlined, permission: 'org.read', component: () => import('./org/OrgPage.tsx'), order: 10 },
  { path: '/people', label: { zh: '人员管理', en: 'People' }, icon: TeamOutlined, permission: 'people.read', component: () => import('./people/PeoplePage.tsx'), order: 20 },
  { path: '/accounts', label: { zh: '账号管理', en: 'Accounts' }, icon: IdcardOutlined, permission: 'accounts.read', component: () => import('./people/AccountsPage.tsx'), order: 25 },
  { path: '/imports', label: { zh: '导入导出', en: 'Import / export' }, icon: FileExcelOutlined, permission: 'org.write', component: () => import('./imports/ImportsPage.tsx'), order: 30 },
  { path: '/audit', label: { zh: '审计日志', en: 'Audit trail' }, icon: AuditOutlined, permission: 'audit.read', component: () => import('./audit/AuditPage.tsx'), order: 80 },
  { path: '/account', label: { zh: '个人设置', en: 'My account' }, icon: UserOutlined, component: () => import('./auth/AccountPage.tsx'), order: 90 },
];
