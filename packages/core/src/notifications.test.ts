import { describe, expect, it } from 'vitest';
import { renderNotification } from './notifications.ts';
import { parsePeriodLabel, periodLabel, periodLabelIn, periodPlan } from './work.ts';

describe('period labels', () => {
  it('name every period in Chinese and in English', () => {
    expect(periodLabel('month', 10, 'zh-CN')).toBe('10月');
    expect(periodLabel('month', 10, 'en')).toBe('October');
    expect(periodLabel('quarter', 1, 'zh-CN')).toBe('第一季度');
    expect(periodLabel('quarter', 4, 'en')).toBe('Q4');
    expect(periodLabel('half', 1, 'zh-CN')).toBe('上半年');
    expect(periodLabel('half', 2, 'en')).toBe('Second half');
    expect(periodLabel('year', 1, 'zh-CN')).toBe('全年');
    expect(periodLabel('year', 1, 'en')).toBe('Full year');
  });

  it('turn a stored label into the reader’s language, and back', () => {
    for (const [zh, en] of [['1月', 'January'], ['12月', 'December'], ['第三季度', 'Q3'], ['下半年', 'Second half'], ['全年', 'Full year']] as const) {
      expect(periodLabelIn(zh, 'en')).toBe(en);
      expect(periodLabelIn(zh, 'zh-CN')).toBe(zh);
      expect(periodLabelIn(en, 'zh-CN')).toBe(zh);
    }
    expect(parsePeriodLabel('13月')).toBeNull();
    expect(periodLabelIn('专项', 'en')).toBe('专项');
  });

  it('are the labels of the period plan', () => {
    expect(periodPlan('quarterly', { kind: 'yearEnd' }, 2022).map((p) => [p.label, p.labelEn])).toEqual([
      ['第一季度', 'Q1'], ['第二季度', 'Q2'], ['第三季度', 'Q3'], ['第四季度', 'Q4'],
    ]);
    expect(periodPlan('monthly', { kind: 'yearEnd' }, 2022)[9]).toMatchObject({ label: '10月', labelEn: 'October' });
    expect(periodPlan('halfYearly', { kind: 'yearEnd' }, 2022).map((p) => p.labelEn)).toEqual(['First half', 'Second half']);
    expect(periodPlan('once', { kind: 'yearEnd' }, 2022).map((p) => [p.label, p.labelEn])).toEqual([['全年', 'Full year']]);
  });
});

describe('notifications in the reader’s language', () => {
  const alert = { org: '省财政厅办公室党支部', code: '3.1', task: '每月开展主题党日活动，组织党员学习。', period: '10月', due: '2022-10-31', days: 1, returned: false };

  it('render a reminder in Chinese and in English', () => {
    expect(renderNotification('dueSoon', alert, 'zh-CN')).toEqual({
      // The task by its text, not its code (the code stays in the stored params).
      title: '【临期提醒】省财政厅办公室党支部：每月开展主题党日活动，组织党员学习。（10月）将于2022-10-31到期',
      body: '省财政厅办公室党支部的任务“每月开展主题党日活动，组织党员学习。”（10月）须于2022-10-31前提交，目前尚未提交。请及时填写履责记实、上传佐证材料并提交审核。',
    });
    const en = renderNotification('overdue', alert, 'en');
    expect(en.title).toBe('[Overdue] 省财政厅办公室党支部: 每月开展主题党日活动，组织党员学习。 (October) is overdue');
    expect(en.body).toContain('was due on 2022-10-31 and is 1 day overdue');
    expect(renderNotification('overdueBelow', { ...alert, days: 3 }, 'en').body).toContain('still not submitted 3 days later');
    expect(renderNotification('dueSoon', { ...alert, returned: true }, 'zh-CN').body).toContain('已被退回、尚未重新提交');
  });

  it('shorten the task to 40 characters in titles only', () => {
    const task = '党'.repeat(50);
    const r = renderNotification('returned', { task, period: '第三季度', reviewer: '省教育厅机关党委', reason: '材料不全' }, 'zh-CN');
    expect(r.title).toBe(`“${'党'.repeat(40)}…”第三季度的履责记实被省教育厅机关党委退回，请修改后重新提交`);
    expect(r.body).toBe('退回理由：材料不全');
    expect(renderNotification('returned', { task, period: '第三季度', reviewer: 'X', reason: 'Y' }, 'en').title).toContain('for Q3 was returned by X');
  });

  it('render the digest with only the counts there are', () => {
    expect(renderNotification('digest', { date: '2022-06-10', soon: 2, late: 1, review: 3 }, 'zh-CN')).toEqual({
      title: '今日待办：您有2项任务临期、1项逾期，3项待审核',
      body: '每日汇总（2022-06-10）：请在“我的任务”中查看临期和逾期的任务并及时填报提交，在“审核”中处理下级提交的材料。',
    });
    expect(renderNotification('digest', { date: '2022-06-10', soon: 0, late: 1, review: 0 }, 'zh-CN').title).toBe('今日待办：您有1项任务逾期');
    const en = renderNotification('digest', { date: '2022-06-10', soon: 1, late: 0, review: 2 }, 'en');
    expect(en.title).toBe('To do today: 1 task due soon, 2 to review');
    expect(en.body).toBe('Daily digest (2022-06-10): see the tasks due soon and overdue in My tasks and record and submit them in time, and handle the submissions awaiting you in Reviews.');
  });

  it('render submissions and approvals', () => {
    expect(renderNotification('submitted', { org: '甲支部', task: '讲党课', period: '上半年', days: 0 }, 'zh-CN')).toEqual({ title: '甲支部提交了“讲党课”上半年的履责记实，请审核', body: '' });
    expect(renderNotification('submitted', { org: 'A', task: 'T', period: '上半年', days: 2 }, 'en')).toEqual({ title: 'A submitted the record of “T” for First half; please review it', body: 'Submitted 2 days late' });
    expect(renderNotification('approved', { task: 'T', period: '全年', reviewer: 'R', comment: '同意' }, 'en')).toEqual({ title: 'The record of “T” for Full year was approved by R', body: '同意' });
  });
});
