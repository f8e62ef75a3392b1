import { useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Descriptions, Empty, Form, Input, Modal, Result, Space, Spin, Timeline, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, ReloadOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { REVIEW_ACTION_LABELS, type ReviewAction } from '@qingdan/core';
import { ApiError, errorMessage } from '../../app/api.ts';
import { useLabel, usePeriodLabel, useTr } from '../../app/i18n.tsx';
import { LightTag, PeriodStatusTag, TaskText, useInvalidatePeriod } from './components.tsx';
import { ReportsList } from './ReportsList.tsx';
import { periodKey, workApi, type PeriodDetail, type ReviewEntry } from './workApi.ts';

const ACTION_COLORS: Record<ReviewAction, string> = { submitted: '#1677ff', approved: '#52c41a', returned: '#cf1322', reopened: '#8c8c8c' };

const when = (s: string | null | undefined) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '—');

/** /work/periods/:id — 履责记实: the period's task, its records with evidence, submission and review. */
export default function PeriodPage() {
  const tr = useTr();
  const navigate = useNavigate();
  const params = useParams();
  const raw = (params['*'] ?? '').split('/')[0] ?? '';
  const periodId = /^\d+$/.test(raw) ? Number(raw) : NaN;
  const valid = Number.isInteger(periodId) && periodId > 0 && periodId <= 2_147_483_647;
  const q = useQuery({ queryKey: periodKey(periodId), queryFn: () => workApi.period(periodId), enabled: valid, retry: false });

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/my-tasks'))}>
      {tr('返回', 'Back')}
    </Button>
  );
  if (!valid || (q.error instanceof ApiError && q.error.status === 404))
    return <Result status="404" title={tr('该期任务不存在或无权查看', 'No such period, or not yours to see')} extra={back} />;
  if (q.isLoading) return <Spin style={{ display: 'block', padding: 80 }} />;
  if (q.error || !q.data)
    return (
      <Card>
        <Alert type="error" showIcon title={errorMessage(q.error)} action={back} />
      </Card>
    );
  return <PeriodView detail={q.data} back={back} refreshing={q.isFetching} onReload={() => void q.refetch()} />;
}

function PeriodView({ detail, back, refreshing, onReload }: { detail: PeriodDetail; back: ReactNode; refreshing: boolean; onReload: () => void }) {
  const tr = useTr();
  const periodLabel = usePeriodLabel();
  const { period: p, task, org, reviewerOrg } = detail;
  const latestReturn = [...detail.reviews].filter((r) => r.action === 'returned').sort((a, b) => b.at.localeCompare(a.at))[0];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            {back}
            <span>{tr('履责记实', 'Work record')}</span>
            <Typography.Text type="secondary">
              {org.name} · {p.year} · {periodLabel(p.label)}
            </Typography.Text>
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<ReloadOutlined />} loading={refreshing} onClick={onReload}>
              {tr('刷新', 'Reload')}
            </Button>
            <PeriodActions detail={detail} />
          </Space>
        }
      >
        {p.withdrawnAt && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={tr('该任务已在清单修订中撤销，已有记实保留备查', 'The task was withdrawn by a revision of the list; its records are kept')}
          />
        )}
        {p.status === 'returned' && latestReturn && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="return-alert"
            title={
              detail.canRecord
                ? tr('已被退回，请按意见补充后重新提交', 'Returned: complete the records and submit again')
                : tr('已退回，等待补充后重新提交', 'Returned, awaiting a new submission')
            }
            description={
              <div>
                <div style={{ whiteSpace: 'pre-wrap', fontWeight: 500 }}>{latestReturn.reason}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {latestReturn.actorName}
                  {latestReturn.actorOrgName ? `（${latestReturn.actorOrgName}）` : ''} · {when(latestReturn.at)}
                </Typography.Text>
              </div>
            }
          />
        )}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
          items={[
            {
              key: 'task',
              label: tr('任务', 'Task'),
              span: 'filled',
              children: (
                <span data-testid="period-task">
                  <TaskText code={task.code} content={task.content} />
                </span>
              ),
            },
            ...(task.requirements
              ? [{ key: 'req', label: tr('工作要求', 'Requirements'), span: 'filled' as const, children: <div style={{ whiteSpace: 'pre-wrap' }}>{task.requirements}</div> }]
              : []),
            ...(task.evidence
              ? [{ key: 'evi', label: tr('佐证材料要求', 'Evidence required'), span: 'filled' as const, children: <div style={{ whiteSpace: 'pre-wrap' }}>{task.evidence}</div> }]
              : []),
            { key: 'org', label: tr('责任组织', 'Organisation'), children: detail.unit.id !== org.id ? `${detail.unit.name} · ${org.name}` : org.name },
            { key: 'label', label: tr('期次', 'Period'), children: tr(`${p.year}年 ${p.label}（${p.startsOn} 至 ${p.endsOn}）`, `${periodLabel(p.label)} ${p.year} (${p.startsOn} to ${p.endsOn})`) },
            { key: 'due', label: tr('截止日期', 'Due'), children: <span data-testid="period-due">{p.dueOn}</span> },
            { key: 'light', label: tr('时限', 'Light'), children: <LightTag light={p.light} lateDays={p.lateDays} status={p.status} testId="period-light" /> },
            { key: 'status', label: tr('状态', 'Status'), children: <PeriodStatusTag status={p.status} testId="period-status" /> },
            { key: 'reviewer', label: tr('审核组织', 'Reviewed by'), children: reviewerOrg?.name ?? '—' },
            ...(p.submittedAt ? [{ key: 'submittedAt', label: tr('提交时间', 'Submitted'), children: when(p.submittedAt) }] : []),
            ...(p.approvedAt ? [{ key: 'approvedAt', label: tr('通过时间', 'Approved'), children: when(p.approvedAt) }] : []),
          ]}
        />
      </Card>
      <ReportsList detail={detail} />
      <Card title={tr('审核记录', 'Review history')} size="small">
        <ReviewTimeline reviews={detail.reviews} />
      </Card>
    </Space>
  );
}

