/**
 * The demo province's responsibility lists: the ISSUED 2022 list (104 tasks in six parts, its
 * source documents fully traced, its history draft → inReview → approved → issued with snapshots
 * and the approval meeting) and the 2023 DRAFT copied from it, part-way through drafting.
 * Runs inside the demo seed's transaction; every table is written with a few multi-row INSERTs.
 * The dates of the 2022 list are those of its history (2022); the 2023 draft's are early 2023.
 */
import type { Transaction } from 'kysely';
import { formatDocNumber, defaultNoticeTitle, shiftDueRuleYears, type DueRule, type Frequency } from '@qingdan/core';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/schema.ts';
import { saveSnapshot } from '../../modules/lists/versions/snapshot.ts';
import { DEMO_DEPARTMENTS } from '../units.ts';
import { PARTS_2022, TASKS_2022, type DemoDept, type DemoLevel, type DemoPart } from './tasks-2022.ts';
import { UPPER_LIST_2022, WORK_POINTS_2022, type DemoSourceDocument } from './sources-2022.ts';
import { ADDED_2023, EDITS_2023, LINKS_2023, REMOVED_2023, UPPER_LIST_2023, WORK_POINTS_2023 } from './changes-2023.ts';

export interface DemoListsResult {
  lists: number;
  tasks2022: number;
  tasks2023: number;
  sourceItems: number;
  links: number;
  snapshots: number;
  /** The issued 2022 list: the demo's work is distributed from it (demo/work/seed-work.ts). */
  issued: { id: number; year: number; issuedAt: Date };
}

type Trx = Transaction<Database>;
const LEVEL_ORDER: Record<DemoLevel, number> = { L1: 1, L2: 2, L3: 3 };

interface PlannedTask {
  part: number;
  section: string | null;
  level: DemoLevel;
  seq: number;
  code: string;
  content: string;
  requirements: string;
  frequency: Frequency;
  due: DueRule;
  evidence: string;
  reviewer: DemoDept;
  weight: number;
  sources: string[];
  originCode: string | null;
  edited: boolean;
}

const at = (s: string) => new Date(`${s}T09:00:00+08:00`);

/** Seq within part × level, in the order given. */
function withSeqs<T extends { part: number; level: DemoLevel }>(tasks: readonly T[]): (T & { seq: number })[] {
  const next = new Map<string, number>();
  return tasks.map((t) => {
    const k = `${t.part}|${t.level}`;
    const seq = (next.get(k) ?? 0) + 1;
    next.set(k, seq);
    return { ...t, seq };
  });
}

/** The list's own order (as load-list.ts officialTaskOrder): part → section → level → seq. */
const sectionRank = (t: { part: number; section: string | null }) => (t.section === null ? 0 : (PARTS_2022[t.part - 1]?.sections.indexOf(t.section) ?? -1) + 1);
const officialOrder = <T extends { part: number; section: string | null; level: DemoLevel; seq: number }>(a: T, b: T) =>
  a.part - b.part || sectionRank(a) - sectionRank(b) || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.seq - b.seq;

function findTask<T extends { content: string }>(tasks: readonly T[], prefix: string): T {
  const t = tasks.find((x) => x.content.startsWith(prefix));
  if (!t) throw new Error(`demo lists: no task starting with ${prefix}`);
  return t;
}

/** The 2022 plan: codes in the order the tasks were written, T2022-0001 … */
export function plan2022(): PlannedTask[] {
  return withSeqs(TASKS_2022).map((t, i) => ({ ...t, code: `T2022-${String(i + 1).padStart(4, '0')}`, originCode: null, edited: false }));
}

/**
 * The 2023 plan: the 2022 tasks in official order without the removed ones, codes renewed in that
 * order (as a copy makes them), edits applied; the added tasks after them, each at the end of its
 * part × level.
 */
