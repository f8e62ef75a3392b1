import type { MessageTable } from './types.ts';

export const peopleMessages: MessageTable = {
  PERSON_CODE_TAKEN: { zh: '人员编码“{code}”已被使用', en: 'Person code "{code}" is already in use' },
  USERNAME_TAKEN: { zh: '用户名“{username}”已被使用', en: 'Username "{username}" is already in use' },
  PERSON_HAS_ACCOUNT: { zh: '该人员已有账号', en: 'This person already has an account' },
  GRANT_EXISTS: { zh: '该授权已存在', en: 'This grant already exists' },
  GRANT_OUT_OF_SCOPE: { zh: '不能在您的管理范围之外授权', en: 'You cannot grant roles outside your own scope' },
  ROLE_NOT_GRANTABLE: { zh: '您不能授予该角色', en: 'You cannot grant this role' },
  LAST_ADMIN: { zh: '不能移除最后一个工委管理员', en: 'The last committee administrator cannot be removed' },
  CANNOT_DISABLE_SELF: { zh: '不能停用自己的账号', en: 'You cannot disable your own account' },
  PERSON_INACTIVE: { zh: '该人员已停用', en: 'This person is deactivated' },
  PERSON_ORG_INACTIVE: { zh: '所选组织已撤销', en: 'The chosen organisation is dissolved' },
  ACCOUNT_PERSON_INACTIVE: { zh: '该人员已停用，请先启用人员', en: 'The person is deactivated; activate the person first' },
};
