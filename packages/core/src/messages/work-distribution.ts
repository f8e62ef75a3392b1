import type { MessageTable } from './types.ts';

/** Messages of work-distribution (docs/WORK.md). */
export const workDistributionMessages: MessageTable = {
};
