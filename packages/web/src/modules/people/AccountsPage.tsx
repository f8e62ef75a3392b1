import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Empty, Input, Select, Space, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { ROLES, ROLE_LABELS, type AccountStatus, type Role } from '@qingdan/core';
import { PagedTable, usePaged } from '../../app/paged.tsx';
import { useAuth } from '../../app/auth.tsx';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { AccountButtons, AccountStatusTags, ResetPasswordModal } from './AccountActions.tsx';
import { PersonDetailDrawer } from './PersonDetailDrawer.tsx';
import { PersonFormDrawer } from './PersonFormDrawer.tsx';
import { peopleApi, type Account, type AccountsQuery, type PersonDetail } from './peopleApi.ts';

/** 账号管理: accounts of people in scope, with status and the account actions. */
export default function AccountsPage() {
  const tr = useTr();
  const label = useLabel();
  const { can, me } = useAuth();
  const qc = useQueryClient();
  const paged = usePaged<AccountsQuery, Account>(['accounts'], { page: 1, pageSize: 20 }, peopleApi.accounts);
  const { query, set } = paged;
  const [search, setSearch] = useState('');
  const [resetting, setResetting] = useState<Account | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [editing, setEditing] = useState<PersonDetail | null>(null);
  const refresh = () => {
    paged.reload();
    void qc.invalidateQueries({ queryKey: ['people'] });
  };

  const columns: TableProps<Account>['columns'] = [
    { title: tr('用户名', 'Username'), key: 'username', dataIndex: 'username' },
    {
      title: tr('姓名', 'Name'),
      key: 'personName',
      render: (_, a) => <Typography.Link onClick={() => setViewing(a.personId)}>{a.personName}</Typography.Link>,
    },
    { title: tr('所在组织', 'Organisation'), key: 'orgName', dataIndex: 'orgName' },
    { title: tr('所属单位', 'Unit'), key: 'unitName', dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
    {
      title: tr('角色', 'Roles'),
      key: 'roles',
      render: (_, a) => (
        <Space size={[4, 4]} wrap>
          {a.roles.map((r) => (
            <Tag key={r} color="blue">{label(ROLE_LABELS[r])}</Tag>
          ))}
        </Space>
      ),
    },
    { title: tr('状态', 'Status'), key: 'status', render: (_, a) => <AccountStatusTags active={a.active} locked={a.locked} mustChangePassword={a.mustChangePassword} /> },
    {
      title: tr('最近登录', 'Last sign-in'),
      key: 'lastLoginAt',
      render: (_, a) => (a.lastLoginAt ? new Date(a.lastLoginAt).toLocaleString() : <Typography.Text type="secondary">{tr('从未', 'Never')}</Typography.Text>),
    },
    ...(can('accounts.write')
      ? [
          {
            title: tr('操作', 'Actions'),
            key: 'actions',
            render: (_: unknown, a: Account) => <AccountButtons account={a} isSelf={me?.accountId === a.id} onReset={() => setResetting(a)} onChanged={refresh} />,
          },
        ]
      : []),
  ];

  return (
    <Card title={tr('账号管理', 'Accounts')} extra={<Button icon={<ReloadOutlined />} onClick={refresh}>{tr('刷新', 'Reload')}</Button>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={tr('用户名、姓名或编码', 'Username, name or code')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          style={{ width: 240 }}
        />
        <Select<AccountStatus>
          allowClear
          placeholder={tr('状态', 'Status')}
          value={query.status}
          onChange={(v) => set({ status: v })}
          options={[
            { value: 'active', label: tr('正常', 'Active') },
            { value: 'locked', label: tr('已锁定', 'Locked') },
            { value: 'disabled', label: tr('已停用', 'Disabled') },
          ]}
          style={{ width: 120 }}
        />
        <Select<Role>
          allowClear
          placeholder={tr('角色', 'Role')}
          value={query.role}
          onChange={(v) => set({ role: v })}
          options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))}
          style={{ width: 170 }}
        />
      </Space>
      <PagedTable<AccountsQuery, Account>
        paged={paged}
        totalText={(n) => tr(`共 ${n} 个账号`, `${n} accounts`)}
        pageSizeOptions={[20, 50, 100]}
        rowKey="id"
        columns={columns}
        locale={{ emptyText: <Empty description={tr('没有符合条件的账号', 'No accounts match')} /> }}
        scroll={{ x: 1000 }}
      />
      <ResetPasswordModal account={resetting} onClose={() => setResetting(null)} onDone={refresh} />
      <PersonDetailDrawer personId={viewing} onClose={() => setViewing(null)} onEdit={setEditing} onChanged={refresh} />
      <PersonFormDrawer
        open={editing !== null}
        person={editing}
        onClose={() => setEditing(null)}
        onSaved={(p) => {
          refresh();
          void qc.invalidateQueries({ queryKey: ['person', p.id] });
        }}
      />
    </Card>
  );
}
