import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Checkbox, Empty, Form, Input, Modal, Select, Space, Spin, Tag, Tree, Typography, Upload } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { importPreviewText, SOURCE_KIND_LABELS, SOURCE_KINDS, t, type SourceKind } from '@qingdan/core';
import { ApiError, download, errorMessage } from '../../../app/api.ts';
import { useLabel, useLocale, useTr } from '../../../app/i18n.tsx';
import { sourcesApi, type DocumentFields, type ItemFields, type SourceDocument, type SourceItem } from './sourcesApi.ts';

type ItemEdit = { mode: 'create'; parentId: number | null } | { mode: 'edit'; item: SourceItem };

/** The source documents of a list: documents, their items as a tree, add/edit/delete, import from Excel or Word. */
export default function SourcesEditor({ listId, canEdit, onChanged }: { listId: number; canEdit: boolean; onChanged(): Promise<void> }) {
  const tr = useTr();
  const label = useLabel();
  const locale = useLocale();
  const { message, modal } = AntApp.useApp();
  const docs = useQuery({ queryKey: ['list', listId, 'sources'], queryFn: () => sourcesApi.documents(listId) });
  // The selected document lives in the address (?doc=…): it survives the editor being mounted again
  // after a save, and a reload shows the same document.
  const [params, setParams] = useSearchParams();
  const docId = Number(params.get('doc')) || null;
  const setDocId = useCallback(
    (id: number | null) =>
      setParams((p) => {
        const next = new URLSearchParams(p);
        if (id === null) next.delete('doc');
        else next.set('doc', String(id));
        return next;
      }, { replace: true }),
    [setParams],
  );
  const doc = useQuery({ queryKey: ['source-document', docId], queryFn: () => sourcesApi.document(docId!), enabled: docId !== null });
  const lastImport = useQuery({ queryKey: ['source-document', docId, 'last-import'], queryFn: () => sourcesApi.lastImport(docId!), enabled: docId !== null && canEdit });
  const [selected, setSelected] = useState<SourceItem | null>(null);
  const [docEdit, setDocEdit] = useState<SourceDocument | 'new' | null>(null);
  const [itemEdit, setItemEdit] = useState<ItemEdit | null>(null);
  const [replace, setReplace] = useState(false);
  const [importError, setImportError] = useState<ApiError | null>(null);
  const [docForm] = Form.useForm<DocumentFields>();
  const [itemForm] = Form.useForm<ItemFields>();

  // A document just created is selected at once; until the list of documents holds it, the
  // selection must not fall back to the first document (it did, and an import then went there).
  const created = useRef<number | null>(null);
  useEffect(() => {
    const items = docs.data?.items ?? [];
    if (created.current !== null) {
      if (!items.some((d) => d.id === created.current)) return;
      created.current = null;
    }
    if (items.length > 0 && (docId === null || !items.some((d) => d.id === docId))) setDocId(items[0]!.id);
    if (items.length === 0 && docId !== null && docs.data) setDocId(null);
  }, [docs.data, docId, setDocId]);

  const reload = async () => {
    await docs.refetch();
    if (docId !== null) {
      await doc.refetch();
      if (canEdit) await lastImport.refetch();
    }
    await onChanged();
  };

  const treeData = useMemo(() => {
    const items = doc.data?.items ?? [];
    const nodes = new Map<number, DataNode & { children: DataNode[] }>();
    const roots: DataNode[] = [];
    for (const i of items) {
      const node = {
        key: i.id,
        title: (
          <span>
            <Typography.Text strong>{i.label}</Typography.Text>
            {i.text}
            {!i.involvesCommittee && <Tag style={{ marginInlineStart: 6 }}>{tr('不涉及工委', 'Not the committee')}</Tag>}
          </span>
        ),
        children: [],
      };
      nodes.set(i.id, node);
      const parent = i.parentId === null ? undefined : nodes.get(i.parentId);
      if (parent) parent.children.push(node);
      else roots.push(node);
    }
    return roots;
  }, [doc.data, tr]);

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      await reload();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };

  const saveDoc = async () => {
    const v = await docForm.validateFields();
    const body = { kind: v.kind, title: v.title, docNumber: v.docNumber ?? '' };
    const ok = await run(
      () =>
        docEdit === 'new'
          ? sourcesApi.createDocument(listId, body).then((d) => {
            created.current = d.id;
            setDocId(d.id);
            setSelected(null);
          })
          : sourcesApi.updateDocument(docEdit!.id, { ...body, version: docEdit!.version }),
      tr('已保存', 'Saved'),
    );
    if (ok) setDocEdit(null);
  };

  const saveItem = async () => {
    if (!itemEdit || docId === null) return;
    const v = await itemForm.validateFields();
    const body = { label: v.label ?? '', text: v.text, involvesCommittee: v.involvesCommittee ?? true };
    const ok = await run(
      () => (itemEdit.mode === 'create' ? sourcesApi.createItem(docId, { ...body, parentId: itemEdit.parentId }) : sourcesApi.updateItem(itemEdit.item.id, { ...body, version: itemEdit.item.version })),
      tr('已保存', 'Saved'),
    );
    if (ok) setItemEdit(null);
  };

  const openItem = (e: ItemEdit) => {
    setItemEdit(e);
    itemForm.setFieldsValue(e.mode === 'edit' ? { label: e.item.label, text: e.item.text, involvesCommittee: e.item.involvesCommittee } : { label: '', text: '', involvesCommittee: true });
  };

  /** Check the file against the selected document, show what it would write where, then import on confirmation. */
  const upload = async (file: File) => {
    if (docId === null) return;
    const target = docs.data?.items.find((d) => d.id === docId);
    if (!target) return;
    setImportError(null);
    const targetName = `【${label(SOURCE_KIND_LABELS[target.kind])}】${target.title}`;
    try {
      const check = await sourcesApi.importFile(docId, file, { replace, dryRun: true });
      modal.confirm({
        title: tr(`导入到《${target.title}》？`, `Import into "${target.title}"?`),
        width: 560,
        content: (
          <Space direction="vertical" size={4} data-testid="import-preview">
            <Typography.Text>{tr('目标文件：', 'Target: ')}<Typography.Text strong>{targetName}</Typography.Text></Typography.Text>
            <Typography.Text>{tr('文件：', 'File: ')}{file.name}</Typography.Text>
            <Typography.Text strong>{importPreviewText(check.counts, target.title, locale)}</Typography.Text>
            {check.removed > 0 && (
              <Typography.Text type="danger">
                {tr(`将先删除该文件现有的 ${check.removed} 个条目（可撤销本次导入恢复）。`, `The document's ${check.removed} existing items are removed first (undoing the import brings them back).`)}
              </Typography.Text>
            )}
            {check.removed === 0 && target.itemCount > 0 && (
              <Typography.Text type="secondary">{tr(`追加在现有 ${target.itemCount} 个条目之后。`, `Appended after the ${target.itemCount} existing items.`)}</Typography.Text>
            )}
            {check.ignored.length > 0 && (
              <Typography.Text type="secondary">{tr('文末落款未导入：', 'Sign-off lines left out: ')}{check.ignored.join(' / ')}</Typography.Text>
            )}
          </Space>
        ),
        okText: tr('确认导入', 'Import'),
        cancelText: tr('取消', 'Cancel'),
        onOk: async () => {
          try {
            const r = await sourcesApi.importFile(docId, file, { replace, dryRun: false });
            message.success(tr(`已导入《${r.document.title}》：${r.counts.chapters} 个章节，${r.counts.items} 条内容`, `Imported into "${r.document.title}": ${r.counts.chapters} chapters, ${r.counts.items} items`));
            await reload();
          } catch (e) {
            if (e instanceof ApiError) setImportError(e);
            else message.error(errorMessage(e));
          }
        },
      });
    } catch (e) {
      if (e instanceof ApiError) setImportError(e);
      else message.error(errorMessage(e));
    }
  };

  const undoImport = () => {
    const last = lastImport.data?.import;
    if (!last || docId === null) return;
    modal.confirm({
      title: tr('撤销本次导入？', 'Undo this import?'),
      content: (
        <Space direction="vertical" size={4}>
          <Typography.Text>{tr(`本次导入的 ${last.imported} 个条目将被删除。`, `The ${last.imported} items of this import are deleted.`)}</Typography.Text>
          {last.linkedSince > 0 && (
            <Typography.Text type="danger">{tr(`其中 ${last.linkedSince} 处已关联任务，关联将一并删除。`, `${last.linkedSince} links to tasks made since go with them.`)}</Typography.Text>
          )}
          {last.removed > 0 && (
            <Typography.Text>{tr(`导入时替换掉的 ${last.removed} 个条目及其关联、豁免将恢复。`, `The ${last.removed} items it replaced come back with their links and waivers.`)}</Typography.Text>
          )}
        </Space>
      ),
      okButtonProps: { danger: true },
      okText: tr('撤销导入', 'Undo import'),
      cancelText: tr('取消', 'Cancel'),
      onOk: () => run(() => sourcesApi.undoImport(docId, last.id), tr('已撤销本次导入', 'Import undone')),
    });
  };

  if (docs.error) return <Alert type="error" showIcon message={errorMessage(docs.error)} />;
  if (!docs.data) return <Spin />;
  const current = docs.data.items.find((d) => d.id === docId) ?? null;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap>
        <Select<number>
          style={{ minWidth: 360 }}
          value={docId ?? undefined}
          placeholder={tr('选择来源文件', 'Choose a document')}
          onChange={(v) => { setDocId(v); setSelected(null); }}
          options={docs.data.items.map((d) => ({ value: d.id, label: `【${label(SOURCE_KIND_LABELS[d.kind])}】${d.title}（${d.itemCount}）` }))}
        />
        {canEdit && (
          <Button icon={<PlusOutlined />} onClick={() => { setDocEdit('new'); docForm.setFieldsValue({ kind: 'workPoints', title: '', docNumber: '' }); }}>
            {tr('新增文件', 'Add document')}
          </Button>
        )}
        {canEdit && current && (
          <>
            <Button icon={<EditOutlined />} onClick={() => { setDocEdit(current); docForm.setFieldsValue({ kind: current.kind, title: current.title, docNumber: current.docNumber }); }}>
              {tr('编辑文件', 'Edit document')}
            </Button>
            <Button
              danger
              icon={<DeleteOutlined />}
              onClick={() =>
                modal.confirm({
                  title: tr(`删除“${current.title}”及其全部条目？`, `Delete "${current.title}" with all its items?`),
                  content: tr('条目与任务的关联和豁免将一并删除。', 'Links to tasks and waivers go with them.'),
                  okButtonProps: { danger: true },
                  okText: tr('删除', 'Delete'),
                  cancelText: tr('取消', 'Cancel'),
                  onOk: () => run(() => sourcesApi.deleteDocument(current.id), tr('已删除', 'Deleted')),
                })
              }
            >
              {tr('删除文件', 'Delete document')}
            </Button>
          </>
        )}
      </Space>

      {current === null ? (
        <Empty description={tr('尚无来源文件', 'No source documents yet')} />
      ) : (
        <>
          {canEdit && (
            <Space wrap>
              <Button size="small" icon={<PlusOutlined />} onClick={() => openItem({ mode: 'create', parentId: null })}>
                {tr('新增一级条目', 'Add top item')}
              </Button>
              <Button size="small" disabled={!selected} onClick={() => selected && openItem({ mode: 'create', parentId: selected.id })}>
                {tr('新增下级条目', 'Add sub-item')}
              </Button>
              <Button size="small" disabled={!selected} icon={<EditOutlined />} onClick={() => selected && openItem({ mode: 'edit', item: selected })}>
                {tr('编辑', 'Edit')}
              </Button>
              <Button
                size="small"
                danger
                disabled={!selected}
                icon={<DeleteOutlined />}
                onClick={() =>
                  selected &&
                  modal.confirm({
                    title: tr('删除该条目及其下级条目？', 'Delete the item and its sub-items?'),
                    okButtonProps: { danger: true },
                    okText: tr('删除', 'Delete'),
                    cancelText: tr('取消', 'Cancel'),
                    onOk: async () => {
                      if (await run(() => sourcesApi.deleteItem(selected.id), tr('已删除', 'Deleted'))) setSelected(null);
                    },
                  })
                }
              >
                {tr('删除', 'Delete')}
              </Button>
              <Upload accept=".xlsx,.docx" showUploadList={false} beforeUpload={(f) => { void upload(f); return false; }}>
                <Button size="small" icon={<UploadOutlined />}>{tr(`导入 Excel / Word 到《${current.title}》`, `Import Excel / Word into "${current.title}"`)}</Button>
              </Upload>
              <Button size="small" type="link" icon={<DownloadOutlined />} onClick={() => download('/api/source-documents/template.xlsx').catch((e: unknown) => message.error(errorMessage(e)))}>
                {tr('下载 Excel 模板', 'Excel template')}
              </Button>
              <Checkbox checked={replace} onChange={(e) => setReplace(e.target.checked)}>
                {tr('替换现有条目', 'Replace existing items')}
              </Checkbox>
            </Space>
          )}
          {canEdit && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {tr(
                'Excel 列：层级（1/2/3）、编号、内容、是否涉及工委（是/否）；Word：带“一、”“（一）”“1.”编号的段落，或第一个表格。',
                'Excel columns: 层级 (1/2/3), 编号, 内容, 是否涉及工委 (是/否); Word: paragraphs numbered 一、 / （一） / 1., or the first table.',
              )}
            </Typography.Text>
          )}
          {canEdit && lastImport.data?.import && (
            <Alert
              type="info"
              showIcon
              data-testid="last-import"
              message={tr(
                `最近一次导入：${lastImport.data.import.fileName || '（未命名文件）'}，${lastImport.data.import.imported} 个条目（${new Date(lastImport.data.import.createdAt).toLocaleString('zh-CN')}）`,
                `Latest import: ${lastImport.data.import.fileName || '(unnamed file)'}, ${lastImport.data.import.imported} items (${new Date(lastImport.data.import.createdAt).toLocaleString('en')})`,
              )}
              description={lastImport.data.import.blockedBy ? t(lastImport.data.import.blockedBy, locale) : undefined}
              action={
                <Button size="small" danger disabled={lastImport.data.import.blockedBy !== null} onClick={undoImport}>
                  {tr('撤销本次导入', 'Undo this import')}
                </Button>
              }
            />
          )}
          {importError && (
            <Alert
              type="error"
              showIcon
              closable
              onClose={() => setImportError(null)}
              message={importError.message}
              description={importError.details.length > 0 && (
                <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 200, overflow: 'auto' }}>
                  {importError.details.map((d, i) => <li key={i}>{d.path}：{d.message}</li>)}
                </ul>
              )}
            />
          )}
          {doc.isLoading ? (
            <Spin />
          ) : treeData.length === 0 ? (
            <Empty description={tr('该文件尚无条目', 'No items yet')} />
          ) : (
            <Tree
              blockNode
              defaultExpandAll
              key={`${docId}-${doc.dataUpdatedAt}`}
              treeData={treeData}
              selectedKeys={selected ? [selected.id] : []}
              onSelect={(keys) => setSelected(doc.data?.items.find((i) => i.id === keys[0]) ?? null)}
            />
          )}
        </>
      )}

      <Modal open={docEdit !== null} title={docEdit === 'new' ? tr('新增来源文件', 'Add source document') : tr('编辑来源文件', 'Edit source document')} onOk={saveDoc} onCancel={() => setDocEdit(null)} okText={tr('保存', 'Save')} cancelText={tr('取消', 'Cancel')}>
        <Form form={docForm} layout="vertical">
          <Form.Item name="kind" label={tr('类别', 'Kind')} rules={[{ required: true }]}>
            <Select<SourceKind> options={SOURCE_KINDS.map((k) => ({ value: k, label: label(SOURCE_KIND_LABELS[k]) }))} />
          </Form.Item>
          <Form.Item name="title" label={tr('文件名称', 'Title')} rules={[{ required: true, whitespace: true, message: tr('请填写文件名称', 'Enter the title') }]}>
            <Input maxLength={200} placeholder={tr('如：省委2022年落实全面从严治党主体责任清单', 'e.g. the upper-level list of 2022')} />
          </Form.Item>
          <Form.Item name="docNumber" label={tr('文号', 'Document number')}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={itemEdit !== null} title={itemEdit?.mode === 'edit' ? tr('编辑条目', 'Edit item') : tr('新增条目', 'Add item')} onOk={saveItem} onCancel={() => setItemEdit(null)} okText={tr('保存', 'Save')} cancelText={tr('取消', 'Cancel')}>
        <Form form={itemForm} layout="vertical">
          <Form.Item name="label" label={tr('编号', 'Label')}>
            <Input maxLength={20} placeholder={tr('如：一、 （一） 1.', 'e.g. 一、 （一） 1.')} />
          </Form.Item>
          <Form.Item name="text" label={tr('内容', 'Text')} rules={[{ required: true, whitespace: true, message: tr('请填写内容', 'Enter the text') }]}>
            <Input.TextArea rows={4} count={{ show: true, max: 2000 }} />
          </Form.Item>
          <Form.Item name="involvesCommittee" valuePropName="checked">
            <Checkbox>{tr('涉及工委（上级清单中需对照覆盖）', 'Involves the committee (to be covered, upper-level list)')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
