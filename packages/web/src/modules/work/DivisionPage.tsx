import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { ApiError, download, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useTr } from '../../app/i18n.tsx';
import { TaskText, UnitSelect, useIssuedLists, useMyUnits, YearSelect } from './components.tsx';
import { DivisionImportButton } from './DivisionImport.tsx';
import { isConflict, workApi, type DivisionPerson, type DivisionRow, type Measure } from './workApi.ts';

const divisionKey = (unitId: number) => ['workDivision', unitId] as const;

/** 责任分工: the unit's division-of-labour table — owner, lead department and measures of each party-group and organ-committee task. */
export default function DivisionPage() {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const { can } = useAuth();
  const { unitPaths } = useMyUnits();
  // The caller's own unit (the second segment of a unit path is the unit's id); others choose.
  const ownUnit = unitPaths[0] ? Number(unitPaths[0].split('/').filter(Boolean)[1]) : undefined;
  const [unitId, setUnitId] = useState<number | undefined>(ownUnit);
  useEffect(() => {
    if (unitId === undefined && ownUnit !== undefined) setUnitId(ownUnit);
  }, [ownUnit, unitId]);
  const [year, setYear] = useState<number | undefined>();
  const [level, setLevel] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  // 批量分工: the assignments ticked across the part tables.
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);

  const lists = useIssuedLists();
  const q = useQuery({ queryKey: [...divisionKey(unitId ?? 0), year], queryFn: () => workApi.division(unitId!, { year }), enabled: !!unitId, placeholderData: keepPreviousData });
  const shownYear = year ?? q.data?.year;
  const years = [...new Set([...(lists.data ?? []).map((l) => l.year), ...(shownYear ? [shownYear] : [])])].sort((a, b) => b - a);
  const people = useQuery({
    queryKey: ['workDivisionPeople', unitId ?? 0],
    queryFn: () => workApi.divisionPeople(unitId!),
    enabled: !!unitId,
    staleTime: 120_000,
  });

  const rows = q.data?.items ?? [];
  const levels = [...new Set(rows.map((r) => r.levelCode))].sort();
  const term = search.trim();
  const shown = rows.filter(
    (r) =>
      (!level || r.levelCode === level) &&
      (!onlyOpen || (r.ownerPersonId === null && !r.leadDepartment)) &&
      (!term || r.taskContent.includes(term) || r.taskCode.includes(term) || (r.ownerName ?? '').includes(term) || r.cooperators.some((c) => c.name.includes(term)) || r.leadDepartment.includes(term) || r.orgName.includes(term)),
  );
  // One table per part, in the list's order.
  const parts = useMemo(() => {
    const byPart = new Map<number, { id: number; seq: number; title: string; rows: DivisionRow[] }>();
    for (const r of shown) {
      const p = byPart.get(r.partId) ?? { id: r.partId, seq: r.partSeq ?? 0, title: r.partTitle, rows: [] };
      p.rows.push(r);
      byPart.set(r.partId, p);
    }
    return [...byPart.values()].sort((a, b) => a.seq - b.seq || a.id - b.id);
  }, [shown]);

  const exportXlsx = async () => {
    if (!unitId) return;
    setExporting(true);
    try {
      await download(workApi.divisionXlsx(unitId), { year: shownYear });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const levelLabel = (code: string) => rows.find((r) => r.levelCode === code)?.levelName ?? code;

  return (
    <Card
      title={
        <Space wrap>
          <span>{tr('责任分工', 'Division of labour')}</span>
          {q.data?.unit && <Typography.Text type="secondary">{q.data.unit.name}</Typography.Text>}
        </Space>
      }
      extra={
        <Space wrap>
          <Button icon={<ReloadOutlined />} disabled={!unitId} onClick={() => void qc.invalidateQueries({ queryKey: divisionKey(unitId ?? 0) })}>
            {tr('刷新', 'Reload')}
          </Button>
          {can('work.assign') && shownYear !== undefined && rows.some((r) => r.canAssign) && <DivisionImportButton unitId={unitId} year={shownYear} queryKey={divisionKey(unitId ?? 0)} />}
          <Button type="primary" icon={<DownloadOutlined />} disabled={!unitId || rows.length === 0} loading={exporting} onClick={exportXlsx} data-testid="export-division">
            {tr('导出Excel', 'Export Excel')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        {(ownUnit === undefined || unitPaths.length > 1) && <UnitSelect value={unitId} onChange={setUnitId} />}
        <YearSelect years={years} value={shownYear} allowClear={false} onChange={setYear} />
        <Select<string>
          allowClear
          placeholder={tr('全部层级', 'All levels')}
          value={level}
          onChange={(v) => setLevel(v ?? undefined)}
          options={levels.map((c) => ({ value: c, label: levelLabel(c) }))}
          style={{ width: 200 }}
          data-testid="filter-level"
        />
        <Select<'all' | 'open'>
          value={onlyOpen ? 'open' : 'all'}
          onChange={(v) => setOnlyOpen(v === 'open')}
          options={[
            { value: 'all', label: tr('全部任务', 'All tasks') },
            { value: 'open', label: tr('尚未分工', 'Not yet divided') },
          ]}
          style={{ width: 130 }}
        />
        <Input.Search allowClear placeholder={tr('任务、责任人或牵头部门', 'Task, owner or department')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 240 }} />
      </Space>
      {!unitId ? (
        <Empty description={tr('请选择单位', 'Choose a unit')} />
      ) : q.isLoading ? (
        <Spin style={{ display: 'block', padding: 60 }} />
      ) : q.error ? (
        <Alert type="error" showIcon title={errorMessage(q.error)} />
      ) : rows.length === 0 ? (
        <Empty description={tr('暂无分工任务：责任清单印发后，党组和机关党委的任务会出现在这里', 'Nothing to divide yet: once the list is issued, the party group’s and organ committee’s tasks appear here')} />
      ) : parts.length === 0 ? (
        <Empty description={tr('没有符合条件的任务', 'No task matches')} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {picked.size > 0 && (
            <Alert
              type="info"
              showIcon
              data-testid="bulk-bar"
              title={tr(`已选择 ${picked.size} 项任务`, `${picked.size} tasks selected`)}
              action={
                <Space>
                  <Button size="small" type="primary" onClick={() => setBulkOpen(true)} data-testid="bulk-divide">
                    {tr('批量分工', 'Divide selected')}
                  </Button>
                  <Button size="small" onClick={() => setPicked(new Set())}>
                    {tr('清除选择', 'Clear')}
                  </Button>
                </Space>
              }
            />
          )}
          {parts.map((p) => (
            <PartTable
              key={p.id}
              title={p.title}
              rows={p.rows}
              unitId={unitId}
              people={people.data?.items ?? []}
              peopleLoading={people.isLoading}
              picked={picked}
              onPick={(ids, on) =>
                setPicked((cur) => {
                  const next = new Set(cur);
                  for (const id of ids) if (on) next.add(id); else next.delete(id);
                  return next;
                })
              }
            />
          ))}
          <BulkDivisionModal
            open={bulkOpen}
            unitId={unitId}
            ids={[...picked]}
            people={people.data?.items ?? []}
            onClose={(done) => {
              setBulkOpen(false);
              if (done) setPicked(new Set());
            }}
          />
        </Space>
      )}
    </Card>
  );
}

function PartTable({ title, rows, unitId, people, peopleLoading, picked, onPick }: {
  title: string; rows: DivisionRow[]; unitId: number; people: DivisionPerson[]; peopleLoading: boolean;
  picked: Set<number>; onPick: (ids: number[], on: boolean) => void;
}) {
  const tr = useTr();
  const { can } = useAuth();
  const [editing, setEditing] = useState<DivisionRow | null>(null);
  const [measure, setMeasure] = useState<{ row: DivisionRow; measure: Measure | 'new' } | null>(null);
  const mayAssign = (r: DivisionRow) => r.canAssign && can('work.assign');
  const columns: TableProps<DivisionRow>['columns'] = [
    {
      title: tr('任务', 'Task'),
      key: 'task',
      render: (_, r) => (
        <div>
          <Tag>{r.orgName}</Tag>
          <TaskText code={r.taskCode} content={r.taskContent} />
        </div>
      ),
    },
    {
      title: tr('责任人', 'Owner'),
      key: 'owner',
      width: 140,
      render: (_, r) =>
        r.ownerName ? (
          <div>
            <div>{r.ownerName}</div>
            {r.ownerPost && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.ownerPost}
              </Typography.Text>
            )}
          </div>
        ) : (
          <Typography.Text type="secondary">{tr('未指定', 'Not set')}</Typography.Text>
        ),
    },
    {
      title: tr('配合领导', 'Cooperating'),
      key: 'cooperators',
      width: 130,
      render: (_, r) =>
        r.cooperators.length > 0 ? (
          <div data-testid="division-cooperators">{r.cooperators.map((c) => <div key={c.id}>{c.name}</div>)}</div>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: tr('牵头部门', 'Lead department'),
      dataIndex: 'leadDepartment',
      key: 'leadDepartment',
      width: 150,
      render: (v: string) => v || <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: tr('具体措施', 'Measures'),
      key: 'measures',
      width: 340,
      render: (_, r) => <Measures row={r} unitId={unitId} editable={mayAssign(r)} onEdit={(row, measure) => setMeasure({ row, measure })} />,
    },
    // The action column only where something may be divided.
    ...(rows.some(mayAssign) ? [{
      title: tr('操作', 'Actions'),
      key: 'actions',
      width: 90,
      render: (_, r) =>
        mayAssign(r) && (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid="edit-division">
            {tr('分工', 'Divide')}
          </Button>
        ),
    }] satisfies NonNullable<TableProps<DivisionRow>['columns']> : []),
  ];
  return (
    <>
      <Table<DivisionRow>
        rowKey="assignmentId"
        size="small"
        bordered
        title={() => <Typography.Text strong>{title}</Typography.Text>}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 960 }}
        data-testid="division-table"
        rowSelection={
          rows.some(mayAssign)
            ? {
              selectedRowKeys: rows.filter((r) => picked.has(r.assignmentId)).map((r) => r.assignmentId),
              getCheckboxProps: (r) => ({ disabled: !mayAssign(r), 'aria-label': tr(`选择：${r.taskContent}`, `Select: ${r.taskContent}`) }),
              onSelect: (r, on) => onPick([r.assignmentId], on),
              onSelectAll: (on, _sel, changed) => onPick(changed.map((r) => r.assignmentId), on),
            }
            : undefined
        }
      />
      <DivisionModal row={editing} unitId={unitId} people={people} peopleLoading={peopleLoading} onClose={() => setEditing(null)} />
      <MeasureModal editing={measure} unitId={unitId} onClose={() => setMeasure(null)} />
    </>
  );
}

