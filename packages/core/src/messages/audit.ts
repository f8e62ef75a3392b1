import type { MessageTable } from './types.ts';

export const auditMessages: MessageTable = {
};
