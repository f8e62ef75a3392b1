import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, DatePicker, Empty, Form, Image, Input, Modal, Popconfirm, Space, Tag, Tooltip, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import {
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  ExportOutlined,
  FileExcelOutlined,
  FileOutlined,
  FilePdfOutlined,
  FileWordOutlined,
  PaperClipOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { checkReportDate, defaultReportDate, EVIDENCE_MAX_BYTES, isReportLate, reportDateHint, reportDateRange } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { useLocale, useTr } from '../../app/i18n.tsx';
import { useBusinessDate } from '../../app/health.ts';
import { formatSize, useInvalidatePeriod } from './components.tsx';
import { evidenceUrl, isConflict, workApi, type Evidence, type PeriodDetail, type Report, type ReportWithEvidence } from './workApi.ts';

/** What the server accepts as evidence (it decides by content; this only saves a pointless upload). */
export const EVIDENCE_ACCEPT = '.pdf,.docx,.xlsx,.jpg,.jpeg,.png';
const ACCEPTED = /\.(pdf|docx|xlsx|jpe?g|png)$/i;

const isImage = (e: Evidence) => e.mime === 'image/jpeg' || e.mime === 'image/png';
const isPdf = (e: Evidence) => e.mime === 'application/pdf';

/** The records (履责记实) of a period: add, edit, delete, and their evidence files. */
export function ReportsList({ detail }: { detail: PeriodDetail }) {
  const tr = useTr();
  const p = detail.period;
  const editable = detail.canRecord && (p.status === 'pending' || p.status === 'returned') && !p.withdrawnAt;
  const [editing, setEditing] = useState<Report | 'new' | null>(null);
  const [pdf, setPdf] = useState<Evidence | null>(null);
  const reports = [...detail.reports].sort((a, b) => b.happenedOn.localeCompare(a.happenedOn) || b.id - a.id);

  return (
    <Card
      title={tr(`履责记实（${reports.length} 条）`, `Records (${reports.length})`)}
      extra={
        editable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-record">
            {tr('添加记实', 'Add a record')}
          </Button>
        )
      }
    >
      {reports.length === 0 ? (
        <Empty
          description={
            editable
              ? tr('还没有履责记实。一事一记：每做一件事，记下日期、内容并上传佐证材料', 'No records yet. One record per piece of work: its date, what was done, and evidence')
              : tr('还没有履责记实', 'No records yet')
          }
        >
          {editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {tr('添加记实', 'Add a record')}
            </Button>
          )}
        </Empty>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="records">
          {reports.map((r) => (
            <ReportItem key={r.id} periodId={p.id} report={r} editable={editable} onEdit={() => setEditing(r)} onPdf={setPdf} />
          ))}
        </Space>
      )}
      <ReportModal periodId={p.id} startsOn={p.startsOn} dueOn={p.dueOn} editing={editing} onClose={() => setEditing(null)} />
      <Modal
        open={pdf !== null}
        title={pdf?.name}
        onCancel={() => setPdf(null)}
        width="min(1000px, 95vw)"
        footer={
          pdf && (
            <Space>
              <Button icon={<ExportOutlined />} href={evidenceUrl(pdf.id)} target="_blank" rel="noopener">
                {tr('在新窗口中打开', 'Open in a new window')}
              </Button>
              <Button icon={<DownloadOutlined />} href={evidenceUrl(pdf.id, true)}>
                {tr('下载', 'Download')}
              </Button>
            </Space>
          )
        }
        destroyOnHidden
      >
        {pdf && <iframe title={pdf.name} src={evidenceUrl(pdf.id)} style={{ width: '100%', height: '75vh', border: 0 }} data-testid="pdf-preview" />}
      </Modal>
    </Card>
  );
}

