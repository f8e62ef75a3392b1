import type { MessageTable } from './types.ts';

/** Messages of notifications (docs/WORK.md). */
export const notificationsMessages: MessageTable = {
};
