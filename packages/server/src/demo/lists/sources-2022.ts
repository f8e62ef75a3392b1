/**
 * The demo province's source documents of 2022: the upper-level list the committee receives from
 * the provincial party committee (12 aspects, 8 of which involve the committee's work, each with
 * 2–4 items) and the committee's own work points (chapters with items). Written for Qingdan's demo.
 * Keys ('u4.2' = aspect 4, item 2; 'w3.1' = chapter 3, item 1) are what tasks link to.
 */

export interface DemoSourceItem {
  key: string;
  label: string;
  text: string;
}

export interface DemoSourceGroup {
  key: string;
  label: string;
  text: string;
  involvesCommittee: boolean;
  items: DemoSourceItem[];
}

export interface DemoSourceDocument {
  kind: 'upperList' | 'workPoints';
  title: string;
  docNumber: string;
  groups: DemoSourceGroup[];
}

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

function groups(prefix: 'u' | 'w', itemLabel: (i: number) => string, defs: [string, boolean, string[]][]): DemoSourceGroup[] {
  return defs.map(([text, involves, items], gi) => ({
    key: `${prefix}${gi + 1}`,
    label: `${CN[gi]}、`,
    text,
    involvesCommittee: involves,
    items: items.map((t, ii) => ({ key: `${prefix}${gi + 1}.${ii + 1}`, label: itemLabel(ii), text: t })),
  }));
}

export const UPPER_LIST_2022: DemoSourceDocument = {
  kind: 'upperList',
  title: '省委2022年落实全面从严治党主体责任清单',
  docNumber: '鄂办文〔2022〕8号',
  groups: groups('u', (i) => `${i + 1}.`, [
    ['加强党的政治建设', true, [
      '坚决维护党中央权威和集中统一领导，严格执行重大事项请示报告制度，确保党中央决策部署和省委工作要求落地见效。',
      '严格落实“第一议题”制度，第一时间传达学习习近平总书记重要讲话和重要指示批示精神，研究贯彻落实措施。',
      '严肃党内政治生活，认真贯彻民主集中制，高质量开好民主生活会和组织生活会。',
    ]],
    ['强化党的创新理论武装', true, [
      '深入学习贯彻习近平新时代中国特色社会主义思想，推动党史学习教育常态化长效化。',
      '严格落实意识形态工作责任制，加强意识形态阵地建设和管理，定期分析研判意识形态领域情况。',
      '发挥党委（党组）理论学习中心组示范带动作用，健全学习制度，提高学习质量。',
    ]],
    ['加强领导班子和干部队伍建设', false, [
      '坚持新时代好干部标准，选优配强各级领导班子。',
      '完善干部考核评价机制，激励干部担当作为。',
    ]],
    ['建强基层党组织', true, [
      '推进党支部标准化规范化建设，持续整顿软弱涣散基层党组织。',
      '加强党员教育管理监督，严格党员组织关系和党费管理。',
      '按照控制总量、优化结构、提高质量、发挥作用的要求做好发展党员工作。',
      '落实党委（党组）书记抓基层党建述职评议考核制度，压实抓党建工作责任。',
    ]],
    ['持之以恒正风肃纪', true, [
      '锲而不舍落实中央八项规定及其实施细则精神，坚决防止“四风”问题反弹回潮。',
      '持续整治形式主义、官僚主义，大兴调查研究之风。',
      '统筹规范督查检查考核，切实为基层减负。',
    ]],
    ['强化纪律建设', true, [
      '加强党章党规党纪教育，深化以案为鉴、以案促改警示教育。',
      '精准运用监督执纪“四种形态”，抓早抓小、防微杜渐。',
    ]],
    ['深入推进反腐败斗争', true, [
      '一体推进不敢腐、不能腐、不想腐，健全廉政风险防控机制。',
      '加强对“一把手”和领导班子的监督，落实同级监督和谈心谈话制度。',
    ]],
    ['深化政治巡视巡察', false, [
      '高质量推进省委巡视全覆盖，加强巡视巡察上下联动。',
      '压实巡视整改主体责任，强化整改日常监督。',
    ]],
    ['加强精神文明建设', true, [
      '培育和践行社会主义核心价值观，加强思想道德建设。',
      '深化文明创建，推动文明单位创建提质扩面。',
    ]],
    ['统筹发展和安全', false, [
      '科学精准做好疫情防控工作，守牢安全发展底线。',
      '落实安全生产责任制，防范化解重大风险。',
      '做好信访维稳工作，维护社会大局稳定。',
    ]],
    ['加强群团工作', true, [
      '加强党对工会、共青团、妇联等群团组织的领导，支持群团组织依照章程开展工作。',
      '发挥群团组织联系服务群众的桥梁纽带作用。',
    ]],
    ['推进基层治理现代化', false, [
      '深化党建引领基层治理，推进共同缔造活动。',
      '全面推进乡村振兴，巩固拓展脱贫攻坚成果。',
    ]],
  ]),
};

export const WORK_POINTS_2022: DemoSourceDocument = {
  kind: 'workPoints',
  title: '2022年省直机关党建工作要点',
  docNumber: '鄂直工发〔2022〕1号',
  groups: groups('w', (i) => `（${CN[i]}）`, [
    ['坚持把党的政治建设摆在首位', true, [
      '教育引导党员干部深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”。',
      '健全“第一议题”学习机制和贯彻落实党中央决策部署督查问责机制。',
      '深化“让党中央放心、让人民群众满意”的模范机关创建。',
    ]],
    ['持续深化理论武装', true, [
      '抓好党组（党委）理论学习中心组学习，推动中心组学习规范化。',
      '推动党史学习教育常态化长效化，用好红色资源开展党性教育。',
      '落实意识形态工作责任制，守好机关意识形态阵地。',
      '加强青年理论学习小组建设，引导青年干部学思践悟。',
    ]],
    ['建强机关基层党组织', true, [
      '开展党支部标准化规范化建设“提质增效”行动，做好党组织按期换届工作。',
      '严格党的组织生活，落实“三会一课”、主题党日、组织生活会、民主评议党员等制度。',
      '加强党员教育管理，严格程序做好发展党员工作，落实党内关怀帮扶。',
      '加强党务干部队伍建设，开展党支部书记和党务干部全覆盖培训。',
      '推动党建和业务深度融合，打造党建业务融合示范项目。',
    ]],
    ['驰而不息正风肃纪', true, [
      '严格落实中央八项规定及其实施细则精神，持续纠治“四风”。',
      '深化警示教育，推动以案为鉴、以案促改。',
      '加强对机关党员干部的日常监督，用好谈心谈话和提醒谈话。',
    ]],
    ['加强机关精神文明建设', true, [
      '深化文明单位创建，巩固提升创建成果。',
      '推动党员志愿服务常态化，开展在职党员进社区“双报到”活动。',
    ]],
    ['压紧压实管党治党政治责任', true, [
      '压实党组（党委）主体责任、书记第一责任人责任和班子成员“一岗双责”。',
      '开展党组（党委）书记和机关党委书记抓机关党建述职评议考核。',
      '加强机关党建督查，推动问题整改落实。',
    ]],
  ]),
};
