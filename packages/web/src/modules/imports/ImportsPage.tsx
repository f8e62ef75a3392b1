import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Space, Statistic, Table, Tabs, Tag, Typography, Upload } from 'antd';
import type { TableProps, UploadProps } from 'antd';
import { CheckOutlined, DownloadOutlined, ExportOutlined, InboxOutlined } from '@ant-design/icons';
import { errorMessage, ApiError } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useTr } from '../../app/i18n.tsx';
import { importsApi, uploadImport, type ImportApplied, type ImportChange, type ImportKind, type ImportPreview, type ImportRowError } from './importsApi.ts';

const ACTION_COLORS: Record<ImportChange['action'], string> = { create: 'green', update: 'blue', unchanged: 'default' };

function ImportPanel({ kind }: { kind: ImportKind }) {
  const tr = useTr();
  const { message, modal } = AntApp.useApp();
  const qc = useQueryClient();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [uploadError, setUploadError] = useState<ApiError | Error | null>(null);
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState<ImportApplied | null>(null);
  const [applyError, setApplyError] = useState<unknown>(null);
  const [fileList, setFileList] = useState<NonNullable<UploadProps['fileList']>>([]);

  const actionText = (a: ImportChange['action']) => (a === 'create' ? tr('新增', 'New') : a === 'update' ? tr('修改', 'Changed') : tr('不变', 'Unchanged'));
  const noun = kind === 'orgs' ? tr('组织机构', 'organisations') : tr('人员', 'people');

  const run = (what: () => Promise<void>) => () => {
    what().catch((e: unknown) => message.error(errorMessage(e)));
  };

  const customRequest: UploadProps['customRequest'] = (options) => {
    setPreview(null);
    setApplied(null);
    setApplyError(null);
    setUploadError(null);
    uploadImport(kind, options.file as File, (percent) => options.onProgress?.({ percent }))
      .then((p) => {
        setPreview(p);
        options.onSuccess?.(p);
      })
      .catch((e: unknown) => {
        const err = e instanceof Error ? e : new Error(String(e));
        setUploadError(err);
        options.onError?.(err);
      });
  };

  const apply = () => {
    if (!preview) return;
    const s = preview.summary;
    modal.confirm({
      title: tr('确认导入', 'Confirm import'),
      content: tr(
        `将新增 ${s.create} 条、修改 ${s.update} 条${noun}记录（${s.unchanged} 条不变）。导入后不能撤回，确认导入吗？`,
        `${s.create} new and ${s.update} changed ${noun} records (${s.unchanged} unchanged) will be written. This cannot be undone. Continue?`,
      ),
      okText: tr('确认导入', 'Confirm import'),
      cancelText: tr('取消', 'Cancel'),
      onOk: async () => {
        setApplying(true);
        setApplyError(null);
        try {
          const r = await importsApi.apply(preview.batchId);
          setApplied(r);
          setPreview(null);
          setFileList([]);
          message.success(tr('导入成功', 'Import completed'));
          await qc.invalidateQueries();
        } catch (e) {
          setApplyError(e);
        } finally {
          setApplying(false);
        }
      },
    });
  };

  const errorColumns: TableProps<ImportRowError>['columns'] = [
    { title: tr('行号', 'Row'), dataIndex: 'row', key: 'row', width: 80 },
    { title: tr('列', 'Column'), dataIndex: 'column', key: 'column', width: 160 },
    { title: tr('原因', 'Reason'), dataIndex: 'message', key: 'message', render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text> },
  ];
  const changeColumns: TableProps<ImportChange>['columns'] = [
    { title: tr('行号', 'Row'), dataIndex: 'row', key: 'row', width: 80 },
    { title: tr('编码', 'Code'), dataIndex: 'code', key: 'code', width: 160 },
    { title: tr('名称', 'Name'), dataIndex: 'name', key: 'name', width: 220 },
    { title: tr('操作', 'Action'), key: 'action', width: 90, render: (_, r) => <Tag color={ACTION_COLORS[r.action]}>{actionText(r.action)}</Tag> },
    {
      title: tr('变更内容', 'Changes'),
      key: 'fields',
      render: (_, r) =>
        r.fields.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space orientation="vertical" size={0}>
            {r.fields.map((f) => (
              <span key={f.column}>
                {f.column}：<Typography.Text delete type="secondary">{f.before || tr('（空）', '(empty)')}</Typography.Text> → {f.after || tr('（空）', '(empty)')}
              </span>
            ))}
          </Space>
        ),
    },
  ];

  const s = preview?.summary;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<DownloadOutlined />} onClick={run(() => importsApi.template(kind))}>
          {tr('下载模板', 'Download template')}
        </Button>
        <Button icon={<ExportOutlined />} onClick={run(() => importsApi.exportData(kind))}>
          {tr('导出当前数据', 'Export current data')}
        </Button>
      </Space>
      <Upload.Dragger
        accept=".xlsx"
        maxCount={1}
        multiple={false}
        fileList={fileList}
        onChange={(info) => setFileList(info.fileList.slice(-1))}
        customRequest={customRequest}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{tr('点击或拖拽 Excel 文件（.xlsx）到此处上传', 'Click or drag an Excel file (.xlsx) here')}</p>
        <p className="ant-upload-hint">{tr('上传后先校验并预览，确认无误后再导入；有任何错误时不会写入数据。', 'The file is checked and previewed first; nothing is written while errors remain.')}</p>
      </Upload.Dragger>

      {uploadError ? <Alert type="error" showIcon title={errorMessage(uploadError)} /> : null}

      {applied ? (
        <Alert
          type="success"
          showIcon
          title={tr(
            `导入成功：新增 ${applied.summary.create} 条，修改 ${applied.summary.update} 条，不变 ${applied.summary.unchanged} 条`,
            `Imported: ${applied.summary.create} new, ${applied.summary.update} changed, ${applied.summary.unchanged} unchanged`,
          )}
          description={applied.notice ?? undefined}
        />
      ) : null}

      {preview && s ? (
        <Card size="small" title={`${tr('预览', 'Preview')}：${preview.fileName}`}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Space size="large" wrap>
              <Statistic title={tr('新增', 'New')} value={s.create} styles={{ content: { color: '#389e0d' } }} />
              <Statistic title={tr('修改', 'Changed')} value={s.update} styles={{ content: { color: '#1677ff' } }} />
              <Statistic title={tr('不变', 'Unchanged')} value={s.unchanged} />
              {s.deactivate ? <Statistic title={tr('撤销', 'Dissolved')} value={s.deactivate} /> : null}
              {s.accounts ? <Statistic title={tr('新账号', 'New accounts')} value={s.accounts} /> : null}
              {s.roles ? <Statistic title={tr('角色变更', 'Role changes')} value={s.roles} /> : null}
              <Statistic title={tr('错误', 'Errors')} value={preview.errorTotal} styles={preview.errorTotal ? { content: { color: '#cf1322' } } : undefined} />
            </Space>
            {preview.errorTotal > 0 ? (
              <>
                <Alert
                  type="error"
                  showIcon
                  title={tr(`共有 ${preview.errorTotal} 处错误，请修改文件后重新上传`, `${preview.errorTotal} errors: correct the file and upload it again`)}
                  description={preview.errorTotal > preview.errors.length ? tr(`仅显示前 ${preview.errors.length} 处`, `Showing the first ${preview.errors.length}`) : undefined}
                />
                <Table<ImportRowError>
                  className="import-errors"
                  size="small"
                  rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
                  columns={errorColumns}
                  dataSource={preview.errors}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                />
              </>
            ) : null}
            <Table<ImportChange>
              size="small"
              rowKey="row"
              columns={changeColumns}
              dataSource={preview.changes}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              footer={() => tr(`显示 ${preview.changes.length} 行（最多 200 行，修改的行优先）`, `${preview.changes.length} rows shown (at most 200, changed rows first)`)}
            />
            {applyError ? (
              <Alert
                type="error"
                showIcon
                title={errorMessage(applyError)}
                description={
                  applyError instanceof ApiError && applyError.details.length ? (
                    <ul style={{ margin: 0, paddingLeft: 20 }}>
                      {applyError.details.map((d) => (
                        <li key={`${d.path}-${d.message}`}>
                          {d.path.replace(/^(\d+):/, tr('第 $1 行 ', 'row $1 '))}：{d.message}
                        </li>
                      ))}
                    </ul>
                  ) : undefined
                }
              />
            ) : null}
            <Space>
              <Button type="primary" icon={<CheckOutlined />} disabled={!preview.canApply || applying} loading={applying} onClick={apply}>
                {tr('确认导入', 'Confirm import')}
              </Button>
              {!preview.canApply ? <Typography.Text type="danger">{tr('存在错误，不能导入', 'Cannot import while errors remain')}</Typography.Text> : null}
            </Space>
          </Space>
        </Card>
      ) : null}
    </Space>
  );
}

/** 导入导出: Excel templates, export of the current data, upload with preview, all-or-nothing import. */
export default function ImportsPage() {
  const tr = useTr();
  const { can } = useAuth();
  const items = [
    ...(can('org.write') ? [{ key: 'orgs', label: tr('组织机构', 'Organisations'), children: <ImportPanel kind="orgs" /> }] : []),
    ...(can('people.write') ? [{ key: 'people', label: tr('人员', 'People'), children: <ImportPanel kind="people" /> }] : []),
  ];
  return (
    <Card title={tr('导入导出', 'Import and export')}>
      <Tabs items={items} destroyOnHidden />
    </Card>
  );
}
