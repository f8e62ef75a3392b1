/**
 * Citus readiness, checked on the live schema. Reference tables (replicated to every node) are
 * declared below; every other table that carries `unit_id` belongs to one unit and will be
 * distributed by it, so its primary key must lead with `unit_id`, and so must every foreign key to
 * another distributed table (co-location: a unit's rows and the rows they point at share a node).
 */
import { sql } from 'kysely';
import type { Db } from './database.ts';

/** Tables replicated to every node, each with the reason it is not per-unit. */
export const REFERENCE_TABLES: readonly { table: string; reason: string }[] = [
  { table: 'orgs', reason: 'the organisation tree spans units and is read by every scope check' },
  { table: 'people', reason: 'people move between units and are joined by accounts and grants everywhere' },
  { table: 'accounts', reason: 'sign-in looks accounts up by username across all units' },
  { table: 'role_grants', reason: 'a grant may sit on the committee or a department, outside any unit' },
  { table: 'sessions', reason: 'looked up by token on every request, before any unit is known' },
  { table: 'import_batches', reason: 'one workbook may touch many units' },
  { table: 'settings', reason: 'installation-wide key/value settings' },
  { table: 'audit_log', reason: 'one global hash chain; unit_id there is a filter, not an owner' },
  { table: 'responsibility_levels', reason: 'small shared code list' },
  { table: 'schema_migrations', reason: 'migration bookkeeping of the whole database' },
  { table: 'files', reason: 'content-addressed file store; per-unit evidence links to it by its own unit-keyed table' },
  { table: 'responsibility_lists', reason: 'one list per year, issued to every unit' },
  { table: 'list_parts', reason: 'part of the committee list' },
  { table: 'list_sections', reason: 'part of the committee list' },
  { table: 'list_tasks', reason: 'part of the committee list; per-unit assignments point at it' },
  { table: 'source_documents', reason: 'upper-level list and work points of the committee' },
  { table: 'source_items', reason: 'items of the committee’s source documents' },
  { table: 'task_sources', reason: 'links between committee tasks and source items' },
  { table: 'coverage_waivers', reason: 'the committee’s decisions on its own list' },
  { table: 'opinion_rounds', reason: 'rounds of the committee’s drafting' },
  { table: 'opinion_round_orgs', reason: 'who a round is open to' },
  { table: 'opinions', reason: 'opinions on the committee list (few, read together)' },
  { table: 'list_snapshots', reason: 'versions of the committee list' },
  { table: 'list_transitions', reason: 'history of the committee list' },
  { table: 'approval_meetings', reason: 'the committee’s approval record' },
  { table: 'list_revisions', reason: 'revisions of the issued committee list' },
];

export interface SchemaViolation {
  table: string;
  rule: 'primaryKey' | 'foreignKey';
  /** Constraint name, when there is one. */
  constraint: string | null;
  message: string;
}

interface ConstraintRow {
  table_name: string;
  contype: 'p' | 'f';
  conname: string;
  cols: string[];
  ref_table: string | null;
  ref_cols: string[] | null;
}

/**
 * Check the rules on the tables of the current schema. Returns every violation (empty: the schema
 * is ready to be distributed by `unit_id`).
 */
export async function checkSchemaRules(db: Db, referenceTables: readonly string[] = REFERENCE_TABLES.map((t) => t.table)): Promise<SchemaViolation[]> {
  const reference = new Set(referenceTables);
  const tables = await sql<{ table_name: string }>`
    SELECT c.relname AS table_name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'unit_id' AND NOT a.attisdropped
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
    ORDER BY c.relname`.execute(db.kysely);
  const constraints = await sql<ConstraintRow>`
    SELECT c.relname AS table_name, k.contype::text AS contype, k.conname,
           ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(n, i)
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS cols,
           r.relname AS ref_table,
           CASE WHEN k.contype = 'f' THEN
             ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS u(n, i)
                   JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)
           END AS ref_cols
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class r ON r.oid = k.confrelid
    WHERE n.nspname = current_schema() AND k.contype IN ('p', 'f')
    ORDER BY c.relname, k.conname`.execute(db.kysely);

  const violations: SchemaViolation[] = [];
  for (const { table_name: table } of tables.rows) {
    if (reference.has(table)) continue;
    const own = constraints.rows.filter((k) => k.table_name === table);
    const pk = own.find((k) => k.contype === 'p');
    if (!pk) {
      violations.push({ table, rule: 'primaryKey', constraint: null, message: `${table}: per-unit table without a primary key (it must start with unit_id)` });
    } else if (pk.cols[0] !== 'unit_id') {
      violations.push({ table, rule: 'primaryKey', constraint: pk.conname, message: `${table}: primary key (${pk.cols.join(', ')}) does not start with unit_id` });
    }
    for (const fk of own.filter((k) => k.contype === 'f')) {
      if (fk.ref_table === null || reference.has(fk.ref_table)) continue;
      const refCols = fk.ref_cols ?? [];
      if (fk.cols[0] !== 'unit_id' || refCols[0] !== 'unit_id') {
        violations.push({
          table,
          rule: 'foreignKey',
          constraint: fk.conname,
          message: `${table}: foreign key ${fk.conname} (${fk.cols.join(', ')}) → ${fk.ref_table} (${refCols.join(', ')}) does not start with unit_id on both sides`,
        });
      }
    }
  }
  return violations;
}
