import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Descriptions, Divider, Drawer, Empty, List, Popconfirm, Select, Space, Spin, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ROLES, ROLE_LABELS, type Role } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { AccountButtons, AccountStatusTags, OpenAccountModal, ResetPasswordModal } from './AccountActions.tsx';
import { OrgSelect } from './OrgSelect.tsx';
import { peopleApi, type PersonDetail } from './peopleApi.ts';

/** 人员详情: the person, their grants (add / remove) and their account's actions. */
export function PersonDetailDrawer({ personId, onClose, onEdit, onChanged }: { personId: number | null; onClose: () => void; onEdit: (p: PersonDetail) => void; onChanged: () => void }) {
  const tr = useTr();
  const label = useLabel();
  const { can, me } = useAuth();
  const { message } = AntApp.useApp();
  const canWrite = can('people.write');
  const canAccounts = can('accounts.write');
  const detail = useQuery({ queryKey: ['person', personId], queryFn: () => peopleApi.get(personId!), enabled: personId !== null, retry: false });
  const grants = useQuery({ queryKey: ['person', personId, 'grants'], queryFn: () => peopleApi.grants(personId!), enabled: personId !== null, retry: false });
  const [role, setRole] = useState<Role | undefined>();
  const [orgId, setOrgId] = useState<number | undefined>();
  const [adding, setAdding] = useState(false);
  const [opening, setOpening] = useState(false);
  const [resetting, setResetting] = useState(false);

  const refresh = () => {
    void detail.refetch();
    void grants.refetch();
    onChanged();
  };
  const run = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      message.success(done);
      refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const addGrant = async () => {
    if (!role || !orgId || personId === null) return;
    setAdding(true);
    try {
      await peopleApi.addGrant(personId, role, orgId);
      message.success(tr('已授权', 'Role granted'));
      setRole(undefined);
      setOrgId(undefined);
      refresh();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setAdding(false);
    }
  };

  const p = detail.data;
  const account = p?.account ?? null;
  return (
    <Drawer open={personId !== null} size={600} title={p ? p.name : tr('人员详情', 'Person')} onClose={onClose} destroyOnHidden>
      {detail.isLoading && <Spin />}
      {detail.error && <Alert type="error" showIcon title={errorMessage(detail.error)} />}
      {p && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={tr('姓名', 'Name')}>
              <Typography.Text>{p.name}</Typography.Text> {!p.active && <Tag>{tr('已停用', 'Deactivated')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={tr('人员编码', 'Person code')}>{p.code}</Descriptions.Item>
            <Descriptions.Item label={tr('职务', 'Post')}>{p.post}</Descriptions.Item>
            <Descriptions.Item label={tr('所在组织', 'Organisation')}>{p.orgName}</Descriptions.Item>
            <Descriptions.Item label={tr('所属单位', 'Unit')}>{p.unitName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={tr('电话', 'Phone')}>{p.phone || '—'}</Descriptions.Item>
          </Descriptions>
          {canWrite && (
            <Space style={{ marginTop: 12 }}>
              <Button onClick={() => onEdit(p)}>{tr('编辑', 'Edit')}</Button>
              {p.active ? (
                <Popconfirm
                  title={tr(`停用人员 ${p.name}？`, `Deactivate ${p.name}?`)}
                  description={tr('其账号将同时停用并退出登录', 'Their account is disabled and signed out as well')}
                  okText={tr('停用', 'Deactivate')}
                  cancelText={tr('取消', 'Cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => run(() => peopleApi.deactivate(p.id), tr('人员已停用', 'Person deactivated'))}
                >
                  <Button danger>{tr('停用人员', 'Deactivate')}</Button>
                </Popconfirm>
              ) : (
                <Popconfirm
                  title={tr(`启用人员 ${p.name}？`, `Reactivate ${p.name}?`)}
                  description={tr('账号需另行启用', 'The account must be enabled separately')}
                  okText={tr('启用', 'Activate')}
                  cancelText={tr('取消', 'Cancel')}
                  onConfirm={() => run(() => peopleApi.activate(p.id), tr('人员已启用', 'Person reactivated'))}
                >
                  <Button>{tr('启用人员', 'Activate')}</Button>
                </Popconfirm>
              )}
            </Space>
          )}

          <Divider titlePlacement="start">{tr('账号', 'Account')}</Divider>
          {account ? (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text strong>{account.username}</Typography.Text>
                <AccountStatusTags active={account.active} locked={account.locked} mustChangePassword={account.mustChangePassword} />
                <Typography.Text type="secondary">
                  {tr('最近登录：', 'Last sign-in: ')}
                  {account.lastLoginAt ? new Date(account.lastLoginAt).toLocaleString() : tr('从未', 'never')}
                </Typography.Text>
              </Space>
              {canAccounts && (
                <AccountButtons account={account} isSelf={me?.accountId === account.id} onReset={() => setResetting(true)} onChanged={refresh} size="middle" />
              )}
            </Space>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('尚未开通账号', 'No account yet')}>
              {canAccounts && p.active && (
                <Button type="primary" onClick={() => setOpening(true)}>{tr('开通账号', 'Open an account')}</Button>
              )}
            </Empty>
          )}

          <Divider titlePlacement="start">{tr('角色授权', 'Role grants')}</Divider>
          {grants.error && <Alert type="error" showIcon title={errorMessage(grants.error)} />}
          <List
            size="small"
            loading={grants.isLoading}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('暂无授权', 'No grants')} /> }}
            dataSource={grants.data?.items ?? []}
            renderItem={(g) => (
              <List.Item
                actions={
                  canAccounts
                    ? [
                        <Popconfirm
                          key="rm"
                          title={tr(`撤销“${label(ROLE_LABELS[g.role])}”授权？`, `Remove the ${label(ROLE_LABELS[g.role])} grant?`)}
                          okText={tr('撤销', 'Remove')}
                          cancelText={tr('取消', 'Cancel')}
                          okButtonProps={{ danger: true }}
                          onConfirm={() => run(() => peopleApi.removeGrant(g.id), tr('授权已撤销', 'Grant removed'))}
                        >
                          <Button size="small" danger type="link">{tr('撤销', 'Remove')}</Button>
                        </Popconfirm>,
                      ]
                    : []
                }
              >
                <Space>
                  <Tag color="blue">{label(ROLE_LABELS[g.role])}</Tag>
                  <span>{g.orgName}</span>
                </Space>
              </List.Item>
            )}
          />
          {canAccounts && p.active && (
            <Space.Compact style={{ width: '100%', marginTop: 8 }}>
              <Select<Role>
                style={{ width: 180 }}
                placeholder={tr('选择角色', 'Role')}
                value={role}
                onChange={setRole}
                options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))}
              />
              <OrgSelect value={orgId} onChange={setOrgId} placeholder={tr('授权范围（组织）', 'Scope (organisation)')} style={{ flex: 1, minWidth: 200 }} />
              <Button type="primary" icon={<PlusOutlined />} disabled={!role || !orgId} loading={adding} onClick={addGrant}>
                {tr('授权', 'Grant')}
              </Button>
            </Space.Compact>
          )}

          <OpenAccountModal person={opening ? p : null} onClose={() => setOpening(false)} onDone={refresh} />
          <ResetPasswordModal account={resetting && account ? account : null} onClose={() => setResetting(false)} onDone={refresh} />
        </>
      )}
    </Drawer>
  );
}
