import { Button, Result } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { PAGES } from '../modules/index.tsx';
import { useTr } from './i18n.tsx';

/**
 * What an address that leads to no page of the user's says, instead of silently going home:
 * a page that exists but is not the user's (403), or no such page (404).
 */
export function NoPage() {
  const tr = useTr();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const known = PAGES.some((p) => p.path !== '/' && (pathname === p.path || pathname.startsWith(`${p.path}/`)));
  return (
    <Result
      status={known ? '403' : '404'}
      title={known ? tr('无权访问此页面', 'Not your page') : tr('页面不存在', 'No such page')}
      subTitle={
        known
          ? tr('您的账号没有访问此页面的权限；如需使用，请联系管理员授权。', 'Your account may not open this page; ask an administrator for the right.')
          : tr(`没有地址为 ${pathname} 的页面，请从左侧菜单进入。`, `There is no page at ${pathname}; use the menu on the left.`)
      }
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {tr('返回首页', 'Home')}
        </Button>
      }
      data-testid="no-page"
    />
  );
}
