/**
 * The list as an official document (GB/T 9704 style), one model for Word and PDF:
 * red masthead (the committee's name + 文件), the document number — or 征求意见稿 / 送审稿 for a
 * list not yet issued — the red rule, the notice title, addressees, body, issuer and date; then the
 * list: its title and, per part, a heading (一、…) and a table grouped by responsibility level.
 */
import { chineseNumber, defaultNoticeTitle, type ListStatus } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { notFound } from '../../../http/errors.ts';
import { loadListStructure, type ListStructure } from '../structure/load-list.ts';
import { dueRuleText } from './due-text.ts';

export interface DocRow {
  number: number;
  content: string;
  requirements: string;
  due: string;
  evidence: string;
}
export interface DocGroup {
  /** The section this group opens (作风建设), printed above its level; null inside the same section or outside any. */
  section: string | null;
  /** 党组（党委） */
  level: string;
  rows: DocRow[];
}

export interface DocPart {
  /** 一、落实机关党建主体责任 */
  heading: string;
  groups: DocGroup[];
}

export interface OfficialDocument {
  /** 中共湖北省委直属机关工作委员会文件 */
  masthead: string;
  /** 鄂直工发〔2022〕2号, or 征求意见稿 / 送审稿 */
  docLine: string;
  draft: boolean;
  noticeTitle: string;
  addressees: string;
  body: string[];
  /** Issuing organisations, one per line. */
  issuers: string[];
  /** 2022年3月1日, or blank blanks for a draft. */
  date: string;
  listTitle: string;
  parts: DocPart[];
  taskCount: number;
  /** The work points issued with the list (附件2), items in reading order. */
  attachment: { title: string; items: { label: string; text: string; depth: number }[] } | null;
  /** The file name without extension. */
  fileBase: string;
}

export const COLUMNS = ['序号', '工作任务', '工作要求', '完成时限', '佐证材料'] as const;
/** Relative column widths (sum 100). */
export const COLUMN_WIDTHS = [8, 30, 34, 13, 15] as const;

/** Half-width parentheses to full-width, as official documents print them. */
export const fullWidth = (s: string) => s.replace(/\(/g, '（').replace(/\)/g, '）');

export function draftMark(status: ListStatus): string | null {
  if (status === 'draft' || status === 'soliciting') return '征求意见稿';
  if (status === 'inReview' || status === 'approved') return '送审稿';
  return null;
}

/** 2022-03-01 → 2022年3月1日 */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function buildOfficialDocument(s: ListStructure, committeeName: string, attachment: OfficialDocument['attachment'] = null): OfficialDocument {
  const { list } = s;
  const mark = draftMark(list.status);
  const issued = mark === null;
  const levelName = new Map(s.levels.map((l) => [l.code, fullWidth(l.name)]));
  const sectionTitle = new Map(s.sections.map((x) => [x.id, x.title]));
  const tasks = s.tasks.filter((t) => t.number !== null);
  // The tasks come in the list's own order (part → section → level → seq): a group is a run of
  // one section × level; a section's title opens its first group.
  const parts: DocPart[] = s.parts.map((p, i) => {
    const groups: DocGroup[] = [];
    let prev: (typeof tasks)[number] | null = null;
    let group: DocGroup | null = null;
    for (const t of tasks) {
      if (t.partId !== p.id) continue;
      const opens = t.sectionId !== null && t.sectionId !== prev?.sectionId;
      if (group === null || prev === null || t.sectionId !== prev.sectionId || t.levelCode !== prev.levelCode) {
        group = { section: opens ? (sectionTitle.get(t.sectionId as number) ?? '') : null, level: levelName.get(t.levelCode) ?? t.levelCode, rows: [] };
        groups.push(group);
      }
      group.rows.push({ number: t.number as number, content: t.content, requirements: t.requirements, due: dueRuleText(t.frequency, t.dueRule), evidence: t.evidence });
      prev = t;
    }
    return { heading: `${chineseNumber(i + 1)}、${p.title}`, groups };
  });
  const issuers = [committeeName, ...(list.coIssuer ? [list.coIssuer] : [])];
  return {
    masthead: `${committeeName}文件`,
    docLine: issued && list.docNumber ? list.docNumber : (mark ?? ''),
    draft: !issued,
    noticeTitle: list.noticeTitle || defaultNoticeTitle(list.title),
    addressees: '省直各单位党组（党委）、机关党委：',
    body: [
      attachment
        ? `现将《${list.title}》连同《${attachment.title}》一并印发给你们，请结合实际，认真抓好贯彻落实。`
        : `现将《${list.title}》印发给你们，请结合实际，认真抓好贯彻落实。`,
      `清单共${chineseNumber(s.parts.length)}个部分、${tasks.length}项工作任务，按${s.levels.map((l) => fullWidth(l.name)).join('、')}等层级明确工作任务、工作要求、完成时限和佐证材料。各单位要对照清单逐项抓好落实，确保责任到人、按期完成。`,
    ],
    issuers,
    date: issued && list.issueDate ? chineseDate(list.issueDate) : '年　月　日',
    listTitle: list.title,
    parts,
    taskCount: tasks.length,
    attachment,
    fileBase: issued ? `${list.docNumber ?? ''}${list.docNumber ? ' ' : ''}${list.title}` : `${list.title}（${mark}）`,
  };
}

/** The committee's name: the root organisation. */
export async function committeeName(deps: Deps): Promise<string> {
  const root = await deps.db.kysely.selectFrom('orgs').select('name').where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
  return root?.name ?? '中共湖北省委直属机关工作委员会';
}

export async function loadOfficialDocument(deps: Deps, listId: number): Promise<OfficialDocument> {
  const s = await loadListStructure(deps.db, listId);
  if (!s) throw notFound();
  return buildOfficialDocument(s, await committeeName(deps), await loadAttachment(deps, listId));
}

/** The work-points document attached at issue, its items in tree order (chapter, then its items). */
async function loadAttachment(deps: Deps, listId: number): Promise<OfficialDocument['attachment']> {
  const k = deps.db.kysely;
  const docRow = await k.selectFrom('source_documents').select(['id', 'title']).where('list_id', '=', listId).where('attached', '=', true).orderBy('id').executeTakeFirst();
  if (!docRow) return null;
  const rows = await k.selectFrom('source_items').select(['id', 'parent_id', 'seq', 'label', 'text']).where('document_id', '=', docRow.id).execute();
  const children = new Map<number | null, typeof rows>();
  for (const r of rows) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]);
  const items: { label: string; text: string; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const r of (children.get(parent) ?? []).sort((a, b) => a.seq - b.seq || a.id - b.id)) {
      items.push({ label: r.label, text: r.text, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return { title: docRow.title.replace(/^《|》$/g, ''), items };
}
