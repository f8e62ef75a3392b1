import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Form, Input } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, errorMessage } from '../../app/api.ts';
import { useTr } from '../../app/i18n.tsx';
import { AuthFrame } from './LoginPage.tsx';
import { PasswordFields } from './PasswordFields.tsx';

/** First start without demo data: create the first committee administrator. */
export default function SetupPage() {
  const tr = useTr();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api.get<{ needed: boolean }>('/api/setup') });
  if (setup.data && !setup.data.needed) {
    return (
      <AuthFrame title={tr('系统已初始化', 'Already set up')}>
        <Button type="primary" block onClick={() => navigate('/login')}>
          {tr('前往登录', 'Go to sign-in')}
        </Button>
      </AuthFrame>
    );
  }
  const onFinish = async (v: { committeeName: string; name: string; username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/setup', { committeeName: v.committeeName, name: v.name, username: v.username, password: v.password });
      await setup.refetch();
      navigate('/login');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthFrame title={tr('创建首个管理员', 'Create the first administrator')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form layout="vertical" onFinish={onFinish} initialValues={{ committeeName: '省委直属机关工作委员会' }}>
        <Form.Item name="committeeName" label={tr('工委名称', 'Committee name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="name" label={tr('管理员姓名', 'Administrator name')} rules={[{ required: true, message: tr('请输入姓名', 'Enter a name') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="username" label={tr('用户名', 'Username')} rules={[{ required: true, message: tr('请输入用户名', 'Enter a username') }, { pattern: /^[A-Za-z0-9._-]{3,40}$/, message: tr('3–40 位字母、数字、点、下划线或短横线', '3–40 letters, digits, dot, underscore or hyphen') }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <PasswordFields name="password" />
        <Button type="primary" htmlType="submit" block loading={busy}>
          {tr('创建管理员', 'Create administrator')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
