import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Empty, Input, Select, Space, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { POSTS, ROLE_LABELS, type PeopleSort } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { PagedTable, sortOrderOf, usePaged } from '../../app/paged.tsx';
import { useAuth } from '../../app/auth.tsx';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { OrgSelect } from './OrgSelect.tsx';
import { PersonDetailDrawer } from './PersonDetailDrawer.tsx';
import { PersonFormDrawer } from './PersonFormDrawer.tsx';
import { peopleApi, type Person, type PersonDetail, type PeopleQuery } from './peopleApi.ts';

const SORT_KEYS: Record<string, PeopleSort> = { name: 'name', code: 'code', post: 'post', orgName: 'org' };

/** 人员管理: people in the user's scope, paged, sorted and filtered on the server. */
export default function PeoplePage() {
  const tr = useTr();
  const label = useLabel();
  const { can } = useAuth();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const paged = usePaged<PeopleQuery, Person>(['people'], { page: 1, pageSize: 20, active: true }, peopleApi.list);
  const { query, set } = paged;
  const [search, setSearch] = useState('');
  const [viewing, setViewing] = useState<number | null>(null);
  const [editing, setEditing] = useState<{ person: PersonDetail | null } | null>(null);

  const refresh = paged.reload;
  const edit = async (id: number) => {
    try {
      setEditing({ person: await peopleApi.get(id) });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const sortOrder = (key: string) => sortOrderOf(query, SORT_KEYS[key]!);

  const columns: TableProps<Person>['columns'] = [
    {
      title: tr('姓名', 'Name'),
      key: 'name',
      dataIndex: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (_, p) => (
        <Space size={4}>
          <Typography.Link onClick={() => setViewing(p.id)}>{p.name}</Typography.Link>
          {!p.active && <Tag>{tr('已停用', 'Deactivated')}</Tag>}
        </Space>
      ),
    },
    { title: tr('人员编码', 'Code'), key: 'code', dataIndex: 'code', sorter: true, sortOrder: sortOrder('code') },
    { title: tr('职务', 'Post'), key: 'post', dataIndex: 'post', sorter: true, sortOrder: sortOrder('post') },
    { title: tr('所在组织', 'Organisation'), key: 'orgName', dataIndex: 'orgName', sorter: true, sortOrder: sortOrder('orgName') },
    { title: tr('所属单位', 'Unit'), key: 'unitName', dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
    { title: tr('账号', 'Account'), key: 'username', dataIndex: 'username', render: (v: string | null) => v ?? <Typography.Text type="secondary">{tr('未开通', 'None')}</Typography.Text> },
    {
      title: tr('角色', 'Roles'),
      key: 'roles',
      dataIndex: 'roles',
      render: (roles: Person['roles']) => (
        <Space size={[4, 4]} wrap>
          {roles.map((r) => (
            <Tag key={r} color="blue">{label(ROLE_LABELS[r])}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: tr('操作', 'Actions'),
      key: 'actions',
      render: (_, p) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => setViewing(p.id)}>{tr('详情', 'Details')}</Button>
          {can('people.write') && (
            <Button size="small" type="link" onClick={() => void edit(p.id)}>{tr('编辑', 'Edit')}</Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={tr('人员管理', 'People')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refresh}>{tr('刷新', 'Reload')}</Button>
          {can('people.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ person: null })}>{tr('新增人员', 'Add a person')}</Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={tr('姓名、编码或电话', 'Name, code or phone')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          style={{ width: 220 }}
        />
        <OrgSelect allowClear value={query.orgId} onChange={(id) => set({ orgId: id })} placeholder={tr('组织（含下级）', 'Organisation (with sub-units)')} style={{ width: 260 }} />
        <Select
          allowClear
          placeholder={tr('职务', 'Post')}
          value={query.post}
          onChange={(v: string | undefined) => set({ post: v })}
          options={POSTS.map((p) => ({ value: p, label: p }))}
          style={{ width: 130 }}
        />
        <Select
          allowClear
          placeholder={tr('账号', 'Account')}
          value={query.hasAccount === undefined ? undefined : String(query.hasAccount)}
          onChange={(v: string | undefined) => set({ hasAccount: v === undefined ? undefined : v === 'true' })}
          options={[
            { value: 'true', label: tr('已开通账号', 'Has an account') },
            { value: 'false', label: tr('未开通账号', 'No account') },
          ]}
          style={{ width: 140 }}
        />
        <Select
          value={query.active === undefined ? 'all' : String(query.active)}
          onChange={(v: string) => set({ active: v === 'all' ? undefined : v === 'true' })}
          options={[
            { value: 'true', label: tr('在用', 'Active') },
            { value: 'false', label: tr('已停用', 'Deactivated') },
            { value: 'all', label: tr('全部', 'All') },
          ]}
          style={{ width: 110 }}
        />
      </Space>
      <PagedTable<PeopleQuery, Person>
        paged={paged}
        totalText={(n) => tr(`共 ${n} 人`, `${n} people`)}
        sortKeys={SORT_KEYS}
        pageSizeOptions={[20, 50, 100]}
        rowKey="id"
        columns={columns}
        locale={{ emptyText: <Empty description={tr('没有符合条件的人员', 'No people match')} /> }}
        scroll={{ x: 900 }}
      />
      <PersonDetailDrawer
        personId={viewing}
        onClose={() => setViewing(null)}
        onEdit={(p) => setEditing({ person: p })}
        onChanged={refresh}
      />
      <PersonFormDrawer
        open={editing !== null}
        person={editing?.person ?? null}
        onClose={() => setEditing(null)}
        onSaved={(p) => {
          refresh();
          void qc.invalidateQueries({ queryKey: ['person', p.id] });
        }}
      />
    </Card>
  );
}
