import { useEffect, useState } from 'react';
import { App as AntApp, AutoComplete, Button, Drawer, Form, Input, InputNumber, Space } from 'antd';
import { POSTS } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { useTr } from '../../app/i18n.tsx';
import { OrgSelect } from './OrgSelect.tsx';
import { peopleApi, type PersonDetail, type PersonFields } from './peopleApi.ts';

const CODE_PATTERN = /^[A-Za-z0-9._-]+$/;

/** 新增人员 / 编辑人员 in a drawer. `person` null with `open` creates; a person edits. */
export function PersonFormDrawer({ open, person, onClose, onSaved }: { open: boolean; person: PersonDetail | null; onClose: () => void; onSaved: (p: PersonDetail) => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<PersonFields>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      person
        ? { orgId: person.orgId, code: person.code, name: person.name, post: person.post, phone: person.phone, sortOrder: person.sortOrder }
        : { code: '', name: '', post: '', phone: '', sortOrder: 0 },
    );
  }, [open, person, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body: PersonFields = { orgId: v.orgId, code: v.code.trim(), name: v.name.trim(), post: v.post.trim(), phone: (v.phone ?? '').trim(), sortOrder: v.sortOrder ?? 0 };
    setBusy(true);
    try {
      const saved = person ? await peopleApi.update(person.id, { ...body, version: person.version }) : await peopleApi.create(body);
      message.success(person ? tr('已保存', 'Saved') : tr('人员已新增', 'Person added'));
      onSaved(saved);
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      size={480}
      title={person ? tr(`编辑人员 — ${person.name}`, `Edit ${person.name}`) : tr('新增人员', 'Add a person')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{tr('取消', 'Cancel')}</Button>
          <Button type="primary" loading={busy} onClick={submit}>{tr('保存', 'Save')}</Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="orgId" label={tr('所在组织', 'Organisation')} rules={[{ required: true, message: tr('请选择组织', 'Choose an organisation') }]}>
          <OrgSelect initialLabel={person ? (person.unitName && person.unitName !== person.orgName ? `${person.orgName}（${person.unitName}）` : person.orgName) : undefined} />
        </Form.Item>
        <Form.Item name="name" label={tr('姓名', 'Name')} rules={[{ required: true, whitespace: true, message: tr('请输入姓名', 'Enter the name') }, { max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="code"
          label={tr('人员编码', 'Person code')}
          rules={[
            { required: true, whitespace: true, message: tr('请输入人员编码', 'Enter the code') },
            { pattern: CODE_PATTERN, message: tr('编码只能包含字母、数字、点、下划线和短横线', 'Letters, digits, dot, underscore and hyphen only') },
            { max: 40 },
          ]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="post" label={tr('职务', 'Post')} rules={[{ required: true, whitespace: true, message: tr('请输入或选择职务', 'Enter or choose a post') }, { max: 30 }]}>
          <AutoComplete options={POSTS.map((p) => ({ value: p }))} maxLength={30} />
        </Form.Item>
        <Form.Item name="phone" label={tr('电话', 'Phone')} rules={[{ max: 30 }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="sortOrder" label={tr('排序号', 'Sort order')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
