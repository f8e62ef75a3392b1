import type { MessageTable } from './types.ts';

/**
 * Messages of 一级抓一级 shared by the work sub-modules (docs/WORK.md). Each sub-module keeps its
 * own codes in its own file: work-distribution.ts, work-records.ts, work-division.ts, dashboard.ts,
 * notifications.ts.
 */
export const workMessages: MessageTable = {
  WORK_NOT_RECORDER: { zh: '只有本组织的填报人员可以填报和提交', en: 'Only the organisation’s own recorders may record and submit its work' },
  WORK_NOT_REVIEWER: { zh: '只有上一级（{reviewer}）可以审核', en: 'Only the level above ({reviewer}) may review this' },
  WORK_NO_REVIEWER: { zh: '未找到上一级审核组织，请先完善组织机构', en: 'There is no organisation at the level above to review this; complete the organisation tree first' },
  WORK_OWN_SUBMISSION: { zh: '不能审核本人提交的材料', en: 'You cannot review your own submission' },
  WORK_NOT_ASSIGNER: { zh: '您不能为该任务分工', en: 'You may not divide this task' },
  WORK_WITHDRAWN: { zh: '该任务已在清单修订中撤销，不能再填报', en: 'This task was withdrawn in a revision of the list; nothing more can be recorded' },
  REVIEW_ALREADY_APPROVED: { zh: '已审核通过，不能再修改或提交', en: 'This is approved; it can no longer be changed or submitted' },
  REVIEW_AWAITING: { zh: '已提交，正在等待审核，不能修改', en: 'This has been submitted and awaits review; it cannot be changed' },
  REVIEW_NOT_SUBMITTED: { zh: '尚未提交，不能审核', en: 'This has not been submitted; there is nothing to review' },
  PERIOD_ALREADY_APPROVED: { zh: '该期已审核通过，不能再修改或提交', en: 'This period is approved; it can no longer be changed or submitted' },
  PERIOD_AWAITING_REVIEW: { zh: '该期已提交，正在等待审核，不能修改', en: 'This period has been submitted and awaits review; it cannot be changed' },
  PERIOD_NOT_SUBMITTED: { zh: '该期尚未提交，不能审核', en: 'This period has not been submitted; there is nothing to review' },
  PERIOD_EMPTY: { zh: '请至少填写一条履责记实后再提交', en: 'Add at least one record before submitting' },
  PERIOD_NOT_STARTED: { zh: '该期尚未开始（{startsOn}起），不能提交', en: 'This period has not started yet (from {startsOn}); it cannot be submitted' },
  REPORT_DATE_OUT_OF_RANGE: { zh: '记实日期须在{from}（本期开始）至{to}（今天）之间', en: 'The date of the record must lie between {from} (start of the period) and {to} (today)' },
  RETURN_REASON_REQUIRED: { zh: '退回时请填写退回理由', en: 'Give a reason when returning' },
  EVIDENCE_TOO_LARGE: { zh: '佐证材料不能超过{max}MB', en: 'Evidence files may not exceed {max} MB' },
  EVIDENCE_TYPE: { zh: '佐证材料只能是PDF、Word、Excel、JPEG或PNG文件（按文件内容识别，改扩展名无效）', en: 'Evidence must be a PDF, Word, Excel, JPEG or PNG file (told by its content, not its name)' },
};
