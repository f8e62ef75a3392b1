import { useState } from 'react';
import { Navigate } from 'react-router';
import { Alert, Button, Form, Input } from 'antd';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useTr } from '../../app/i18n.tsx';
import { AuthFrame } from './LoginPage.tsx';
import { PasswordFields } from './PasswordFields.tsx';

/** Forced password change: first sign-in, or after an administrator's reset. */
export default function ChangePasswordPage() {
  const tr = useTr();
  const { me, loading, refresh } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (loading) return null;
  if (!me) return <Navigate to="/login" replace />;
  if (!me.mustChangePassword) return <Navigate to="/" replace />;
  const onFinish = async (v: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthFrame title={tr('首次登录或密码已重置，请设置新密码', 'Set a new password before you continue')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form layout="vertical" onFinish={onFinish}>
        <Form.Item name="currentPassword" label={tr('当前密码', 'Current password')} rules={[{ required: true, message: tr('请输入当前密码', 'Enter the current password') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <PasswordFields />
        <Button type="primary" htmlType="submit" block loading={busy}>
          {tr('保存并继续', 'Save and continue')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
