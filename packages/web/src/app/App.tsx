import { useEffect } from 'react';
import { BrowserRouter, matchPath, Navigate, Route, Routes, useLocation } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AuthProvider, useAuth, wasSignedIn } from './auth.tsx';
import { LocaleContext } from './i18n.tsx';
import { AppLayout } from './Layout.tsx';
import { NoPage } from './NoPage.tsx';
import { lazyComponent } from './lazy.tsx';
import { PAGES } from '../modules/index.tsx';
import LoginPage from '../modules/auth/LoginPage.tsx';
import SetupPage from '../modules/auth/SetupPage.tsx';
import ChangePasswordPage from '../modules/auth/ChangePasswordPage.tsx';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

function Loading() {
  return (
    <div style={{ padding: 80, textAlign: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/** Every page, loaded on first use (app/lazy.tsx), with the route pattern it answers. */
const LAZY_PAGES = PAGES.map((p) => ({ ...p, pattern: p.path === '/' ? '/' : `${p.path}/*`, Component: lazyComponent(p.component, <Loading />) }));

function Guarded() {
  const { me, loading, can } = useAuth();
  const location = useLocation();
  // The page in the address bar starts loading while the session is checked, when this browser
  // had a session before (a first visit only needs the sign-in page).
  useEffect(() => {
    if (!wasSignedIn()) return;
    const page = LAZY_PAGES.find((p) => matchPath({ path: p.pattern }, location.pathname));
    void page?.Component.preload().catch(() => undefined);
  }, [location.pathname]);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (me.mustChangePassword) return <Navigate to="/change-password" replace />;
  return (
    <AppLayout>
      <Routes>
        {LAZY_PAGES
          .filter((p) => !p.permission || can(p.permission))
          .map((p) => (
            <Route key={p.path} path={p.pattern} element={<p.Component />} />
          ))}
        <Route path="*" element={<NoPage />} />
      </Routes>
    </AppLayout>
  );
}

function Localised() {
  const { me } = useAuth();
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('qd_locale') : null;
  const locale = me?.locale ?? (stored === 'en' ? 'en' : 'zh-CN');
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  return (
    <LocaleContext.Provider value={locale}>
      <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={{ zeroRuntime: true, token: { colorPrimary: '#c0161d', borderRadius: 4 } }}>
        <AntApp>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/setup" element={<SetupPage />} />
              <Route path="/change-password" element={<ChangePasswordPage />} />
              <Route path="*" element={<Guarded />} />
            </Routes>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </LocaleContext.Provider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <Localised />
      </AuthProvider>
    </QueryClientProvider>
  );
}
