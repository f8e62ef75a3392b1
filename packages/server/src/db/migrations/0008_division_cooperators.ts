/**
 * 一岗双责: a divided task has one lead (assignments.owner_person_id, 责任领导) and may have
 * cooperating leadership members (配合领导), in the order the unit lists them. People are never
 * deleted, only deactivated, so the ids stay resolvable; the division use cases check that each is
 * an active person of the assignment's unit when written.
 */
export const up = `
ALTER TABLE assignments ADD COLUMN cooperator_person_ids integer[] NOT NULL DEFAULT '{}';
`;