export function plan2023(p2022: readonly PlannedTask[]): PlannedTask[] {
  const removed = new Set(REMOVED_2023.map((r) => findTask(p2022, r).code));
  const carried = [...p2022].sort(officialOrder).filter((t) => !removed.has(t.code));
  const edits = new Map(EDITS_2023.map((e) => [findTask(p2022, e.from).code, e]));
  let n = 0;
  const code = () => `T2023-${String(++n).padStart(4, '0')}`;
  const copied: Omit<PlannedTask, 'seq'>[] = carried.map((t) => {
    const e = edits.get(t.code);
    return {
      part: e?.part ?? t.part,
      section: e?.part !== undefined && e.part !== t.part ? null : t.section,
      level: t.level,
      code: code(),
      content: e?.content ?? t.content,
      requirements: e?.requirements ?? t.requirements,
      frequency: e?.frequency ?? t.frequency,
      due: e?.due ?? shiftDueRuleYears(t.due, 1),
      evidence: e?.evidence ?? t.evidence,
      reviewer: e?.reviewer ?? t.reviewer,
      weight: e?.weight ?? t.weight,
      sources: [],
      originCode: t.code,
      edited: e !== undefined,
    };
  });
  const added = ADDED_2023.map((t) => ({ ...t, code: code(), sources: [], originCode: null, edited: true }));
  // Seqs: the copied ones in official order (a task moved to another part after those already
  // there), the added ones after them in their part × level.
  const moved = new Set(EDITS_2023.filter((e) => e.part !== undefined).map((e) => findTask(p2022, e.from).code));
  const isMoved = (t: { originCode: string | null }) => t.originCode !== null && moved.has(t.originCode);
  const ordered = [...copied.filter((t) => !isMoved(t)), ...copied.filter(isMoved)];
  return withSeqs([...ordered, ...added]);
}

async function insertSources(trx: Trx, listId: number, docs: readonly DemoSourceDocument[], createdAt: Date): Promise<Map<string, number>> {
  const docRows = await trx
    .insertInto('source_documents')
    .values(docs.map((d) => ({ list_id: listId, kind: d.kind, title: d.title, doc_number: d.docNumber, created_at: createdAt })))
    .returning(['id', 'kind'])
    .execute();
  const docId = new Map(docRows.map((r) => [r.kind, r.id]));
  const parents = docs.flatMap((d) =>
    d.groups.map((g, gi) => ({ document_id: docId.get(d.kind) as number, parent_id: null, seq: gi + 1, label: g.label, text: g.text, involves_committee: g.involvesCommittee })),
  );
  const parentRows = await trx.insertInto('source_items').values(parents).returning(['id', 'document_id', 'seq']).execute();
  const keyOf = new Map<string, number>();
  const parentId = new Map(parentRows.map((r) => [`${r.document_id}|${r.seq}`, r.id]));
  const children = docs.flatMap((d) =>
    d.groups.flatMap((g, gi) => {
      const pid = parentId.get(`${docId.get(d.kind)}|${gi + 1}`) as number;
      keyOf.set(g.key, pid);
      return g.items.map((it, ii) => ({ document_id: docId.get(d.kind) as number, parent_id: pid, seq: ii + 1, label: it.label, text: it.text, involves_committee: g.involvesCommittee }));
    }),
  );
  const childRows = await trx.insertInto('source_items').values(children).returning(['id', 'parent_id', 'seq']).execute();
  const childId = new Map(childRows.map((r) => [`${r.parent_id}|${r.seq}`, r.id]));
  for (const d of docs) {
    for (const g of d.groups) {
      const pid = keyOf.get(g.key) as number;
      // Keys are per document kind: 'u…' upper list, 'w…' work points.
      g.items.forEach((it, ii) => keyOf.set(it.key, childId.get(`${pid}|${ii + 1}`) as number));
    }
  }
  return keyOf;
}

