import { sql } from 'kysely';
import { renderNotification, type Locale, type NotificationKind, type NotificationParams, type NotificationsPage, type NotificationsQuery } from '@qingdan/core';
import type { Deps } from '../../deps.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * A stored notification's title and body in `locale`: rendered from its kind and params, or — a row
 * written before notifications carried params — the text it was stored with.
 */
export function notificationText(
  row: { kind: NotificationKind; title: string; body: string; params: unknown },
  locale: Locale,
): { title: string; body: string } {
  const params = typeof row.params === 'string' ? (JSON.parse(row.params) as unknown) : row.params;
  if (params === null || typeof params !== 'object') return { title: row.title, body: row.body };
  return renderNotification(row.kind, params as NotificationParams, locale);
}

/** The caller's own inbox, newest first, in the caller's language. */
export async function listNotifications(
  deps: Deps,
  accountId: number,
  locale: Locale,
  query: NotificationsQuery,
): Promise<NotificationsPage> {
  const db = deps.db.kysely;
  let q = db.selectFrom('notifications').where('account_id', '=', accountId);
  if (query.unread !== undefined) q = q.where('read_at', query.unread ? 'is' : 'is not', null);
  if (query.kind) q = q.where('kind', '=', query.kind);
  const counts = await q
    .select([sql<number>`count(*)::int`.as('total')])
    .executeTakeFirstOrThrow();
  const rows = await q
    .select(['id', 'kind', 'title', 'body', 'params', 'link', 'created_at', 'read_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    items: rows.map((r) => ({ id: r.id, kind: r.kind, ...notificationText(r, locale), link: r.link, createdAt: iso(r.created_at) as string, readAt: iso(r.read_at) })),
    total: counts.total,
    unread: await unreadCount(deps, accountId),
  };
}

/** How many of the caller's notifications are unread. */
export async function unreadCount(deps: Deps, accountId: number): Promise<number> {
  const r = await deps.db.kysely
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return r.n;
}
