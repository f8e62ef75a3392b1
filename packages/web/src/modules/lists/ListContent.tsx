import { createContext, useContext, useEffect, useMemo, useState, type CSSProperties, type HTMLAttributes } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  HolderOutlined,
  OrderedListOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { DndContext, PointerSensor, KeyboardSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { FREQUENCY_LABELS, isEditableStatus } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { listKey, listsApi, type ListDetail, type ListPart, type ListSection, type ListTask } from './listsApi.ts';
import { dueRuleText, levelLabel, partLabel, TaskEditor, type TaskEditorTarget } from './TaskEditor.tsx';

/** 清单内容: the counts matrix, then each part with its tasks by level. */
export function ListContent({ detail }: { detail: ListDetail }) {
  const tr = useTr();
  const { list, rights } = detail;
  const [editing, setEditing] = useState<TaskEditorTarget | null>(null);
  const [partModal, setPartModal] = useState<{ part: ListPart | null } | null>(null);
  const [sectionsOf, setSectionsOf] = useState<ListPart | null>(null);
  const canManageParts = rights.canManage && (isEditableStatus(list.status) || list.openRevisionId !== null);
  const readOnly = list.status === 'issued' && list.openRevisionId === null;

  return (
    <div>
      {readOnly && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={tr(`已印发${list.docNumber ? `（${list.docNumber}）` : ''}，修改请发起修订`, `Issued${list.docNumber ? ` (${list.docNumber})` : ''}. To change it, start a revision`)}
        />
      )}
      {list.status === 'issued' && list.openRevisionId !== null && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={tr('修订进行中：修改在发布修订后生效', 'A revision is open: changes take effect when it is published')}
        />
      )}
      {(list.status === 'inReview' || list.status === 'approved') && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={list.status === 'inReview' ? tr('已送审，内容锁定；退回后可继续修改', 'Submitted: locked until it is returned') : tr('已审定，等待印发', 'Approved, waiting to be issued')}
        />
      )}
      {detail.parts.length > 0 && <CountsMatrix detail={detail} />}
      {detail.parts.length === 0 ? (
        <Card>
          <Empty description={tr('清单还没有任何部分', 'The list has no parts yet')}>
            {canManageParts && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setPartModal({ part: null })}>
                {tr('新增部分', 'Add a part')}
              </Button>
            )}
          </Empty>
        </Card>
      ) : (
        detail.parts.map((p, i) => (
          <PartCard
            key={p.id}
            detail={detail}
            part={p}
            index={i}
            canManageParts={canManageParts}
            onEditTask={setEditing}
            onEditPart={() => setPartModal({ part: p })}
            onSections={() => setSectionsOf(p)}
          />
        ))
      )}
      {canManageParts && detail.parts.length > 0 && (
        <Button block type="dashed" icon={<PlusOutlined />} onClick={() => setPartModal({ part: null })} style={{ marginTop: 4 }}>
          {tr('新增部分', 'Add a part')}
        </Button>
      )}
      <TaskEditor detail={detail} target={editing} onClose={() => setEditing(null)} />
      <PartModal detail={detail} target={partModal} onClose={() => setPartModal(null)} />
      <SectionsModal detail={detail} part={sectionsOf} onClose={() => setSectionsOf(null)} />
    </div>
  );
}


