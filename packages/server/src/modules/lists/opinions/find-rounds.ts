/** Reading rounds and opinions. The committee sees everything; a unit sees its own rounds and opinions. */
import { sql } from 'kysely';
import { roleHas, type ListStatus } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { notFound } from '../../../http/errors.ts';
import type { CurrentUser } from '../../auth/session.ts';
import {
  commentingOrg, invitedOrgs, iso, loadList, loadRound, opinionVisible, opinionVisibleSql, targetLabels,
  type Opinion, type Round, type RoundRow, type Scope,
} from './opinion-rows.ts';
import { todayOf } from '../../../clock.ts';

export interface Viewer {
  scope: Scope;
  /** Organisation paths of the user's grants that carry lists.comment. */
  commentPaths: string[];
}

export function viewerOf(user: CurrentUser, scope: Scope): Viewer {
  return { scope, commentPaths: user.grants.filter((g) => roleHas(g.role, 'lists.comment')).map((g) => g.orgPath) };
}

async function toRounds(deps: Deps, viewer: Viewer, rows: RoundRow[]): Promise<Round[]> {
  const k = deps.db.kysely;
  const ids = rows.map((r) => r.id);
  const orgs = await invitedOrgs(k, ids);
  const counts = ids.length
    ? await k
        .selectFrom('opinions as op')
        .innerJoin('orgs as o', 'o.id', 'op.org_id')
        .select((eb) => [
          'op.round_id',
          'op.org_id',
          eb.fn.countAll<number>().as('n'),
          eb.fn.count<number>('op.handling').as('answered'),
        ])
        .where('op.round_id', 'in', ids)
        .where(opinionVisibleSql('o.path', viewer.scope))
        .groupBy(['op.round_id', 'op.org_id'])
        .execute()
    : [];
  const creators = await k
    .selectFrom('accounts as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.id', 'p.name'])
    .where('a.id', 'in', [0, ...rows.map((r) => r.created_by ?? 0)])
    .execute();
  const today = todayOf(deps.clock);
  return rows.map((r) => {
    const invited = orgs.get(r.id) ?? [];
    const mine = counts.filter((c) => c.round_id === r.id);
    const commentOrg = commentingOrg(invited, viewer.commentPaths);
    return {
      id: r.id,
      listId: r.list_id,
      title: r.title,
      deadline: r.deadline,
      status: r.status,
      createdByName: creators.find((c) => c.id === r.created_by)?.name ?? null,
      createdAt: iso(r.created_at)!,
      closedAt: iso(r.closed_at),
      pastDeadline: today > r.deadline,
      orgs: invited.map((o) => ({
        id: o.id,
        name: o.name,
        kind: o.kind,
        opinionCount: Number(mine.find((c) => c.org_id === o.id)?.n ?? 0),
      })),
      opinionCount: mine.reduce((s, c) => s + Number(c.n), 0),
      answeredCount: mine.reduce((s, c) => s + Number(c.answered), 0),
      commentOrg: commentOrg ? { id: commentOrg.id, name: commentOrg.name } : null,
    };
  });
}

const ROUND_SELECT = `id, list_id, title, to_char(deadline, 'YYYY-MM-DD') AS deadline, status, created_by, created_at, closed_at`;

/** The rounds of a list the viewer may see, newest first, with the list's status. */
export async function listRounds(
  deps: Deps,
  viewer: Viewer,
  listId: number,
  q: { page: number; pageSize: number },
): Promise<{ items: Round[]; total: number; list: { id: number; title: string; year: number; status: ListStatus } }> {
  const k = deps.db.kysely;
  const list = await loadList(k, listId);
  let rows = (await sql<RoundRow>`SELECT ${sql.raw(ROUND_SELECT)} FROM opinion_rounds WHERE list_id = ${listId} ORDER BY id DESC`.execute(k)).rows;
  if (viewer.scope !== 'all') {
    const orgs = await invitedOrgs(k, rows.map((r) => r.id));
    rows = rows.filter((r) => (orgs.get(r.id) ?? []).some((o) => opinionVisible(viewer.scope, o.path)));
  }
  const total = rows.length;
  const page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  return { items: await toRounds(deps, viewer, page), total, list };
}

/** One round with its organisations and the opinions the viewer may see. */
export async function getRound(
  deps: Deps,
  viewer: Viewer,
  roundId: number,
  q: { pending?: boolean | undefined } = {},
): Promise<Round & { opinions: Opinion[]; listStatus: ListStatus }> {
  const k = deps.db.kysely;
  const row = await loadRound(k, roundId);
  const list = await loadList(k, row.list_id);
  if (viewer.scope !== 'all') {
    const invited = (await invitedOrgs(k, [roundId])).get(roundId) ?? [];
    if (!invited.some((o) => opinionVisible(viewer.scope, o.path))) throw notFound();
  }
  const [round] = await toRounds(deps, viewer, [row]);
  let query = k
    .selectFrom('opinions as op')
    .innerJoin('orgs as o', 'o.id', 'op.org_id')
    .leftJoin('accounts as a', 'a.id', 'op.author_id')
    .leftJoin('people as ap', 'ap.id', 'a.person_id')
    .leftJoin('accounts as ra', 'ra.id', 'op.replied_by')
    .leftJoin('people as rp', 'rp.id', 'ra.person_id')
    .select([
      'op.id', 'op.round_id', 'op.list_id', 'op.org_id', 'o.name as org_name', 'ap.name as author_name', 'op.target_type',
      'op.target_id', 'op.content', 'op.handling', 'op.reply', 'rp.name as replied_by_name', 'op.replied_at', 'op.created_at',
    ])
    .where('op.round_id', '=', roundId)
    .where(opinionVisibleSql('o.path', viewer.scope));
  if (q.pending) query = query.where('op.handling', 'is', null);
  const rows = await query.orderBy('op.id').execute();
  const labels = await targetLabels(k, row.list_id);
  const opinions: Opinion[] = rows.map((r) => ({
    id: r.id,
    roundId: r.round_id,
    listId: r.list_id,
    orgId: r.org_id,
    orgName: r.org_name,
    authorName: r.author_name,
    targetType: r.target_type,
    targetId: r.target_id,
    targetLabel: labels.label(r.target_type, r.target_id),
    content: r.content,
    handling: r.handling,
    reply: r.reply,
    repliedByName: r.replied_by_name,
    repliedAt: iso(r.replied_at),
    createdAt: iso(r.created_at)!,
  }));
  return { ...round!, opinions, listStatus: list.status };
}
