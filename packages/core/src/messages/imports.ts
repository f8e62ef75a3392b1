import type { MessageTable } from './types.ts';

export const importMessages: MessageTable = {
};
