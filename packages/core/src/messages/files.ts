import type { MessageTable } from './types.ts';

export const fileMessages: MessageTable = {
  FILE_TOO_LARGE: { zh: '文件不能超过{mb}MB', en: 'The file cannot be larger than {mb} MB' },
  FILE_TYPE_NOT_ALLOWED: { zh: '文件类型不符，只能上传{allowed}文件（按文件内容识别，改扩展名无效）', en: 'Wrong file type: only {allowed} files are accepted (told by content, not by name)' },
};
