/**
 * A realistic responsibility list of any size, written with SQL — for the documents tests and the
 * bench: seven parts, tasks spread over the three levels, a section in the first part, all kinds of
 * due rules, weights, reviewing departments and links to source items.
 */
import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';

export const SAMPLE_PARTS = [
  '落实机关党建主体责任',
  '加强机关党的政治建设',
  '加强机关党的思想建设',
  '加强机关党的组织建设',
  '加强机关党的作风建设',
  '加强机关党的纪律建设',
  '推进党建和业务深度融合',
];

const CONTENT = [
  '专题研究机关党建工作，听取机关党委工作汇报，研究解决机关党建重点难点问题',
  '严格落实“第一议题”制度，及时跟进学习习近平总书记重要讲话和重要指示批示精神',
  '组织开展理论学习中心组学习，全年集中学习研讨不少于12次',
  '落实“三会一课”、主题党日、组织生活会、民主评议党员等制度',
  '开展党支部标准化规范化建设，推进“五个基本”建设提质增效',
  '加强党员教育管理监督，按期做好党员发展和党费收缴工作',
  '持续纠治形式主义、官僚主义，深化作风建设专项整治',
  '开展警示教育和廉政提醒谈话，落实党风廉政建设责任',
  '推动党建与业务工作同谋划、同部署、同落实、同检查',
  '做好意识形态工作，落实网络意识形态工作责任制',
];
const REQUIREMENTS = [
  '每半年至少专题研究1次，形成会议纪要',
  '会后及时传达学习，研究提出贯彻落实措施',
  '制定年度学习计划，做好学习记录',
  '按规定程序和时限召开，会前充分准备，会后建立整改台账',
  '对照标准逐项自查，问题清单式整改',
];
const EVIDENCE = ['会议纪要、学习记录', '工作方案、台账', '学习计划、研讨材料', '会议记录、整改清单', '工作总结'];
const RULES = [
  { frequency: 'halfYearly', due: { kind: 'afterPeriodEnd', days: 0 } },
  { frequency: 'quarterly', due: { kind: 'afterPeriodEnd', days: 15 } },
  { frequency: 'monthly', due: { kind: 'afterPeriodEnd', days: 5 } },
  { frequency: 'yearly', due: { kind: 'yearEnd' } },
  { frequency: 'once', due: { kind: 'date', date: '2026-06-30' } },
  { frequency: 'ongoing', due: { kind: 'yearEnd' } },
] as const;

export interface SampleListOptions {
  year: number;
  title?: string;
  ownerOrgId: number;
  /** Departments drafting the parts (round robin) and reviewing tasks. */
  departmentIds: number[];
  tasks: number;
  status?: 'draft' | 'soliciting' | 'inReview' | 'approved' | 'issued';
  docNumber?: { prefix: string; seq: number } | null;
  issueDate?: string | null;
  /** Link every third task to a source item. */
  withSources?: boolean;
}

/** Insert the list; returns its id. */
export async function insertSampleList(db: Db, o: SampleListOptions): Promise<number> {
  const k = db.kysely;
  const status = o.status ?? 'draft';
  const doc = o.docNumber ?? null;
  const list = await k
    .insertInto('responsibility_lists')
    .values({
      year: o.year,
      title: o.title ?? `${o.year}年省直机关党建工作责任清单`,
      status,
      owner_org_id: o.ownerOrgId,
      doc_prefix: doc?.prefix ?? null,
      doc_seq: doc?.seq ?? null,
      doc_number: doc ? `${doc.prefix}〔${o.year}〕${doc.seq}号` : null,
      issue_date: o.issueDate ?? null,
      notice_title: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const listId = list.id;
  const dept = (i: number) => o.departmentIds[i % o.departmentIds.length] ?? null;
  const parts = await k
    .insertInto('list_parts')
    .values(SAMPLE_PARTS.map((title, i) => ({ list_id: listId, seq: i + 1, title, drafting_org_id: dept(i) })))
    .returning(['id', 'seq'])
    .execute();
  const partIds = parts.sort((a, b) => a.seq - b.seq).map((p) => p.id);
  const section = await k
    .insertInto('list_sections')
    .values([
      { list_id: listId, part_id: partIds[0]!, seq: 1, title: '（一）压实党组（党委）主体责任' },
      { list_id: listId, part_id: partIds[0]!, seq: 2, title: '（二）压实机关党委直接责任' },
    ])
    .returning('id')
    .execute();

  let itemIds: number[] = [];
  if (o.withSources) {
    const d = await k.insertInto('source_documents').values({ list_id: listId, kind: 'upperList', title: '上级党建工作责任清单', doc_number: '' }).returning('id').executeTakeFirstOrThrow();
    const items = await k
      .insertInto('source_items')
      .values(Array.from({ length: 12 }, (_, i) => ({ document_id: d.id, parent_id: null, seq: i + 1, label: `（${i + 1}）`, text: `上级要求第${i + 1}条：${CONTENT[i % CONTENT.length]}` })))
      .returning('id')
      .execute();
    itemIds = items.map((i) => i.id);
  }

  const levels = ['L1', 'L2', 'L3'];
  const seq = new Map<string, number>();
  const rows = Array.from({ length: o.tasks }, (_, i) => {
    const part = Math.floor((i * SAMPLE_PARTS.length) / o.tasks);
    const level = levels[i % 3] as string;
    const key = `${part}:${level}`;
    const s = (seq.get(key) ?? 0) + 1;
    seq.set(key, s);
    const rule = RULES[i % RULES.length]!;
    return {
      part_id: partIds[part],
      section_id: part === 0 ? (section[level === 'L1' ? 0 : 1]?.id ?? null) : null,
      level_code: level,
      seq: s,
      code: `T${o.year}-${String(i + 1).padStart(4, '0')}`,
      content: `${CONTENT[i % CONTENT.length]}${i >= CONTENT.length ? `（第${i + 1}项）` : ''}`,
      requirements: i % 7 === 6 ? '' : REQUIREMENTS[i % REQUIREMENTS.length],
      frequency: rule.frequency,
      due_rule: rule.due,
      evidence: EVIDENCE[i % EVIDENCE.length],
      reviewer_org_id: i % 4 === 0 ? dept(i) : null,
      weight: i % 5 === 0 ? null : ((i % 8) + 1) * 0.5,
    };
  });
  const CHUNK = 2000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(rows.slice(i, i + CHUNK));
    await sql`INSERT INTO list_tasks (list_id, part_id, section_id, level_code, seq, code, content, requirements, frequency, due_rule, evidence, reviewer_org_id, weight)
              SELECT ${listId}::int, m.part_id, m.section_id, m.level_code, m.seq, m.code, m.content, m.requirements, m.frequency, m.due_rule,
                m.evidence, m.reviewer_org_id, m.weight
              FROM jsonb_to_recordset(${json}::jsonb) AS m(part_id int, section_id int, level_code text, seq int, code text, content text,
                requirements text, frequency text, due_rule jsonb, evidence text, reviewer_org_id int, weight numeric)`.execute(k);
  }
  if (itemIds.length) {
    const ids = JSON.stringify(itemIds);
    await sql`INSERT INTO task_sources (task_id, source_item_id)
              SELECT t.id, (${ids}::jsonb ->> (t.id % ${itemIds.length}))::int
              FROM list_tasks t WHERE t.list_id = ${listId} AND t.id % 3 = 0`.execute(k);
  }
  return listId;
}
