import { useEffect, useMemo, useRef, useState } from 'react';
import { App as AntApp, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { ALLOWED_PARENTS, ORG_KINDS, ORG_KIND_LABELS } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { useLabel, useLocale, useTr } from '../../app/i18n.tsx';
import { orgApi, type Level, type Org, type OrgDetail, type OrgFields, type OrgKind, type OrgWithPath } from './orgApi.ts';

const CODE_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Kinds that may be created directly under a node of this kind. */
export function childKinds(parentKind: OrgKind): OrgKind[] {
  return ORG_KINDS.filter((k) => ALLOWED_PARENTS[k].includes(parentKind));
}

function FieldsForm({ levels, kind, auto = false }: { levels: Level[]; kind: OrgKind | undefined; auto?: boolean }) {
  const tr = useTr();
  const locale = useLocale();
  const levelOptions = levels
    .filter((l) => !kind || l.kinds.length === 0 || l.kinds.includes(kind))
    .map((l) => ({ value: l.code, label: `${l.code} ${locale === 'en' ? l.nameEn : l.name}` }));
  return (
    <>
      <Form.Item name="name" label={tr('名称', 'Name')} rules={[{ required: true, whitespace: true, message: tr('请输入名称', 'Enter the name') }, { max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="shortName" label={tr('简称', 'Short name')} rules={[{ max: 40 }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item
        name="code"
        label={tr('编码', 'Code')}
        rules={[
          { required: true, whitespace: true, message: tr('请输入编码', 'Enter the code') },
          { pattern: CODE_PATTERN, message: tr('编码只能包含字母、数字、点、下划线和短横线', 'Letters, digits, dot, underscore and hyphen only') },
          { max: 40 },
        ]}
      >
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="levelCode" label={tr('责任层级', 'Responsibility level')} extra={auto ? tr('不选则按组织类型自动确定', 'Left empty, it follows the kind') : undefined}>
        <Select allowClear options={levelOptions} placeholder={auto ? tr('自动', 'Automatic') : tr('无', 'None')} />
      </Form.Item>
      <Form.Item name="sortOrder" label={tr('排序号', 'Sort order')}>
        <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </>
  );
}

function fieldsOf(v: Partial<OrgFields>): OrgFields {
  return {
    name: (v.name ?? '').trim(),
    shortName: (v.shortName ?? '').trim(),
    code: (v.code ?? '').trim(),
    levelCode: v.levelCode ?? null,
    sortOrder: v.sortOrder ?? 0,
  };
}

/** 新增下级: kind options limited to what may sit under the parent. */
export function CreateOrgModal(props: { parent: Org | null; levels: Level[]; onClose: () => void; onDone: (o: Org) => void }) {
  const { parent, levels, onClose, onDone } = props;
  const tr = useTr();
  const label = useLabel();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const kinds = parent ? childKinds(parent.kind) : [];
  const kind = Form.useWatch('kind', form) as OrgKind | undefined;
  useEffect(() => {
    if (parent) form.setFieldsValue({ kind: kinds.length === 1 ? kinds[0] : undefined, name: '', shortName: '', code: '', levelCode: undefined, sortOrder: 0 });
  }, [parent]);
  const submit = async () => {
    if (!parent) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      const o = await orgApi.create({ ...fieldsOf(v), parentId: parent.id, kind: v.kind });
      message.success(tr(`已新增“${o.name}”`, `Created "${o.name}"`));
      onDone(o);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!parent} title={tr(`新增下级 — ${parent?.name ?? ''}`, `Add under ${parent?.name ?? ''}`)} onCancel={onClose} onOk={submit} confirmLoading={busy} okText={tr('保存', 'Save')} cancelText={tr('取消', 'Cancel')} forceRender>
      <Form form={form} layout="vertical">
        <Form.Item name="kind" label={tr('组织类型', 'Kind')} rules={[{ required: true, message: tr('请选择组织类型', 'Choose the kind') }]}>
          <Select options={kinds.map((k) => ({ value: k, label: label(ORG_KIND_LABELS[k]) }))} />
        </Form.Item>
        <FieldsForm levels={levels} kind={kind} auto />
      </Form>
    </Modal>
  );
}

/** 编辑: the node's own fields, sent with its version. */
export function EditOrgModal(props: { org: OrgDetail | null; levels: Level[]; onClose: () => void; onDone: (o: Org) => void }) {
  const { org, levels, onClose, onDone } = props;
  const tr = useTr();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (org) form.setFieldsValue({ name: org.name, shortName: org.shortName, code: org.code, levelCode: org.levelCode ?? undefined, sortOrder: org.sortOrder });
  }, [org, form]);
  const submit = async () => {
    if (!org) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      const o = await orgApi.update(org.id, { ...fieldsOf(v), version: org.version });
      message.success(tr('已保存', 'Saved'));
      onDone(o);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!org} title={tr(`编辑 — ${org?.name ?? ''}`, `Edit ${org?.name ?? ''}`)} onCancel={onClose} onOk={submit} confirmLoading={busy} okText={tr('保存', 'Save')} cancelText={tr('取消', 'Cancel')} forceRender>
      <Form form={form} layout="vertical">
        <FieldsForm levels={levels} kind={org?.kind} />
      </Form>
    </Modal>
  );
}

/** 移动: pick the new parent with a server-side search; only compatible parents outside the subtree. */
export function MoveOrgModal(props: { org: OrgDetail | null; onClose: () => void; onDone: (o: Org, oldParentId: number | null) => void }) {
  const { org, onClose, onDone } = props;
  const tr = useTr();
  const label = useLabel();
  const { message } = AntApp.useApp();
  const [options, setOptions] = useState<OrgWithPath[]>([]);
  const [parentId, setParentId] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      if (!org) return;
      const mine = ++seq.current;
      setSearching(true);
      try {
        const r = await orgApi.search(q, { active: true, pageSize: 50 });
        if (mine !== seq.current) return;
        setOptions(r.items.filter((o) => ALLOWED_PARENTS[org.kind].includes(o.kind) && !o.path.startsWith(org.path) && o.id !== org.parentId));
      } catch (e) {
        message.error(errorMessage(e));
      } finally {
        if (mine === seq.current) setSearching(false);
      }
    }, 250);
  };
  useEffect(() => {
    setParentId(undefined);
    setOptions([]);
    if (org) search('');
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [org]);

  const selectOptions = useMemo(
    () =>
      options.map((o) => ({
        value: o.id,
        label: (
          <span>
            {o.name} <Typography.Text type="secondary">（{label(ORG_KIND_LABELS[o.kind])}{o.pathNames ? ` · ${o.pathNames}` : ''}）</Typography.Text>
          </span>
        ),
      })),
    [options, label],
  );

  const submit = async () => {
    if (!org || parentId === undefined) {
      message.warning(tr('请选择新的上级组织', 'Choose the new parent'));
      return;
    }
    setBusy(true);
    try {
      const o = await orgApi.move(org.id, parentId, org.version);
      message.success(tr('已移动', 'Moved'));
      onDone(o, org.parentId);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!org} title={tr(`移动 — ${org?.name ?? ''}`, `Move ${org?.name ?? ''}`)} onCancel={onClose} onOk={submit} confirmLoading={busy} okText={tr('移动', 'Move')} cancelText={tr('取消', 'Cancel')} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        {tr('其下级组织和人员将一并移动。', 'Its child organisations and people move with it.')}
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={tr('新的上级组织', 'New parent')} required>
          <Select
            showSearch={{ filterOption: false, onSearch: search }}
            value={parentId}
            onChange={(v: number) => setParentId(v)}
            options={selectOptions}
            loading={searching}
            placeholder={tr('输入名称或编码搜索', 'Search by name or code')}
            notFoundContent={searching ? tr('搜索中…', 'Searching…') : tr('没有可选的上级组织', 'No suitable parent')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
