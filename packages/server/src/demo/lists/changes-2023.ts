/**
 * The 2023 draft of the demo province, part-way through drafting: copied from the issued 2022
 * list, with some tasks reworded, a few dropped and a few added, and the 2023 source documents
 * entered and partly traced. Tasks of 2022 are named by the beginning of their content.
 */
import type { DueRule, Frequency } from '@qingdan/core';
import type { DemoDept, DemoLevel } from './tasks-2022.ts';
import type { DemoSourceDocument } from './sources-2022.ts';

export interface DemoEdit {
  /** The beginning of the 2022 task's content. */
  from: string;
  /** Moved to another part (to the end of its level there). */
  part?: number;
  content?: string;
  requirements?: string;
  frequency?: Frequency;
  due?: DueRule;
  evidence?: string;
  reviewer?: DemoDept;
  weight?: number;
}

export interface DemoNewTask {
  part: number;
  section: string | null;
  level: DemoLevel;
  content: string;
  requirements: string;
  frequency: Frequency;
  due: DueRule;
  evidence: string;
  reviewer: DemoDept;
  weight: number;
}

/** 2022 tasks not carried into 2023 (done, or merged into others). */
export const REMOVED_2023: string[] = [
  '推进党史学习教育常态化长效化，制定本单位实施方案',
  '保障机关党建工作经费和活动阵地',
  '组织党员到红色教育基地开展党性教育',
  '党支部每季度开展一次政治理论学习交流',
];

export const EDITS_2023: DemoEdit[] = [
  {
    from: '严格落实“第一议题”制度',
    content: '严格落实“第一议题”制度，第一时间跟进学习习近平总书记重要讲话和重要指示批示精神，研究提出贯彻落实措施并跟踪问效。',
  },
  {
    from: '教育引导党员干部深刻领悟“两个确立”',
    content: '深入学习宣传贯彻党的二十大精神，教育引导党员干部深刻领悟“两个确立”的决定性意义，坚决做到“两个维护”。',
    requirements: '将党的二十大精神纳入年度学习计划和党员教育培训重点内容，开展专题研讨和宣讲。',
  },
  {
    from: '组织开展理论学习中心组学习',
    content: '组织开展理论学习中心组学习，全年集中学习研讨不少于12次，其中围绕党的二十大精神专题研讨不少于6次。',
  },
  {
    from: '开展党支部标准化规范化建设“提质增效”行动',
    content: '巩固党支部标准化规范化建设成果，开展“四强”党支部创建，年内创建比例不低于30%。',
    requirements: '制定“四强”党支部创建标准和验收办法，对创建党支部跟踪指导、动态管理。',
    due: { kind: 'date', date: '2023-11-30' },
  },
  {
    from: '持续整治形式主义官僚主义',
    content: '持续整治形式主义官僚主义，大兴调查研究之风，精简文件会议，切实为基层减负。',
  },
  {
    from: '组织党员干部深入基层开展调查研究',
    content: '组织党员干部深入基层开展调查研究，班子成员每人每年牵头完成1个重点调研课题。',
    evidence: '调研课题清单、调研报告、成果转化情况',
  },
  {
    from: '党组（党委）每季度至少专题研究一次机关党建工作',
    requirements: '会前听取机关党委工作汇报，议题列入党组（党委）年度会议计划；形成会议纪要，明确责任分工、完成时限和督办要求。',
  },
  {
    from: '党支部委员按照分工履行职责',
    evidence: '支委会会议记录、支委分工表',
  },
  {
    from: '组织在职党员到社区“双报到”',
    content: '组织在职党员到社区“双报到”并参加志愿服务，每名党员年度志愿服务时长不少于16小时。',
    weight: 3,
  },
  {
    from: '开展经常性谈心谈话',
    reviewer: 'xcb',
  },
  {
    from: '落实党员领导干部双重组织生活制度',
    part: 4,
  },
  {
    from: '党员按月足额交纳党费',
    frequency: 'monthly',
    due: { kind: 'afterPeriodEnd', days: 10 },
    content: '党员按月足额交纳党费，党支部每月公示党费交纳情况。',
  },
];

