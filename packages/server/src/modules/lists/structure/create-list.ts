import type { CopyCounts } from '@qingdan/core';
import { sql, type RawBuilder } from 'kysely';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../http/errors.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import type { CurrentUser } from '../../auth/session.ts';
import { assertCanManageList } from '../policy.ts';
import { assertCommitteeOrg, auditPlace, type Trx } from './shared.ts';
import { officialTaskOrder } from './load-list.ts';

export interface CreateListInput {
  year: number;
  title: string;
  ownerOrgId: number;
  copyFromListId?: number | null | undefined;
}

function isYearViolation(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string };
  return err?.code === '23505' && (err.constraint === 'responsibility_lists_year_key' || /responsibility_lists_year_key/.test(err.message ?? ''));
}

/**
 * Ids for copies of a set of rows: one new id (from the table's own sequence) per old id, as a JSON
 * array of {o, n} that the copying INSERT … SELECT joins (one parameter, whatever the size).
 */
async function newIds(trx: Trx, table: string, from: RawBuilder<unknown>): Promise<{ json: string; count: number }> {
  const r = await sql<{ o: number; n: number }>`
    SELECT id AS o, nextval(pg_get_serial_sequence(${table}, 'id'))::int AS n FROM (${from}) src ORDER BY id`.execute(trx);
  return { json: JSON.stringify(r.rows), count: r.rows.length };
}

/**
 * Copy an earlier list's content into a new one, set-based: parts, sections, tasks (not the
 * withdrawn ones; each remembers the task it came from in origin_task_id and gets a new code in
 * the official order), source documents and items, and the task ↔ source links between them.
 */
async function copyContent(trx: Trx, fromId: number, toId: number, year: number, now: Date): Promise<CopyCounts> {
  const parts = await newIds(trx, 'list_parts', sql`SELECT id FROM list_parts WHERE list_id = ${fromId}`);
  await sql`
    INSERT INTO list_parts (id, list_id, seq, title, drafting_org_id, created_at, updated_at)
    SELECT m.n, ${toId}, p.seq, p.title, p.drafting_org_id, ${now}, ${now}
    FROM jsonb_to_recordset(${parts.json}::jsonb) AS m(o int, n int) JOIN list_parts p ON p.id = m.o`.execute(trx);

  const sections = await newIds(trx, 'list_sections', sql`SELECT id FROM list_sections WHERE list_id = ${fromId}`);
  await sql`
    INSERT INTO list_sections (id, list_id, part_id, seq, title)
    SELECT m.n, ${toId}, pm.n, s.seq, s.title
    FROM jsonb_to_recordset(${sections.json}::jsonb) AS m(o int, n int)
    JOIN list_sections s ON s.id = m.o
    JOIN jsonb_to_recordset(${parts.json}::jsonb) AS pm(o int, n int) ON pm.o = s.part_id`.execute(trx);

  const tasks = await newIds(trx, 'list_tasks', sql`SELECT id FROM list_tasks WHERE list_id = ${fromId} AND withdrawn_at IS NULL`);
  // New codes follow the earlier list's own order (load-list.ts officialTaskOrder).
  await sql`
    INSERT INTO list_tasks (id, list_id, part_id, section_id, level_code, seq, code, content, requirements, frequency,
                            due_rule, evidence, reviewer_org_id, weight, origin_task_id, created_at, updated_at)
    SELECT m.n, ${toId}, pm.n, sm.n, t.level_code, t.seq,
           ${`T${year}-`} || lpad((row_number() OVER (ORDER BY ${officialTaskOrder()}))::text, 4, '0'),
           t.content, t.requirements, t.frequency,
           -- a fixed date moves into the new year (core shiftDueRuleYears does the same)
           CASE WHEN t.due_rule->>'kind' = 'date'
                THEN jsonb_set(t.due_rule, '{date}', to_jsonb(to_char((t.due_rule->>'date')::date
                       + make_interval(years => ${year} - (SELECT year FROM responsibility_lists WHERE id = ${fromId})), 'YYYY-MM-DD')))
                ELSE t.due_rule END,
           t.evidence, t.reviewer_org_id, t.weight, t.id, ${now}, ${now}
    FROM jsonb_to_recordset(${tasks.json}::jsonb) AS m(o int, n int)
    JOIN list_tasks t ON t.id = m.o
    JOIN list_parts p ON p.id = t.part_id
    LEFT JOIN list_sections s ON s.id = t.section_id
    JOIN responsibility_levels lv ON lv.code = t.level_code
    JOIN jsonb_to_recordset(${parts.json}::jsonb) AS pm(o int, n int) ON pm.o = t.part_id
    LEFT JOIN jsonb_to_recordset(${sections.json}::jsonb) AS sm(o int, n int) ON sm.o = t.section_id`.execute(trx);

  const docs = await newIds(trx, 'source_documents', sql`SELECT id FROM source_documents WHERE list_id = ${fromId}`);
  await sql`
    INSERT INTO source_documents (id, list_id, kind, title, doc_number, created_at)
    SELECT m.n, ${toId}, d.kind, d.title, d.doc_number, ${now}
    FROM jsonb_to_recordset(${docs.json}::jsonb) AS m(o int, n int) JOIN source_documents d ON d.id = m.o`.execute(trx);

  const items = await newIds(
    trx,
    'source_items',
    sql`SELECT i.id FROM source_items i JOIN source_documents d ON d.id = i.document_id WHERE d.list_id = ${fromId}`,
  );
  // Parents are copied in the same statement: the foreign key is checked at its end.
  await sql`
    INSERT INTO source_items (id, document_id, parent_id, seq, label, text, involves_committee)
    SELECT m.n, dm.n, im.n, i.seq, i.label, i.text, i.involves_committee
    FROM jsonb_to_recordset(${items.json}::jsonb) AS m(o int, n int)
    JOIN source_items i ON i.id = m.o
    JOIN jsonb_to_recordset(${docs.json}::jsonb) AS dm(o int, n int) ON dm.o = i.document_id
    LEFT JOIN jsonb_to_recordset(${items.json}::jsonb) AS im(o int, n int) ON im.o = i.parent_id`.execute(trx);

  const links = await sql<{ n: number }>`
    WITH ins AS (
      INSERT INTO task_sources (task_id, source_item_id, created_at)
      SELECT tm.n, im.n, ${now}
      FROM task_sources ts
      JOIN jsonb_to_recordset(${tasks.json}::jsonb) AS tm(o int, n int) ON tm.o = ts.task_id
      JOIN jsonb_to_recordset(${items.json}::jsonb) AS im(o int, n int) ON im.o = ts.source_item_id
      RETURNING 1
    ) SELECT count(*)::int AS n FROM ins`.execute(trx);

  return {
    parts: parts.count,
    sections: sections.count,
    tasks: tasks.count,
    sourceDocuments: docs.count,
    sourceItems: items.count,
    taskSources: links.rows[0]?.n ?? 0,
  };
}

