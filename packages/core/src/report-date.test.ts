import { describe, expect, it } from 'vitest';
import { checkReportDate, defaultReportDate, isReportLate, reportDateHint, reportDateRange } from './report-date.ts';
import { importPreviewText, isSignOffLine, outlineCounts } from './source-outline.ts';

describe('the date of a record', () => {
  const october = { startsOn: '2022-10-01', dueOn: '2022-10-25' };

  it('runs from the period’s start to today, past the due date, and marks late work', () => {
    const r = reportDateRange(october, '2022-10-31');
    expect(r).toMatchObject({ from: '2022-10-01', to: '2022-10-31', dueOn: '2022-10-25', notStarted: false, lateApplies: true });
    expect(checkReportDate(r, '2022-10-01')).toEqual({ ok: true, late: false });
    expect(checkReportDate(r, '2022-10-25')).toEqual({ ok: true, late: false });
    expect(checkReportDate(r, '2022-10-28')).toEqual({ ok: true, late: true });
    expect(checkReportDate(r, '2022-10-31')).toEqual({ ok: true, late: true });
    expect(checkReportDate(r, '2022-09-30')).toEqual({ ok: false, reason: 'beforeStart' });
    expect(checkReportDate(r, '2022-11-01')).toEqual({ ok: false, reason: 'afterToday' });
    expect(checkReportDate(r, '2022-02-30')).toEqual({ ok: false, reason: 'invalid' });
    expect(checkReportDate(r, '20221010')).toEqual({ ok: false, reason: 'invalid' });
    expect(isReportLate('2022-10-26', '2022-10-25')).toBe(true);
  });

  it('defaults to today clamped into the range, never a future date', () => {
    expect(defaultReportDate(reportDateRange(october, '2022-10-31'))).toBe('2022-10-31');
    expect(defaultReportDate(reportDateRange(october, '2022-10-12'))).toBe('2022-10-12');
    // A yearly period due at the end of the year: today, not the due date.
    expect(defaultReportDate(reportDateRange({ startsOn: '2022-01-01', dueOn: '2022-12-31' }, '2022-10-31'))).toBe('2022-10-31');
    // Not started: nothing is allowed, the picker opens on the start.
    const future = reportDateRange({ startsOn: '2022-11-01', dueOn: '2022-11-30' }, '2022-10-31');
    expect(future.notStarted).toBe(true);
    expect(defaultReportDate(future)).toBe('2022-11-01');
    expect(checkReportDate(future, '2022-11-01')).toEqual({ ok: false, reason: 'notStarted' });
  });

  it('names every rule that applies in its hint', () => {
    expect(reportDateHint(reportDateRange(october, '2022-10-31'), 'zh-CN')).toBe(
      '记实日期须在 2022-10-01（本期开始）至 2022-10-31（今天）之间；晚于截止日 2022-10-25 的记录将标记迟报',
    );
    expect(reportDateHint(reportDateRange(october, '2022-10-20'), 'zh-CN')).toBe('记实日期须在 2022-10-01（本期开始）至 2022-10-20（今天）之间；本期截止日 2022-10-25');
    expect(reportDateHint(reportDateRange(october, '2022-10-31'), 'en')).toContain('marked late');
    expect(reportDateHint(reportDateRange({ startsOn: '2022-11-01', dueOn: '2022-11-30' }, '2022-10-31'), 'zh-CN')).toBe('本期自 2022-11-01 开始，今天（2022-10-31）尚不能记实');
  });
});

describe('source outlines', () => {
  it('counts chapters (items with sub-items) apart from content items', () => {
    expect(outlineCounts([1, 2, 2, 1, 2, 3, 2])).toEqual({ chapters: 3, items: 4 });
    expect(outlineCounts([1, 1, 1])).toEqual({ chapters: 0, items: 3 });
    expect(outlineCounts([])).toEqual({ chapters: 0, items: 0 });
    expect(importPreviewText({ chapters: 6, items: 23 }, '2022年工作要点', 'zh-CN')).toBe('6 个章节，23 条内容，导入《2022年工作要点》');
  });

  it('tells the sign-off of an official document from the text of its last item', () => {
    for (const s of ['省委直属机关工委', '2022年3月10日', '二〇二二年三月十日', '中共湖北省委直属机关工作委员会', '（此件公开发布）', '抄送：各单位']) expect(isSignOffLine(s), s).toBe(true);
    for (const s of ['组织开展专题学习。', '按季度报送工作情况，年底形成总结报告', '2022年3月10日前报送材料。', '']) expect(isSignOffLine(s), s).toBe(false);
  });
});
