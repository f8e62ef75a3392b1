/**
 * The work module's access targets: a unit's work — an assignment, a period, a record, its
 * evidence, a measure — belongs to the organisation whose work it is, and is reached when that
 * organisation's path lies in the route's scope. Evidence is also a file, visible with its work.
 */
import { sql } from 'kysely';
import { inScopeByPath, pathFilter, type TargetCheck } from '../../http/access.ts';
import type { FileAccessRule } from '../files/visibility.ts';

export const WORK_TARGET_KINDS = ['assignment', 'period', 'report', 'evidence', 'measure'] as const;
export type WorkTargetKind = (typeof WORK_TARGET_KINDS)[number];

declare module '../../http/access.ts' {
  interface TargetKinds {
    assignment: true;
    period: true;
    report: true;
    evidence: true;
    measure: true;
  }
}

export const workTargets = {
  assignment: inScopeByPath('SELECT o.path FROM assignments a JOIN orgs o ON o.id = a.org_id WHERE a.id = $1'),
  period: inScopeByPath('SELECT o.path FROM periods p JOIN orgs o ON o.id = p.org_id WHERE p.id = $1'),
  report: inScopeByPath('SELECT o.path FROM reports r JOIN orgs o ON o.id = r.org_id WHERE r.id = $1'),
  evidence: inScopeByPath(
    'SELECT o.path FROM evidence e JOIN reports r ON r.unit_id = e.unit_id AND r.id = e.report_id JOIN orgs o ON o.id = r.org_id WHERE e.id = $1',
  ),
  measure: inScopeByPath(
    'SELECT o.path FROM measures m JOIN assignments a ON a.unit_id = m.unit_id AND a.id = m.assignment_id JOIN orgs o ON o.id = a.org_id WHERE m.id = $1',
  ),
} satisfies Record<WorkTargetKind, TargetCheck>;

/** Evidence of a record (履责记实): visible with the work of its organisation (work.read). */
export const workEvidenceRule: FileAccessRule = {
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