/** Create the list of a year, empty or as a copy of an earlier year's list. */
export async function createList(deps: Deps, actor: Actor, user: CurrentUser, input: CreateListInput): Promise<{ id: number; copied: CopyCounts | null }> {
  try {
    return await write(deps, actor, async ({ trx, now, audit }) => {
      await assertCommitteeOrg(trx, input.ownerOrgId, 'LIST_OWNER_INVALID');
      const taken = await trx.selectFrom('responsibility_lists').select('id').where('year', '=', input.year).executeTakeFirst();
      if (taken) throw new AppError(409, 'LIST_YEAR_TAKEN', { year: input.year });
      const copyFrom = input.copyFromListId ?? null;
      if (copyFrom !== null) {
        const src = await trx.selectFrom('responsibility_lists').select(['year']).where('id', '=', copyFrom).forShare().executeTakeFirst();
        if (!src || src.year >= input.year) throw new AppError(400, 'LIST_COPY_SOURCE_INVALID');
      }
      const row = await trx
        .insertInto('responsibility_lists')
        .values({ year: input.year, title: input.title, owner_org_id: input.ownerOrgId, copied_from_id: copyFrom, created_at: now, updated_at: now })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await assertCanManageList(trx, user, { id: row.id, year: input.year, status: 'draft', ownerOrgId: input.ownerOrgId, version: 1, openRevisionId: null });
      const copied = copyFrom === null ? null : await copyContent(trx, copyFrom, row.id, input.year, now);
      audit({
        action: 'list.create',
        entityType: 'list',
        entityId: row.id,
        ...(await auditPlace(trx, row.id)),
        after: { year: input.year, title: input.title, ownerOrgId: input.ownerOrgId, copiedFromId: copyFrom, copied },
      });
      return { id: row.id, copied };
    });
  } catch (e) {
    if (isYearViolation(e)) throw new AppError(409, 'LIST_YEAR_TAKEN', { year: input.year });
    throw e;
  }
}
