import { lazy, Suspense, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Descriptions, Result, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../app/api.ts';
import { useTr } from '../../app/i18n.tsx';
import { HistoryTimeline, LifecycleActions } from './LifecyclePanel.tsx';
import { ListContent } from './ListContent.tsx';
import { EditListModal, StatusTag } from './ListsPage.tsx';
import { listKey, listsApi } from './listsApi.ts';

// The tabs of the sub-modules, loaded when first opened.
const CoverageTab = lazy(() => import('./sources/CoverageTab.tsx'));
const OpinionsTab = lazy(() => import('./opinions/OpinionsTab.tsx'));
const VersionsTab = lazy(() => import('./versions/VersionsTab.tsx'));
const DocumentButtons = lazy(() => import('./documents/DocumentButtons.tsx'));

const spin = <Spin style={{ display: 'block', padding: 40 }} />;

/** /lists/:id — the list's header, its lifecycle actions and its tabs. */
export default function ListDetailPage() {
  const tr = useTr();
  const navigate = useNavigate();
  const { id } = useParams();
  const listId = Number(id);
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'content';
  const [editingList, setEditingList] = useState(false);
  const q = useQuery({ queryKey: listKey(listId), queryFn: () => listsApi.get(listId), enabled: Number.isInteger(listId) && listId > 0, retry: false });

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/lists')}>
      {tr('返回清单列表', 'Back to the lists')}
    </Button>
  );
  if (!Number.isInteger(listId) || listId <= 0 || (q.error instanceof ApiError && q.error.status === 404))
    return <Result status="404" title={tr('清单不存在或无权查看', 'No such list, or not yours to see')} extra={back} />;
  if (q.isLoading) return spin;
  if (q.error || !q.data)
    return (
      <Card>
        <Alert type="error" showIcon title={errorMessage(q.error)} action={back} />
      </Card>
    );

  const d = q.data;
  const l = d.list;
  // Importing replaces the whole content: only the owner, and only while the list is editable.
  const editable = d.rights.canManage && d.rights.editable;
  const items = [
    { key: 'content', label: tr('清单内容', 'Content'), children: <ListContent detail={d} /> },
    {
      key: 'coverage',
      label: tr('依据与覆盖', 'Sources & coverage'),
      children: (
        <Suspense fallback={spin}>
          <CoverageTab listId={listId} />
        </Suspense>
      ),
    },
    {
      key: 'opinions',
      label: tr('征求意见', 'Opinions'),
      children: (
        <Suspense fallback={spin}>
          <OpinionsTab listId={listId} />
        </Suspense>
      ),
    },
    {
      key: 'versions',
      label: tr('版本对比', 'Versions'),
      children: (
        <Suspense fallback={spin}>
          <VersionsTab listId={listId} />
        </Suspense>
      ),
    },
    { key: 'history', label: tr('流转记录', 'History'), children: <HistoryTimeline listId={listId} /> },
  ];

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Breadcrumb items={[{ key: 'lists', title: <a onClick={() => navigate('/lists')}>{tr('责任清单', 'Responsibility lists')}</a> }, { key: 'this', title: `${l.year}` }]} />
      <Card>
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: 12, marginBottom: 16 }}>
          <Space wrap size={[8, 4]} style={{ flex: '1 1 auto', minWidth: 0 }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {l.title}
            </Typography.Title>
            <StatusTag status={l.status} />
            {l.revision > 0 && <Tag>{tr(`第${l.revision}次修订`, `Revision ${l.revision}`)}</Tag>}
            {l.openRevisionId !== null && <Tag color="orange">{tr('修订中', 'Revision open')}</Tag>}
            {d.rights.canManage && d.rights.editable && (
              <Button type="text" size="small" icon={<EditOutlined />} aria-label={tr('编辑清单', 'Edit the list')} onClick={() => setEditingList(true)} />
            )}
          </Space>
          <Space wrap style={{ justifyContent: 'flex-end', marginInlineStart: 'auto' }}>
            <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>
              {tr('刷新', 'Reload')}
            </Button>
            <Suspense fallback={null}>
              <DocumentButtons listId={listId} editable={editable} />
            </Suspense>
            <LifecycleActions detail={d} />
          </Space>
        </div>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={tr('年度', 'Year')}>{l.year}</Descriptions.Item>
          <Descriptions.Item label={tr('文号', 'Document no.')}>{l.docNumber ?? <Typography.Text type="secondary">{tr('未印发', 'Not issued')}</Typography.Text>}</Descriptions.Item>
          <Descriptions.Item label={tr('牵头部门', 'Owner')}>{l.ownerOrgName}</Descriptions.Item>
          <Descriptions.Item label={tr('任务总数', 'Tasks')}>{d.totals.all}</Descriptions.Item>
          {l.issueDate && <Descriptions.Item label={tr('印发日期', 'Issued on')}>{l.issueDate}</Descriptions.Item>}
          {l.noticeTitle && l.status === 'issued' && (
            <Descriptions.Item label={tr('印发通知', 'Notice')} span={2}>
              {l.noticeTitle}
              {l.coIssuer ? tr(`（联合发文：${l.coIssuer}）`, ` (with ${l.coIssuer})`) : ''}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={tr('修订版次', 'Revision')}>{l.revision}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs activeKey={items.some((i) => i.key === tab) ? tab : 'content'} onChange={(k) => setParams(k === 'content' ? {} : { tab: k }, { replace: true })} items={items} />
      </Card>
      <EditListModal list={l} open={editingList} onClose={() => setEditingList(false)} />
    </Space>
  );
}
