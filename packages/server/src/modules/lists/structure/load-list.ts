/**
 * The whole structure of one list, as every sub-module reads it: the list, its parts (with the
 * drafting departments' names), sections, tasks with their official continuous numbers, and the
 * counts per part × level. The list's own order, which its numbering follows: part.seq → section
 * (tasks outside any section first, then the sections by seq) → level sort_order → task.seq (then
 * id) — a part divided into sections (五、党风廉政建设: 作风建设 / 纪律建设 / 反腐败斗争) gives each
 * section its three levels, as the issued document prints it. Withdrawn tasks keep their place in
 * `tasks` but get no number and are not counted.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dueRuleSchema, type DueRule, type ListHeader, type ListLevel, type ListPart, type ListSection, type ListTask } from '@qingdan/core';
import type { Database } from '../../../db/schema.ts';
import type { Db } from '../../../db/database.ts';

export interface ListStructure {
  list: ListHeader;
  parts: ListPart[];
  sections: ListSection[];
  /** In official order (numbered tasks and withdrawn ones in their places). */
  tasks: ListTask[];
  /** The responsibility levels, in order. */
  levels: ListLevel[];
  /** Tasks (not withdrawn) per part × level; every part × level pair is present, zeros included. */
  counts: { partId: number; levelCode: string; count: number }[];
  totals: { byLevel: { levelCode: string; count: number }[]; byPart: { partId: number; count: number }[]; all: number };
}

type K = Kysely<Database>;

const iso = (d: Date | string | null): string | null => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const isoDate = (d: Date | string | null): string | null => {
  if (d === null) return null;
  if (d instanceof Date) {
    const y = d.getFullYear();
    const m = String(d.getMonth() + 1).padStart(2, '0');
    const day = String(d.getDate()).padStart(2, '0');
    return `${y}-${m}-${day}`;
  }
  return String(d).slice(0, 10);
};

function parseDueRule(v: unknown): DueRule {
  const raw = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  const r = dueRuleSchema.safeParse(raw);
  return r.success ? r.data : { kind: 'yearEnd' };
}

/**
 * The list with everything in it, or null when there is no such list. Takes a Db or a Kysely /
 * transaction (inside a transaction pass the `trx`).
 */
/**
 * The list's own order of its tasks as SQL sort keys, over the aliases p (list_parts), s
 * (list_sections, left-joined), lv (responsibility_levels) and t (list_tasks). Numbers, documents
 * and the codes of a copied list all follow it.
 */
export function officialTaskOrder(): RawBuilder<unknown> {
  return sql`p.seq, p.id, coalesce(s.seq, 0), coalesce(s.id, 0), lv.sort_order, t.seq, t.id`;
}

