import { App as AntApp, Button, Card, Descriptions, Form, Input, Radio, Space, Tag } from 'antd';
import { ROLE_LABELS } from '@qingdan/core';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useLabel, useLocale, useTr } from '../../app/i18n.tsx';
import { PasswordFields } from './PasswordFields.tsx';

export default function AccountPage() {
  const tr = useTr();
  const label = useLabel();
  const locale = useLocale();
  const { me, refresh } = useAuth();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  if (!me) return null;
  const change = async (v: { currentPassword: string; newPassword: string }) => {
    try {
      await api.post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success(tr('密码已修改', 'Password changed'));
      form.resetFields();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const setLocale = async (l: string) => {
    try {
      await api.put('/api/auth/locale', { locale: l });
      localStorage.setItem('qd_locale', l);
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={tr('个人信息', 'Profile')}>
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={tr('姓名', 'Name')}>{me.name}</Descriptions.Item>
          <Descriptions.Item label={tr('用户名', 'Username')}>{me.username}</Descriptions.Item>
          <Descriptions.Item label={tr('角色与范围', 'Roles and scope')}>
            <Space wrap>
              {me.grants.map((g) => (
                <Tag key={g.id} color="red">
                  {label(ROLE_LABELS[g.role])} @ {g.orgName}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={tr('界面语言', 'Language')}>
            <Radio.Group value={locale} onChange={(e) => setLocale(e.target.value as string)}>
              <Radio.Button value="zh-CN">中文</Radio.Button>
              <Radio.Button value="en">English</Radio.Button>
            </Radio.Group>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={tr('修改密码', 'Change password')}>
        <Form form={form} layout="vertical" onFinish={change} style={{ maxWidth: 420 }}>
          <Form.Item name="currentPassword" label={tr('当前密码', 'Current password')} rules={[{ required: true, message: tr('请输入当前密码', 'Enter the current password') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <PasswordFields />
          <Button type="primary" htmlType="submit">
            {tr('修改密码', 'Change password')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
