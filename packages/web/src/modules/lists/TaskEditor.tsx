import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Col, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { FREQUENCIES, FREQUENCY_LABELS, type DueRule, type Frequency } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { useLabel, useTr } from '../../app/i18n.tsx';
import { isConflict, listKey, listsApi, type ListDetail, type ListLevel, type ListTask, type TaskBody } from './listsApi.ts';

type Tr = (zh: string, en: string) => string;

/** 完成时限 in words: 2022-06-30 / 每期结束后15日内 / 年底前. */
export function dueRuleText(r: DueRule, tr: Tr): string {
  switch (r.kind) {
    case 'date':
      return r.date;
    case 'afterPeriodEnd':
      return r.days === 0 ? tr('每期末', 'End of each period') : tr(`每期结束后${r.days}日内`, `Within ${r.days} days after each period`);
    case 'yearEnd':
      return tr('年底前', 'By year end');
  }
}

/** The due-rule control: a fixed date, N days after each period's end, or the year's end. */
function DueRuleInput({ value, onChange, year }: { value?: DueRule; onChange?: (v: DueRule) => void; year: number }) {
  const tr = useTr();
  const v = value ?? { kind: 'yearEnd' as const };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Radio.Group
        value={v.kind}
        onChange={(e) => {
          const k = e.target.value as DueRule['kind'];
          if (k === 'date') onChange?.({ kind: 'date', date: `${year}-12-31` });
          else if (k === 'afterPeriodEnd') onChange?.({ kind: 'afterPeriodEnd', days: 0 });
          else onChange?.({ kind: 'yearEnd' });
        }}
        options={[
          { value: 'date', label: tr('固定日期', 'Fixed date') },
          { value: 'afterPeriodEnd', label: tr('每期结束后', 'After each period') },
          { value: 'yearEnd', label: tr('年底前', 'By year end') },
        ]}
      />
      {v.kind === 'date' && (
        <DatePicker
          value={dayjs(v.date)}
          allowClear={false}
          onChange={(d) => d && onChange?.({ kind: 'date', date: d.format('YYYY-MM-DD') })}
        />
      )}
      {v.kind === 'afterPeriodEnd' && (
        <Space>
          <InputNumber
            min={0}
            max={90}
            precision={0}
            value={v.days}
            onChange={(n) => onChange?.({ kind: 'afterPeriodEnd', days: typeof n === 'number' ? n : 0 })}
            style={{ width: 100 }}
          />
          <Typography.Text type="secondary">{tr('日内（0 表示期末当日）', 'days (0 = the last day of the period)')}</Typography.Text>
        </Space>
      )}
    </Space>
  );
}

interface Fields {
  partId: number;
  sectionId: number | null;
  levelCode: string;
  content: string;
  requirements: string;
  frequency: Frequency;
  dueRule: DueRule;
  evidence: string;
  reviewerOrgId: number | null;
  weight: number | null;
}

export interface TaskEditorTarget {
  /** null: a new task in `partId` × `levelCode` (and `sectionId`, when added under a section). */
  task: ListTask | null;
  partId: number;
  levelCode: string;
  sectionId?: number | null;
}

const toBody = (v: Fields): TaskBody => ({
  partId: v.partId,
  sectionId: v.sectionId ?? null,
  levelCode: v.levelCode,
  content: v.content.trim(),
  requirements: (v.requirements ?? '').trim(),
  frequency: v.frequency,
  dueRule: v.dueRule ?? { kind: 'yearEnd' },
  evidence: (v.evidence ?? '').trim(),
  reviewerOrgId: v.reviewerOrgId ?? null,
  weight: v.weight ?? null,
});

