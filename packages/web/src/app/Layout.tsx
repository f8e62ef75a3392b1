import { useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Alert, App as AntApp, Avatar, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLE_LABELS } from '@qingdan/core';
import { api, errorMessage } from './api.ts';
import { healthQuery } from './health.ts';
import { menuPages } from './menu.ts';
import { ME_KEY, useAuth } from './auth.tsx';
import { useLabel, useLocale, useTr } from './i18n.tsx';
import { PAGES } from '../modules/index.tsx';
import { InboxBell } from '../modules/notifications/InboxBell.tsx';

const { Header, Sider, Content } = Layout;

export function AppLayout({ children }: { children: ReactNode }) {
  const { me, can, refresh } = useAuth();
  const tr = useTr();
  const label = useLabel();
  const locale = useLocale();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [collapsed, setCollapsed] = useState(false);

  const items = useMemo(
    () =>
      menuPages(me, can).map((p) => ({ key: p.path, icon: p.icon ? <p.icon /> : undefined, label: label(p.label) })),
    [can, label, me],
  );
  const selected = PAGES.filter((p) =>
    p.path === '/' ? location.pathname === '/' : location.pathname === p.path || location.pathname.startsWith(`${p.path}/`),
  ).map((p) => p.path);

  const switchLocale = async () => {
    const next = locale === 'en' ? 'zh-CN' : 'en';
    try {
      await api.put('/api/auth/locale', { locale: next });
      localStorage.setItem('qd_locale', next);
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const logout = async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      qc.setQueryData(ME_KEY, null);
      qc.clear();
      navigate('/login');
    }
  };
  // The business date the server runs on (the demo has its own; tests move it).
  const health = useQuery(healthQuery);
  const roles = me ? [...new Set(me.grants.map((g) => label(ROLE_LABELS[g.role])))].join('、') : '';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208} theme="dark">
        <div className="qd-brand" style={{ height: 56, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#fff', fontSize: collapsed ? 18 : 17, fontWeight: 600, background: '#a8071a' }}>
          {collapsed ? '清单' : tr('清单 · 党建责任清单', 'Qingdan')}
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={selected} items={items} onClick={(e) => navigate(e.key)} />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {tr('党建工作责任清单管理平台', 'Party-building responsibility list platform')}
          </Typography.Text>
          <Space size="middle">
            <InboxBell />
            <a onClick={switchLocale} data-testid="locale-switch">
              <GlobalOutlined /> {locale === 'en' ? '中文' : 'English'}
            </a>
            <Dropdown
              menu={{
                items: [
                  { key: 'account', icon: <UserOutlined />, label: tr('个人设置', 'My account'), onClick: () => navigate('/account') },
                  { key: 'logout', icon: <LogoutOutlined />, label: tr('退出登录', 'Sign out'), onClick: logout },
                ],
              }}
            >
              <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#c0161d' }} />
                <span>{me?.name}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {roles}
                </Typography.Text>
              </Space>
            </Dropdown>
          </Space>
        </Header>
        {!me?.demo && health.data?.clockShifted && (
          <Alert type="info" banner showIcon title={tr(`业务日期：${health.data.businessDate}`, `Business date: ${health.data.businessDate}`)} />
        )}
        {me?.demo && (
          <Alert
            type="warning"
            banner
            showIcon
            title={
              tr('演示环境：本系统中的单位、人员和数据均为虚构的演示数据。', 'Demo environment: every unit, person and record here is made-up demo data.') +
              (health.data?.clockShifted ? tr(`业务日期：${health.data.businessDate}（演示）`, ` Business date: ${health.data.businessDate} (demo).`) : '')
            }
          />
        )}
        <Content style={{ margin: 16 }}>{children}</Content>
      </Layout>
    </Layout>
  );
}