/** Parts × levels with totals, kept in view while scrolling (e.g. 40 + 44 + 20 = 104). */
function CountsMatrix({ detail }: { detail: ListDetail }) {
  const tr = useTr();
  const count = (partId: number, level: string) => detail.counts.find((c) => c.partId === partId && c.levelCode === level)?.count ?? 0;
  const byLevel = (level: string) => detail.totals.byLevel.find((c) => c.levelCode === level)?.count ?? 0;
  const byPart = (partId: number) => detail.totals.byPart.find((c) => c.partId === partId)?.count ?? 0;
  const cell: CSSProperties = { padding: '2px 8px', textAlign: 'center', borderBottom: '1px solid #f0f0f0', whiteSpace: 'nowrap' };
  const head: CSSProperties = { ...cell, background: '#fafafa', fontWeight: 500 };
  const jump = (partId: number) => document.getElementById(`list-part-${partId}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  const formula = detail.levels.map((l) => byLevel(l.code)).join(' + ');
  return (
    <div
      data-testid="counts-matrix"
      style={{ position: 'sticky', top: 0, zIndex: 20, background: '#fff', border: '1px solid #f0f0f0', borderRadius: 4, padding: 8, marginBottom: 12, boxShadow: '0 2px 6px rgba(0,0,0,0.06)', overflowX: 'auto' }}
    >
      <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13 }}>
        <thead>
          <tr>
            <th style={{ ...head, textAlign: 'start' }}>{tr('任务数', 'Tasks')}</th>
            {detail.parts.map((p) => (
              <th key={p.id} style={head}>
                <Tooltip title={p.title}>
                  <a onClick={() => jump(p.id)}>{partLabel(p.seq, tr)}</a>
                </Tooltip>
              </th>
            ))}
            <th style={{ ...head, background: '#fff1f0' }}>{tr('合计', 'Total')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.levels.map((l) => (
            <tr key={l.code}>
              <td style={{ ...cell, textAlign: 'start' }}>{levelLabel(l, tr)}</td>
              {detail.parts.map((p) => (
                <td key={p.id} style={{ ...cell, color: count(p.id, l.code) ? undefined : '#bbb' }}>
                  {count(p.id, l.code)}
                </td>
              ))}
              <td style={{ ...cell, fontWeight: 600, background: '#fff1f0' }}>{byLevel(l.code)}</td>
            </tr>
          ))}
          <tr>
            <td style={{ ...cell, textAlign: 'start', fontWeight: 600 }}>{tr('合计', 'Total')}</td>
            {detail.parts.map((p) => (
              <td key={p.id} style={{ ...cell, fontWeight: 600 }}>
                {byPart(p.id)}
              </td>
            ))}
            <td style={{ ...cell, fontWeight: 700, background: '#ffccc7' }} data-testid="counts-total">
              {detail.totals.all}
            </td>
          </tr>
        </tbody>
      </table>
      {detail.levels.length > 1 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formula} = {detail.totals.all}
        </Typography.Text>
      )}
    </div>
  );
}

function PartCard({
  detail,
  part,
  index,
  canManageParts,
  onEditTask,
  onEditPart,
  onSections,
}: {
  detail: ListDetail;
  part: ListPart;
  index: number;
  canManageParts: boolean;
  onEditTask: (t: TaskEditorTarget) => void;
  onEditPart: () => void;
  onSections: () => void;
}) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const editable = detail.rights.editablePartIds.includes(part.id);
  const sections = useMemo(() => detail.sections.filter((s) => s.partId === part.id), [detail.sections, part.id]);
  const tasks = useMemo(() => detail.tasks.filter((t) => t.partId === part.id), [detail.tasks, part.id]);
  // The list's own order: tasks outside any section, then each section, each with its levels (the
  // tasks arrive in that order). One stable array per block × level, so a table's local order
  // resets only when the list itself changes.
  const blocks = useMemo(() => {
    const heads: { section: ListSection | null }[] = [{ section: null }, ...sections.map((x) => ({ section: x }))];
    return heads
      .map(({ section }) => ({
        section,
        byLevel: new Map(detail.levels.map((l) => [l.code, tasks.filter((t) => t.levelCode === l.code && t.sectionId === (section?.id ?? null))])),
      }))
      // A block with tasks shows; an empty one only where tasks can be added to it (a section, or a part without sections).
      .filter((b) => [...b.byLevel.values()].some((a) => a.length > 0) || (editable && (b.section !== null || sections.length === 0)));
  }, [detail.levels, sections, tasks, editable]);
  const levelIds = useMemo(() => new Map(detail.levels.map((l) => [l.code, tasks.filter((t) => t.levelCode === l.code).map((t) => t.id)])), [detail.levels, tasks]);
  const refresh = () => qc.invalidateQueries({ queryKey: listKey(detail.list.id) });

  const move = async (delta: number) => {
    const ids = detail.parts.map((p) => p.id);
    const to = index + delta;
    if (to < 0 || to >= ids.length) return;
    try {
      await listsApi.reorderParts(detail.list.id, arrayMove(ids, index, to));
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const remove = async () => {
    try {
      await listsApi.deletePart(part.id);
      message.success(tr('已删除', 'Deleted'));
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Card
      id={`list-part-${part.id}`}
      style={{ marginBottom: 16, scrollMarginTop: 150 }}
      title={
        <Space wrap size={[8, 4]}>
          <span>
            {partLabel(part.seq, tr)}{'\u3000'}{part.title}
          </span>
          {part.draftingOrgName && <Tag color="blue">{tr(`起草：${part.draftingOrgName}`, `Drafted by ${part.draftingOrgName}`)}</Tag>}
          {editable && !detail.rights.canManage && <Tag color="green">{tr('本部门起草，可编辑', 'Yours to edit')}</Tag>}
        </Space>
      }
      extra={
        <Space size={4} wrap>
          {editable && (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => onEditTask({ task: null, partId: part.id, levelCode: detail.levels[0]?.code ?? 'L1' })}>
              {tr('新增任务', 'Add task')}
            </Button>
          )}
          {canManageParts && (
            <>
              <Tooltip title={tr('上移', 'Move up')}>
                <Button size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => void move(-1)} />
              </Tooltip>
              <Tooltip title={tr('下移', 'Move down')}>
                <Button size="small" icon={<ArrowDownOutlined />} disabled={index === detail.parts.length - 1} onClick={() => void move(1)} />
              </Tooltip>
              <Button size="small" icon={<EditOutlined />} onClick={onEditPart}>
                {tr('编辑部分', 'Edit part')}
              </Button>
              <Button size="small" icon={<OrderedListOutlined />} onClick={onSections}>
                {tr('分节', 'Sections')}
              </Button>
              <Popconfirm
                title={tr(`删除“${part.title}”？`, `Delete "${part.title}"?`)}
                description={tasks.length ? tr('该部分下还有任务，须先删除或移走任务', 'Move or delete its tasks first') : undefined}
                okText={tr('删除', 'Delete')}
                okButtonProps={{ danger: true, disabled: tasks.length > 0 }}
                cancelText={tr('取消', 'Cancel')}
                onConfirm={remove}
              >
                <Button size="small" danger icon={<DeleteOutlined />} />
              </Popconfirm>
            </>
          )}
        </Space>
      }
    >
      {blocks.map(({ section, byLevel }) => (
        <div key={section?.id ?? 'none'} data-testid={section ? `list-section-${section.id}` : undefined} style={section ? { borderLeft: '3px solid #d3adf7', paddingLeft: 12, marginBottom: 8 } : undefined}>
          {section && (
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {section.title}
            </Typography.Title>
          )}
          {detail.levels.map((l) => {
            const levelTasks = byLevel.get(l.code) ?? [];
            if (levelTasks.length === 0 && !editable) return null;
            return (
              <div key={l.code} style={{ marginBottom: 16 }}>
                <Space style={{ marginBottom: 8 }}>
                  <Typography.Text strong>{levelLabel(l, tr)}</Typography.Text>
                  <Tag>{tr(`${levelTasks.filter((t) => !t.withdrawnAt).length} 项`, `${levelTasks.filter((t) => !t.withdrawnAt).length} tasks`)}</Tag>
                  {editable && (
                    <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => onEditTask({ task: null, partId: part.id, levelCode: l.code, sectionId: section?.id ?? null })}>
                      {tr('新增', 'Add')}
                    </Button>
                  )}
                </Space>
                <TaskTable detail={detail} partId={part.id} levelCode={l.code} tasks={levelTasks} levelIds={levelIds.get(l.code) ?? []} editable={editable} onEdit={onEditTask} />
              </div>
            );
          })}
        </div>
      ))}
      {tasks.length === 0 && !editable && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('该部分暂无任务', 'No tasks in this part')} />}
    </Card>
  );
}

interface RowCtx {
  setActivatorNodeRef?: (el: HTMLElement | null) => void;
  listeners?: Record<string, unknown>;
}
const RowContext = createContext<RowCtx>({});

function DragHandle() {
  const tr = useTr();
  const { setActivatorNodeRef, listeners } = useContext(RowContext);
  return (
    <Button
      type="text"
      size="small"
      icon={<HolderOutlined />}
      style={{ cursor: 'move' }}
      ref={setActivatorNodeRef}
      aria-label={tr('拖动排序', 'Drag to reorder')}
      {...(listeners as Pick<HTMLAttributes<HTMLButtonElement>, 'onKeyDown' | 'onPointerDown'>)}
    />
  );
}

function SortableRow(props: HTMLAttributes<HTMLTableRowElement> & { 'data-row-key': string }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: props['data-row-key'] });
  const style: CSSProperties = {
    ...props.style,
    transform: CSS.Translate.toString(transform),
    transition,
    ...(isDragging ? { position: 'relative', zIndex: 999, background: '#fff1f0' } : {}),
  };
  const ctx = useMemo<RowCtx>(() => ({ setActivatorNodeRef, listeners: listeners as Record<string, unknown> | undefined }), [setActivatorNodeRef, listeners]);
  return (
    <RowContext.Provider value={ctx}>
      <tr {...props} ref={setNodeRef} style={style} {...attributes} />
    </RowContext.Provider>
  );
}

function TaskTable({
  detail,
  partId,
  levelCode,
  tasks,
  levelIds,
  editable,
  onEdit,
}: {
  detail: ListDetail;
  partId: number;
  levelCode: string;
  /** The tasks of this table: one part × level, or its share in one section. */
  tasks: ListTask[];
  /** Every task of the part × level, in order: a reorder within a section keeps the others' places. */
  levelIds: number[];
  editable: boolean;
  onEdit: (t: TaskEditorTarget) => void;
}) {
  const tr = useTr();
  const label = useLabel();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [order, setOrder] = useState<ListTask[]>(tasks);
  useEffect(() => setOrder(tasks), [tasks]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const refresh = () => qc.invalidateQueries({ queryKey: listKey(detail.list.id) });

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = order.findIndex((t) => String(t.id) === String(active.id));
    const to = order.findIndex((t) => String(t.id) === String(over.id));
    if (from < 0 || to < 0) return;
    const next = arrayMove(order, from, to);
    setOrder(next);
    // This table's tasks take, in their new order, the places they held among the part × level's.
    const mine = new Set(next.map((t) => t.id));
    const queue = next.map((t) => t.id);
    const all = levelIds.map((id) => (mine.has(id) ? (queue.shift() as number) : id));
    try {
      await listsApi.reorderTasks(partId, levelCode, all);
      message.success(tr('顺序已保存', 'Order saved'));
    } catch (e) {
      setOrder(tasks);
      message.error(errorMessage(e));
    }
    await refresh();
  };
  const remove = async (t: ListTask) => {
    try {
      await listsApi.deleteTask(t.id);
      message.success(tr('任务已删除', 'Task deleted'));
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const issued = detail.list.status === 'issued';
  const columns: TableProps<ListTask>['columns'] = [
    ...(editable ? [{ key: 'drag', width: 36, align: 'center' as const, render: () => <DragHandle /> }] : []),
    {
      title: tr('序号', 'No.'),
      dataIndex: 'number',
      key: 'number',
      width: 56,
      align: 'center',
      render: (n: number | null, t) => (t.withdrawnAt ? <Tag>{tr('已撤回', 'Withdrawn')}</Tag> : n),
    },
    {
      title: tr('工作任务', 'Task'),
      dataIndex: 'content',
      key: 'content',
      minWidth: 220,
      render: (v: string, t) => (
        <div style={t.withdrawnAt ? { textDecoration: 'line-through', color: '#999' } : undefined}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span>
        </div>
      ),
    },
    { title: tr('工作要求', 'Requirements'), dataIndex: 'requirements', key: 'requirements', minWidth: 180, render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v || '—'}</span> },
    { title: tr('频次', 'Frequency'), dataIndex: 'frequency', key: 'frequency', width: 84, render: (f: ListTask['frequency']) => label(FREQUENCY_LABELS[f]) },
    { title: tr('完成时限', 'Due'), dataIndex: 'dueRule', key: 'due', width: 110, render: (r: ListTask['dueRule']) => dueRuleText(r, tr) },
    { title: tr('佐证材料', 'Evidence'), dataIndex: 'evidence', key: 'evidence', width: 150, render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v || '—'}</span> },
    { title: tr('审核部门', 'Reviewer'), dataIndex: 'reviewerOrgName', key: 'reviewer', width: 110, render: (v: string | null) => v ?? '—' },
    { title: tr('分值', 'Weight'), dataIndex: 'weight', key: 'weight', width: 64, align: 'right', render: (v: string | null) => (v === null ? '—' : Number(v)) },
    ...(editable
      ? [
          {
            title: tr('操作', 'Actions'),
            key: 'actions',
            width: 104,
            fixed: 'right' as const,
            render: (_: unknown, t: ListTask) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => onEdit({ task: t, partId, levelCode })}>
                  {tr('编辑', 'Edit')}
                </Button>
                <Popconfirm
                  title={
                    issued
                      ? tr(`撤回任务 ${t.number ?? ''}？`, `Withdraw task ${t.number ?? ''}?`)
                      : tr(`删除任务 ${t.number ?? ''}？`, `Delete task ${t.number ?? ''}?`)
                  }
                  description={
                    issued
                      ? tr('已印发清单中的任务在修订发布后撤回，保留记录', 'In an issued list the task is withdrawn when the revision is published; its record stays')
                      : tr('删除后后续任务序号自动顺延', 'Later tasks are renumbered')
                  }
                  okText={issued ? tr('撤回', 'Withdraw') : tr('删除', 'Delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={tr('取消', 'Cancel')}
                  onConfirm={() => remove(t)}
                >
                  <Button size="small" type="link" danger disabled={!!t.withdrawnAt}>
                    {issued ? tr('撤回', 'Withdraw') : tr('删除', 'Delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const table = (
    <Table<ListTask>
      rowKey={(t) => String(t.id)}
      size="small"
      bordered
      columns={columns}
      dataSource={order}
      pagination={false}
      scroll={{ x: 1000 }}
      locale={{ emptyText: tr('暂无任务', 'No tasks') }}
      components={editable ? { body: { row: SortableRow } } : undefined}
    />
  );
  if (!editable) return table;
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={(e) => void onDragEnd(e)}>
      <SortableContext items={order.map((t) => String(t.id))} strategy={verticalListSortingStrategy}>
        {table}
      </SortableContext>
    </DndContext>
  );
}

/** 新增部分 / 编辑部分: title and drafting department. */
function PartModal({ detail, target, onClose }: { detail: ListDetail; target: { part: ListPart | null } | null; onClose: () => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ title: string; draftingOrgId: number | null }>();
  const [busy, setBusy] = useState(false);
  const depts = useQuery({ queryKey: ['orgs', 'departments'], queryFn: () => listsApi.departments(), staleTime: 300_000, enabled: target !== null });
  const part = target?.part ?? null;
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    form.setFieldsValue(part ? { title: part.title, draftingOrgId: part.draftingOrgId } : { title: '', draftingOrgId: detail.list.ownerOrgId });
  }, [target, part, form, detail.list.ownerOrgId]);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body = { title: v.title.trim(), draftingOrgId: v.draftingOrgId ?? null };
      if (part) await listsApi.updatePart(part.id, { ...body, version: part.version });
      else await listsApi.createPart(detail.list.id, body);
      message.success(tr('已保存', 'Saved'));
      await qc.invalidateQueries({ queryKey: listKey(detail.list.id) });
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={target !== null}
      title={part ? tr(`编辑${partLabel(part.seq, tr)}`, `Edit part ${part.seq}`) : tr('新增部分', 'Add a part')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={tr('保存', 'Save')}
      cancelText={tr('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="title" label={tr('部分标题', 'Title')} rules={[{ required: true, whitespace: true, message: tr('请填写标题', 'Enter the title') }, { max: 200 }]}>
          <Input maxLength={200} placeholder={tr('如：党风廉政建设', 'e.g. Integrity')} />
        </Form.Item>
        <Form.Item
          name="draftingOrgId"
          label={tr('起草部门', 'Drafting department')}
          extra={tr('起草部门的工作人员可编辑本部分的任务', "The drafting department's staff edit this part's tasks")}
        >
          <Select
            allowClear
            loading={depts.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 分节: the sections of one part (e.g. 作风建设 / 纪律建设 / 反腐败斗争). */
function SectionsModal({ detail, part, onClose }: { detail: ListDetail; part: ListPart | null; onClose: () => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [title, setTitle] = useState('');
  const [renaming, setRenaming] = useState<{ id: number; title: string } | null>(null);
  const sections = part ? detail.sections.filter((s) => s.partId === part.id) : [];
  const refresh = () => qc.invalidateQueries({ queryKey: listKey(detail.list.id) });
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await refresh();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };
  return (
    <Modal open={part !== null} title={part ? tr(`${partLabel(part.seq, tr)}的分节`, `Sections of part ${part.seq}`) : ''} onCancel={onClose} footer={null} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        {sections.length === 0 && <Typography.Text type="secondary">{tr('本部分不分节', 'No sections')}</Typography.Text>}
        {sections.map((s) =>
          renaming?.id === s.id ? (
            <Space.Compact key={s.id} style={{ width: '100%' }}>
              <Input value={renaming.title} maxLength={200} onChange={(e) => setRenaming({ id: s.id, title: e.target.value })} />
              <Button
                type="primary"
                onClick={async () => {
                  if (renaming.title.trim() && (await act(() => listsApi.updateSection(s.id, renaming.title.trim(), s.version)))) setRenaming(null);
                }}
              >
                {tr('保存', 'Save')}
              </Button>
              <Button onClick={() => setRenaming(null)}>{tr('取消', 'Cancel')}</Button>
            </Space.Compact>
          ) : (
            <Space key={s.id} style={{ width: '100%', justifyContent: 'space-between' }}>
              <span>
                {s.seq}. {s.title}
              </span>
              <Space size={0}>
                <Button size="small" type="link" onClick={() => setRenaming({ id: s.id, title: s.title })}>
                  {tr('重命名', 'Rename')}
                </Button>
                <Popconfirm
                  title={tr(`删除分节“${s.title}”？`, `Delete section "${s.title}"?`)}
                  description={tr('其中的任务保留在本部分，不再归属分节', 'Its tasks stay in the part without a section')}
                  okText={tr('删除', 'Delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={tr('取消', 'Cancel')}
                  onConfirm={() => act(() => listsApi.deleteSection(s.id))}
                >
                  <Button size="small" type="link" danger>
                    {tr('删除', 'Delete')}
                  </Button>
                </Popconfirm>
              </Space>
            </Space>
          ),
        )}
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input value={title} maxLength={200} placeholder={tr('新分节标题，如：作风建设', 'New section, e.g. Work style')} onChange={(e) => setTitle(e.target.value)} />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={!title.trim()}
            onClick={async () => {
              if (part && (await act(() => listsApi.createSection(part.id, title.trim())))) setTitle('');
            }}
          >
            {tr('添加', 'Add')}
          </Button>
        </Space.Compact>
      </Space>
    </Modal>
  );
}
