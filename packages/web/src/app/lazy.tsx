import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useTr } from './i18n.tsx';

/**
 * A component whose code loads on first use, without Suspense. React reveals a suspended
 * boundary's content no sooner than 300 ms after its fallback appeared (its fallback throttle), so
 * every page opened through React.lazy waited that long even with its code in the cache. Here the
 * fallback shows until the module has loaded, then the component renders at once; a module loaded
 * once renders immediately ever after. `preload` starts the download early (the shell calls it for
 * the page in the address bar while it checks the session). A failed load says so and offers to
 * reload the page.
 */
export function lazyComponent<P extends object>(load: () => Promise<{ default: ComponentType<P> }>, fallback: ReactNode) {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (m) => (loaded = m.default),
      (e: unknown) => {
        pending = null;
        throw e;
      },
    ));
  function Lazy(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Component) return;
      let live = true;
      preload().then(
        (c) => live && setComponent(() => c),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, [Component]);
    if (failed) return <LoadFailed />;
    return Component ? <Component {...props} /> : <>{fallback}</>;
  }
  return Object.assign(Lazy, { preload });
}

function LoadFailed() {
  const tr = useTr();
  return (
    <Result
      status="warning"
      title={tr('页面加载失败', 'The page failed to load')}
      subTitle={tr('网络中断或系统已更新，请刷新页面后重试。', 'The network dropped or the system was updated: reload the page and try again.')}
      extra={<Button type="primary" onClick={() => window.location.reload()}>{tr('刷新页面', 'Reload')}</Button>}
      data-testid="page-load-failed"
    />
  );
}