/** 提交 for recorders; 审核通过 and 退回 for the reviewer — each confirmed. */
function PeriodActions({ detail }: { detail: PeriodDetail }) {
  const tr = useTr();
  const { message, modal } = AntApp.useApp();
  const p = detail.period;
  const invalidate = useInvalidatePeriod(p.id);
  const [reviewing, setReviewing] = useState<'approve' | 'return' | null>(null);

  const submit = () =>
    modal.confirm({
      title: tr('提交审核', 'Submit for review'),
      content:
        p.reportCount === 0 && detail.reports.length === 0
          ? tr('尚无履责记实，提交前请先添加记实。', 'There are no records yet; add one before submitting.')
          : tr(`提交后由${detail.reviewerOrg?.name ?? '上级组织'}审核，审核期间不能修改记实。确认提交？`, `${detail.reviewerOrg?.name ?? 'The level above'} reviews it; records are locked meanwhile. Submit?`),
      okText: tr('提交', 'Submit'),
      cancelText: tr('取消', 'Cancel'),
      okButtonProps: { 'data-testid': 'confirm-ok' } as ButtonProps,
      onOk: async () => {
        try {
          await workApi.submit(p.id, p.version);
          message.success(tr('已提交，等待审核', 'Submitted for review'));
        } catch (e) {
          message.error(errorMessage(e));
        } finally {
          invalidate();
        }
      },
    });

  return (
    <>
      {detail.canSubmit && (
        <Button type="primary" icon={<SendOutlined />} onClick={submit} data-testid="submit-period">
          {p.status === 'returned' ? tr('重新提交', 'Submit again') : tr('提交', 'Submit')}
        </Button>
      )}
      {detail.canReview && (
        <>
          <Button type="primary" icon={<CheckOutlined />} onClick={() => setReviewing('approve')} data-testid="approve-period">
            {tr('审核通过', 'Approve')}
          </Button>
          <Button danger icon={<RollbackOutlined />} onClick={() => setReviewing('return')} data-testid="return-period">
            {tr('退回', 'Return')}
          </Button>
        </>
      )}
      <ReviewModal periodId={p.id} version={p.version} action={reviewing} onClose={() => setReviewing(null)} onDone={invalidate} />
    </>
  );
}

function ReviewModal({ periodId, version, action, onClose, onDone }: { periodId: number; version: number; action: 'approve' | 'return' | null; onClose: () => void; onDone: () => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      if (action === 'approve') {
        await workApi.approve(periodId, (v.text ?? '').trim(), version);
        message.success(tr('已审核通过', 'Approved'));
      } else {
        await workApi.returnPeriod(periodId, v.text.trim(), version);
        message.success(tr('已退回', 'Returned'));
      }
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
      onDone();
    }
  };
  return (
    <Modal
      open={action !== null}
      title={action === 'approve' ? tr('审核通过', 'Approve') : tr('退回', 'Return')}
      onCancel={onClose}
      onOk={ok}
      confirmLoading={busy}
      okText={action === 'approve' ? tr('确认通过', 'Approve') : tr('确认退回', 'Return')}
      okButtonProps={{ danger: action === 'return', ...({ 'data-testid': 'review-ok' } as ButtonProps) }}
      cancelText={tr('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        {action === 'approve' ? (
          <Form.Item name="text" label={tr('审核意见（可选）', 'Comment (optional)')} rules={[{ max: 1000 }]}>
            <Input.TextArea rows={3} count={{ show: true, max: 1000 }} data-testid="approve-comment" />
          </Form.Item>
        ) : (
          <Form.Item
            name="text"
            label={tr('退回原因', 'Reason')}
            extra={tr('退回原因会通知记录人，请写明需要补充或修改的内容', 'The recorder is told the reason; say what to add or change')}
            rules={[
              { required: true, whitespace: true, message: tr('请填写退回原因', 'Enter the reason') },
              { min: 2, message: tr('退回原因至少 2 个字', 'At least 2 characters') },
              { max: 1000 },
            ]}
          >
            <Input.TextArea rows={4} count={{ show: true, max: 1000 }} data-testid="return-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export function ReviewTimeline({ reviews }: { reviews: ReviewEntry[] }) {
  const tr = useTr();
  const label = useLabel();
  if (reviews.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('尚未提交', 'Not submitted yet')} />;
  const sorted = [...reviews].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Timeline
      data-testid="review-timeline"
      items={sorted.map((r) => ({
        key: r.id,
        color: ACTION_COLORS[r.action] ?? '#8c8c8c',
        content: (
          <div data-testid="review-entry" data-action={r.action}>
            <Typography.Text strong>{label(REVIEW_ACTION_LABELS[r.action]) || r.action}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
              {when(r.at)} · {r.actorName || '—'}
              {r.actorOrgName ? `（${r.actorOrgName}）` : ''}
            </Typography.Text>
            {r.reason && <div style={{ whiteSpace: 'pre-wrap' }}>{r.reason}</div>}
          </div>
        ),
      }))}
    />
  );
}
