/**
 * Who may download a stored file. A file is never public by itself: it is visible when it is
 * attached to something the caller may see. Each kind of attachment is one rule below; a later
 * module (evidence of task work, …) adds its rule to FILE_ACCESS_RULES. The access guard
 * (http/access.ts, target kind 'file') calls `fileVisibleTo`.
 */
import { sql } from 'kysely';
import type { Permission } from '@qingdan/core';
import type { Db } from '../../db/database.ts';
import { listVisibleIn, pathFilter } from '../../http/access.ts';

export type ScopeOf = (permission: Permission) => 'all' | string[];

export interface FileAccessRule {
  /** What the file is attached to, for readers of the code. */
  name: string;
  /** Whether the caller (their scope per permission) may see something file `fileId` is attached to. */
  visible(db: Db, scopeOf: ScopeOf, fileId: number): Promise<boolean>;
}

/** Minutes of an approval meeting: visible with the list the meeting approved (lists.read). */
const approvalMinutes: FileAccessRule = {
  name: 'approval meeting minutes',
  async visible(db, scopeOf, fileId) {
    const rows = await db.kysely
      .selectFrom('approval_meetings')
      .select('list_id')
      .distinct()
      .where('minutes_file_id', '=', fileId)
      .execute();
    const scope = scopeOf('lists.read');
    for (const r of rows) if (await listVisibleIn(db, scope, r.list_id)) return true;
    return false;
  },
};

/** Evidence of a record (履责记实): visible with the work of its organisation (work.read). */
const workEvidence: FileAccessRule = {
  name: 'evidence of a record',
  async visible(db, scopeOf, fileId) {
    const scope = scopeOf('work.read');
    if (scope !== 'all' && scope.length === 0) return false;
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM evidence e
      JOIN reports r ON r.unit_id = e.unit_id AND r.id = e.report_id
      JOIN orgs o ON o.id = r.org_id
      WHERE e.file_id = ${fileId} AND ${pathFilter('o.path', scope)}`.execute(db.kysely);
    return (r.rows[0]?.n ?? 0) > 0;
  },
};

/** Extension point: add a rule for each new kind of attachment. */
export const FILE_ACCESS_RULES: FileAccessRule[] = [approvalMinutes, workEvidence];

/** Whether file `id` exists and the caller may download it. */
export async function fileVisibleTo(db: Db, scopeOf: ScopeOf, id: unknown): Promise<boolean> {
  const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d{1,9}$/.test(id) ? Number(id) : NaN;
  if (!Number.isInteger(n) || n <= 0 || n >= 2 ** 31) return false;
  for (const rule of FILE_ACCESS_RULES) if (await rule.visible(db, scopeOf, n)) return true;
  return false;
}
