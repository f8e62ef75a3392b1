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
  WORK_DIVISION_COOPERATOR: {
    zh: '配合领导须是本单位在职人员，不能重复，也不能是责任领导本人',
    en: 'Cooperating members must be active staff of this unit, each once, and not the lead',
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
  WORK_DIVISION_IMPORT_HEADER: {
    zh: '表头中没有“{column}”列：请使用本页导出的责任分工表（列：{columns}）',
    en: 'The header has no "{column}" column: use the division table this page exports (columns: {columns})',
  },
  WORK_DIVISION_IMPORT_NO_TASK: {
    zh: '本单位本年度的责任分工表中没有“{org}”的任务“{code}”（责任主体和任务编号须与导出的表一致）',
    en: 'The unit’s division table of the year has no task "{code}" of "{org}" (keep 责任主体 and 任务编号 as exported)',
  },
  WORK_DIVISION_IMPORT_DUPLICATE: {
    zh: '该任务已在第 {first} 行出现，每项任务只能有一行',
    en: 'This task is already on row {first}; one row per task',
  },
  WORK_DIVISION_IMPORT_PERSON_UNKNOWN: {
    zh: '本单位在职人员中没有“{name}”',
    en: 'No active member of this unit’s staff is called "{name}"',
  },
  WORK_DIVISION_IMPORT_PERSON_AMBIGUOUS: {
    zh: '本单位有多名“{name}”，请写成“姓名（职务）”',
    en: 'Several of this unit’s staff are called "{name}": write "name (post)"',
  },
  WORK_DIVISION_IMPORT_TOO_LONG: { zh: '超过 {max} 字', en: 'Longer than {max} characters' },
  WORK_DIVISION_IMPORT_TOO_MANY: { zh: '最多 {max} 项', en: 'At most {max}' },
  WORK_DIVISION_IMPORT_INVALID: {
    zh: '责任分工表有 {count} 处问题，未作任何修改，请改正后重新导入',
    en: 'The division table has {count} problems; nothing was changed. Correct them and import again',
  },
  WORK_SETTINGS_RANGE: { zh: '天数须在1至60之间', en: 'Days must be between 1 and 60' },
};
