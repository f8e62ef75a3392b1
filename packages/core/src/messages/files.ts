import type { MessageTable } from './types.ts';

export const fileMessages: MessageTable = {
  FILE_TOO_LARGE: { zh: '文件不能超过{mb}MB', en: 'The file cannot be larger than {mb} MB' },
  FILE_TYPE_NOT_ALLOWED: { zh: '文件类型不符，只能上传{allowed}文件（按文件内容识别，改扩展名无效）', en: 'Wrong file type: only {allowed} files are accepted (told by content, not by name)' },
  STORAGE_FULL: { zh: '存储空间已满，文件未保存，请联系管理员', en: 'The file store is full: the file was not saved. Contact the administrator' },
  STORAGE_UNAVAILABLE: { zh: '文件存储暂时无法写入，文件未保存，请联系管理员', en: 'The file store cannot be written to: the file was not saved. Contact the administrator' },
};
