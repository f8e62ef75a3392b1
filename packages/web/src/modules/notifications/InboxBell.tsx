import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Tooltip } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTr } from '../../app/i18n.tsx';
import { notificationsApi, UNREAD_KEY } from './notificationsApi.ts';

/** The header's inbox bell: the unread count (every minute and when the window regains focus), linking to 消息. */
export function InboxBell() {
  const tr = useTr();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: UNREAD_KEY, queryFn: () => notificationsApi.unreadCount(), refetchInterval: 60_000, refetchOnWindowFocus: true, retry: false });
  const count = q.data?.count ?? 0;
  const title = count > 0 ? tr(`${count} 条未读消息`, `${count} unread`) : tr('消息', 'Inbox');
  return (
    <Tooltip title={title}>
      <Badge count={count} overflowCount={99} size="small" offset={[-4, 4]}>
        <Button type="text" shape="circle" icon={<BellOutlined style={{ fontSize: 18 }} />} onClick={() => navigate('/notifications')} aria-label={title} data-testid="inbox-bell" />
      </Badge>
    </Tooltip>
  );
}
