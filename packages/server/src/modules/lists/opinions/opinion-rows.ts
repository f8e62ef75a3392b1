/** Shared pieces of the opinion use cases: shapes, loaders, the commenting organisation, target labels. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ListStatus, OpinionHandling } from '@qingdan/core';
import type { Database } from '../../../db/schema.ts';
import { AppError, notFound } from '../../../http/errors.ts';
import { chineseNumber, pathInScope } from '@qingdan/core';

export type K = Kysely<Database> | Transaction<Database>;
export type Scope = 'all' | readonly string[];

export type OpinionTargetType = 'list' | 'part' | 'task';

export interface RoundOrg {
  id: number;
  name: string;
  kind: string;
  path: string;
  /** Opinions of this organisation in the round (only counted when visible to the caller). */
  opinionCount: number;
}

export interface Round {
  id: number;
  listId: number;
  title: string;
  deadline: string;
  status: 'open' | 'closed';
  createdByName: string | null;
  createdAt: string;
  closedAt: string | null;
  pastDeadline: boolean;
  orgs: { id: number; name: string; kind: string; opinionCount: number }[];
  opinionCount: number;
  answeredCount: number;
  /** The organisation the caller would comment as, or null when the caller is not invited. */
  commentOrg: { id: number; name: string } | null;
}

export interface Opinion {
  id: number;
  roundId: number;
  listId: number;
  orgId: number;
  orgName: string;
  authorName: string | null;
  targetType: OpinionTargetType;
  targetId: number;
  targetLabel: string;
  content: string;
  handling: OpinionHandling | null;
  reply: string;
  repliedByName: string | null;
  repliedAt: string | null;
  createdAt: string;
}

export const iso = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();


/** Whether an opinion of an organisation at `orgPath` is visible in a scope: its own org or an org containing the scope. */
export function opinionVisible(scope: Scope, orgPath: string): boolean {
  return scope === 'all' || pathInScope(scope, orgPath) || scope.some((p) => p.startsWith(orgPath));
}

/** SQL condition for the same rule over a column of organisation paths. */
export function opinionVisibleSql(column: string, scope: Scope) {
  if (scope === 'all') return sql<boolean>`true`;
  if (scope.length === 0) return sql<boolean>`false`;
  const esc = (p: string) => p.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
  return sql<boolean>`(${sql.join(
    scope.map((p) => sql`(${sql.ref(column)} LIKE ${esc(p)} OR ${p} LIKE ${sql.ref(column)} || '%')`),
    sql` OR `,
  )})`;
}

export interface ListRow {
  id: number;
  title: string;
  year: number;
  status: ListStatus;
  version: number;
}

export async function loadList(k: K, listId: number, forUpdate = false): Promise<ListRow> {
  let q = k.selectFrom('responsibility_lists').select(['id', 'title', 'year', 'status', 'version']).where('id', '=', listId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export interface RoundRow {
  id: number;
  list_id: number;
  title: string;
  deadline: string;
  status: 'open' | 'closed';
  created_by: number | null;
  created_at: Date;
  closed_at: Date | null;
}

/** A round's row, the deadline as YYYY-MM-DD whatever the driver makes of dates. */
export async function loadRound(k: K, roundId: number, forUpdate = false): Promise<RoundRow> {
  const r = await sql<RoundRow>`
    SELECT id, list_id, title, to_char(deadline, 'YYYY-MM-DD') AS deadline, status, created_by, created_at, closed_at
    FROM opinion_rounds WHERE id = ${roundId} ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(k);
  const row = r.rows[0];
  if (!row) throw notFound();
  return row;
}

export interface InvitedOrg {
  id: number;
  name: string;
  kind: string;
  path: string;
}

export async function invitedOrgs(k: K, roundIds: readonly number[]): Promise<Map<number, InvitedOrg[]>> {
  const out = new Map<number, InvitedOrg[]>();
  if (roundIds.length === 0) return out;
  const rows = await k
    .selectFrom('opinion_round_orgs as ro')
    .innerJoin('orgs as o', 'o.id', 'ro.org_id')
    .select(['ro.round_id', 'o.id', 'o.name', 'o.kind', 'o.path'])
    .where('ro.round_id', 'in', [...roundIds])
    .orderBy('o.kind')
    .orderBy('o.sort_order')
    .orderBy('o.id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.round_id);
    const item = { id: r.id, name: r.name, kind: r.kind, path: r.path };
    if (list) list.push(item);
    else out.set(r.round_id, [item]);
  }
  return out;
}

/**
 * The invited organisation a user comments as: the invited organisation that contains one of the
 * user's lists.comment grant organisations (a department granted at itself, a unit administrator
 * at the unit, a leader inside it). The most specific one wins.
 */
export function commentingOrg(invited: readonly InvitedOrg[], grantPaths: readonly string[]): InvitedOrg | null {
  let best: InvitedOrg | null = null;
  for (const o of invited) {
    if (!grantPaths.some((g) => g.startsWith(o.path))) continue;
    if (!best || o.path.length > best.path.length) best = o;
  }
  return best;
}

export interface TargetLabels {
  part(id: number): string;
  task(id: number): string;
  label(type: OpinionTargetType, id: number): string;
}

/**
 * Labels of what opinions address: 全文, 第X部分 title, 第N项 content. Task numbers are the
 * official continuous numbers (part → level → seq; withdrawn tasks have none).
 */
export async function targetLabels(k: K, listId: number): Promise<TargetLabels> {
  const parts = await k.selectFrom('list_parts').select(['id', 'seq', 'title']).where('list_id', '=', listId).orderBy('seq').orderBy('id').execute();
  const tasks = await k
    .selectFrom('list_tasks as t')
    .innerJoin('list_parts as p', 'p.id', 't.part_id')
    .innerJoin('responsibility_levels as lv', 'lv.code', 't.level_code')
    .select(['t.id', 't.content', 't.withdrawn_at'])
    .where('t.list_id', '=', listId)
    .orderBy('p.seq')
    .orderBy('p.id')
    .orderBy('lv.sort_order')
    .orderBy('t.seq')
    .orderBy('t.id')
    .execute();
  const partLabel = new Map<number, string>();
  parts.forEach((p, i) => partLabel.set(p.id, `第${chineseNumber(i + 1)}部分 ${p.title}`));
  const taskLabel = new Map<number, string>();
  let n = 0;
  for (const t of tasks) {
    if (t.withdrawn_at === null) n += 1;
    taskLabel.set(t.id, t.withdrawn_at === null ? `第${n}项 ${t.content}` : `（已撤回）${t.content}`);
  }
  const part = (id: number) => partLabel.get(id) ?? '（已删除的部分）';
  const task = (id: number) => taskLabel.get(id) ?? '（已删除的任务）';
  return {
    part,
    task,
    label: (type, id) => (type === 'list' ? '全文' : type === 'part' ? part(id) : task(id)),
  };
}

/** Status checks shared by the writes. */
export function assertSoliciting(list: ListRow) {
  if (list.status !== 'draft' && list.status !== 'soliciting') throw new AppError(409, 'OPINION_LIST_NOT_DRAFT');
}
