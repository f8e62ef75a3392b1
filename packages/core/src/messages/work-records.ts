import type { MessageTable } from './types.ts';

/** Messages of work-records (docs/WORK.md); the shared work codes are in work.ts. */
export const workRecordsMessages: MessageTable = {
  EVIDENCE_NO_FILE: { zh: '请选择要上传的佐证材料文件', en: 'Choose an evidence file to upload' },
};
