import type { MessageTable } from './types.ts';

/** Messages of work-records (docs/WORK.md). */
export const workRecordsMessages: MessageTable = {
};
