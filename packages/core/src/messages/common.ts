import type { MessageTable } from './types.ts';

export const commonMessages: MessageTable = {
  VALIDATION: { zh: '提交的数据不符合要求', en: 'The request is not valid' },
  NOT_FOUND: { zh: '未找到该记录，或您无权访问', en: 'Not found, or you have no access to it' },
  FORBIDDEN: { zh: '您没有执行此操作的权限', en: 'You are not allowed to do this' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please sign in' },
  SESSION_EXPIRED: { zh: '登录已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  CSRF: { zh: '请求校验失败，请刷新页面后重试', en: 'Request check failed; reload the page and try again' },
  RATE_LIMITED: { zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  CONFLICT: { zh: '记录已被他人修改，请刷新后重试', en: 'The record was changed by someone else; reload and try again' },
  PAYLOAD_TOO_LARGE: { zh: '上传的文件过大', en: 'The upload is too large' },
  INTERNAL: { zh: '服务器内部错误，请联系管理员', en: 'Internal server error; contact the administrator' },
  METHOD_NOT_ALLOWED: { zh: '该地址不支持此请求方法', en: 'This address does not accept this request method' },
  NUL_CHARACTER: { zh: '提交的内容含有不允许的空字符（\\0）', en: 'The request contains a NUL character, which is not allowed' },
  PASSWORD_CHANGE_REQUIRED: { zh: '请先修改密码', en: 'You must change your password first' },
  // field-level reasons (zod issue codes and custom messages)
  required: { zh: '必填', en: 'Required' },
  tooShort: { zh: '长度不足', en: 'Too short' },
  tooLong: { zh: '长度超出限制', en: 'Too long' },
  invalidType: { zh: '类型不正确', en: 'Wrong type' },
  invalidValue: { zh: '取值不在允许范围内', en: 'Value not allowed' },
  codeFormat: { zh: '编码只能包含字母、数字、点、下划线和短横线', en: 'Codes may contain only letters, digits, dot, underscore and hyphen' },
  usernameFormat: { zh: '用户名只能包含字母、数字、点、下划线和短横线', en: 'Usernames may contain only letters, digits, dot, underscore and hyphen' },
  passwordTooShort: { zh: '密码至少 8 位', en: 'Passwords need at least 8 characters' },
  passwordTooLong: { zh: '密码不能超过 128 位', en: 'Passwords may have at most 128 characters' },
  passwordTooWeak: { zh: '密码须包含大写字母、小写字母、数字、符号中的至少三类', en: 'Passwords need three of: upper case, lower case, digits, symbols' },
};
