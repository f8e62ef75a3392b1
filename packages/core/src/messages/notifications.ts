import type { MessageTable } from './types.ts';

/**
 * Messages of notifications (docs/WORK.md), rendered in the reader's language when the inbox is
 * read (core notifications.ts renderNotification). {task} is the task's content shortened to 40
 * characters in titles, in full in bodies; {period} is the period's label in the reader's language.
 */
export const notificationsMessages: MessageTable = {
  NOTIFY_DUE_SOON_TITLE: { zh: '【临期提醒】{org}：{task}（{period}）将于{due}到期', en: '[Due soon] {org}: {task} ({period}) is due on {due}' },
  NOTIFY_DUE_SOON_BODY: {
    zh: '{org}的任务“{task}”（{period}）须于{due}前提交，目前尚未提交。请及时填写履责记实、上传佐证材料并提交审核。',
    en: 'The task “{task}” of {org} ({period}) must be submitted by {due} and has not been submitted yet. Please record the work, upload the evidence and submit it for review in time.',
  },
  NOTIFY_DUE_SOON_BODY_RETURNED: {
    zh: '{org}的任务“{task}”（{period}）须于{due}前提交，目前已被退回、尚未重新提交。请及时填写履责记实、上传佐证材料并提交审核。',
    en: 'The task “{task}” of {org} ({period}) must be submitted by {due}; it was returned and has not been resubmitted yet. Please record the work, upload the evidence and submit it for review in time.',
  },
  NOTIFY_OVERDUE_TITLE: { zh: '【逾期提醒】{org}：{task}（{period}）已逾期', en: '[Overdue] {org}: {task} ({period}) is overdue' },
  NOTIFY_OVERDUE_BODY: {
    zh: '{org}的任务“{task}”（{period}）应于{due}前提交，已逾期{days}天。请尽快填报并提交，逾期天数将记入考核。',
    en: 'The task “{task}” of {org} ({period}) was due on {due} and is {days} {dayUnit} overdue. Please record and submit it as soon as possible: the days overdue count in the assessment.',
  },
  NOTIFY_OVERDUE_BELOW_TITLE: { zh: '【下级逾期】{org}：{task}（{period}）已逾期', en: '[Overdue below] {org}: {task} ({period}) is overdue' },
  NOTIFY_OVERDUE_BELOW_BODY: {
    zh: '{org}的任务“{task}”（{period}）应于{due}前提交，已逾期{days}天仍未提交，请督促其尽快完成。',
    en: 'The task “{task}” of {org} ({period}) was due on {due} and is still not submitted {days} {dayUnit} later. Please urge them to complete it soon.',
  },
  NOTIFY_SUBMITTED_TITLE: { zh: '{org}提交了“{task}”{period}的履责记实，请审核', en: '{org} submitted the record of “{task}” for {period}; please review it' },
  NOTIFY_SUBMITTED_BODY_LATE: { zh: '逾期{days}天提交', en: 'Submitted {days} {dayUnit} late' },
  NOTIFY_APPROVED_TITLE: { zh: '“{task}”{period}的履责记实已由{reviewer}审核通过', en: 'The record of “{task}” for {period} was approved by {reviewer}' },
  NOTIFY_RETURNED_TITLE: { zh: '“{task}”{period}的履责记实被{reviewer}退回，请修改后重新提交', en: 'The record of “{task}” for {period} was returned by {reviewer}; please revise and resubmit it' },
  NOTIFY_RETURNED_BODY: { zh: '退回理由：{reason}', en: 'Reason for return: {reason}' },
  NOTIFY_DIGEST_TITLE: { zh: '今日待办：您有{items}', en: 'To do today: {items}' },
  NOTIFY_DIGEST_SOON: { zh: '{n}项任务临期', en: '{n} {taskUnit} due soon' },
  NOTIFY_DIGEST_LATE: { zh: '{n}项任务逾期', en: '{n} {taskUnit} overdue' },
  NOTIFY_DIGEST_LATE_AFTER_SOON: { zh: '{n}项逾期', en: '{n} overdue' },
  NOTIFY_DIGEST_REVIEW: { zh: '{n}项待审核', en: '{n} to review' },
  NOTIFY_DIGEST_BODY: {
    zh: '每日汇总（{date}）：请在“我的任务”中查看临期和逾期的任务并及时填报提交。',
    en: 'Daily digest ({date}): see the tasks due soon and overdue in My tasks and record and submit them in time.',
  },
  NOTIFY_DIGEST_BODY_REVIEW: {
    zh: '每日汇总（{date}）：请在“我的任务”中查看临期和逾期的任务并及时填报提交，在“审核”中处理下级提交的材料。',
    en: 'Daily digest ({date}): see the tasks due soon and overdue in My tasks and record and submit them in time, and handle the submissions awaiting you in Reviews.',
  },
};
