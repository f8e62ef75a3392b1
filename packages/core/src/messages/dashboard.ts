import type { MessageTable } from './types.ts';

/** Messages of dashboard (docs/WORK.md). */
export const dashboardMessages: MessageTable = {
};
