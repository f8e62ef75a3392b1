import { Form, Input } from 'antd';
import { passwordProblem, t } from '@qingdan/core';
import { useLocale, useTr } from '../../app/i18n.tsx';

/** New password + confirmation, checked against the same policy the server enforces. */
export function PasswordFields({ name = 'newPassword' }: { name?: string }) {
  const tr = useTr();
  const locale = useLocale();
  return (
    <>
      <Form.Item
        name={name}
        label={tr('新密码', 'New password')}
        extra={tr('至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类', 'At least 8 characters from three of: upper case, lower case, digits, symbols')}
        rules={[
          { required: true, message: tr('请输入新密码', 'Enter a new password') },
          {
            validator: async (_, v: string | undefined) => {
              const p = v ? passwordProblem(v) : null;
              if (p) throw new Error(t(p, locale));
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={tr('确认新密码', 'Confirm new password')}
        dependencies={[name]}
        rules={[
          { required: true, message: tr('请再次输入新密码', 'Repeat the new password') },
          ({ getFieldValue }) => ({
            validator: async (_, v) => {
              if (v && v !== getFieldValue(name)) throw new Error(tr('两次输入的密码不一致', 'The passwords do not match'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