async function insertStructure(
  trx: Trx,
  listId: number,
  parts: readonly DemoPart[],
  tasks: readonly PlannedTask[],
  ctx: { dept: (k: DemoDept) => number; originId: (code: string) => number | null; createdAt: Date; editedAt: Date },
): Promise<Map<string, number>> {
  const partRows = await trx
    .insertInto('list_parts')
    .values(parts.map((p, i) => ({ list_id: listId, seq: i + 1, title: p.title, drafting_org_id: ctx.dept(p.drafter), created_at: ctx.createdAt, updated_at: ctx.createdAt })))
    .returning(['id', 'seq'])
    .execute();
  const partId = new Map(partRows.map((r) => [r.seq, r.id]));
  const sectionDefs = parts.flatMap((p, i) => p.sections.map((title, si) => ({ list_id: listId, part_id: partId.get(i + 1) as number, seq: si + 1, title })));
  const sectionRows = sectionDefs.length ? await trx.insertInto('list_sections').values(sectionDefs).returning(['id', 'part_id', 'title']).execute() : [];
  const sectionId = new Map(sectionRows.map((r) => [`${r.part_id}|${r.title}`, r.id]));
  const rows = tasks.map((t) => {
    const pid = partId.get(t.part) as number;
    return {
      list_id: listId,
      part_id: pid,
      section_id: t.section === null ? null : (sectionId.get(`${pid}|${t.section}`) ?? null),
      level_code: t.level,
      seq: t.seq,
      code: t.code,
      content: t.content,
      requirements: t.requirements,
      frequency: t.frequency,
      due_rule: JSON.stringify(t.due),
      evidence: t.evidence,
      reviewer_org_id: ctx.dept(t.reviewer),
      weight: t.weight,
      origin_task_id: t.originCode === null ? null : ctx.originId(t.originCode),
      version: t.edited && t.originCode !== null ? 2 : 1,
      created_at: ctx.createdAt,
      updated_at: t.edited ? ctx.editedAt : ctx.createdAt,
    };
  });
  const taskRows = await trx.insertInto('list_tasks').values(rows).returning(['id', 'code']).execute();
  return new Map(taskRows.map((r) => [r.code, r.id]));
}

async function insertLinks(trx: Trx, links: { taskId: number; itemId: number }[], createdAt: Date): Promise<number> {
  if (!links.length) return 0;
  await trx
    .insertInto('task_sources')
    .values(links.map((l) => ({ task_id: l.taskId, source_item_id: l.itemId, created_at: createdAt })))
    .execute();
  return links.length;
}

