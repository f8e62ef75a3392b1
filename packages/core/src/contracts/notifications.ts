/**
 * The contract of the inbox (server `notifications`): request and response schemas once, the
 * types inferred from them, used by the routes, the use cases and the web's API client.
 */
import { z } from 'zod';
import { pageQuerySchema } from '../api.ts';
import { NOTIFICATION_KINDS } from '../work.ts';

const int = z.number().int();
const flag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/** GET /api/notifications. */
export const notificationsQuerySchema = pageQuerySchema.extend({ unread: flag.optional(), kind: z.enum(NOTIFICATION_KINDS).optional() });
export type NotificationsQuery = z.output<typeof notificationsQuerySchema>;

/** An inbox entry, its title and body in the reader's language. */
export const notificationSchema = z.object({
  id: int,
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  link: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationsPageSchema = z.object({ items: z.array(notificationSchema), total: int, unread: int });
export type NotificationsPage = z.infer<typeof notificationsPageSchema>;

/** GET /api/notifications/unread-count; POST /api/notifications/read-all answers how many it marked. */
export const countSchema = z.object({ count: int });
export type Count = z.infer<typeof countSchema>;

/** POST /api/notifications/:id/read. */
export const markedReadSchema = z.object({ id: int, readAt: z.string() });
export type MarkedRead = z.infer<typeof markedReadSchema>;
