/**
 * Notifications rendered in the reader's language: a notification written since carries its kind
 * and `params` (names, dates, counts — never text of one language), and the inbox renders its
 * title and body with the core message tables when it is read. Rows written before keep the
 * Chinese `title` and `body` they were stored with and are shown as they are.
 */
export const up = `
ALTER TABLE notifications ADD COLUMN params jsonb;
`;
