import { useEffect, useState } from 'react';
import { Route, Routes, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { LIST_STATUSES, LIST_STATUS_LABELS, type ListStatus } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { PagedTable, usePaged } from '../../app/paged.tsx';
import { useAuth } from '../../app/auth.tsx';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { isConflict, listKey, listsApi, type ListHeader, type ListSummary, type ListsQuery } from './listsApi.ts';
import { lazyComponent } from '../../app/lazy.tsx';

const ListDetailPage = lazyComponent(() => import('./ListDetailPage.tsx'), <Spin style={{ display: 'block', padding: 80 }} />);

export const STATUS_COLORS: Record<ListStatus, string> = {
  draft: 'default',
  soliciting: 'orange',
  inReview: 'blue',
  approved: 'cyan',
  issued: 'green',
};

export function StatusTag({ status }: { status: ListStatus }) {
  const label = useLabel();
  return <Tag color={STATUS_COLORS[status]}>{label(LIST_STATUS_LABELS[status])}</Tag>;
}

export const defaultListTitle = (year: number) => `${year}年省直机关党建工作责任清单`;

/** 责任清单: the lists by year, and under /lists/:id one list's page. */
export default function ListsPage() {
  return (
    <Routes>
      <Route index element={<ListsTable />} />
      <Route
        path=":id/*"
        element={<ListDetailPage />}
      />
    </Routes>
  );
}

function ListsTable() {
  const tr = useTr();
  const { can } = useAuth();
  const navigate = useNavigate();
  const paged = usePaged<ListsQuery, ListSummary>(['lists'], { page: 1, pageSize: 20 }, listsApi.list);
  const { query, set } = paged;
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const canManage = can('lists.manage');

  const columns: TableProps<ListSummary>['columns'] = [
    { title: tr('年度', 'Year'), dataIndex: 'year', key: 'year', width: 90 },
    {
      title: tr('标题', 'Title'),
      dataIndex: 'title',
      key: 'title',
      render: (v: string, r) => <Typography.Link onClick={() => navigate(`/lists/${r.id}`)}>{v}</Typography.Link>,
    },
    {
      title: tr('状态', 'Status'),
      dataIndex: 'status',
      key: 'status',
      width: 140,
      render: (s: ListStatus, r) => (
        <Space size={4}>
          <StatusTag status={s} />
          {r.revision > 0 && <Tag>{tr(`第${r.revision}次修订`, `Rev. ${r.revision}`)}</Tag>}
        </Space>
      ),
    },
    { title: tr('文号', 'Document no.'), dataIndex: 'docNumber', key: 'docNumber', width: 180, render: (v: string | null) => v ?? '—' },
    { title: tr('任务数', 'Tasks'), dataIndex: 'taskCount', key: 'taskCount', width: 90, align: 'right', render: (v: number | undefined) => v ?? '—' },
    {
      title: tr('操作', 'Actions'),
      key: 'actions',
      width: 100,
      render: (_, r) => (
        <Button size="small" type="link" onClick={() => navigate(`/lists/${r.id}`)}>
          {tr('打开', 'Open')}
        </Button>
      ),
    },
  ];

  const empty = (
    <Empty
      description={
        query.q || query.year || query.status
          ? tr('没有符合条件的清单', 'No list matches')
          : canManage
            ? tr('还没有责任清单，点击“新建年度清单”开始起草', 'No lists yet. Use "New annual list" to start drafting')
            : tr('还没有可查看的责任清单', 'No lists to view yet')
      }
    >
      {canManage && !query.q && !query.year && !query.status && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {tr('新建年度清单', 'New annual list')}
        </Button>
      )}
    </Empty>
  );

  return (
    <Card
      title={tr('责任清单', 'Responsibility lists')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={paged.reload}>
            {tr('刷新', 'Reload')}
          </Button>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {tr('新建年度清单', 'New annual list')}
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={tr('标题、年度或文号', 'Title, year or document no.')}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            if (e.target.value === '') set({ q: undefined, year: undefined });
          }}
          onSearch={(v) => {
            const t = v.trim();
            // A bare year filters by year; anything else searches titles and document numbers.
            if (/^\d{4}$/.test(t)) set({ year: Number(t), q: undefined });
            else set({ q: t || undefined, year: undefined });
          }}
          style={{ width: 240 }}
        />
        <StatusSelect value={query.status} onChange={(s) => set({ status: s })} />
      </Space>
      <PagedTable<ListsQuery, ListSummary>
        paged={paged}
        totalText={(n) => tr(`共 ${n} 份`, `${n} lists`)}
        rowKey="id"
        columns={columns}
        locale={{ emptyText: empty }}
        scroll={{ x: 800 }}
      />
      <CreateListModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          paged.reload();
          navigate(`/lists/${id}`);
        }}
      />
    </Card>
  );
}

function StatusSelect({ value, onChange }: { value: ListStatus | undefined; onChange: (s: ListStatus | undefined) => void }) {
  const tr = useTr();
  const label = useLabel();
  return (
    <Select<ListStatus>
      allowClear
      placeholder={tr('全部状态', 'All statuses')}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={LIST_STATUSES.map((s) => ({ value: s, label: label(LIST_STATUS_LABELS[s]) }))}
      style={{ width: 150 }}
    />
  );
}

