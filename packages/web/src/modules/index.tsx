import { HomeOutlined, UserOutlined } from '@ant-design/icons';
import type { PageDef } from './registry.ts';

/** Every page of every module. A module adds its entries here; the shell builds routes and menu. */
export const PAGES: PageDef[] = [
  { path: '/', label: { zh: '首页', en: 'Home' }, icon: HomeOutlined, component: () => import('./home/HomePage.tsx'), order: 0 },
  { path: '/account', label: { zh: '个人设置', en: 'My account' }, icon: UserOutlined, component: () => import('./auth/AccountPage.tsx'), order: 90 },
];
