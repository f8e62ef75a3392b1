/**
 * The documents of a list: Excel export and import (lossless, see the server's documents module),
 * the official Word document and its PDF. Import checks the workbook first (a dry run): row errors
 * are listed with their sheet, row and column; a clean workbook is confirmed before it replaces the
 * draft's parts, sections and tasks.
 */
import { useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Modal, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, FilePdfOutlined, FileWordOutlined, UploadOutlined } from '@ant-design/icons';
import { api, ApiError, download, errorMessage } from '../../../app/api.ts';
import { useTr } from '../../../app/i18n.tsx';

export interface ImportSummary {
  parts: number;
  sections: number;
  tasks: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  links: number;
}

export interface ImportResult {
  dryRun: boolean;
  fileName: string;
  changed: boolean;
  summary: ImportSummary;
}

interface RowError {
  key: number;
  sheet: string;
  row: number | null;
  column: string;
  message: string;
}

/** Details come as `sheet:row:column` (row and column may be empty). */
function rowErrors(e: ApiError): RowError[] {
  return e.details.map((d, i) => {
    const [sheet = '', row = '', ...rest] = d.path.split(':');
    return { key: i, sheet, row: row === '' ? null : Number(row), column: rest.join(':'), message: d.message };
  });
}

export const documentsApi = {
  exportXlsx: (listId: number) => download(`/api/lists/${listId}/export.xlsx`),
  template: () => download('/api/lists/template.xlsx'),
  docx: (listId: number) => download(`/api/lists/${listId}/document.docx`),
  pdf: (listId: number) => download(`/api/lists/${listId}/document.pdf`),
  importXlsx: (listId: number, file: File, dryRun: boolean) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload<ImportResult>(`/api/lists/${listId}/import${dryRun ? '?dryRun=true' : ''}`, form);
  },
};

export default function DocumentButtons({ listId, editable }: { listId: number; editable: boolean }) {
  const tr = useTr();
  const { message, modal } = AntApp.useApp();
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ title: string; rows: RowError[] } | null>(null);

  const run = (key: string, what: () => Promise<void>) => () => {
    setBusy(key);
    what()
      .catch((e: unknown) => message.error(errorMessage(e)))
      .finally(() => setBusy(null));
  };

  const showFailure = (e: unknown) => {
    if (e instanceof ApiError && e.details.length > 0) setErrors({ title: e.message, rows: rowErrors(e) });
    else message.error(errorMessage(e));
  };

  const apply = async (file: File) => {
    const r = await documentsApi.importXlsx(listId, file, false);
    message.success(
      r.changed
        ? tr(
            `导入成功：新增 ${r.summary.created} 项、修改 ${r.summary.updated} 项、删除 ${r.summary.deleted} 项任务`,
            `Imported: ${r.summary.created} new, ${r.summary.updated} changed, ${r.summary.deleted} deleted tasks`,
          )
        : tr('导入完成，内容没有变化', 'Imported; nothing changed'),
    );
    await qc.invalidateQueries();
  };

  const onFile = async (file: File) => {
    setBusy('import');
    setErrors(null);
    try {
      const check = await documentsApi.importXlsx(listId, file, true);
      const s = check.summary;
      if (!check.changed) {
        message.info(tr('文件内容与清单现有内容一致，无需导入', 'The file matches the list as it is; nothing to import'));
        return;
      }
      modal.confirm({
        title: tr('确认导入并替换清单内容', 'Import and replace the list’s content?'),
        width: 520,
        content: (
          <Space orientation="vertical">
            <Typography.Text>
              {tr(
                `文件“${check.fileName}”共 ${s.parts} 个部分、${s.sections} 个小节、${s.tasks} 项任务。`,
                `“${check.fileName}” has ${s.parts} parts, ${s.sections} sections and ${s.tasks} tasks.`,
              )}
            </Typography.Text>
            <Typography.Text>
              {tr(
                `导入后将新增 ${s.created} 项、修改 ${s.updated} 项、删除 ${s.deleted} 项任务（${s.unchanged} 项不变）。`,
                `${s.created} tasks will be added, ${s.updated} changed and ${s.deleted} deleted (${s.unchanged} unchanged).`,
              )}
            </Typography.Text>
            <Typography.Text type="warning">
              {tr(
                '清单现有的部分、小节和任务将被文件内容替换；编码相同的任务保留其关联（依据条目、意见等）。',
                'The list’s parts, sections and tasks are replaced by the file; tasks with the same code keep their links (sources, opinions).',
              )}
            </Typography.Text>
          </Space>
        ),
        okText: tr('确认导入', 'Import'),
        cancelText: tr('取消', 'Cancel'),
        onOk: async () => {
          try {
            await apply(file);
          } catch (e) {
            showFailure(e);
          }
        },
      });
    } catch (e) {
      showFailure(e);
    } finally {
      setBusy(null);
    }
  };

  const columns: TableProps<RowError>['columns'] = [
    { title: tr('工作表', 'Sheet'), dataIndex: 'sheet', key: 'sheet', width: 90 },
    { title: tr('行号', 'Row'), dataIndex: 'row', key: 'row', width: 70, render: (v: number | null) => v ?? '—' },
    { title: tr('列', 'Column'), dataIndex: 'column', key: 'column', width: 120, render: (v: string) => v || '—' },
    { title: tr('原因', 'Reason'), dataIndex: 'message', key: 'message', render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text> },
  ];

  return (
    <>
      <Space wrap>
        <Button icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={run('xlsx', () => documentsApi.exportXlsx(listId))}>
          {tr('导出 Excel', 'Export Excel')}
        </Button>
        {editable ? (
          <>
            <Button icon={<UploadOutlined />} loading={busy === 'import'} onClick={() => input.current?.click()}>
              {tr('导入 Excel', 'Import Excel')}
            </Button>
            <input
              ref={input}
              type="file"
              accept=".xlsx"
              style={{ display: 'none' }}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void onFile(file);
              }}
            />
          </>
        ) : null}
        <Button icon={<FileWordOutlined />} loading={busy === 'docx'} onClick={run('docx', () => documentsApi.docx(listId))}>
          {tr('下载 Word 公文', 'Download Word')}
        </Button>
        <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} onClick={run('pdf', () => documentsApi.pdf(listId))}>
          {tr('下载 PDF', 'Download PDF')}
        </Button>
      </Space>
      <Modal
        open={errors !== null}
        title={tr('导入失败', 'Import failed')}
        width={760}
        onCancel={() => setErrors(null)}
        footer={
          <Space>
            <Button onClick={run('template', () => documentsApi.template())}>{tr('下载空白模板', 'Download the template')}</Button>
            <Button type="primary" onClick={() => setErrors(null)}>
              {tr('关闭', 'Close')}
            </Button>
          </Space>
        }
      >
        {errors ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert type="error" showIcon title={errors.title} />
            <Table<RowError> className="import-errors" size="small" rowKey="key" columns={columns} dataSource={errors.rows} pagination={{ pageSize: 10, hideOnSinglePage: true }} />
          </Space>
        ) : null}
      </Modal>
    </>
  );
}
