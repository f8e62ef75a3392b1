import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../app/api.ts';
import { useTr } from '../../app/i18n.tsx';
import { workApi, type DivisionImportResult } from './workApi.ts';

type Change = DivisionImportResult['changes'][number];

/**
 * 导入责任分工表: choose the filled-in workbook (the columns of 导出Excel), see every change and
 * every problem by row, then import — all or nothing. Nothing is written before the confirmation.
 */
export function DivisionImportButton({ unitId, year, queryKey }: { unitId: number | undefined; year: number; queryKey: readonly unknown[] }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [checking, setChecking] = useState(false);
  const [applying, setApplying] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<DivisionImportResult | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);

  const close = () => {
    setFile(null);
    setCheck(null);
    setRefusal(null);
  };

  const pick = async (f: File) => {
    if (!unitId) return;
    setChecking(true);
    close();
    setFile(f);
    try {
      setCheck(await workApi.importDivision(unitId, f, { year, dryRun: true }));
    } catch (e) {
      if (e instanceof ApiError) setRefusal(e);
      else message.error(errorMessage(e));
    } finally {
      setChecking(false);
    }
  };

  const apply = async () => {
    if (!unitId || !file) return;
    setApplying(true);
    try {
      const r = await workApi.importDivision(unitId, file, { year, dryRun: false });
      message.success(tr(`已导入：${r.changed} 项任务的分工已更新`, `Imported: the division of ${r.changed} tasks was updated`));
      close();
    } catch (e) {
      if (e instanceof ApiError) setRefusal(e);
      else message.error(errorMessage(e));
    } finally {
      setApplying(false);
      void qc.invalidateQueries({ queryKey });
    }
  };

  const canApply = !!check && check.errors.length === 0 && check.changed > 0;
  return (
    <>
      <Upload accept=".xlsx" showUploadList={false} disabled={!unitId} beforeUpload={(f) => { void pick(f); return false; }}>
        <Button icon={<UploadOutlined />} loading={checking} disabled={!unitId} data-testid="import-division">
          {tr('导入Excel', 'Import Excel')}
        </Button>
      </Upload>
      <Modal
        open={file !== null && !checking && (check !== null || refusal !== null)}
        title={tr(`导入责任分工表（${year}年）`, `Import the division of labour (${year})`)}
        width={880}
        onCancel={close}
        onOk={apply}
        confirmLoading={applying}
        okText={tr('确认导入', 'Import')}
        cancelText={tr('取消', 'Cancel')}
        okButtonProps={{ disabled: !canApply, ...({ 'data-testid': 'confirm-division-import' } as object) }}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }} data-testid="division-import-preview">
          <Typography.Text type="secondary">{tr('文件：', 'File: ')}{file?.name}</Typography.Text>
          {refusal && <Alert type="error" showIcon title={refusal.message} description={refusal.details?.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{refusal.details.map((d, i) => <li key={i}>{d.path}：{d.message}</li>)}</ul> : undefined} />}
          {check && (
            <Typography.Text strong>
              {tr(
                `共 ${check.rows} 行：${check.changed} 项将修改，${check.unchanged} 项不变${check.errors.length ? `，${check.errors.length} 处问题` : ''}`,
                `${check.rows} rows: ${check.changed} to change, ${check.unchanged} unchanged${check.errors.length ? `, ${check.errors.length} problems` : ''}`,
              )}
            </Typography.Text>
          )}
          {check && check.errors.length > 0 && (
            <>
              <Alert type="warning" showIcon title={tr('请改正以下问题后重新选择文件；有问题时不会导入任何内容。', 'Correct these problems and choose the file again; nothing is imported while any remain.')} />
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                pagination={check.errors.length > 10 ? { pageSize: 10 } : false}
                dataSource={check.errors}
                columns={[
                  { title: tr('行', 'Row'), dataIndex: 'row', width: 60 },
                  { title: tr('列', 'Column'), dataIndex: 'column', width: 130 },
                  { title: tr('问题', 'Problem'), dataIndex: 'message' },
                ]}
                data-testid="division-import-errors"
              />
            </>
          )}
          {check && check.errors.length === 0 && check.changed === 0 && (
            <Alert type="info" showIcon title={tr('文件与现有分工一致，没有需要导入的修改。', 'The file matches the current division; there is nothing to import.')} />
          )}
          {check && check.changes.length > 0 && (
            <Table<Change>
              size="small"
              rowKey="assignmentId"
              pagination={check.changes.length > 10 ? { pageSize: 10 } : false}
              dataSource={check.changes}
              columns={[
                { title: tr('行', 'Row'), dataIndex: 'row', width: 60 },
                { title: tr('任务', 'Task'), key: 'task', width: 260, render: (_, c) => <div><div>{c.orgName}</div><Typography.Text type="secondary">{c.taskContent}</Typography.Text></div> },
                {
                  title: tr('修改', 'Changes'),
                  key: 'fields',
                  render: (_, c) => c.fields.map((f) => (
                    <div key={f.column} style={{ whiteSpace: 'pre-wrap' }}>
                      <Typography.Text strong>{f.column}：</Typography.Text>
                      <Typography.Text delete type="secondary">{f.before || tr('（空）', '(empty)')}</Typography.Text>
                      {' → '}
                      <Typography.Text>{f.after || tr('（空）', '(empty)')}</Typography.Text>
                    </div>
                  )),
                },
              ]}
              data-testid="division-import-changes"
            />
          )}
        </Space>
      </Modal>
    </>
  );
}
