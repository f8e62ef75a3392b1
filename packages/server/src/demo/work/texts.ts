/**
 * Texts of the demo's work records (履责记实) and review reasons. A record is one of its level's
 * templates filled with the task's topic, the period and a head count; see seed-work.ts.
 * Placeholders: {when} (the period, e.g. “3月，” — empty for a whole-year task), {topic}, {n}.
 */

export const RECORD_TEMPLATES: Record<'L1' | 'L2' | 'L3', readonly string[]> = {
  L1: [
    '{when}召开党组理论学习中心组学习会，围绕“{topic}”开展专题学习，党组书记主持并作交流发言，班子成员结合分管工作谈体会。',
    '{when}召开党组会议专题研究“{topic}”，听取机关党委工作汇报，逐项明确责任领导、责任部门和完成时限，形成会议纪要。',
    '{when}党组书记带头落实“{topic}”，班子成员按照“一岗双责”要求在分管领域抓好落实，相关情况已记入工作台账。',
    '{when}围绕“{topic}”，党组班子成员分赴联系点党支部调研指导，共召开座谈会{n}场，形成调研报告和问题清单。',
    '{when}按照“{topic}”的要求完成本期工作，印发工作安排，报送工委组织部备案，相关文件和会议纪要已归档。',
  ],
  L2: [
    '{when}召开机关党委会议，研究部署“{topic}”，印发工作安排，督促各党支部抓好落实。',
    '{when}围绕“{topic}”，组织党支部书记和党务干部专题培训，{n}人参加，并对党支部落实情况开展检查指导。',
    '{when}对“{topic}”落实情况开展督促检查，抽查党支部{n}个，发现问题已逐一反馈并建立整改台账。',
    '{when}按照“{topic}”的要求，机关党委书记主持召开专题会议，总结阶段工作，部署下一步任务，形成会议纪要。',
  ],
  L3: [
    '{when}召开支部党员大会，围绕“{topic}”开展专题学习，{n}名党员参加，支部书记领学并组织交流研讨，形成会议记录。',
    '{when}召开支委会专题研究“{topic}”的落实措施，明确支委分工和完成时限，会后向全体党员传达。',
    '{when}开展主题党日活动，结合“{topic}”的要求组织党员集中学习、交流心得，{n}名党员参加。',
    '{when}按照“{topic}”的要求完成本期工作，整理会议记录、签到表和活动照片，报机关党委备案。',
    '{when}支部书记讲专题党课，围绕“{topic}”联系本部门工作实际谈认识、提要求，{n}名党员参加。',
  ],
};

/** Reasons a reviewer gives when returning a period. */
export const RETURN_REASONS: readonly string[] = [
  '佐证材料不完整，请补充会议记录。',
  '请补充活动照片和签到表。',
  '记实内容过于简略，请具体说明开展情况和参加人数。',
  '会议纪要未体现研究部署的具体措施，请完善后重新提交。',
  '佐证材料与本期任务不对应，请核实后重新上传。',
];

/** Comments of some approvals (most approve without one). */
export const APPROVAL_COMMENTS: readonly string[] = ['材料齐全，同意。', '按要求完成，同意通过。', ''];

/** The topic of a task for a record: its first clause, without the level's subject and the final stop. */
export function topicOf(content: string): string {
  let s = content.trim().replace(/[。；;]+$/, '');
  s = s.replace(/^(党组（党委）|党组|党委|机关党委|机关党总支|党支部)(?=[^，、])/, '');
  if (s.length > 36) {
    const cut = s.search(/[，；：]/);
    if (cut >= 8) s = s.slice(0, cut);
  }
  return s;
}
