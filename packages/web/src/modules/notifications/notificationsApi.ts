/** The inbox endpoints (docs/WORK.md "Notifications") as the inbox page and the header's bell use them. */
import type { Count, MarkedRead, Notification, NotificationsPage, NotificationsQuery } from '@qingdan/core';
import { api } from '../../app/api.ts';

// The inbox's types are the server's contract (core contracts/notifications.ts).
export type { Notification, NotificationsQuery };

export const notificationsApi = {
  notifications: (q: NotificationsQuery) => api.get<NotificationsPage>('/api/notifications', { ...q }),
  unreadCount: () => api.get<Count>('/api/notifications/unread-count'),
  markRead: (id: number) => api.post<MarkedRead>(`/api/notifications/${id}/read`, {}),
  markAllRead: () => api.post<Count>('/api/notifications/read-all', {}),
};

export const UNREAD_KEY = ['notifications', 'unread'] as const;
