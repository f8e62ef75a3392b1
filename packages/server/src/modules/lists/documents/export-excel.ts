/** Export of a list in the import format (lossless), and the empty template. */
import { FREQUENCIES, FREQUENCY_LABELS, LIST_STATUS_LABELS } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { notFound } from '../../../http/errors.ts';
import { loadListStructure, type ListStructure } from '../structure/load-list.ts';
import { dueRuleCell, frequencyText } from './due-text.ts';
import { writeListWorkbook, type Cell, type WorkbookData } from './excel-format.ts';

/** A weight as the workbook shows it: 5, 2.5, 0.25 (numeric(6,2) without trailing zeros). */
export function weightCell(w: string | null): number | null {
  if (w === null || w === '') return null;
  const n = Number(w);
  return Number.isFinite(n) ? n : null;
}

async function levelNames(deps: Deps): Promise<string[]> {
  const rows = await deps.db.kysely.selectFrom('responsibility_levels').select('name').orderBy('sort_order').orderBy('code').execute();
  return rows.map((r) => r.name);
}

const FREQUENCY_NAMES = FREQUENCIES.map((f) => FREQUENCY_LABELS[f].zh);

/** The rows of every sheet for one list. */
export async function listWorkbookData(deps: Deps, s: ListStructure): Promise<WorkbookData> {
  const k = deps.db.kysely;
  const orgIds = new Set<number>();
  for (const p of s.parts) if (p.draftingOrgId !== null) orgIds.add(p.draftingOrgId);
  for (const t of s.tasks) if (t.reviewerOrgId !== null) orgIds.add(t.reviewerOrgId);
  const orgs = orgIds.size ? await k.selectFrom('orgs').select(['id', 'code', 'name']).where('id', 'in', [...orgIds]).execute() : [];
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const levelName = new Map(s.levels.map((l) => [l.code, l.name]));
  const partSeq = new Map(s.parts.map((p, i) => [p.id, i + 1]));
  // A task names its section by title; by “#序号 标题” where a title repeats within its part.
  const sectionRef = new Map<number, string>();
  for (const p of s.parts) {
    const inPart = s.sections.filter((x) => x.partId === p.id).sort((a, b) => a.seq - b.seq || a.id - b.id);
    inPart.forEach((x, i) => {
      const repeated = inPart.filter((y) => y.title === x.title).length > 1;
      sectionRef.set(x.id, repeated ? `#${i + 1} ${x.title}` : x.title);
    });
  }
  const parts: Cell[][] = s.parts.map((p, i) => {
    const org = p.draftingOrgId === null ? undefined : orgById.get(p.draftingOrgId);
    return [i + 1, p.title, org?.code ?? '', org?.name ?? ''];
  });
  const sections: Cell[][] = [];
  for (const p of s.parts) {
    s.sections
      .filter((x) => x.partId === p.id)
      .sort((a, b) => a.seq - b.seq || a.id - b.id)
      .forEach((x, i) => sections.push([partSeq.get(p.id) ?? 0, i + 1, x.title]));
  }
  // 顺序 as the workbook numbers it: 1, 2, 3 within part × level by the stored order (the import
  // gives it back); the rows come in the list's own order, where sections split a part × level.
  const live = s.tasks.filter((t) => t.withdrawnAt === null);
  const seqOf = new Map<number, number>();
  const seqIn = new Map<string, number>();
  for (const t of [...live].sort((a, b) => a.seq - b.seq || a.id - b.id)) {
    const key = `${t.partId}:${t.levelCode}`;
    seqIn.set(key, (seqIn.get(key) ?? 0) + 1);
    seqOf.set(t.id, seqIn.get(key) as number);
  }
  const tasks: Cell[][] = live
    .map((t) => {
      const seq = seqOf.get(t.id) as number;
      const reviewer = t.reviewerOrgId === null ? undefined : orgById.get(t.reviewerOrgId);
      return [
        t.code,
        partSeq.get(t.partId) ?? 0,
        t.sectionId === null ? '' : (sectionRef.get(t.sectionId) ?? ''),
        levelName.get(t.levelCode) ?? t.levelCode,
        seq,
        t.content,
        t.requirements,
        frequencyText(t.frequency),
        dueRuleCell(t.dueRule),
        t.evidence,
        reviewer?.code ?? '',
        weightCell(t.weight),
        t.sourceItemIds.join('；'),
      ];
    });

  const items = await k
    .selectFrom('source_items as i')
    .innerJoin('source_documents as d', 'd.id', 'i.document_id')
    .select(['i.id', 'i.label', 'i.text', 'd.title', 'd.kind'])
    .where('d.list_id', '=', s.list.id)
    .orderBy('d.id')
    .orderBy('i.parent_id', (ob) => ob.asc().nullsFirst())
    .orderBy('i.seq')
    .orderBy('i.id')
    .execute();
  const sources: Cell[][] = items.map((i) => [i.id, i.title, i.label, i.text]);

  return {
    list: { title: s.list.title, year: s.list.year, status: LIST_STATUS_LABELS[s.list.status].zh, docNumber: s.list.docNumber ?? '' },
    parts,
    sections,
    tasks,
    sources,
  };
}

export async function exportListWorkbook(deps: Deps, listId: number): Promise<{ fileName: string; data: Buffer }> {
  const s = await loadListStructure(deps.db, listId);
  if (!s) throw notFound();
  const data = await writeListWorkbook(await listWorkbookData(deps, s), await levelNames(deps), FREQUENCY_NAMES);
  return { fileName: `${s.list.title}.xlsx`, data };
}

/** An empty list with one example part and two example tasks. */
export async function templateListWorkbook(deps: Deps): Promise<Buffer> {
  const levels = await levelNames(deps);
  const dept = await deps.db.kysely.selectFrom('orgs').select(['code', 'name']).where('kind', '=', 'department').where('active', '=', true).orderBy('sort_order').orderBy('id').executeTakeFirst();
  const data: WorkbookData = {
    list: { title: '（示例）××××年省直机关党建工作责任清单', year: deps.clock.now().getFullYear(), status: '起草中', docNumber: '' },
    parts: [[1, '落实机关党建主体责任（示例，导入前请替换）', dept?.code ?? '', dept?.name ?? '']],
    sections: [],
    tasks: [
      ['', 1, '', levels[0] ?? 'L1', 1, '专题研究机关党建工作（示例）', '每半年至少专题研究 1 次', '每半年', '期末后0日', '会议纪要', '', null, ''],
      ['', 1, '', levels[2] ?? 'L3', 1, '按期召开支部党员大会（示例）', '每季度至少召开 1 次', '每季度', '期末后15日', '会议记录', '', null, ''],
    ],
    sources: [],
  };
  return writeListWorkbook(data, levels, FREQUENCY_NAMES);
}