function ReportItem({ periodId, report: r, editable, onEdit, onPdf }: { periodId: number; report: ReportWithEvidence; editable: boolean; onEdit: () => void; onPdf: (e: Evidence) => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const invalidate = useInvalidatePeriod(periodId);
  const remove = async () => {
    try {
      await workApi.deleteReport(r.id);
      message.success(tr('记实已删除', 'Record deleted'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      invalidate();
    }
  };
  return (
    <Card size="small" type="inner" data-testid="record" data-record-id={r.id}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12, flexWrap: 'wrap' }}>
        <Space size={12}>
          <Typography.Text strong data-testid="record-date-text">
            {r.happenedOn}
          </Typography.Text>
          {r.late && <Tag color="orange">{tr('迟报', 'Late')}</Tag>}
          <Typography.Text type="secondary">{r.authorName || '—'}</Typography.Text>
        </Space>
        {editable && (
          <Space size={4}>
            <Button size="small" type="link" icon={<EditOutlined />} onClick={onEdit} data-testid="edit-record">
              {tr('编辑', 'Edit')}
            </Button>
            <Popconfirm
              title={tr('删除这条记实？', 'Delete this record?')}
              description={r.evidence.length > 0 ? tr(`它的 ${r.evidence.length} 个佐证材料也会一并移除`, `Its ${r.evidence.length} evidence file(s) go with it`) : undefined}
              okText={tr('删除', 'Delete')}
              okButtonProps={{ danger: true }}
              cancelText={tr('取消', 'Cancel')}
              onConfirm={remove}
            >
              <Button size="small" type="link" danger icon={<DeleteOutlined />} data-testid="delete-record">
                {tr('删除', 'Delete')}
              </Button>
            </Popconfirm>
          </Space>
        )}
      </div>
      <div style={{ whiteSpace: 'pre-wrap', margin: '8px 0' }} data-testid="record-content-text">
        {r.content}
      </div>
      <EvidenceChips periodId={periodId} report={r} editable={editable} onPdf={onPdf} />
      {editable && <EvidenceUpload periodId={periodId} reportId={r.id} />}
    </Card>
  );
}

function fileIcon(e: Evidence) {
  if (isPdf(e)) return <FilePdfOutlined style={{ color: '#cf1322' }} />;
  if (e.mime.includes('word')) return <FileWordOutlined style={{ color: '#1677ff' }} />;
  if (e.mime.includes('sheet') || e.mime.includes('excel')) return <FileExcelOutlined style={{ color: '#389e0d' }} />;
  return <FileOutlined />;
}

/** Evidence files: images as thumbnails with preview, PDFs in a preview window, others as downloads. */
function EvidenceChips({ periodId, report, editable, onPdf }: { periodId: number; report: ReportWithEvidence; editable: boolean; onPdf: (e: Evidence) => void }) {
  const tr = useTr();
  const { message, modal } = AntApp.useApp();
  const invalidate = useInvalidatePeriod(periodId);
  if (report.evidence.length === 0)
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <PaperClipOutlined /> {tr('暂无佐证材料', 'No evidence yet')}
      </Typography.Text>
    );
  const remove = (e: Evidence) =>
    modal.confirm({
      title: tr('移除佐证材料', 'Remove the file'),
      content: tr(`从这条记实中移除“${e.name}”？`, `Remove “${e.name}” from this record?`),
      okText: tr('移除', 'Remove'),
      okButtonProps: { danger: true },
      cancelText: tr('取消', 'Cancel'),
      onOk: async () => {
        try {
          await workApi.deleteEvidence(e.id);
          message.success(tr('已移除', 'Removed'));
        } catch (err) {
          message.error(errorMessage(err));
        } finally {
          invalidate();
        }
      },
    });
  const images = report.evidence.filter(isImage);
  const others = report.evidence.filter((e) => !isImage(e));
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="evidence">
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap size={8}>
            {images.map((e) => (
              <div key={e.id} style={{ position: 'relative' }} data-testid="evidence-image" data-evidence-id={e.id}>
                <Image
                  src={evidenceUrl(e.id)}
                  alt={e.name}
                  width={88}
                  height={88}
                  style={{ objectFit: 'cover', borderRadius: 4, border: '1px solid #f0f0f0' }}
                />
                <Space size={0} style={{ position: 'absolute', top: 2, right: 2, background: 'rgba(255,255,255,0.85)', borderRadius: 4 }}>
                  <Tooltip title={tr('下载', 'Download')}>
                    <Button size="small" type="text" icon={<DownloadOutlined />} href={evidenceUrl(e.id, true)} aria-label={tr('下载', 'Download')} />
                  </Tooltip>
                  {editable && (
                    <Tooltip title={tr('移除', 'Remove')}>
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(e)} aria-label={tr('移除', 'Remove')} data-testid="delete-evidence" />
                    </Tooltip>
                  )}
                </Space>
              </div>
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {others.length > 0 && (
        <Space wrap size={[4, 8]}>
          {others.map((e) => (
            <Tag
              key={e.id}
              icon={fileIcon(e)}
              closable={editable}
              onClose={(ev) => {
                ev.preventDefault();
                remove(e);
              }}
              style={{ padding: '2px 8px', fontSize: 13 }}
              data-testid="evidence-file"
              data-evidence-id={e.id}
            >
              {isPdf(e) ? (
                <a onClick={() => onPdf(e)} title={tr('预览', 'Preview')}>
                  {e.name}
                </a>
              ) : (
                <a href={evidenceUrl(e.id, true)} title={tr('下载', 'Download')}>
                  {e.name}
                </a>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                {formatSize(e.size)}
              </Typography.Text>
              {isPdf(e) && (
                <a href={evidenceUrl(e.id, true)} style={{ marginInlineStart: 6 }} aria-label={tr('下载', 'Download')}>
                  <DownloadOutlined />
                </a>
              )}
            </Tag>
          ))}
        </Space>
      )}
    </Space>
  );
}

/** Upload evidence to a record, one request per file, with progress; the server checks the type by content. */
function EvidenceUpload({ periodId, reportId }: { periodId: number; reportId: number }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const invalidate = useInvalidatePeriod(periodId);
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <div style={{ marginTop: 8 }}>
      <Upload
        customRequest={(options) => {
          workApi
            .uploadEvidence(reportId, options.file as File, (percent) => options.onProgress?.({ percent }))
            .then((reply) => options.onSuccess?.(reply), (e: unknown) => options.onError?.(e as Error, { message: errorMessage(e) }));
        }}
        multiple
        accept={EVIDENCE_ACCEPT}
        fileList={files}
        beforeUpload={(f) => {
          if (!ACCEPTED.test(f.name)) {
            message.error(tr(`“${f.name}”不是可接受的类型：只能上传 PDF、Word（.docx）、Excel（.xlsx）、JPG 或 PNG 文件`, `“${f.name}”: only PDF, Word (.docx), Excel (.xlsx), JPG or PNG files`));
            return Upload.LIST_IGNORE;
          }
          if (f.size > EVIDENCE_MAX_BYTES) {
            message.error(tr(`“${f.name}”超过 50 MB，不能上传`, `“${f.name}” is larger than 50 MB`));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        onChange={({ file, fileList }) => {
          if (file.status === 'done') {
            message.success(tr(`已上传“${file.name}”`, `Uploaded “${file.name}”`));
            invalidate();
          } else if (file.status === 'error') {
            const reply = file.response as { message?: string } | undefined;
            message.error(reply?.message ? `${file.name}：${reply.message}` : tr(`“${file.name}”上传失败`, `Uploading “${file.name}” failed`));
          }
          // Finished uploads show as evidence chips; failed ones stay listed (with the reason) until removed.
          setFiles(
            fileList
              .filter((f) => f.status !== 'done')
              .map((f) => (f.status === 'error' ? { ...f, response: (f.response as { message?: string } | undefined)?.message ?? f.response } : f)),
          );
        }}
      >
        <Button size="small" icon={<UploadOutlined />} data-testid="upload-evidence">
          {tr('上传佐证材料', 'Upload evidence')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
          {tr('PDF、Word、Excel、JPG、PNG，单个不超过 50 MB', 'PDF, Word, Excel, JPG, PNG; up to 50 MB each')}
        </Typography.Text>
      </Upload>
    </div>
  );
}

interface ReportFields {
  happenedOn: Dayjs;
  content: string;
}

/**
 * Add or edit a record: date and content (edits guarded by the record's version). The date is when
 * the work really happened: from the period's start up to today, the server's business date (core
 * report-date.ts, the rule the server applies); after the due date it is marked 迟报, never
 * backdated. A date typed outside the range is refused with the rule, not replaced.
 */
function ReportModal({ periodId, startsOn, dueOn, editing, onClose }: { periodId: number; startsOn: string; dueOn: string; editing: Report | 'new' | null; onClose: () => void }) {
  const tr = useTr();
  const locale = useLocale();
  const { message } = AntApp.useApp();
  const invalidate = useInvalidatePeriod(periodId);
  const [form] = Form.useForm<ReportFields>();
  const [busy, setBusy] = useState(false);
  const today = useBusinessDate();
  const range = today ? reportDateRange({ startsOn, dueOn }, today) : null;
  const chosen = Form.useWatch('happenedOn', form);
  const chosenLate = !!chosen && isReportLate(chosen.format('YYYY-MM-DD'), dueOn);
  // The first date: today clamped into the range (its start while the period has not started).
  const firstDate = range ? defaultReportDate(range) : null;
  useEffect(() => {
    if (!editing || !firstDate) return;
    form.resetFields();
    if (editing === 'new') form.setFieldsValue({ happenedOn: dayjs(firstDate) });
    else form.setFieldsValue({ happenedOn: dayjs(editing.happenedOn), content: editing.content });
  }, [editing, form, firstDate]);

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body = { happenedOn: v.happenedOn.format('YYYY-MM-DD'), content: v.content.trim() };
    setBusy(true);
    try {
      if (editing === 'new') {
        await workApi.addReport(periodId, body);
        message.success(tr('记实已添加，可继续上传佐证材料', 'Record added; you can now upload its evidence'));
      } else if (editing) {
        await workApi.updateReport(editing.id, { ...body, version: editing.version });
        message.success(tr('已保存', 'Saved'));
      }
      onClose();
    } catch (e) {
      message.error(isConflict(e) ? tr('这条记实已被他人修改，已重新载入，请再试一次', 'Someone else changed this record; it has been reloaded, try again') : errorMessage(e));
    } finally {
      setBusy(false);
      invalidate();
    }
  };

  return (
    <Modal
      open={editing !== null}
      title={editing === 'new' ? tr('添加履责记实', 'Add a record') : tr('编辑履责记实', 'Edit the record')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {tr('取消', 'Cancel')}
        </Button>,
        <Button key="save" type="primary" loading={busy} onClick={save} data-testid="save-record">
          {tr('保存', 'Save')}
        </Button>,
      ]}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="happenedOn"
          label={tr('日期', 'Date')}
          extra={range ? <span data-testid="record-date-hint">{reportDateHint(range, locale)}</span> : undefined}
          rules={[
            { required: true, message: tr('请选择日期', 'Choose the date') },
            {
              validator: async (_, v: Dayjs | undefined) => {
                if (!v || !range) return;
                if (!checkReportDate(range, v.format('YYYY-MM-DD')).ok) throw new Error(reportDateHint(range, locale));
              },
            },
          ]}
        >
          <DatePicker style={{ width: 200 }} allowClear={false} data-testid="record-date" />
        </Form.Item>
        {chosenLate && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="record-late"
            title={tr(`该日期晚于本期截止日 ${dueOn}，记实将标记为迟报`, `This date is after the due date ${dueOn}: the record is marked late`)}
          />
        )}
        <Form.Item
          name="content"
          label={tr('履责内容', 'What was done')}
          rules={[
            { required: true, whitespace: true, message: tr('请填写履责内容', 'Describe what was done') },
            { max: 5000, message: tr('内容不超过 5000 字', 'At most 5,000 characters') },
          ]}
        >
          <Input.TextArea rows={6} count={{ show: true, max: 5000 }} placeholder={tr('一事一记：时间、地点、参加人员、做了什么、效果如何', 'One piece of work: when, where, who, what was done, the result')} data-testid="record-content" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
