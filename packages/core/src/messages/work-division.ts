import type { MessageTable } from './types.ts';

/** Messages of work-division (docs/WORK.md). */
export const workDivisionMessages: MessageTable = {
};