/** 分工: the owner (a person of the unit) and the lead department of one task, guarded by its version. */
function DivisionModal({ row, unitId, people, peopleLoading, onClose }: { row: DivisionRow | null; unitId: number; people: DivisionPerson[]; peopleLoading: boolean; onClose: () => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ ownerPersonId: number | null; cooperatorPersonIds: number[]; leadDepartment: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (row) form.setFieldsValue({ ownerPersonId: row.ownerPersonId, cooperatorPersonIds: row.cooperators.map((c) => c.id), leadDepartment: row.leadDepartment });
  }, [row, form]);
  // Owners come from the organisation of the task's level (the party group's members for its tasks, the organ committee's for its own).
  const sameLevel = people.filter((p) => !row || p.levelCode === row.levelCode);
  const options = (sameLevel.length > 0 ? sameLevel : people).map((p) => ({ value: p.id, label: [p.name, p.post].filter(Boolean).join(' · ') }));
  if (row?.ownerPersonId && !options.some((o) => o.value === row.ownerPersonId)) options.unshift({ value: row.ownerPersonId, label: row.ownerName ?? String(row.ownerPersonId) });
  for (const c of row?.cooperators ?? []) if (!options.some((o) => o.value === c.id)) options.push({ value: c.id, label: [c.name, c.post].filter(Boolean).join(' · ') });
  // The lead is not also a cooperator.
  const owner = Form.useWatch('ownerPersonId', form);
  const cooperatorOptions = options.filter((o) => o.value !== owner);
  const save = async () => {
    if (!row) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const ownerPersonId = v.ownerPersonId ?? null;
      const cooperatorPersonIds = (v.cooperatorPersonIds ?? []).filter((id) => id !== ownerPersonId);
      await workApi.updateDivision(row.assignmentId, { ownerPersonId, cooperatorPersonIds, leadDepartment: (v.leadDepartment ?? '').trim(), version: row.version });
      message.success(tr('分工已保存', 'Saved'));
      onClose();
    } catch (e) {
      message.error(isConflict(e) ? tr('分工已被他人修改，已重新载入，请再试一次', 'Someone else changed it; it has been reloaded, try again') : errorMessage(e));
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: divisionKey(unitId) });
    }
  };
  return (
    <Modal
      open={row !== null}
      title={tr('责任分工', 'Division of labour')}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okText={tr('保存', 'Save')}
      okButtonProps={{ ...({ 'data-testid': 'save-division' } as object) }}
      cancelText={tr('取消', 'Cancel')}
      destroyOnHidden
    >
      {row && (
        <Typography.Paragraph type="secondary">
          {row.taskContent}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="ownerPersonId" label={tr('责任领导/责任人', 'Lead')} extra={tr('班子成员或机关党委委员', 'A leadership member or an organ-committee member')}>
          <Select<number>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={peopleLoading}
            options={options}
            placeholder={tr('选择责任人', 'Choose the owner')}
            notFoundContent={tr('没有可选的人员', 'Nobody to choose')}
            data-testid="division-owner"
          />
        </Form.Item>
        <Form.Item
          name="cooperatorPersonIds"
          label={tr('配合领导', 'Cooperating members')}
          extra={tr('一岗双责：协助责任领导落实本项任务的班子成员，可多选', 'Dual duty: leadership members who help the lead with this task; choose any number')}
          rules={[{ type: 'array', max: 10, message: tr('最多 10 人', 'At most 10 people') }]}
        >
          <Select<number[]>
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={peopleLoading}
            options={cooperatorOptions}
            placeholder={tr('选择配合领导（可不选）', 'Choose cooperating members (optional)')}
            notFoundContent={tr('没有可选的人员', 'Nobody to choose')}
            data-testid="division-cooperators-select"
          />
        </Form.Item>
        <Form.Item name="leadDepartment" label={tr('牵头部门', 'Lead department')} rules={[{ max: 100, message: tr('不超过 100 字', 'At most 100 characters') }]}>
          <Input maxLength={100} placeholder={tr('如：办公室、人事处', 'e.g. General Office')} data-testid="division-department" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 具体措施 under a task: a numbered list with add, edit and delete. */
function Measures({ row, unitId, editable, onEdit }: { row: DivisionRow; unitId: number; editable: boolean; onEdit: (row: DivisionRow, m: Measure | 'new') => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const remove = async (m: Measure) => {
    try {
      await workApi.deleteMeasure(m.id);
      message.success(tr('措施已删除', 'Measure deleted'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      void qc.invalidateQueries({ queryKey: divisionKey(unitId) });
    }
  };
  const measures = [...row.measures].sort((a, b) => a.seq - b.seq);
  return (
    <div data-testid="measures">
      {measures.length === 0 && !editable && <Typography.Text type="secondary">—</Typography.Text>}
      <ol style={{ margin: 0, paddingInlineStart: measures.length ? 20 : 0, listStyle: measures.length ? undefined : 'none' }}>
        {measures.map((m) => (
          <li key={m.id} style={{ marginBottom: 4 }}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{m.content}</span>
            {editable && (
              <Space size={0} style={{ marginInlineStart: 4 }}>
                <Button size="small" type="text" icon={<EditOutlined />} onClick={() => onEdit(row, m)} aria-label={tr('编辑', 'Edit')} />
                <Popconfirm title={tr('删除这条措施？', 'Delete this measure?')} okText={tr('删除', 'Delete')} okButtonProps={{ danger: true }} cancelText={tr('取消', 'Cancel')} onConfirm={() => remove(m)}>
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={tr('删除', 'Delete')} />
                </Popconfirm>
              </Space>
            )}
          </li>
        ))}
      </ol>
      {editable && (
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => onEdit(row, 'new')} style={{ marginTop: 4 }} data-testid="add-measure">
          {tr('添加措施', 'Add a measure')}
        </Button>
      )}
    </div>
  );
}

/** Adding or editing one measure of a task (one dialog for a whole table, not one per row). */
function MeasureModal({ editing, unitId, onClose }: { editing: { row: DivisionRow; measure: Measure | 'new' } | null; unitId: number; onClose: () => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (editing) setText(editing.measure === 'new' ? '' : editing.measure.content);
  }, [editing]);
  const save = async () => {
    if (!editing) return;
    const content = text.trim();
    if (!content) {
      message.error(tr('请填写措施内容', 'Enter the measure'));
      return;
    }
    setBusy(true);
    try {
      if (editing.measure === 'new') await workApi.addMeasure(editing.row.assignmentId, content);
      else await workApi.updateMeasure(editing.measure.id, content, editing.measure.version);
      onClose();
    } catch (e) {
      message.error(isConflict(e) ? tr('措施已被他人修改，已重新载入', 'Someone else changed it; reloaded') : errorMessage(e));
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: divisionKey(unitId) });
    }
  };
  return (
    <Modal
      open={editing !== null}
      title={editing?.measure === 'new' ? tr('添加具体措施', 'Add a measure') : tr('编辑具体措施', 'Edit the measure')}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okText={tr('保存', 'Save')}
      cancelText={tr('取消', 'Cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{editing?.row.taskContent}</Typography.Paragraph>
      <Input.TextArea rows={4} count={{ show: true, max: 2000 }} value={text} onChange={(e) => setText(e.target.value)} data-testid="measure-content" />
    </Modal>
  );
}

/**
 * 批量分工: one owner and/or one lead department for every selected task, all or nothing; a field
 * left empty stays as it is on each task. A refusal lists each task that could not be divided.
 */
function BulkDivisionModal({ open, unitId, ids, people, onClose }: { open: boolean; unitId: number; ids: number[]; people: DivisionPerson[]; onClose: (done: boolean) => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [owner, setOwner] = useState<number | undefined>();
  const [lead, setLead] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (open) {
      setOwner(undefined);
      setLead('');
      setError(null);
    }
  }, [open]);
  const save = async () => {
    const body = { assignmentIds: ids, ...(owner !== undefined ? { ownerPersonId: owner } : {}), ...(lead.trim() ? { leadDepartment: lead.trim() } : {}) };
    if (owner === undefined && !lead.trim()) {
      message.warning(tr('请选择责任人或填写牵头部门', 'Choose an owner or enter a lead department'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await workApi.bulkDivision(unitId, body);
      message.success(tr(`已为 ${r.updated} 项任务分工`, `${r.updated} tasks divided`));
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else message.error(errorMessage(e));
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: divisionKey(unitId) });
    }
  };
  return (
    <Modal
      open={open}
      title={tr(`批量分工（${ids.length} 项任务）`, `Divide ${ids.length} tasks`)}
      onCancel={() => onClose(false)}
      onOk={save}
      confirmLoading={busy}
      okText={tr('保存', 'Save')}
      cancelText={tr('取消', 'Cancel')}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{tr('留空的一项保持各任务原有分工不变。', 'A field left empty stays as it is on each task.')}</Typography.Text>
        <Select<number>
          showSearch
          allowClear
          style={{ width: '100%' }}
          placeholder={tr('责任人（不修改）', 'Owner (unchanged)')}
          value={owner}
          onChange={(v) => setOwner(v ?? undefined)}
          optionFilterProp="label"
          options={people.map((p) => ({ value: p.id, label: [p.name, p.post].filter(Boolean).join(' · ') }))}
          aria-label={tr('责任人', 'Owner')}
          data-testid="bulk-owner"
        />
        <Input
          placeholder={tr('牵头部门（不修改）', 'Lead department (unchanged)')}
          value={lead}
          count={{ show: true, max: 100 }}
          onChange={(e) => setLead(e.target.value)}
          aria-label={tr('牵头部门', 'Lead department')}
          data-testid="bulk-lead"
        />
        {error && (
          <Alert
            type="error"
            showIcon
            title={error.message}
            description={error.details.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 200, overflow: 'auto' }}>
                {error.details.map((d, i) => <li key={i}>{d.path}：{d.message}</li>)}
              </ul>
            )}
          />
        )}
      </Space>
    </Modal>
  );
}
