import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, App as AntApp, Button, Card, DatePicker, Empty, Form, Input, Modal, Radio, Select, Space, Switch, Table, Tag, Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { CheckCircleOutlined, DownloadOutlined, MessageOutlined, PlusOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { OPINION_HANDLINGS, OPINION_HANDLING_LABELS, type OpinionHandling } from '@qingdan/core';
import { errorMessage } from '../../../app/api.ts';
import { useAuth } from '../../../app/auth.tsx';
import { useLabel, useTr } from '../../../app/i18n.tsx';
import { opinionsApi, type Opinion, type OpinionTargetType, type Round, type RoundDetail, type StructureLite } from './opinionsApi.ts';

const HANDLING_COLORS: Record<OpinionHandling, string> = { adopted: 'green', partlyAdopted: 'gold', notAdopted: 'default' };

function RoundStatus({ round }: { round: Round }) {
  const tr = useTr();
  if (round.status === 'closed') return <Tag>{tr('已结束', 'Closed')}</Tag>;
  if (round.pastDeadline) return <Tag color="orange">{tr('已过截止日期', 'Past deadline')}</Tag>;
  return <Tag color="processing">{tr('征求中', 'Open')}</Tag>;
}

/** 发起征求意见: title, deadline, the departments and units asked. */
function OpenRoundModal({ listId, open, onClose, onDone }: { listId: number; open: boolean; onClose: () => void; onDone: () => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ title: string; deadline: Dayjs; depts: number[]; units: { value: number; label: string }[] }>();
  const [unitQ, setUnitQ] = useState('');
  const [saving, setSaving] = useState(false);
  const depts = useQuery({ queryKey: ['orgs', 'departments', 'active'], queryFn: () => opinionsApi.orgs('department'), enabled: open, staleTime: 60_000 });
  const units = useQuery({ queryKey: ['orgs', 'units', unitQ], queryFn: () => opinionsApi.orgs('unit', unitQ), enabled: open });

  const submit = async () => {
    const v = await form.validateFields();
    const orgIds = [...(v.depts ?? []), ...(v.units ?? []).map((u) => u.value)];
    if (orgIds.length === 0) {
      message.warning(tr('请至少选择一个征求意见的部门或单位', 'Choose at least one department or unit'));
      return;
    }
    setSaving(true);
    try {
      await opinionsApi.open(listId, { title: v.title, deadline: v.deadline.format('YYYY-MM-DD'), orgIds });
      message.success(tr('已发起征求意见', 'The round of opinions is open'));
      form.resetFields();
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={tr('发起征求意见', 'Solicit opinions')}
      open={open}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={tr('发起', 'Open the round')}
      cancelText={tr('取消', 'Cancel')}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ title: tr('征求意见', 'Opinions'), deadline: dayjs().add(7, 'day'), depts: [], units: [] }}>
        <Form.Item name="title" label={tr('名称', 'Title')} rules={[{ required: true, whitespace: true, message: tr('请填写名称', 'Enter a title') }]}>
          <Input maxLength={200} placeholder={tr('如：第一轮征求意见', 'e.g. First round')} />
        </Form.Item>
        <Form.Item name="deadline" label={tr('截止日期', 'Deadline')} rules={[{ required: true, message: tr('请选择截止日期', 'Choose a deadline') }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="depts" label={tr('工委部门', 'Departments')}>
          <Select
            mode="multiple"
            allowClear
            loading={depts.isLoading}
            optionFilterProp="label"
            placeholder={tr('选择征求意见的工委部门', 'Choose departments')}
            options={(depts.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="units" label={tr('单位', 'Units')} extra={tr('输入名称或编码搜索单位', 'Type a name or code to search')}>
          <Select
            mode="multiple"
            labelInValue
            allowClear
            showSearch
            filterOption={false}
            onSearch={setUnitQ}
            loading={units.isFetching}
            placeholder={tr('选择征求意见的单位', 'Choose units')}
            options={(units.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 提出意见: on the whole list, a part or a task. */
function GiveOpinionModal({ round, listId, onClose, onDone }: { round: Round | null; listId: number; onClose: () => void; onDone: () => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ target: string; content: string }>();
  const [saving, setSaving] = useState(false);
  const structure = useQuery({ queryKey: ['list', listId], queryFn: () => opinionsApi.structure(listId) as Promise<StructureLite>, enabled: round !== null, retry: false });

  const options = useMemo(() => {
    const whole = { label: tr('全文', 'Whole list'), options: [{ value: `list:${listId}`, label: tr('全文', 'The whole list') }] };
    const s = structure.data;
    if (!s || !Array.isArray(s.parts)) return [whole];
    const parts = { label: tr('部分', 'Parts'), options: s.parts.map((p, i) => ({ value: `part:${p.id}`, label: tr(`第${i + 1}部分 ${p.title}`, `Part ${i + 1} ${p.title}`) })) };
    const tasks = s.parts.map((p) => ({
      label: p.title,
      options: s.tasks
        .filter((t) => t.partId === p.id && t.number !== null && !t.withdrawnAt)
        .map((t) => ({ value: `task:${t.id}`, label: tr(`第${t.number}项 ${t.content}`, `No. ${t.number} ${t.content}`) })),
    }));
    return [whole, parts, ...tasks.filter((g) => g.options.length > 0)];
  }, [structure.data, listId, tr]);

  const submit = async () => {
    if (!round) return;
    const v = await form.validateFields();
    const [type, id] = v.target.split(':');
    setSaving(true);
    try {
      await opinionsApi.give(round.id, { targetType: type as OpinionTargetType, targetId: Number(id), content: v.content });
      message.success(tr('意见已提交', 'Your opinion was submitted'));
      form.resetFields();
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={tr('提出意见', 'Give an opinion')}
      open={round !== null}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={tr('提交', 'Submit')}
      cancelText={tr('取消', 'Cancel')}
      width={680}
      destroyOnHidden
    >
      {round?.commentOrg && (
        <Typography.Paragraph type="secondary">
          {tr(`以“${round.commentOrg.name}”名义提出，截止日期 ${round.deadline}`, `As ${round.commentOrg.name}; deadline ${round.deadline}`)}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" initialValues={{ target: `list:${listId}` }}>
        <Form.Item name="target" label={tr('针对内容', 'About')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={options} loading={structure.isLoading} popupMatchSelectWidth={false} />
        </Form.Item>
        <Form.Item name="content" label={tr('意见建议', 'Opinion')} rules={[{ required: true, whitespace: true, message: tr('请填写意见建议', 'Enter your opinion') }]}>
          <Input.TextArea rows={6} count={{ show: true, max: 4000 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 处理意见: adopted, partly adopted or not adopted, with a reply (required unless adopted). */
function AnswerModal({ opinion, onClose, onDone }: { opinion: Opinion | null; onClose: () => void; onDone: () => void }) {
  const tr = useTr();
  const label = useLabel();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ handling: OpinionHandling; reply: string }>();
  const handling = Form.useWatch('handling', form);
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    if (!opinion) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      await opinionsApi.answer(opinion.id, { handling: v.handling, reply: v.reply ?? '' });
      message.success(tr('已保存处理情况', 'Answer saved'));
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={tr('处理意见', 'Answer the opinion')}
      open={opinion !== null}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={tr('保存', 'Save')}
      cancelText={tr('取消', 'Cancel')}
      width={640}
      destroyOnHidden
    >
      {opinion && (
        <>
          <Typography.Paragraph>
            <Typography.Text type="secondary">{opinion.orgName} · {opinion.targetLabel}</Typography.Text>
            <br />
            {opinion.content}
          </Typography.Paragraph>
          <Form form={form} layout="vertical" initialValues={{ handling: opinion.handling ?? 'adopted', reply: opinion.reply }}>
            <Form.Item name="handling" label={tr('处理情况', 'Handling')} rules={[{ required: true }]}>
              <Radio.Group options={OPINION_HANDLINGS.map((h) => ({ value: h, label: label(OPINION_HANDLING_LABELS[h]) }))} />
            </Form.Item>
            <Form.Item
              name="reply"
              label={tr('说明', 'Reply')}
              rules={[{ required: handling !== 'adopted', whitespace: true, message: tr('部分采纳或未采纳的意见须填写说明', 'Give a reply unless the opinion is adopted') }]}
            >
              <Input.TextArea rows={4} count={{ show: true, max: 4000 }} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

/** One round: its organisations, its opinions (with the pending filter) and the actions. */
function RoundPanel({ roundId, canManage, listId, onChanged }: { roundId: number; canManage: boolean; listId: number; onChanged: () => void }) {
  const tr = useTr();
  const label = useLabel();
  const { message, modal } = AntApp.useApp();
  const [pendingOnly, setPendingOnly] = useState(false);
  const [answering, setAnswering] = useState<Opinion | null>(null);
  const [giving, setGiving] = useState<Round | null>(null);
  const q = useQuery({ queryKey: ['opinion-round', roundId], queryFn: () => opinionsApi.round(roundId) });
  const r: RoundDetail | undefined = q.data;

  const refresh = () => {
    void q.refetch();
    onChanged();
  };
  const close = () =>
    modal.confirm({
      title: tr('结束本轮征求意见？', 'Close this round?'),
      content: tr('结束后各部门、单位不能再提出意见；没有进行中的征求意见时清单回到“起草中”。', 'No more opinions can be given; when no round remains open the list returns to drafting.'),
      okText: tr('结束', 'Close'),
      cancelText: tr('取消', 'Cancel'),
      onOk: async () => {
        try {
          await opinionsApi.close(roundId);
          message.success(tr('已结束征求意见', 'The round is closed'));
          refresh();
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });
  const exportSummary = async () => {
    try {
      await opinionsApi.summary(roundId);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  if (!r) return <Card loading />;
  const opinions = pendingOnly ? r.opinions.filter((o) => !o.handling) : r.opinions;
  const canAnswer = canManage && (r.listStatus === 'draft' || r.listStatus === 'soliciting');
  const canGive = r.commentOrg !== null && r.status === 'open' && !r.pastDeadline && (r.listStatus === 'draft' || r.listStatus === 'soliciting');

  const columns: TableProps<Opinion>['columns'] = [
    { title: tr('序号', 'No.'), key: 'no', width: 64, render: (_, __, i) => i + 1 },
    { title: tr('提出单位', 'From'), key: 'orgName', dataIndex: 'orgName', width: 140 },
    { title: tr('针对内容', 'About'), key: 'targetLabel', dataIndex: 'targetLabel', width: 220, ellipsis: { showTitle: true } },
    { title: tr('意见建议', 'Opinion'), key: 'content', dataIndex: 'content', render: (v: string) => <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{v}</Typography.Paragraph> },
    {
      title: tr('处理情况', 'Handling'),
      key: 'handling',
      width: 110,
      render: (_, o) => (o.handling ? <Tag color={HANDLING_COLORS[o.handling]}>{label(OPINION_HANDLING_LABELS[o.handling])}</Tag> : <Tag color="red">{tr('未处理', 'Pending')}</Tag>),
    },
    { title: tr('说明', 'Reply'), key: 'reply', dataIndex: 'reply', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> },
    ...(canAnswer
      ? [{
          title: tr('操作', 'Actions'),
          key: 'actions',
          width: 90,
          render: (_: unknown, o: Opinion) => (
            <Button size="small" type="link" onClick={() => setAnswering(o)}>
              {o.handling ? tr('修改', 'Change') : tr('处理', 'Answer')}
            </Button>
          ),
        }]
      : []),
  ];

  return (
    <Card
      size="small"
      title={
        <Space>
          {r.title}
          <RoundStatus round={r} />
        </Space>
      }
      extra={
        <Space wrap>
          {canGive && (
            <Button type="primary" icon={<MessageOutlined />} onClick={() => setGiving(r)}>
              {tr('提出意见', 'Give an opinion')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} onClick={exportSummary}>
            {tr('导出汇总表', 'Export summary')}
          </Button>
          {canManage && r.status === 'open' && (
            <Button icon={<StopOutlined />} onClick={close}>
              {tr('结束征求意见', 'Close the round')}
            </Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {tr(`截止日期 ${r.deadline}，共 ${r.opinionCount} 条意见，已处理 ${r.answeredCount} 条`, `Deadline ${r.deadline}; ${r.opinionCount} opinions, ${r.answeredCount} answered`)}
        </Typography.Text>
        <Space size={[4, 4]} wrap>
          {r.orgs.map((o) => (
            <Tag key={o.id} color={o.opinionCount > 0 ? 'blue' : undefined}>
              {o.name}
              {o.opinionCount > 0 ? ` · ${o.opinionCount}` : ''}
            </Tag>
          ))}
        </Space>
        <Space>
          <Switch checked={pendingOnly} onChange={setPendingOnly} size="small" />
          <span>{tr('只看未处理', 'Pending only')}</span>
        </Space>
        <Table<Opinion>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={opinions}
          pagination={opinions.length > 50 ? { pageSize: 50 } : false}
          locale={{ emptyText: <Empty description={pendingOnly ? tr('没有未处理的意见', 'Nothing pending') : tr('暂无意见', 'No opinions yet')} /> }}
        />
      </Space>
      <AnswerModal
        opinion={answering}
        onClose={() => setAnswering(null)}
        onDone={() => {
          setAnswering(null);
          refresh();
        }}
      />
      <GiveOpinionModal
        round={giving}
        listId={listId}
        onClose={() => setGiving(null)}
        onDone={() => {
          setGiving(null);
          refresh();
        }}
      />
    </Card>
  );
}

/** 征求意见 tab of a list: the rounds, one round's opinions, opening and closing rounds, answering. */
export default function OpinionsTab({ listId }: { listId: number }) {
  const tr = useTr();
  const { can } = useAuth();
  const qc = useQueryClient();
  const [opening, setOpening] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const rounds = useQuery({ queryKey: ['opinion-rounds', listId], queryFn: () => opinionsApi.rounds(listId) });
  const structure = useQuery({ queryKey: ['list', listId], queryFn: () => opinionsApi.structure(listId) as Promise<StructureLite>, retry: false, enabled: can('lists.draft') });
  const canManage = can('lists.draft') && (structure.data?.rights?.canManage ?? can('lists.manage'));
  const status = rounds.data?.list.status;
  const canOpen = canManage && (status === 'draft' || status === 'soliciting');
  const items = rounds.data?.items ?? [];
  const current = selected ?? items[0]?.id ?? null;

  const changed = () => {
    void qc.invalidateQueries({ queryKey: ['opinion-rounds', listId] });
    void qc.invalidateQueries({ queryKey: ['opinion-round'] });
    void qc.invalidateQueries({ queryKey: ['list', listId] });
  };

  const columns: TableProps<Round>['columns'] = [
    { title: tr('名称', 'Title'), key: 'title', dataIndex: 'title' },
    { title: tr('状态', 'Status'), key: 'status', width: 120, render: (_, r) => <RoundStatus round={r} /> },
    { title: tr('截止日期', 'Deadline'), key: 'deadline', dataIndex: 'deadline', width: 120 },
    { title: tr('征求对象', 'Asked'), key: 'orgs', render: (_, r) => r.orgs.map((o) => o.name).join('、') },
    { title: tr('意见', 'Opinions'), key: 'opinionCount', dataIndex: 'opinionCount', width: 80 },
    {
      title: tr('已处理', 'Answered'),
      key: 'answeredCount',
      width: 100,
      render: (_, r) =>
        r.opinionCount > 0 && r.answeredCount === r.opinionCount ? (
          <Space size={4}>
            <CheckCircleOutlined style={{ color: '#52c41a' }} />
            {r.answeredCount}
          </Space>
        ) : (
          r.answeredCount
        ),
    },
    { title: tr('发起人', 'Opened by'), key: 'createdByName', dataIndex: 'createdByName', width: 110, render: (v: string | null) => v ?? '—' },
  ];

  if (rounds.isError) return <Alert type="error" showIcon title={errorMessage(rounds.error)} />;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        size="small"
        title={tr('征求意见', 'Opinions')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={changed}>
              {tr('刷新', 'Refresh')}
            </Button>
            {canOpen && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)}>
                {tr('发起征求意见', 'Solicit opinions')}
              </Button>
            )}
          </Space>
        }
      >
        <Table<Round>
          rowKey="id"
          size="small"
          loading={rounds.isLoading}
          columns={columns}
          dataSource={items}
          pagination={false}
          onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer', background: r.id === current ? '#e6f4ff' : undefined } })}
          locale={{ emptyText: <Empty description={tr('尚未征求意见', 'No rounds of opinions yet')} /> }}
        />
      </Card>
      {current !== null && <RoundPanel key={current} roundId={current} canManage={canManage} listId={listId} onChanged={changed} />}
      <OpenRoundModal
        listId={listId}
        open={opening}
        onClose={() => setOpening(false)}
        onDone={() => {
          setOpening(false);
          setSelected(null);
          changed();
        }}
      />
    </Space>
  );
}
