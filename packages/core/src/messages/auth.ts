import type { MessageTable } from './types.ts';

export const authMessages: MessageTable = {
  BAD_CREDENTIALS: { zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: { zh: '账号因多次登录失败已锁定，请 15 分钟后再试', en: 'The account is locked after repeated failures; try again in 15 minutes' },
  ACCOUNT_DISABLED: { zh: '账号已停用', en: 'The account is disabled' },
  WRONG_PASSWORD: { zh: '当前密码不正确', en: 'The current password is wrong' },
  PASSWORD_REUSED: { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  PASSWORD_CHANGE_LOCKED: {
    zh: '当前密码连续输错次数过多，修改密码已暂停，请 {minutes} 分钟后再试',
    en: 'Too many wrong current passwords; changing the password is paused, try again in {minutes} minutes',
  },
  SETUP_DONE: { zh: '系统已初始化，不能再次创建首个管理员', en: 'The first administrator already exists' },
};