export async function loadListStructure(db: Db | K, listId: number): Promise<ListStructure | null> {
  const k: K = 'kysely' in db ? db.kysely : db;
  const l = await k
    .selectFrom('responsibility_lists as l')
    .innerJoin('orgs as o', 'o.id', 'l.owner_org_id')
    .selectAll('l')
    .select('o.name as owner_org_name')
    .where('l.id', '=', listId)
    .executeTakeFirst();
  if (!l) return null;

  // One after another: inside a transaction (PGlite holds a single connection) nothing runs in parallel.
  const rev = await k.selectFrom('list_revisions').select('id').where('list_id', '=', listId).where('status', '=', 'open').orderBy('id', 'desc').executeTakeFirst();
  const levels = await k.selectFrom('responsibility_levels').select(['code', 'name', 'name_en', 'sort_order']).orderBy('sort_order').orderBy('code').execute();
  const parts = await k
    .selectFrom('list_parts as p')
    .leftJoin('orgs as o', 'o.id', 'p.drafting_org_id')
    .select(['p.id', 'p.seq', 'p.title', 'p.drafting_org_id', 'p.version', 'o.name as drafting_org_name'])
    .where('p.list_id', '=', listId)
    .orderBy('p.seq')
    .orderBy('p.id')
    .execute();
  const sections = await k.selectFrom('list_sections').select(['id', 'part_id', 'seq', 'title', 'version']).where('list_id', '=', listId).orderBy('seq').orderBy('id').execute();
  const tasks = await k
    .selectFrom('list_tasks as t')
    .innerJoin('list_parts as p', 'p.id', 't.part_id')
    .innerJoin('responsibility_levels as lv', 'lv.code', 't.level_code')
    .leftJoin('list_tasks as ot', 'ot.id', 't.origin_task_id')
    .leftJoin('orgs as ro', 'ro.id', 't.reviewer_org_id')
    .leftJoin('list_sections as s', 's.id', 't.section_id')
    .select([
      't.id', 't.code', 't.origin_task_id', 'ot.code as origin_code', 't.part_id', 'p.seq as part_seq', 't.section_id',
      't.level_code', 't.seq', 't.content', 't.requirements', 't.frequency', 't.due_rule', 't.evidence',
      't.reviewer_org_id', 'ro.name as reviewer_org_name', 't.weight', 't.withdrawn_at', 't.version',
    ])
    .where('t.list_id', '=', listId)
    .orderBy(officialTaskOrder())
    .execute();
  const links = await k
    .selectFrom('task_sources as ts')
    .innerJoin('list_tasks as t', 't.id', 'ts.task_id')
    .select(['ts.task_id', 'ts.source_item_id'])
    .where('t.list_id', '=', listId)
    .orderBy('ts.source_item_id')
    .execute();

  const sourcesOf = new Map<number, number[]>();
  for (const r of links) {
    const a = sourcesOf.get(r.task_id);
    if (a) a.push(r.source_item_id);
    else sourcesOf.set(r.task_id, [r.source_item_id]);
  }

  const count = new Map<string, number>();
  const key = (partId: number, level: string) => `${partId}:${level}`;
  let n = 0;
  const outTasks: ListTask[] = tasks.map((t) => {
    const withdrawn = t.withdrawn_at !== null;
    if (!withdrawn) {
      n += 1;
      count.set(key(t.part_id, t.level_code), (count.get(key(t.part_id, t.level_code)) ?? 0) + 1);
    }
    return {
      id: t.id,
      code: t.code,
      originTaskId: t.origin_task_id,
      originCode: t.origin_code,
      number: withdrawn ? null : n,
      partId: t.part_id,
      partSeq: t.part_seq,
      sectionId: t.section_id,
      levelCode: t.level_code,
      seq: t.seq,
      content: t.content,
      requirements: t.requirements,
      frequency: t.frequency,
      dueRule: parseDueRule(t.due_rule),
      evidence: t.evidence,
      reviewerOrgId: t.reviewer_org_id,
      reviewerOrgName: t.reviewer_org_name,
      weight: t.weight === null ? null : String(t.weight),
      withdrawnAt: iso(t.withdrawn_at),
      version: t.version,
      sourceItemIds: sourcesOf.get(t.id) ?? [],
    };
  });

  const counts: ListStructure['counts'] = [];
  for (const p of parts) for (const lv of levels) counts.push({ partId: p.id, levelCode: lv.code, count: count.get(key(p.id, lv.code)) ?? 0 });
  const totals: ListStructure['totals'] = {
    byLevel: levels.map((lv) => ({ levelCode: lv.code, count: counts.filter((c) => c.levelCode === lv.code).reduce((s, c) => s + c.count, 0) })),
    byPart: parts.map((p) => ({ partId: p.id, count: counts.filter((c) => c.partId === p.id).reduce((s, c) => s + c.count, 0) })),
    all: n,
  };

  return {
    list: {
      id: l.id,
      year: l.year,
      title: l.title,
      status: l.status,
      ownerOrgId: l.owner_org_id,
      ownerOrgName: l.owner_org_name,
      copiedFromId: l.copied_from_id,
      docPrefix: l.doc_prefix,
      docSeq: l.doc_seq,
      docNumber: l.doc_number,
      issueDate: isoDate(l.issue_date as Date | string | null),
      noticeTitle: l.notice_title,
      coIssuer: l.co_issuer,
      revision: l.revision,
      openRevisionId: rev?.id ?? null,
      version: l.version,
      createdAt: iso(l.created_at)!,
      updatedAt: iso(l.updated_at)!,
      issuedAt: iso(l.issued_at),
    },
    parts: parts.map((p) => ({
      id: p.id,
      seq: p.seq,
      title: p.title,
      draftingOrgId: p.drafting_org_id,
      draftingOrgName: p.drafting_org_name,
      version: p.version,
    })),
    sections: sections.map((s) => ({ id: s.id, partId: s.part_id, seq: s.seq, title: s.title, version: s.version })),
    tasks: outTasks,
    levels: levels.map((lv) => ({ code: lv.code, name: lv.name, nameEn: lv.name_en, sortOrder: lv.sort_order })),
    counts,
    totals,
  };
}
