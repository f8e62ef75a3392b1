import { z } from 'zod';
import { countSchema, markedReadSchema, notificationsPageSchema, notificationsQuerySchema } from '@qingdan/core';
import type { App, Deps } from '../../deps.ts';
import { actorOf } from '../../http/actor.ts';
import { listNotifications, unreadCount } from './list-notifications.ts';
import { markAllRead, markRead } from './mark-read.ts';
import { runSweep } from './run-sweep.ts';
import { SWEEPS } from './sweeps.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
/**
 * 消息 (docs/WORK.md "Notifications"): the caller's own inbox, marking as read, and the reminder
 * sweep on demand. An inbox entry is only its own account's (target kind `notification`: another
 * account's id answers 404); every role holds work.read, so reading one's inbox needs no more.
 */
export async function notificationsRoutes(app: App, deps: Deps) {
  // The answer of a sweep: the date, the figures of every registered sweep, the total written.
  const sweepSchema = z.object({ today: z.string(), ...Object.assign({}, ...SWEEPS.map((s) => s.figures)), total: z.number().int() });
  app.get('/api/notifications', {
    config: { access: 'signedIn' },
    schema: {
      tags: ['notifications'],
      summary: '我的消息 The caller’s inbox, newest first, in the caller’s language',
      querystring: notificationsQuerySchema,
      response: { 200: notificationsPageSchema },
    },
  }, async (req) => listNotifications(deps, req.access.user.accountId, req.access.user.locale, req.query));

  app.get('/api/notifications/unread-count', {
    config: { access: 'signedIn' },
    schema: { tags: ['notifications'], summary: '未读消息数 Unread count', response: { 200: countSchema } },
  }, async (req) => ({ count: await unreadCount(deps, req.access.user.accountId) }));

  app.post('/api/notifications/:id/read', {
    config: { access: { permission: 'work.read', target: { kind: 'notification', in: 'params', field: 'id' } } },
    schema: {
      tags: ['notifications'],
      summary: '标记已读 Mark a notification as read',
      params: z.object({ id }),
      response: { 200: markedReadSchema },
    },
  }, async (req) => markRead(deps, req.access.user.accountId, req.params.id));

  app.post('/api/notifications/read-all', {
    config: { access: 'signedIn' },
    schema: { tags: ['notifications'], summary: '全部标记已读 Mark all as read', response: { 200: countSchema } },
  }, async (req) => markAllRead(deps, req.access.user.accountId));

  app.post('/api/notifications/sweep', {
    config: { access: { permission: 'work.manage' } },
    schema: { tags: ['notifications'], summary: '立即生成提醒 Run the reminders now', response: { 200: sweepSchema } },
  }, async (req) => runSweep(deps, actorOf(req)));
}
