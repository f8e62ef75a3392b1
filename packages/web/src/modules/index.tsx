import { HomeOutlined, UserOutlined } from '@ant-design/icons';
import { ApartmentOutlined } from '@ant-design/icons';
import { IdcardOutlined, TeamOutlined } from '@ant-design/icons';
import { AuditOutlined } from '@ant-design/icons';
import { FileExcelOutlined } from '@ant-design/icons';
import { ProfileOutlined } from '@ant-design/icons';
import { BellOutlined, CheckSquareOutlined, DashboardOutlined, FundOutlined, ScheduleOutlined, SolutionOutlined, TableOutlined } from '@ant-design/icons';
import { UnorderedListOutlined } from '@ant-design/icons';
import type { PageDef } from './registry.ts';
import { recordsWork, seesMatrix, seesOverview, seesPeriods, seesUnit } from './dashboard/visibility.ts';

/** Every page of every module. A module adds its entries here; the shell builds routes and menu. */
export const PAGES: PageDef[] = [
  { path: '/', label: { zh: '首页', en: 'Home' }, icon: HomeOutlined, component: () => import('./home/HomePage.tsx'), order: 0 },
  { path: '/lists', label: { zh: '责任清单', en: 'Responsibility lists' }, icon: ProfileOutlined, permission: 'lists.read', component: () => import('./lists/ListsPage.tsx'), order: 5 },
  { path: '/my-tasks', label: { zh: '我的任务', en: 'My tasks' }, icon: ScheduleOutlined, permission: 'work.record', visible: recordsWork, component: () => import('./work/MyTasksPage.tsx'), order: 1 },
  { path: '/work/periods', label: { zh: '履责记实', en: 'Period' }, permission: 'work.read', component: () => import('./work/PeriodPage.tsx'), order: 2, hidden: true },
  { path: '/reviews', label: { zh: '审核', en: 'Reviews' }, icon: CheckSquareOutlined, permission: 'work.review', component: () => import('./work/ReviewsPage.tsx'), order: 3 },
  { path: '/division', label: { zh: '责任分工', en: 'Division of labour' }, icon: SolutionOutlined, permission: 'work.assign', component: () => import('./work/DivisionPage.tsx'), order: 4 },
  { path: '/dashboard/overview', label: { zh: '全省总览', en: 'Province overview' }, icon: FundOutlined, permission: 'work.read', visible: seesOverview, component: () => import('./dashboard/OverviewPage.tsx'), order: 6 },
  { path: '/dashboard/unit', label: { zh: '单位进度', en: 'Unit progress' }, icon: DashboardOutlined, permission: 'work.read', visible: seesUnit, component: () => import('./dashboard/UnitDashboardPage.tsx'), order: 7 },
  { path: '/dashboard/matrix', label: { zh: '支部进度', en: 'Branch progress' }, icon: TableOutlined, permission: 'work.read', visible: seesMatrix, component: () => import('./dashboard/OrgMatrixPage.tsx'), order: 8 },
  { path: '/dashboard/periods', label: { zh: '履责明细', en: 'Records' }, icon: UnorderedListOutlined, permission: 'work.read', visible: seesPeriods, component: () => import('./dashboard/PeriodsPage.tsx'), order: 9 },
  { path: '/notifications', label: { zh: '消息', en: 'Inbox' }, icon: BellOutlined, component: () => import('./notifications/NotificationsPage.tsx'), order: 85 },
  { path: '/orgs', label: { zh: '组织机构', en: 'Organisations' }, icon: ApartmentOutlined, permission: 'org.read', component: () => import('./org/OrgPage.tsx'), order: 10 },
  { path: '/people', label: { zh: '人员管理', en: 'People' }, icon: TeamOutlined, permission: 'people.read', component: () => import('./people/PeoplePage.tsx'), order: 20 },
  { path: '/accounts', label: { zh: '账号管理', en: 'Accounts' }, icon: IdcardOutlined, permission: 'accounts.read', component: () => import('./people/AccountsPage.tsx'), order: 25 },
  { path: '/imports', label: { zh: '导入导出', en: 'Import / export' }, icon: FileExcelOutlined, permission: 'org.write', component: () => import('./imports/ImportsPage.tsx'), order: 30 },
  { path: '/audit', label: { zh: '审计日志', en: 'Audit trail' }, icon: AuditOutlined, permission: 'audit.read', component: () => import('./audit/AuditPage.tsx'), order: 80 },
  { path: '/account', label: { zh: '个人设置', en: 'My account' }, icon: UserOutlined, component: () => import('./auth/AccountPage.tsx'), order: 90 },
];
