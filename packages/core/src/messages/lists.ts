import type { MessageTable } from './types.ts';

/** Messages of the responsibility list (明责). Each sub-module adds its codes under its own heading. */
export const listMessages: MessageTable = {
  // structure
  LIST_YEAR_TAKEN: { zh: '{year}年的责任清单已存在', en: 'A responsibility list for {year} already exists' },
  LIST_OWNER_INVALID: { zh: '牵头部门须为工委或工委部门', en: 'The owner must be the committee or one of its departments' },
  LIST_COPY_SOURCE_INVALID: { zh: '只能复制往年的清单', en: 'Only a list of an earlier year can be copied' },
  LIST_NOT_EDITABLE: { zh: '已印发的清单不能直接修改，请发起修订', en: 'An issued list cannot be changed directly; start a revision' },
  LIST_LOCKED: { zh: '清单已送审或已审定，不能修改；如需修改请先退回', en: 'The list is under review or approved and cannot be changed; return it first' },
  LIST_NOT_MANAGER: { zh: '只有清单牵头部门（{dept}）和工委管理员可以进行此操作', en: 'Only the owner department ({dept}) and the committee administrator may do this' },
  LIST_REVISION_OWNER_ONLY: { zh: '修订期间只有清单牵头部门可以修改', en: 'During a revision only the owner department may make changes' },
  PART_NOT_YOURS: { zh: '该部分由{dept}负责起草，您不能修改', en: 'This part is drafted by {dept}; you cannot change it' },
  PART_NOT_EMPTY: { zh: '该部分下还有{sections}个小节、{tasks}项任务，请先移走或删除', en: 'This part still has {sections} sections and {tasks} tasks; move or delete them first' },
  PART_DRAFTING_ORG_INVALID: { zh: '起草部门须为工委部门', en: 'The drafting department must be a department of the committee' },
  SECTION_NOT_EMPTY: { zh: '该小节下还有{tasks}项任务，请先移走或删除', en: 'This section still has {tasks} tasks; move or delete them first' },
  SECTION_NOT_IN_PART: { zh: '所选小节不属于该部分', en: 'The section does not belong to this part' },
  PART_NOT_IN_LIST: { zh: '所选部分不属于该清单', en: 'The part does not belong to this list' },
  TASK_LEVEL_INVALID: { zh: '责任层级“{level}”不存在', en: 'Responsibility level "{level}" does not exist' },
  TASK_REVIEWER_INVALID: { zh: '审核部门须为工委或工委部门', en: 'The reviewing department must be the committee or one of its departments' },
  TASK_DELETE_DRAFT_ONLY: { zh: '只有起草中的清单可以删除任务；已印发的清单请在修订中撤销该任务', en: 'Tasks can be deleted only while drafting; in an issued list withdraw the task in a revision' },
  REORDER_MISMATCH: { zh: '排序列表须恰好包含该范围内的全部条目', en: 'The order must list exactly every entry in its scope' },
};
