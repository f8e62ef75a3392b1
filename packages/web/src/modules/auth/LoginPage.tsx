import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useTr } from '../../app/i18n.tsx';

export function AuthFrame({ children, title }: { children: React.ReactNode; title: string }) {
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(160deg, #a8071a 0%, #c0161d 35%, #f5f5f5 35%)' }}>
      <Card style={{ width: 400, boxShadow: '0 8px 24px rgba(0,0,0,.12)' }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          清单
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          党建工作责任清单管理平台
        </Typography.Paragraph>
        <Typography.Title level={5}>{title}</Typography.Title>
        {children}
      </Card>
    </div>
  );
}

export default function LoginPage() {
  const tr = useTr();
  const { me, refresh } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api.get<{ needed: boolean }>('/api/setup') });
  useEffect(() => {
    if (setup.data?.needed) navigate('/setup', { replace: true });
  }, [setup.data, navigate]);
  if (me) return <Navigate to={me.mustChangePassword ? '/change-password' : ((location.state as { from?: string } | null)?.from ?? '/')} replace />;

  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/login', v);
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthFrame title={tr('登录', 'Sign in')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item name="username" label={tr('用户名', 'Username')} rules={[{ required: true, message: tr('请输入用户名', 'Enter your username') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={tr('密码', 'Password')} rules={[{ required: true, message: tr('请输入密码', 'Enter your password') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {tr('登录', 'Sign in')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
