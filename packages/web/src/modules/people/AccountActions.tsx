import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Popconfirm, Space, Tag } from 'antd';
import { usernameSchema } from '@qingdan/core';
import { errorMessage } from '../../app/api.ts';
import { useTr } from '../../app/i18n.tsx';
import { PasswordFields } from '../auth/PasswordFields.tsx';
import { peopleApi } from './peopleApi.ts';

/** 状态标签: 正常 / 已锁定 / 已停用, plus 需改密. */
export function AccountStatusTags({ active, locked, mustChangePassword }: { active: boolean; locked: boolean; mustChangePassword: boolean }) {
  const tr = useTr();
  return (
    <Space size={4} wrap>
      {!active ? <Tag color="default">{tr('已停用', 'Disabled')}</Tag> : locked ? <Tag color="orange">{tr('已锁定', 'Locked')}</Tag> : <Tag color="green">{tr('正常', 'Active')}</Tag>}
      {mustChangePassword && <Tag color="blue">{tr('需改密', 'Must change password')}</Tag>}
    </Space>
  );
}

/** 开通账号: username and initial password; the holder must change it at first sign-in. */
export function OpenAccountModal({ person, onClose, onDone }: { person: { id: number; name: string; code: string } | null; onClose: () => void; onDone: () => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ username: string; newPassword: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await peopleApi.openAccount(person!.id, v.username.trim(), v.newPassword);
      message.success(tr('账号已开通，首次登录须修改密码', 'Account opened; the password must be changed at first sign-in'));
      onDone();
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!person}
      title={tr(`开通账号 — ${person?.name ?? ''}`, `Open an account — ${person?.name ?? ''}`)}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={tr('开通', 'Open')}
      cancelText={tr('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ username: person?.code ?? '' }}>
        <Form.Item
          name="username"
          label={tr('用户名', 'Username')}
          rules={[
            { required: true, whitespace: true, message: tr('请输入用户名', 'Enter a username') },
            {
              validator: async (_, v: string | undefined) => {
                if (v && !usernameSchema.safeParse(v).success) {
                  throw new Error(tr('用户名为 3–40 位字母、数字、点、下划线或短横线', '3–40 letters, digits, dot, underscore or hyphen'));
                }
              },
            },
          ]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
        <PasswordFields />
      </Form>
    </Modal>
  );
}

/** 重置密码: a new initial password; sessions end and the holder must change it. */
export function ResetPasswordModal({ account, onClose, onDone }: { account: { id: number; username: string } | null; onClose: () => void; onDone: () => void }) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ newPassword: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await peopleApi.resetPassword(account!.id, v.newPassword);
      message.success(tr('密码已重置，下次登录须修改密码', 'Password reset; it must be changed at next sign-in'));
      onDone();
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!account}
      title={tr(`重置密码 — ${account?.username ?? ''}`, `Reset password — ${account?.username ?? ''}`)}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={tr('重置', 'Reset')}
      cancelText={tr('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <PasswordFields />
      </Form>
    </Modal>
  );
}

/** 重置密码 / 解锁 / 停用 / 启用 buttons for one account. */
export function AccountButtons({
  account,
  isSelf,
  onReset,
  onChanged,
  size = 'small',
}: {
  account: { id: number; username: string; active: boolean; locked: boolean };
  isSelf: boolean;
  onReset: () => void;
  onChanged: () => void;
  size?: 'small' | 'middle';
}) {
  const tr = useTr();
  const { message } = AntApp.useApp();
  const run = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      message.success(done);
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Space size={4} wrap>
      <Button size={size} onClick={onReset}>{tr('重置密码', 'Reset password')}</Button>
      {account.locked && (
        <Button size={size} onClick={() => run(() => peopleApi.unlock(account.id), tr('已解锁', 'Unlocked'))}>{tr('解锁', 'Unlock')}</Button>
      )}
      {account.active ? (
        <Popconfirm
          title={tr(`停用账号 ${account.username}？`, `Disable ${account.username}?`)}
          description={tr('停用后该账号立即退出且不能登录', 'The account is signed out and cannot sign in')}
          okText={tr('停用', 'Disable')}
          cancelText={tr('取消', 'Cancel')}
          okButtonProps={{ danger: true }}
          disabled={isSelf}
          onConfirm={() => run(() => peopleApi.disable(account.id), tr('账号已停用', 'Account disabled'))}
        >
          <Button size={size} danger disabled={isSelf} title={isSelf ? tr('不能停用自己的账号', 'You cannot disable your own account') : undefined}>
            {tr('停用', 'Disable')}
          </Button>
        </Popconfirm>
      ) : (
        <Popconfirm
          title={tr(`启用账号 ${account.username}？`, `Enable ${account.username}?`)}
          okText={tr('启用', 'Enable')}
          cancelText={tr('取消', 'Cancel')}
          onConfirm={() => run(() => peopleApi.enable(account.id), tr('账号已启用', 'Account enabled'))}
        >
          <Button size={size}>{tr('启用', 'Enable')}</Button>
        </Popconfirm>
      )}
    </Space>
  );
}