export const ADDED_2023: DemoNewTask[] = [
  {
    part: 2,
    section: null,
    level: 'L1',
    content: '深入开展学习贯彻习近平新时代中国特色社会主义思想主题教育，制定本单位实施方案并组织推进。',
    requirements: '坚持学思想、强党性、重实践、建新功，把理论学习、调查研究、推动发展、检视整改贯通起来。',
    frequency: 'once',
    due: { kind: 'date', date: '2023-08-31' },
    evidence: '实施方案、工作总结',
    reviewer: 'zzb',
    weight: 3,
  },
  {
    part: 3,
    section: null,
    level: 'L2',
    content: '组织党员干部参加党的二十大精神集中轮训，实现党员轮训全覆盖。',
    requirements: '轮训采取集中培训、专题辅导、线上学习相结合的方式，建立轮训登记台账。',
    frequency: 'once',
    due: { kind: 'date', date: '2023-06-30' },
    evidence: '轮训方案、签到表、学时登记台账',
    reviewer: 'xcb',
    weight: 2,
  },
  {
    part: 4,
    section: null,
    level: 'L3',
    content: '党支部开展“四强”党支部创建，对照标准查找差距并制定提升措施。',
    requirements: '创建计划报机关党委备案，年底接受验收。',
    frequency: 'yearly',
    due: { kind: 'yearEnd' },
    evidence: '创建计划、自评报告',
    reviewer: 'zzb',
    weight: 2,
  },
  {
    part: 1,
    section: null,
    level: 'L2',
    content: '建立机关党建重点任务推进台账，每月调度一次任务进展。',
    requirements: '台账明确牵头支部、责任人和节点目标，进展滞后的及时提醒督办。',
    frequency: 'monthly',
    due: { kind: 'afterPeriodEnd', days: 5 },
    evidence: '重点任务推进台账、调度记录',
    reviewer: 'dcs',
    weight: 2,
  },
];

const CN = ['一', '二', '三', '四', '五', '六'];
const doc = (kind: DemoSourceDocument['kind'], title: string, docNumber: string, prefix: string, label: (i: number) => string, defs: [string, boolean, string[]][]): DemoSourceDocument => ({
  kind,
  title,
  docNumber,
  groups: defs.map(([text, involves, items], gi) => ({
    key: `${prefix}${gi + 1}`,
    label: `${CN[gi]}、`,
    text,
    involvesCommittee: involves,
    items: items.map((t, ii) => ({ key: `${prefix}${gi + 1}.${ii + 1}`, label: label(ii), text: t })),
  })),
});

export const UPPER_LIST_2023 = doc('upperList', '省委2023年落实全面从严治党主体责任清单', '鄂办文〔2023〕5号', 'u', (i) => `${i + 1}.`, [
  ['深入学习宣传贯彻党的二十大精神', true, [
    '把学习宣传贯彻党的二十大精神作为首要政治任务，组织开展全员轮训。',
    '扎实开展学习贯彻习近平新时代中国特色社会主义思想主题教育。',
  ]],
  ['加强党的政治建设', true, [
    '严格落实“第一议题”制度，健全贯彻落实习近平总书记重要指示批示精神闭环机制。',
    '严肃党内政治生活，高质量开好民主生活会和组织生活会。',
  ]],
  ['建强基层党组织', true, [
    '深化党支部标准化规范化建设，开展“四强”党支部创建。',
    '严格党员教育管理，做好发展党员工作。',
    '落实抓基层党建述职评议考核制度。',
  ]],
  ['持续正风肃纪反腐', true, [
    '锲而不舍落实中央八项规定精神，大兴调查研究之风。',
    '深化警示教育，一体推进不敢腐、不能腐、不想腐。',
  ]],
  ['统筹发展和安全', false, [
    '落实安全生产责任制，防范化解重大风险。',
    '做好信访维稳工作。',
  ]],
]);

export const WORK_POINTS_2023 = doc('workPoints', '2023年省直机关党建工作要点', '鄂直工发〔2023〕1号', 'w', (i) => `（${CN[i]}）`, [
  ['用党的二十大精神统一思想和行动', true, [
    '抓好党的二十大精神学习宣传贯彻，推动中心组专题学习和党员集中轮训。',
    '扎实开展主题教育，推动理论学习走深走实。',
  ]],
  ['推进模范机关建设', true, [
    '健全“第一议题”制度和督查问责机制。',
    '深化模范机关创建，推动党建和业务深度融合。',
  ]],
  ['建强机关基层党组织', true, [
    '开展“四强”党支部创建，严格党的组织生活。',
    '加强党员教育管理和党务干部队伍建设。',
  ]],
  ['压实管党治党责任', true, [
    '开展机关党建述职评议考核，推动责任落实。',
    '加强机关党建督查和问题整改。',
  ]],
]);

/** Links already made in the 2023 draft: the beginning of a 2023 task's content → source keys. */
export const LINKS_2023: [string, string[]][] = [
  ['组织党员干部参加党的二十大精神集中轮训', ['u1.1', 'w1.1']],
  ['深入开展学习贯彻习近平新时代中国特色社会主义思想主题教育', ['u1.2', 'w1.2']],
  ['深入学习宣传贯彻党的二十大精神', ['u1.1', 'w1.1']],
  ['严格落实“第一议题”制度', ['u2.1', 'w2.1']],
  ['召开年度党员领导干部民主生活会', ['u2.2']],
  ['巩固党支部标准化规范化建设成果', ['u3.1', 'w3.1']],
  ['党支部开展“四强”党支部创建', ['u3.1', 'w3.1']],
  ['组织开展理论学习中心组学习', ['w1.1']],
  ['锲而不舍落实中央八项规定及其实施细则精神', ['u4.1']],
  ['组织党员干部深入基层开展调查研究', ['u4.1']],
];
