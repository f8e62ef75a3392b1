import type { MessageTable } from './types.ts';

/** Messages of work-division (docs/WORK.md): division of labour (分工), measures, work settings. */
export const workDivisionMessages: MessageTable = {
  WORK_DIVISION_LEVEL: {
    zh: '只有党组（党委）和机关党委的任务需要分工和制定具体措施，党支部的任务不在此列',
    en: 'Only the tasks of the party group and the organ committee are divided and given measures; branch tasks are not',
  },
  WORK_DIVISION_WITHDRAWN: {
    zh: '该任务已在清单修订中撤销，不能再分工或修改具体措施',
    en: 'This task was withdrawn in a revision of the list; it can no longer be divided or given measures',
  },
  WORK_DIVISION_PERSON: {
    zh: '责任人须是本单位在职人员，请从本单位人员中选择',
    en: 'The person responsible must be an active member of this unit’s staff',
  },
  WORK_DIVISION_UNIT: {
    zh: '请选择一个单位（或单位内的组织）查看责任分工表',
    en: 'Choose a unit (or an organisation inside one) to see its division of labour',
  },
  WORK_DIVISION_BULK_INVALID: {
    zh: '有 {count} 项任务不能分工，未作任何修改，请见下列说明',
    en: '{count} of the tasks cannot be divided; nothing was changed (see below)',
  },
  WORK_DIVISION_OTHER_UNIT: {
    zh: '该任务不属于本单位',
    en: 'This task is not one of this unit’s',
  },
  WORK_SETTINGS_RANGE: { zh: '天数须在1至60之间', en: 'Days must be between 1 and 60' },
};