/** Seed the demo lists. Needs the committee's departments (组织部 owns the lists). */
export async function seedDemoLists(trx: Trx, ctx: { clock: Clock }): Promise<DemoListsResult> {
  void ctx.clock;
  const depts = await trx.selectFrom('orgs').select(['id', 'name']).where('kind', '=', 'department').execute();
  const deptIds = new Map<DemoDept, number>();
  for (const d of DEMO_DEPARTMENTS) {
    const row = depts.find((x) => x.name === d.name);
    if (row) deptIds.set(d.key, row.id);
  }
  const dept = (k: DemoDept): number => {
    const id = deptIds.get(k);
    if (id === undefined) throw new Error(`demo lists: no department ${k}`);
    return id;
  };
  const people = await trx
    .selectFrom('accounts as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.username', 'p.name'])
    .where('a.username', 'in', ['admin', 'zzb'])
    .execute();
  const actor = (u: string) => {
    const r = people.find((x) => x.username === u);
    return { actor_id: r?.id ?? null, actor_name: r?.name ?? '' };
  };

  // ---- 2022: issued ----
  const title2022 = '2022年省直机关党建工作责任清单';
  const created2022 = at('2022-01-10');
  const list22 = await trx
    .insertInto('responsibility_lists')
    .values({ year: 2022, title: title2022, status: 'draft', owner_org_id: dept('zzb'), created_at: created2022, updated_at: created2022 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const p22 = plan2022();
  const ids22 = await insertStructure(trx, list22.id, PARTS_2022, p22, { dept, originId: () => null, createdAt: created2022, editedAt: at('2022-02-28') });
  const keys22 = await insertSources(trx, list22.id, [UPPER_LIST_2022, WORK_POINTS_2022], at('2022-01-12'));
  const links22 = p22.flatMap((t) => t.sources.map((k) => ({ taskId: ids22.get(t.code) as number, itemId: keys22.get(k) as number })));
  let links = await insertLinks(trx, links22, at('2022-02-20'));

  const transition = async (from: string, to: string, label: string, when: Date, who: string, comment: string) => {
    const snapshotId = await saveSnapshot(trx, list22.id, label, when);
    await trx
      .insertInto('list_transitions')
      .values({ list_id: list22.id, from_status: from, to_status: to, ...actor(who), comment, snapshot_id: snapshotId, at: when })
      .execute();
  };
  await trx.updateTable('responsibility_lists').set({ status: 'inReview', version: 2, updated_at: at('2022-03-08') }).where('id', '=', list22.id).execute();
  await transition('draft', 'inReview', '送审稿', at('2022-03-08'), 'zzb', '已征求各部门和部分省直单位意见，按意见修改完善，提请工委审定。');
  await trx
    .insertInto('approval_meetings')
    .values({
      list_id: list22.id,
      meeting_date: '2022-03-15',
      meeting_name: '工委书记办公会',
      decision: 'approved',
      comments: '会议原则同意《2022年省直机关党建工作责任清单》，请组织部根据会议意见进一步修改完善后印发。',
      created_by: actor('admin').actor_id,
      created_at: at('2022-03-15'),
    })
    .execute();
  await trx.updateTable('responsibility_lists').set({ status: 'approved', version: 3, updated_at: at('2022-03-15') }).where('id', '=', list22.id).execute();
  await transition('inReview', 'approved', '审定稿', at('2022-03-15'), 'admin', '工委书记办公会审定通过');
  const issuedAt = at('2022-03-18');
  await trx
    .updateTable('responsibility_lists')
    .set({
      status: 'issued',
      doc_prefix: '鄂直工发',
      doc_seq: 2,
      doc_number: formatDocNumber('鄂直工发', 2022, 2),
      issue_date: '2022-03-18',
      notice_title: defaultNoticeTitle(title2022),
      co_issuer: '省委党建办',
      issued_at: issuedAt,
      version: 4,
      updated_at: issuedAt,
    })
    .where('id', '=', list22.id)
    .execute();
  await trx.updateTable('source_documents').set({ attached: true }).where('list_id', '=', list22.id).where('kind', '=', 'workPoints').execute();
  await transition('approved', 'issued', '印发稿', issuedAt, 'admin', '');

  // ---- 2023: a draft copied from 2022 ----
  const created2023 = at('2023-01-09');
  const list23 = await trx
    .insertInto('responsibility_lists')
    .values({ year: 2023, title: '2023年省直机关党建工作责任清单', status: 'draft', owner_org_id: dept('zzb'), copied_from_id: list22.id, version: 1, created_at: created2023, updated_at: at('2023-02-16') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const p23 = plan2023(p22);
  const ids23 = await insertStructure(trx, list23.id, PARTS_2022, p23, {
    dept,
    originId: (code) => ids22.get(code) ?? null,
    createdAt: created2023,
    editedAt: at('2023-02-16'),
  });
  const keys23 = await insertSources(trx, list23.id, [UPPER_LIST_2023, WORK_POINTS_2023], at('2023-01-12'));
  const links23 = LINKS_2023.flatMap(([prefix, keys]) => {
    const t = findTask(p23, prefix);
    return keys.map((k) => ({ taskId: ids23.get(t.code) as number, itemId: keys23.get(k) as number }));
  });
  links += await insertLinks(trx, links23, at('2023-02-16'));

  const items = [UPPER_LIST_2022, WORK_POINTS_2022, UPPER_LIST_2023, WORK_POINTS_2023].reduce((s, d) => s + d.groups.reduce((x, g) => x + 1 + g.items.length, 0), 0);
  return { lists: 2, tasks2022: p22.length, tasks2023: p23.length, sourceItems: items, links, snapshots: 3, issued: { id: list22.id, year: 2022, issuedAt } };
}
