import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Drawer, Empty, Input, List, Modal, Progress, Space, Spin, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { BulbOutlined, FileTextOutlined, LinkOutlined } from '@ant-design/icons';
import { isEditableStatus, SOURCE_KIND_LABELS } from '@qingdan/core';
import { errorMessage } from '../../../app/api.ts';
import { useLabel, useTr } from '../../../app/i18n.tsx';
import { listKey, listsApi } from '../listsApi.ts';
import { levelLabel } from '../TaskEditor.tsx';
import { sourcesApi, type CoverageItem } from './sourcesApi.ts';
import SourcesEditor from './SourcesEditor.tsx';

const coverageKey = (listId: number) => ['list', listId, 'coverage'] as const;

/** Ranked tasks for one uncovered item, each with a one-click 关联. */
function SuggestionsModal({ item, canLink, levelName, onClose, onLinked }: {
  item: CoverageItem; canLink: boolean; levelName(code: string): string; onClose(): void; onLinked(): Promise<void>;
}) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: ['source-item', item.id, 'suggestions'], queryFn: () => sourcesApi.suggestions(item.id, 5) });
  const [busy, setBusy] = useState<number | null>(null);
  const link = async (taskId: number) => {
    setBusy(taskId);
    try {
      await sourcesApi.link(taskId, item.id);
      message.success(tr('已关联', 'Linked'));
      await onLinked();
      await q.refetch();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Modal open title={tr('推荐任务', 'Suggested tasks')} onCancel={onClose} footer={null} width={760}>
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
        {item.label}
        {item.text}
      </Typography.Paragraph>
      {q.error ? (
        <Alert type="error" showIcon message={errorMessage(q.error)} />
      ) : (
        <List
          loading={q.isLoading}
          dataSource={q.data?.items ?? []}
          locale={{ emptyText: tr('没有内容相近的任务', 'No similar task') }}
          renderItem={(s) => (
            <List.Item
              actions={[
                s.linked ? (
                  <Tag key="l" color="green">{tr('已关联', 'Linked')}</Tag>
                ) : canLink ? (
                  <Button key="l" type="primary" size="small" icon={<LinkOutlined />} loading={busy === s.taskId} onClick={() => link(s.taskId)}>
                    {tr('关联', 'Link')}
                  </Button>
                ) : null,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space>
                    <Tag color="blue">{tr(`第${s.number}项`, `No. ${s.number}`)}</Tag>
                    <Typography.Text type="secondary">{levelName(s.levelCode)} · {s.partTitle}</Typography.Text>
                    <Tag color={s.score >= 0.3 ? 'green' : 'default'}>{tr('相似度', 'Score')} {Math.round(s.score * 100)}%</Tag>
                  </Space>
                }
                description={s.content}
              />
            </List.Item>
          )}
        />
      )}
    </Modal>
  );
}

/** 依据与覆盖: every item of the upper-level list and the work points that tasks must cover, with its tasks. */
export default function CoverageTab({ listId }: { listId: number }) {
  const tr = useTr();
  const label = useLabel();
  const { message, modal } = AntApp.useApp();
  const qc = useQueryClient();
  const detail = useQuery({ queryKey: listKey(listId), queryFn: () => listsApi.get(listId), retry: false });
  const q = useQuery({ queryKey: coverageKey(listId), queryFn: () => sourcesApi.coverage(listId), retry: false });
  const [onlyUncovered, setOnlyUncovered] = useState(false);
  const [suggestFor, setSuggestFor] = useState<CoverageItem | null>(null);
  const [waiveFor, setWaiveFor] = useState<CoverageItem | null>(null);
  const [reason, setReason] = useState('');
  const [editing, setEditing] = useState(false);

  const editable = !!detail.data && isEditableStatus(detail.data.list.status);
  const canManage = editable && !!detail.data?.rights.canManage;
  const canLink = editable && (canManage || (detail.data?.rights.editablePartIds.length ?? 0) > 0);

  /** 党组（党委）/ 机关党委 / 党支部, never the code. */
  const levelName = (code: string) => {
    const l = detail.data?.levels.find((x) => x.code === code);
    return l ? levelLabel(l, tr) : code;
  };

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: coverageKey(listId) });
    await qc.invalidateQueries({ queryKey: listKey(listId), exact: true });
  };

  const groups = useMemo(() => {
    const data = q.data;
    if (!data) return [];
    return data.documents.map((d) => ({
      doc: d,
      items: data.items.filter((i) => i.documentId === d.id && (!onlyUncovered || (!i.covered && !i.waived))),
    }));
  }, [q.data, onlyUncovered]);

  const submitWaiver = async () => {
    if (!waiveFor) return;
    if ([...reason.trim()].length < 5) {
      message.error(tr('豁免理由至少 5 个字', 'The reason needs at least 5 characters'));
      return;
    }
    try {
      await sourcesApi.waive(listId, waiveFor.id, reason.trim());
      message.success(tr('已豁免', 'Waived'));
      setWaiveFor(null);
      setReason('');
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const unwaive = (item: CoverageItem) =>
    modal.confirm({
      title: tr('取消该条目的豁免？', 'Remove the waiver of this item?'),
      okText: tr('取消豁免', 'Remove waiver'),
      cancelText: tr('返回', 'Back'),
      onOk: async () => {
        try {
          await sourcesApi.unwaive(listId, item.id);
          await refresh();
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });

  if (q.error) return <Alert type="error" showIcon message={errorMessage(q.error)} />;
  if (!q.data) return <Spin style={{ display: 'block', padding: 40 }} />;
  const t = q.data.totals;

  const columns = [
    {
      title: tr('条目', 'Item'),
      key: 'item',
      render: (_: unknown, i: CoverageItem) => (
        <div>
          {i.ancestors.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {i.ancestors.join(' / ')}
            </Typography.Text>
          )}
          <Typography.Text type={!i.covered && !i.waived ? 'danger' : undefined}>
            {i.label}
            {i.text}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: tr('覆盖任务', 'Covering tasks'),
      key: 'tasks',
      width: 280,
      render: (_: unknown, i: CoverageItem) =>
        i.tasks.length > 0 ? (
          <Space size={[4, 4]} wrap>
            {i.tasks.map((task) => (
              <Tooltip key={task.id} title={task.content}>
                <Tag color="blue">
                  {tr(`第${task.number}项`, `No. ${task.number}`)} {task.code}
                </Tag>
              </Tooltip>
            ))}
          </Space>
        ) : i.waiver ? (
          <Tooltip title={`${i.waiver.by} ${i.waiver.createdAt.slice(0, 10)}`}>
            <Tag color="orange">{tr('已豁免', 'Waived')}：{i.waiver.reason}</Tag>
          </Tooltip>
        ) : (
          <Tag color="red">{tr('未覆盖', 'Not covered')}</Tag>
        ),
    },
    {
      title: tr('操作', 'Actions'),
      key: 'actions',
      width: 200,
      render: (_: unknown, i: CoverageItem) => (
        <Space size={4} wrap>
          {!i.covered && (
            <Button size="small" icon={<BulbOutlined />} onClick={() => setSuggestFor(i)}>
              {tr('推荐任务', 'Suggest')}
            </Button>
          )}
          {canManage && !i.covered && !i.waiver && (
            <Button size="small" onClick={() => { setWaiveFor(i); setReason(''); }}>
              {tr('豁免', 'Waive')}
            </Button>
          )}
          {canManage && i.waiver && (
            <Button size="small" type="link" onClick={() => unwaive(i)}>
              {tr('取消豁免', 'Unwaive')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card size="small">
        <Space wrap size={24} style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space size={24} wrap>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {tr(`已覆盖 ${t.covered} / 共 ${t.required}`, `Covered ${t.covered} / ${t.required}`)}
            </Typography.Text>
            {t.waived > 0 && <Tag color="orange">{tr(`已豁免 ${t.waived}`, `Waived ${t.waived}`)}</Tag>}
            <Tag color={t.uncovered > 0 ? 'red' : 'green'}>{tr(`未覆盖 ${t.uncovered}`, `Not covered ${t.uncovered}`)}</Tag>
            <Progress style={{ width: 180, margin: 0 }} percent={t.required ? Math.round(((t.covered + t.waived) / t.required) * 100) : 100} size="small" />
          </Space>
          <Space>
            <Typography.Text>{tr('只看未覆盖', 'Uncovered only')}</Typography.Text>
            <Switch checked={onlyUncovered} onChange={setOnlyUncovered} />
            <Button icon={<FileTextOutlined />} onClick={() => setEditing(true)}>
              {canManage ? tr('维护上级清单和工作要点', 'Edit source documents') : tr('查看来源文件', 'Source documents')}
            </Button>
          </Space>
        </Space>
      </Card>

      {groups.length === 0 && (
        <Empty description={tr('尚未录入上级清单或工作要点', 'No upper-level list or work points yet')}>
          {canManage && <Button type="primary" onClick={() => setEditing(true)}>{tr('录入来源文件', 'Add source documents')}</Button>}
        </Empty>
      )}
      {groups.map(({ doc, items }) => (
        <Card
          key={doc.id}
          size="small"
          title={
            <Space>
              <Tag>{label(SOURCE_KIND_LABELS[doc.kind])}</Tag>
              {doc.title}
              {doc.docNumber && <Typography.Text type="secondary">{doc.docNumber}</Typography.Text>}
            </Space>
          }
          extra={tr(`已覆盖 ${doc.covered} / 共 ${doc.required}`, `Covered ${doc.covered} / ${doc.required}`)}
        >
          <Table<CoverageItem>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={items}
            columns={columns}
            onRow={(i) => (!i.covered && !i.waived ? { style: { background: '#fff1f0' } } : {})}
            locale={{ emptyText: onlyUncovered ? tr('全部已覆盖', 'Everything is covered') : tr('没有需要覆盖的条目', 'No items to cover') }}
          />
        </Card>
      ))}

      {suggestFor && <SuggestionsModal item={suggestFor} canLink={canLink} levelName={levelName} onClose={() => setSuggestFor(null)} onLinked={refresh} />}
      <Modal
        open={waiveFor !== null}
        title={tr('豁免条目', 'Waive the item')}
        okText={tr('豁免', 'Waive')}
        cancelText={tr('取消', 'Cancel')}
        onOk={submitWaiver}
        onCancel={() => setWaiveFor(null)}
      >
        <Typography.Paragraph type="secondary">
          {waiveFor?.label}
          {waiveFor?.text}
        </Typography.Paragraph>
        <Input.TextArea
          rows={3}
          count={{ show: true, max: 1000 }}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={tr('请填写豁免理由（必填，至少 5 个字）', 'Reason (required, at least 5 characters)')}
        />
      </Modal>
      <Drawer open={editing} width={820} title={tr('上级清单和工作要点', 'Upper-level list and work points')} onClose={() => setEditing(false)} destroyOnHidden>
        <SourcesEditor listId={listId} canEdit={canManage} onChanged={refresh} />
      </Drawer>
    </Space>
  );
}
