/** The inbox endpoints (docs/WORK.md "Notifications") as the inbox page and the header's bell use them. */
import type { NotificationKind } from '@qingdan/core';
import { api, type Page } from '../../app/api.ts';

export interface Notification {
  id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationsQuery {
  page: number;
  pageSize: number;
  unread?: boolean;
}

export const notificationsApi = {
  notifications: (q: NotificationsQuery) => api.get<Page<Notification> & { unread: number }>('/api/notifications', { ...q }),
  unreadCount: () => api.get<{ count: number }>('/api/notifications/unread-count'),
  markRead: (id: number) => api.post<unknown>(`/api/notifications/${id}/read`, {}),
  markAllRead: () => api.post<unknown>('/api/notifications/read-all', {}),
};

export const UNREAD_KEY = ['notifications', 'unread'] as const;
