import type { MessageTable } from './types.ts';

/** Messages of work-records (docs/WORK.md); the shared work codes are in work.ts. */
export const workRecordsMessages: MessageTable = {
  REPORT_DATE_NOT_STARTED: { zh: '本期自{from}开始，今天（{to}）尚不能记实', en: 'This period starts on {from}; nothing can be recorded before then (today is {to})' },
  EVIDENCE_NO_FILE: { zh: '请选择要上传的佐证材料文件', en: 'Choose an evidence file to upload' },
};
