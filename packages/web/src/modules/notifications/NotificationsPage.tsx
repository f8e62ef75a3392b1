import { useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Badge, Button, Card, Empty, Popconfirm, Segmented, Space, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CheckOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { NOTIFICATION_KIND_LABELS, type NotificationKind } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { PagedTable, usePaged } from '../../app/paged.tsx';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { notificationsApi, UNREAD_KEY, type Notification, type NotificationsQuery } from './notificationsApi.ts';

const KIND_COLORS: Record<NotificationKind, string> = {
  dueSoon: 'gold',
  overdue: 'red',
  overdueBelow: 'volcano',
  returned: 'magenta',
  approved: 'green',
  submitted: 'blue',
  digest: 'default',
  listIssued: 'purple',
  listRevised: 'cyan',
};

/** A link of the app itself (a notification's `link` is a path such as /work/periods/12). */
const isAppPath = (link: string) => link.startsWith('/') && !link.startsWith('//');

/** 消息: the caller's inbox — unread first by default, mark one or all as read, follow a link. */
export default function NotificationsPage() {
  const tr = useTr();
  const label = useLabel();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const paged = usePaged<NotificationsQuery, Notification>(['notifications', 'list'], { page: 1, pageSize: 20 }, notificationsApi.notifications);
  const { query } = paged;
  const unread = useQuery({ queryKey: UNREAD_KEY, queryFn: () => notificationsApi.unreadCount() });
  const unreadCount = unread.data?.count ?? 0;
  const refresh = () => void qc.invalidateQueries({ queryKey: ['notifications'] });

  const markRead = async (n: Notification) => {
    if (n.readAt) return;
    try {
      await notificationsApi.markRead(n.id);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      refresh();
    }
  };
  const follow = async (n: Notification) => {
    await markRead(n);
    if (isAppPath(n.link)) navigate(n.link);
  };
  const readAll = async () => {
    try {
      await notificationsApi.markAllRead();
      message.success(tr('已全部标为已读', 'All marked as read'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      refresh();
    }
  };

  const columns: TableProps<Notification>['columns'] = [
    {
      key: 'dot',
      width: 28,
      render: (_, n) => (n.readAt ? null : <Badge status="error" data-testid="unread-dot" />),
    },
    {
      title: tr('类别', 'Kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 110,
      render: (k: NotificationKind) => <Tag color={KIND_COLORS[k] ?? 'default'}>{label(NOTIFICATION_KIND_LABELS[k]) || k}</Tag>,
    },
    {
      title: tr('内容', 'Message'),
      key: 'message',
      render: (_, n) => (
        <div>
          <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
          {n.body && <div style={{ whiteSpace: 'pre-wrap', color: 'rgba(0,0,0,0.65)', marginTop: 2 }}>{n.body}</div>}
        </div>
      ),
    },
    { title: tr('时间', 'Time'), dataIndex: 'createdAt', key: 'createdAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
    {
      title: tr('操作', 'Actions'),
      key: 'actions',
      width: 170,
      render: (_, n) => (
        <Space size={0}>
          {isAppPath(n.link) && (
            <Button size="small" type="link" icon={<RightOutlined />} onClick={() => void follow(n)} data-testid="notification-open">
              {tr('查看', 'Open')}
            </Button>
          )}
          {!n.readAt && (
            <Button size="small" type="link" icon={<CheckOutlined />} onClick={() => void markRead(n)} data-testid="notification-read">
              {tr('标为已读', 'Mark read')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={
        <Space>
          <span>{tr('消息', 'Inbox')}</span>
          {unreadCount > 0 && <Badge count={unreadCount} overflowCount={999} />}
        </Space>
      }
      extra={
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={refresh}>
            {tr('刷新', 'Reload')}
          </Button>
          <Popconfirm title={tr(`将 ${unreadCount} 条未读消息全部标为已读？`, `Mark all ${unreadCount} unread messages as read?`)} okText={tr('确认', 'Confirm')} cancelText={tr('取消', 'Cancel')} onConfirm={readAll} disabled={unreadCount === 0}>
            <Button icon={<CheckOutlined />} disabled={unreadCount === 0} data-testid="read-all">
              {tr('全部标为已读', 'Mark all as read')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Segmented<'all' | 'unread'>
        value={query.unread ? 'unread' : 'all'}
        onChange={(v) => paged.set({ unread: v === 'unread' ? true : undefined })}
        options={[
          { value: 'all', label: tr('全部', 'All') },
          { value: 'unread', label: tr(`未读${unreadCount ? `（${unreadCount}）` : ''}`, `Unread${unreadCount ? ` (${unreadCount})` : ''}`) },
        ]}
        style={{ marginBottom: 16 }}
        data-testid="notifications-filter"
      />
      <PagedTable<NotificationsQuery, Notification>
        paged={paged}
        totalText={(n) => tr(`共 ${n} 条`, `${n} messages`)}
        rowKey="id"
        columns={columns}
        locale={{ emptyText: <Empty description={query.unread ? tr('没有未读消息', 'No unread messages') : tr('还没有消息', 'No messages yet')} /> }}
        rowClassName={(n) => (n.readAt ? '' : 'qd-unread')}
        scroll={{ x: 760 }}
        data-testid="notifications-table"
      />
    </Card>
  );
}