/** 新增任务 / 编辑任务 in a drawer; a stale version opens the side-by-side conflict dialog. */
export function TaskEditor({ detail, target, onClose }: { detail: ListDetail; target: TaskEditorTarget | null; onClose: () => void }) {
  const tr = useTr();
  const label = useLabel();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<{ mine: TaskBody; current: ListTask | null } | null>(null);
  const [baseVersion, setBaseVersion] = useState<number>(0);
  const depts = useQuery({ queryKey: ['orgs', 'departments'], queryFn: () => listsApi.departments(), staleTime: 300_000 });
  const partId = Form.useWatch('partId', form);
  const editableParts = detail.parts.filter((p) => detail.rights.editablePartIds.includes(p.id));
  const sections = detail.sections.filter((s) => s.partId === (partId ?? target?.partId));
  const task = target?.task ?? null;

  const fill = (t: ListTask | null) => {
    form.resetFields();
    if (t) {
      setBaseVersion(t.version);
      form.setFieldsValue({
        partId: t.partId,
        sectionId: t.sectionId,
        levelCode: t.levelCode,
        content: t.content,
        requirements: t.requirements,
        frequency: t.frequency,
        dueRule: t.dueRule,
        evidence: t.evidence,
        reviewerOrgId: t.reviewerOrgId,
        weight: t.weight === null ? null : Number(t.weight),
      });
    } else if (target) {
      form.setFieldsValue({
        partId: target.partId,
        sectionId: target.sectionId ?? null,
        levelCode: target.levelCode,
        content: '',
        requirements: '',
        frequency: 'yearly',
        dueRule: { kind: 'yearEnd' },
        evidence: '',
        reviewerOrgId: detail.parts.find((p) => p.id === target.partId)?.draftingOrgId ?? null,
        weight: null,
      });
    }
  };
  useEffect(() => {
    if (target) fill(target.task);
    // Fill once per opening; later changes to `detail` must not overwrite what the user typed.
  }, [target]);

  const done = async () => {
    await qc.invalidateQueries({ queryKey: listKey(detail.list.id) });
    onClose();
  };

  const save = async (body: TaskBody, version: number) => {
    setBusy(true);
    try {
      if (task) await listsApi.updateTask(task.id, { ...body, version });
      else await listsApi.createTask(detail.list.id, body);
      message.success(task ? tr('任务已保存', 'Task saved') : tr('任务已新增', 'Task added'));
      setConflict(null);
      await done();
    } catch (e) {
      if (task && isConflict(e)) {
        // The other version: the stored record, fresh from the server.
        const fresh = await qc.fetchQuery({ queryKey: listKey(detail.list.id), queryFn: () => listsApi.get(detail.list.id), staleTime: 0 });
        setConflict({ mine: body, current: fresh.tasks.find((t) => t.id === task.id) ?? null });
      } else message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    const v = await form.validateFields();
    await save(toBody(v), baseVersion);
  };

  const levelName = (code: string) => {
    const l = detail.levels.find((x) => x.code === code);
    return l ? levelLabel(l, tr) : code;
  };
  const deptName = (id: number | null) => (id === null ? '—' : (depts.data?.items.find((d) => d.id === id)?.name ?? `#${id}`));
  const sectionName = (id: number | null) => (id === null ? '—' : (detail.sections.find((s) => s.id === id)?.title ?? `#${id}`));
  const rows = (t: Pick<TaskBody, 'sectionId' | 'levelCode' | 'content' | 'requirements' | 'frequency' | 'dueRule' | 'evidence' | 'reviewerOrgId'> & { weight: number | string | null }) => [
    { key: 'level', label: tr('责任主体', 'Level'), children: levelName(t.levelCode) },
    { key: 'section', label: tr('分节', 'Section'), children: sectionName(t.sectionId) },
    { key: 'content', label: tr('工作任务', 'Task'), children: t.content },
    { key: 'req', label: tr('工作要求', 'Requirements'), children: t.requirements || '—' },
    { key: 'freq', label: tr('频次', 'Frequency'), children: label(FREQUENCY_LABELS[t.frequency]) },
    { key: 'due', label: tr('完成时限', 'Due'), children: dueRuleText(t.dueRule, tr) },
    { key: 'evidence', label: tr('佐证材料', 'Evidence'), children: t.evidence || '—' },
    { key: 'reviewer', label: tr('审核部门', 'Reviewer'), children: deptName(t.reviewerOrgId) },
    { key: 'weight', label: tr('分值', 'Weight'), children: t.weight === null ? '—' : String(Number(t.weight)) },
  ];
  /** Both sides of the conflict, the fields that differ marked. */
  const compared = (mine: TaskBody, current: ListTask | null) => {
    const a = rows(mine);
    const b = current ? rows(current) : [];
    const mark = (r: (typeof a)[number], other: (typeof a)[number] | undefined) =>
      other && other.children !== r.children ? { ...r, children: <span style={{ background: '#fff1b8' }}>{r.children}</span> } : r;
    return { mine: a.map((r, i) => mark(r, b[i])), theirs: b.map((r, i) => mark(r, a[i])) };
  };

  return (
    <>
      <Drawer
        open={target !== null}
        size={640}
        title={task ? tr(`编辑任务 ${task.number ?? ''}`, `Edit task ${task.number ?? ''}`) : tr('新增任务', 'Add a task')}
        onClose={onClose}
        destroyOnHidden
        extra={
          <Space>
            <Button onClick={onClose}>{tr('取消', 'Cancel')}</Button>
            <Button type="primary" loading={busy} onClick={submit}>
              {tr('保存', 'Save')}
            </Button>
          </Space>
        }
      >
        <Form form={form} layout="vertical">
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="partId" label={tr('所属部分', 'Part')} rules={[{ required: true }]}>
                <Select
                  options={editableParts.map((p) => ({ value: p.id, label: `${partLabel(p.seq, tr)} ${p.title}` }))}
                  onChange={() => form.setFieldValue('sectionId', null)}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="levelCode" label={tr('责任主体', 'Responsible level')} rules={[{ required: true }]}>
                <Select options={detail.levels.map((l) => ({ value: l.code, label: levelLabel(l, tr) }))} />
              </Form.Item>
            </Col>
          </Row>
          {sections.length > 0 && (
            <Form.Item name="sectionId" label={tr('分节', 'Section')}>
              <Select allowClear placeholder={tr('不分节', 'No section')} options={sections.map((s) => ({ value: s.id, label: s.title }))} />
            </Form.Item>
          )}
          <Form.Item name="content" label={tr('工作任务', 'Task')} rules={[{ required: true, whitespace: true, message: tr('请填写工作任务', 'Describe the task') }, { max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} count={{ show: true, max: 2000 }} />
          </Form.Item>
          <Form.Item name="requirements" label={tr('工作要求', 'Requirements')} rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} count={{ show: true, max: 2000 }} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={10}>
              <Form.Item name="frequency" label={tr('频次', 'Frequency')} rules={[{ required: true }]}>
                <Select
                  options={FREQUENCIES.map((f) => ({ value: f, label: label(FREQUENCY_LABELS[f]) }))}
                  onChange={(f: Frequency) => {
                    // Keep the due rule meaningful for the frequency: a one-off has a date, ongoing work the year's end.
                    const rule = form.getFieldValue('dueRule') as DueRule | undefined;
                    if (f === 'once' && rule?.kind !== 'date') form.setFieldValue('dueRule', { kind: 'date', date: `${detail.list.year}-12-31` });
                    else if (f === 'ongoing') form.setFieldValue('dueRule', { kind: 'yearEnd' });
                    else if (f !== 'once' && rule?.kind === 'date') form.setFieldValue('dueRule', { kind: 'afterPeriodEnd', days: 0 });
                  }}
                />
              </Form.Item>
            </Col>
            <Col span={14}>
              <Form.Item name="dueRule" label={tr('完成时限', 'Due')}>
                <DueRuleInput year={detail.list.year} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="evidence" label={tr('佐证材料', 'Evidence')} rules={[{ max: 1000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} count={{ show: true, max: 1000 }} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={16}>
              <Form.Item name="reviewerOrgId" label={tr('审核部门', 'Reviewing department')}>
                <Select
                  allowClear
                  loading={depts.isLoading}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="weight" label={tr('分值', 'Weight')}>
                <InputNumber min={0} max={1000} step={0.5} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Drawer>
      <Modal
        open={conflict !== null}
        width={960}
        title={tr('保存冲突：该任务已被他人修改', 'Conflict: someone else changed this task')}
        onCancel={() => setConflict(null)}
        footer={
          <Space>
            <Button onClick={() => setConflict(null)}>{tr('继续编辑', 'Keep editing')}</Button>
            <Button
              disabled={!conflict?.current}
              onClick={() => {
                if (conflict?.current) fill(conflict.current);
                setConflict(null);
                message.info(tr('已载入他人保存的版本', 'Loaded the saved version'));
              }}
            >
              {tr('放弃我的修改并重新载入', 'Discard mine and reload')}
            </Button>
            <Button
              type="primary"
              danger
              loading={busy}
              disabled={!conflict?.current}
              onClick={() => conflict?.current && void save(conflict.mine, conflict.current.version)}
            >
              {tr('用我的修改覆盖', 'Overwrite with mine')}
            </Button>
          </Space>
        }
      >
        {conflict && (
          <Typography.Paragraph type="secondary">
            {tr('黄色标出的是两个版本不同之处。可放弃您的修改并载入他人保存的版本，或用您的修改覆盖。', 'Differences are marked in yellow. Reload the saved version, or overwrite it with yours.')}
          </Typography.Paragraph>
        )}
        {conflict && (
          <Row gutter={16}>
            <Col span={12}>
              <Descriptions bordered size="small" column={1} title={tr('您的修改', 'Your changes')} items={compared(conflict.mine, conflict.current).mine} />
            </Col>
            <Col span={12}>
              {conflict.current ? (
                <Descriptions
                  bordered
                  size="small"
                  column={1}
                  title={tr(`他人已保存的版本（第 ${conflict.current.version} 版）`, `Saved by someone else (version ${conflict.current.version})`)}
                  items={compared(conflict.mine, conflict.current).theirs}
                />
              ) : (
                <Typography.Text type="danger">{tr('该任务已被删除', 'The task has been deleted')}</Typography.Text>
              )}
            </Col>
          </Row>
        )}
      </Modal>
    </>
  );
}

/** 党组（党委）: the level's name with full-width brackets, or its English name. */
export const levelLabel = (l: ListLevel, tr: Tr) => tr(l.name.replace('(', '（').replace(')', '）'), l.nameEn);

const CN_NUM = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 第一部分 … 第十二部分. */
export function partLabel(seq: number, tr: Tr): string {
  const cn = seq <= 10 ? CN_NUM[seq]! : seq < 20 ? `十${CN_NUM[seq - 10]}` : String(seq);
  return tr(`第${cn}部分`, `Part ${seq}`);
}
