import { useEffect, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, DatePicker, Empty, Form, Input, InputNumber, Modal, Select, Space, Spin, Timeline, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import {
  AuditOutlined,
  CheckCircleOutlined,
  EditOutlined,
  FileDoneOutlined,
  NotificationOutlined,
  RollbackOutlined,
  SendOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { defaultNoticeTitle, formatDocNumber, LIST_STATUS_LABELS } from '@qingdan/core';
import { ApiError, errorMessage } from '../../app/api.ts';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { listsApi, type LifecycleAction, type ListHistory, type HistoryMeeting, type HistoryRevision, type HistoryTransition, type ListDetail } from './listsApi.ts';

type Action = 'submit' | 'return' | 'approve' | 'issue' | 'revise' | 'publish';

/** The lifecycle buttons of a list by its status and the caller's rights, each with its form and a confirmation. */
export function LifecycleActions({ detail }: { detail: ListDetail }) {
  const tr = useTr();
  const { list, rights } = detail;
  const [action, setAction] = useState<Action | null>(null);
  // The server says which steps the caller may take now (history.rights); until it answers, the list's rights decide.
  const history = useQuery({ queryKey: ['listHistory', list.id], queryFn: () => listsApi.history(list.id) });
  const serverActions = history.data && history.data.list.status === list.status ? history.data.rights.actions : null;
  const s = list.status;
  const fallback: LifecycleAction[] = !rights.canManage
    ? []
    : s === 'draft' || s === 'soliciting'
      ? ['submit']
      : s === 'inReview'
        ? ['approve', 'return']
        : s === 'approved'
          ? ['issue']
          : list.openRevisionId === null
            ? ['openRevision']
            : ['publishRevision'];
  const allowed = new Set<LifecycleAction>(serverActions ?? fallback);
  if (allowed.size === 0) return null;
  const buttons: ReactNode[] = [];
  if (allowed.has('submit'))
    buttons.push(
      <Button key="submit" type="primary" icon={<SendOutlined />} onClick={() => setAction('submit')}>
        {tr('送审', 'Submit for review')}
      </Button>,
    );
  if (allowed.has('approve'))
    buttons.push(
      <Button key="approve" type="primary" icon={<AuditOutlined />} onClick={() => setAction('approve')}>
        {tr('审定', 'Approve')}
      </Button>,
    );
  if (allowed.has('return'))
    buttons.push(
      <Button key="return" icon={<RollbackOutlined />} onClick={() => setAction('return')}>
        {tr('退回', 'Return')}
      </Button>,
    );
  if (allowed.has('issue'))
    buttons.push(
      <Button key="issue" type="primary" icon={<FileDoneOutlined />} onClick={() => setAction('issue')}>
        {tr('印发', 'Issue')}
      </Button>,
    );
  if (allowed.has('openRevision'))
    buttons.push(
      <Button key="revise" icon={<EditOutlined />} onClick={() => setAction('revise')}>
        {tr('发起修订', 'Start a revision')}
      </Button>,
    );
  if (allowed.has('publishRevision') && list.openRevisionId !== null)
    buttons.push(
      <Button key="publish" type="primary" icon={<NotificationOutlined />} onClick={() => setAction('publish')}>
        {tr('发布修订', 'Publish the revision')}
      </Button>,
    );
  return (
    <>
      <Space wrap>{buttons}</Space>
      <ActionModal detail={detail} action={action} checks={history.data?.checks ?? null} onClose={() => setAction(null)} />
    </>
  );
}

interface Fields {
  comment?: string;
  meetingDate?: Dayjs;
  meetingName?: string;
  decision?: 'approved' | 'returned';
  comments?: string;
  docPrefix?: string;
  docSeq?: number;
  issueDate?: Dayjs;
  noticeTitle?: string;
  coIssuer?: string;
  reason?: string;
  notice?: string;
}

function ActionModal({ detail, action, checks, onClose }: { detail: ListDetail; action: Action | null; checks: ListHistory['checks']; onClose: () => void }) {
  const tr = useTr();
  const { message, modal } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const { list } = detail;
  const docPrefix = Form.useWatch('docPrefix', form);
  const docSeq = Form.useWatch('docSeq', form);

  useEffect(() => {
    if (!action) return;
    form.resetFields();
    setFiles([]);
    form.setFieldsValue({
      meetingDate: dayjs(),
      meetingName: '工委书记办公会',
      decision: 'approved',
      docPrefix: list.docPrefix ?? '鄂直工发',
      docSeq: list.docSeq ?? undefined,
      issueDate: dayjs(),
      noticeTitle: list.noticeTitle ?? defaultNoticeTitle(list.title),
      coIssuer: list.coIssuer ?? '省委党建办',
    });
  }, [action, form, list]);

  const titles: Record<Action, string> = {
    submit: tr('送审', 'Submit for review'),
    return: tr('退回修改', 'Return for changes'),
    approve: tr('审定', 'Approve'),
    issue: tr('印发', 'Issue'),
    revise: tr('发起修订', 'Start a revision'),
    publish: tr('发布修订', 'Publish the revision'),
  };
  const preview = docPrefix && docSeq ? formatDocNumber(docPrefix.trim(), list.year, docSeq) : null;

  const confirmText = (a: Action, v: Fields): string => {
    switch (a) {
      case 'submit':
        return tr('送审后清单内容将锁定，直至审定或退回。确认送审？', 'The content is locked until it is approved or returned. Submit?');
      case 'return':
        return tr('清单将退回起草状态。确认退回？', 'The list goes back to drafting. Return it?');
      case 'approve':
        return v.decision === 'returned'
          ? tr('会议决定退回修改，清单将回到起草状态。确认？', 'The meeting returned the list; it goes back to drafting. Confirm?')
          : tr('审定后清单内容定稿，等待印发。确认审定？', 'The content becomes final, ready to issue. Approve?');
      case 'issue':
        return tr(`以文号“${preview ?? ''}”印发后，清单只能通过修订变更。确认印发？`, `Issue as "${preview ?? ''}"? Afterwards it changes only through revisions.`);
      case 'revise':
        return tr('发起修订后，各起草部门可修改已印发清单，发布修订前变更不生效。确认发起？', 'Departments may edit the issued list; changes take effect when published. Start?');
      case 'publish':
        return tr('发布后修订内容生效，并生成新的版本。确认发布？', 'The changes take effect as a new version. Publish?');
    }
  };

  const run = async (a: Action, v: Fields) => {
    const id = list.id;
    switch (a) {
      case 'submit':
        return listsApi.submit(id, (v.comment ?? '').trim());
      case 'return':
        return listsApi.returnList(id, (v.comment ?? '').trim());
      case 'approve':
        return listsApi.approve(id, {
          meetingDate: v.meetingDate!.format('YYYY-MM-DD'),
          meetingName: v.meetingName!.trim(),
          decision: v.decision!,
          comments: (v.comments ?? '').trim(),
          minutes: (files[0]?.originFileObj as File | undefined) ?? null,
        });
      case 'issue':
        return listsApi.issue(id, {
          docPrefix: v.docPrefix!.trim(),
          docSeq: v.docSeq!,
          issueDate: v.issueDate!.format('YYYY-MM-DD'),
          noticeTitle: v.noticeTitle!.trim(),
          coIssuer: (v.coIssuer ?? '').trim(),
        });
      case 'revise':
        return listsApi.openRevision(id, v.reason!.trim());
      case 'publish':
        return listsApi.publishRevision(list.openRevisionId!, v.notice!.trim());
    }
  };

  const submit = async () => {
    if (!action) return;
    const v = await form.validateFields();
    modal.confirm({
      title: titles[action],
      content: confirmText(action, v),
      okText: tr('确认', 'Confirm'),
      cancelText: tr('取消', 'Cancel'),
      onOk: async () => {
        setBusy(true);
        try {
          await run(action, v);
          message.success(tr(`${titles[action]}完成`, `${titles[action]}: done`));
          onClose();
        } catch (e) {
          showRefusal(e);
        } finally {
          setBusy(false);
          // Everything about the list may have changed (status, snapshots, versions, coverage …).
          void qc.invalidateQueries();
        }
      },
    });
  };

  /** The server's refusal (uncovered items, unanswered opinions …) with its details. */
  const showRefusal = (e: unknown) => {
    const hint =
      e instanceof ApiError && e.code === 'LIST_UNCOVERED'
        ? tr('请在“依据与覆盖”中把这些条目关联到任务，或说明不列入的理由。', 'Link these items to tasks under "Sources & coverage", or give the reason for leaving them out.')
        : e instanceof ApiError && e.code === 'LIST_OPINIONS_UNANSWERED'
          ? tr('请在“征求意见”中逐条答复后再送审。', 'Answer every opinion under "Opinions" first.')
          : null;
    if (e instanceof ApiError && e.details.length > 0) {
      modal.error({
        title: e.message,
        width: 640,
        content: (
          <>
            <ul style={{ paddingInlineStart: 20, maxHeight: 400, overflow: 'auto', margin: 0 }}>
              {e.details.map((d, i) => (
                <li key={i}>{d.message}</li>
              ))}
            </ul>
            {hint && <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{hint}</Typography.Paragraph>}
          </>
        ),
      });
    } else if (e instanceof ApiError && e.status !== 500) {
      modal.error({ title: e.message, content: hint ?? undefined });
    } else message.error(errorMessage(e));
  };

  return (
    <Modal
      open={action !== null}
      title={action ? titles[action] : ''}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={action ? titles[action] : ''}
      cancelText={tr('取消', 'Cancel')}
      destroyOnHidden
      width={action === 'issue' || action === 'approve' ? 600 : 520}
    >
      <Form form={form} layout="vertical" preserve={false}>
        {action === 'submit' && (
          <>
            {checks && (checks.uncovered > 0 || checks.unansweredOpinions > 0) ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                title={tr('目前还不能送审', 'Not ready to submit yet')}
                description={[
                  checks.uncovered > 0 ? tr(`${checks.uncovered} 项上级要求未落实到任务（见“依据与覆盖”）`, `${checks.uncovered} source items not covered (see "Sources & coverage")`) : null,
                  checks.unansweredOpinions > 0 ? tr(`${checks.unansweredOpinions} 条意见未答复（见“征求意见”）`, `${checks.unansweredOpinions} opinions unanswered (see "Opinions")`) : null,
                ]
                  .filter(Boolean)
                  .join(tr('；', '; '))}
              />
            ) : (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                title={tr('送审前系统将检查：上级清单和工作要点均已覆盖（或已说明不涉及），征求意见均已答复。', 'Before submitting, the server checks that every source item is covered (or waived) and every opinion answered.')}
              />
            )}
            <Form.Item name="comment" label={tr('送审说明（可选）', 'Note (optional)')}>
              <Input.TextArea rows={3} count={{ show: true, max: 500 }} />
            </Form.Item>
          </>
        )}
        {action === 'return' && (
          <Form.Item name="comment" label={tr('退回意见', 'Reason for returning')} rules={[{ required: true, whitespace: true, message: tr('请填写退回意见', 'Give a reason') }]}>
            <Input.TextArea rows={4} count={{ show: true, max: 1000 }} />
          </Form.Item>
        )}
        {action === 'approve' && (
          <>
            <Space size="large" wrap>
              <Form.Item name="meetingDate" label={tr('会议日期', 'Meeting date')} rules={[{ required: true, message: tr('请选择会议日期', 'Choose the date') }]}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="meetingName" label={tr('会议名称', 'Meeting')} rules={[{ required: true, whitespace: true, message: tr('请填写会议名称', 'Enter the meeting') }]} style={{ minWidth: 260 }}>
                <Input maxLength={100} />
              </Form.Item>
            </Space>
            <Form.Item name="decision" label={tr('会议决定', 'Decision')} rules={[{ required: true }]}>
              <Select
                options={[
                  { value: 'approved', label: tr('审定通过', 'Approved') },
                  { value: 'returned', label: tr('退回修改', 'Returned for changes') },
                ]}
                style={{ width: 200 }}
              />
            </Form.Item>
            <Form.Item name="comments" label={tr('会议意见', 'Comments')}>
              <Input.TextArea rows={3} count={{ show: true, max: 2000 }} />
            </Form.Item>
            <Form.Item label={tr('会议纪要（可选）', 'Minutes (optional)')} extra={tr('PDF 或 Word（.docx），不超过 20 MB', 'PDF or Word (.docx), up to 20 MB')}>
              <Upload
                fileList={files}
                maxCount={1}
                accept=".pdf,.docx"
                beforeUpload={() => false}
                onChange={({ fileList }) => setFiles(fileList.slice(-1))}
              >
                <Button icon={<UploadOutlined />}>{tr('选择文件', 'Choose a file')}</Button>
              </Upload>
            </Form.Item>
          </>
        )}
        {action === 'issue' && (
          <>
            <Space size="large" wrap align="start">
              <Form.Item name="docPrefix" label={tr('文号前缀', 'Prefix')} rules={[{ required: true, whitespace: true, message: tr('请填写文号前缀', 'Enter the prefix') }]}>
                <Input maxLength={20} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="docSeq" label={tr('序号', 'Number')} rules={[{ required: true, message: tr('请填写序号', 'Enter the number') }]}>
                <InputNumber min={1} max={9999} precision={0} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item name="issueDate" label={tr('印发日期', 'Issue date')} rules={[{ required: true, message: tr('请选择印发日期', 'Choose the date') }]}>
                <DatePicker />
              </Form.Item>
            </Space>
            <Form.Item label={tr('文号', 'Document number')}>
              <Typography.Text strong style={{ fontSize: 16 }} data-testid="doc-number-preview">
                {preview ?? tr('（填写前缀和序号后显示）', '(shown once prefix and number are filled in)')}
              </Typography.Text>
            </Form.Item>
            <Form.Item name="noticeTitle" label={tr('通知标题', 'Notice title')} rules={[{ required: true, whitespace: true, message: tr('请填写通知标题', 'Enter the notice title') }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="coIssuer" label={tr('联合发文单位', 'Co-issuer')}>
              <Input maxLength={100} />
            </Form.Item>
          </>
        )}
        {action === 'revise' && (
          <Form.Item name="reason" label={tr('修订原因', 'Reason')} rules={[{ required: true, whitespace: true, message: tr('请填写修订原因', 'Give the reason') }]}>
            <Input.TextArea rows={4} count={{ show: true, max: 1000 }} />
          </Form.Item>
        )}
        {action === 'publish' && (
          <Form.Item
            name="notice"
            label={tr('修订说明（随修订发布）', 'Notice (published with the revision)')}
            rules={[{ required: true, whitespace: true, message: tr('请填写修订说明', 'Enter the notice') }]}
          >
            <Input.TextArea rows={4} count={{ show: true, max: 2000 }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

type Entry = { at: string; color: string; dot?: ReactNode; content: ReactNode };

/** 流转记录: transitions, the approval meeting and revisions on one timeline, newest first. */
export function HistoryTimeline({ listId }: { listId: number }) {
  const tr = useTr();
  const label = useLabel();
  const q = useQuery({ queryKey: ['listHistory', listId], queryFn: () => listsApi.history(listId) });
  if (q.isLoading) return <Spin />;
  if (q.error) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  const h = q.data;
  const when = (s: string | null | undefined) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '');
  const entries: Entry[] = [];
  for (const t of (h?.transitions ?? []) as HistoryTransition[])
    entries.push({
      at: t.at,
      color: t.to === 'issued' || t.to === 'approved' ? '#52c41a' : t.to === 'draft' && t.from === 'inReview' ? '#cf1322' : '#1677ff',
      content: (
        <div>
          <Typography.Text strong>
            {t.from === t.to
              ? tr(`修订生效（${label(LIST_STATUS_LABELS[t.to]) || t.to}）`, `Revision in force (${label(LIST_STATUS_LABELS[t.to]) || t.to})`)
              : `${label(LIST_STATUS_LABELS[t.from]) || t.from} → ${label(LIST_STATUS_LABELS[t.to]) || t.to}`}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
            {when(t.at)} · {t.actorName || '—'}
          </Typography.Text>
          {t.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{t.comment}</div>}
        </div>
      ),
    });
  for (const m of (h?.meetings ?? []) as HistoryMeeting[])
    entries.push({
      at: m.createdAt,
      color: m.decision === 'approved' ? '#52c41a' : '#cf1322',
      dot: <AuditOutlined />,
      content: (
        <div>
          <Typography.Text strong>
            {m.meetingDate} {m.meetingName}：{m.decision === 'approved' ? tr('审定通过', 'approved') : tr('退回修改', 'returned for changes')}
          </Typography.Text>
          {m.comments && <div style={{ whiteSpace: 'pre-wrap' }}>{m.comments}</div>}
          {m.minutesFile && (
            <div>
              <Typography.Text type="secondary">{tr('会议纪要：', 'Minutes: ')}</Typography.Text>
              <a href={`/api/files/${m.minutesFile.id}`} target="_blank" rel="noreferrer">
                {m.minutesFile.name}
              </a>
            </div>
          )}
        </div>
      ),
    });
  for (const r of (h?.revisions ?? []) as HistoryRevision[]) {
    entries.push({
      at: r.createdAt,
      color: '#fa8c16',
      dot: <EditOutlined />,
      content: (
        <div>
          <Typography.Text strong>{tr(`发起第${r.revision}次修订`, `Revision ${r.revision} started`)}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>{when(r.createdAt)}</Typography.Text>
          <div style={{ whiteSpace: 'pre-wrap' }}>{r.reason}</div>
        </div>
      ),
    });
    if (r.publishedAt)
      entries.push({
        at: r.publishedAt,
        color: '#52c41a',
        dot: <CheckCircleOutlined />,
        content: (
          <div>
            <Typography.Text strong>{tr(`发布第${r.revision}次修订`, `Revision ${r.revision} published`)}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>{when(r.publishedAt)}</Typography.Text>
            {r.notice && <div style={{ whiteSpace: 'pre-wrap' }}>{r.notice}</div>}
          </div>
        ),
      });
  }
  if (entries.length === 0) return <Empty description={tr('尚无流转记录', 'No steps yet')} />;
  entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return <Timeline items={entries.map((e, i) => ({ key: i, color: e.color, icon: e.dot, content: e.content }))} />;
}