interface CreateFields {
  year: number;
  title: string;
  ownerOrgId: number;
  copyFromListId?: number;
}

/** 新建年度清单: year, title (follows the year until edited), owner department, optional copy of an earlier year. */
function CreateListModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const tr = useTr();
  const label = useLabel();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<CreateFields>();
  const [busy, setBusy] = useState(false);
  const [titleTouched, setTitleTouched] = useState(false);
  const depts = useQuery({ queryKey: ['orgs', 'departments'], queryFn: () => listsApi.departments(), enabled: open, staleTime: 300_000 });
  const earlier = useQuery({ queryKey: ['lists', 'all'], queryFn: () => listsApi.list({ page: 1, pageSize: 100 }), enabled: open });
  const year = Form.useWatch('year', form);

  useEffect(() => {
    if (!open) return;
    const y = new Date().getFullYear();
    form.resetFields();
    setTitleTouched(false);
    form.setFieldsValue({ year: y, title: defaultListTitle(y) });
  }, [open, form]);
  // Default owner: the organisation department (组织部), which drafts parts 1–4.
  useEffect(() => {
    if (!open || !depts.data || form.getFieldValue('ownerOrgId')) return;
    const org = depts.data.items.find((d) => d.name.includes('组织部'));
    if (org) form.setFieldValue('ownerOrgId', org.id);
  }, [open, depts.data, form]);
  useEffect(() => {
    if (open && !titleTouched && typeof year === 'number') form.setFieldValue('title', defaultListTitle(year));
  }, [year, titleTouched, open, form]);
  // Default source for a copy: the latest earlier year.
  const earlierLists = (earlier.data?.items ?? []).filter((l) => typeof year !== 'number' || l.year < year).sort((a, b) => b.year - a.year);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await listsApi.create({ year: v.year, title: v.title.trim(), ownerOrgId: v.ownerOrgId, copyFromListId: v.copyFromListId ?? null });
      message.success(tr('清单已创建', 'List created'));
      onCreated(r.id);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={tr('新建年度清单', 'New annual list')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={tr('创建', 'Create')}
      cancelText={tr('取消', 'Cancel')}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="year" label={tr('年度', 'Year')} rules={[{ required: true, message: tr('请输入年度', 'Enter the year') }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="title" label={tr('标题', 'Title')} rules={[{ required: true, whitespace: true, message: tr('请输入标题', 'Enter the title') }, { max: 200 }]}>
          <Input maxLength={200} onChange={() => setTitleTouched(true)} />
        </Form.Item>
        <Form.Item
          name="ownerOrgId"
          label={tr('牵头部门', 'Owner department')}
          extra={tr('牵头部门的工作人员可以编辑全部内容并推进流程', "The owner department's staff edit everything and move the list through its steps")}
          rules={[{ required: true, message: tr('请选择牵头部门', 'Choose the owner department') }]}
        >
          <Select
            loading={depts.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
            placeholder={tr('选择工委部门', 'Choose a committee department')}
          />
        </Form.Item>
        <Form.Item
          name="copyFromListId"
          label={tr('复制往年清单（可选）', 'Copy an earlier list (optional)')}
          extra={tr('复制所选清单的部分、分节和任务作为起草基础；任务保留与往年任务的对应关系', "Copies the parts, sections and tasks as a starting point; each task remembers the task it came from")}
        >
          <Select
            allowClear
            loading={earlier.isLoading}
            placeholder={tr('不复制，从空白开始', 'Start from an empty list')}
            options={earlierLists.map((l) => ({ value: l.id, label: `${l.year} · ${l.title}（${label(LIST_STATUS_LABELS[l.status])}）` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 编辑清单: the title and the owner department of a list that can still change, guarded by its version. */
export function EditListModal({ list, open, onClose }: { list: ListHeader; open: boolean; onClose: () => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ title: string; ownerOrgId: number }>();
  const [busy, setBusy] = useState(false);
  const depts = useQuery({ queryKey: ['orgs', 'departments'], queryFn: () => listsApi.departments(), enabled: open, staleTime: 300_000 });
  useEffect(() => {
    if (open) form.setFieldsValue({ title: list.title, ownerOrgId: list.ownerOrgId });
  }, [open, list, form]);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await listsApi.update(list.id, { title: v.title.trim(), ownerOrgId: v.ownerOrgId, version: list.version });
      message.success(tr('已保存', 'Saved'));
      onClose();
    } catch (e) {
      message.error(isConflict(e) ? tr('清单已被他人修改，已重新载入，请再试一次', 'Someone else changed the list; it has been reloaded, try again') : errorMessage(e));
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: listKey(list.id) });
      void qc.invalidateQueries({ queryKey: ['lists'] });
    }
  };
  return (
    <Modal
      open={open}
      title={tr('编辑清单', 'Edit the list')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={tr('保存', 'Save')}
      cancelText={tr('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="title" label={tr('标题', 'Title')} rules={[{ required: true, whitespace: true, message: tr('请输入标题', 'Enter the title') }, { max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="ownerOrgId" label={tr('牵头部门', 'Owner department')} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} loading={depts.isLoading} options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
