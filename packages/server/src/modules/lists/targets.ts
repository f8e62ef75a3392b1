/**
 * The lists module's access targets: every entity of a responsibility list is reached with its
 * list. Committee-level scopes ('all') see every list; others an issued list, and a draft only
 * when an opinion round of it was opened to an organisation in their scope (the same rule as
 * structure/find-lists.ts). The minutes of an approval meeting are a file visible with its list.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { byId, idOf, pathFilter, type TargetCheck } from '../../http/access.ts';
import type { FileAccessRule } from '../files/visibility.ts';

export const LIST_TARGET_KINDS = [
  'list', 'listPart', 'listSection', 'listTask', 'sourceDocument', 'sourceItem', 'opinionRound', 'opinion', 'listSnapshot', 'listRevision',
] as const;
export type ListTargetKind = (typeof LIST_TARGET_KINDS)[number];

declare module '../../http/access.ts' {
  interface TargetKinds {
    list: true;
    listPart: true;
    listSection: true;
    listTask: true;
    sourceDocument: true;
    sourceItem: true;
    opinionRound: true;
    opinion: true;
    listSnapshot: true;
    listRevision: true;
  }
}

const LIST_ID_OF: Record<ListTargetKind, string> = {
  list: 'SELECT id AS list_id FROM responsibility_lists WHERE id = $1',
  listPart: 'SELECT list_id FROM list_parts WHERE id = $1',
  listSection: 'SELECT list_id FROM list_sections WHERE id = $1',
  listTask: 'SELECT list_id FROM list_tasks WHERE id = $1',
  sourceDocument: 'SELECT list_id FROM source_documents WHERE id = $1',
  sourceItem: 'SELECT d.list_id FROM source_items i JOIN source_documents d ON d.id = i.document_id WHERE i.id = $1',
  opinionRound: 'SELECT list_id FROM opinion_rounds WHERE id = $1',
  opinion: 'SELECT list_id FROM opinions WHERE id = $1',
  listSnapshot: 'SELECT list_id FROM list_snapshots WHERE id = $1',
  listRevision: 'SELECT list_id FROM list_revisions WHERE id = $1',
};

/** Whether a list is visible in a scope. */
export async function listVisibleIn(db: Db, scope: 'all' | readonly string[], listId: number): Promise<boolean> {
  const list = await db.kysely.selectFrom('responsibility_lists').select(['status']).where('id', '=', listId).executeTakeFirst();
  if (!list) return false;
  if (scope === 'all' || list.status === 'issued') return true;
  if (scope.length === 0) return false;
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM opinion_rounds r
    JOIN opinion_round_orgs ro ON ro.round_id = r.id
    JOIN orgs o ON o.id = ro.org_id
    WHERE r.list_id = ${listId} AND (${pathFilter('o.path', scope)} OR ${sql.join(
      scope.map((p) => sql`${p} LIKE o.path || '%'`),
      sql` OR `,
    )})`.execute(db.kysely);
  return (r.rows[0]?.n ?? 0) > 0;
}

/** The list an entity of a list belongs to, or null when there is no such entity. */
export async function listIdOf(db: Db, kind: ListTargetKind, id: unknown): Promise<number | null> {
  const n = idOf(id);
  if (n === null) return null;
  const r = await byId<{ list_id: number }>(LIST_ID_OF[kind], n).execute(db.kysely);
  return r.rows[0]?.list_id ?? null;
}

const withList = (kind: ListTargetKind): TargetCheck => async (db, access, value) => {
  const listId = await listIdOf(db, kind, value);
  return listId !== null && (await listVisibleIn(db, access.routeScope, listId));
};

export const listTargets = Object.fromEntries(LIST_TARGET_KINDS.map((k) => [k, withList(k)])) as Record<ListTargetKind, TargetCheck>;

/** Minutes of an approval meeting: visible with the list the meeting approved (lists.read). */
export const approvalMinutesRule: FileAccessRule = {
  name: 'approval meeting minutes',
  async visible(db, scopeOf, fileId) {
    const rows = await db.kysely.selectFrom('approval_meetings').select('list_id').distinct().where('minutes_file_id', '=', fileId).execute();
    const scope = scopeOf('lists.read');
    for (const r of rows) if (await listVisibleIn(db, scope, r.list_id)) return true;
    return false;
  },
};
