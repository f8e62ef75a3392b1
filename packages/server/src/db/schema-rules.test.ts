import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb } from '../testing/test-db.ts';
import type { Db } from './database.ts';
import { checkSchemaRules, REFERENCE_TABLES } from './schema-rules.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db.close());

describe('Citus readiness of the schema', () => {
  it('holds on the migrated schema', async () => {
    expect(await checkSchemaRules(db)).toEqual([]);
  });

  it('declares only tables that exist, each with a reason', async () => {
    const r = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(db.kysely);
    const existing = new Set(r.rows.map((x) => x.table_name));
    for (const t of REFERENCE_TABLES) {
      expect(existing.has(t.table), t.table).toBe(true);
      expect(t.reason.length).toBeGreaterThan(10);
    }
  });

  it('reports the platform tables that carry unit_id when they are not declared as reference tables', async () => {
    const tables = new Set((await checkSchemaRules(db, [])).map((v) => v.table));
    // With nothing declared, the per-unit tables' references to accounts, orgs, files and lists
    // count as references to distributed tables, whose keys do not lead with unit_id.
    expect(tables).toEqual(new Set(['orgs', 'people', 'audit_log', 'assignments', 'reports', 'evidence', 'reviews', 'measures']));
  });

  it('reports a per-unit table whose keys do not lead with unit_id, and accepts one whose keys do', async () => {
    await db.execScript(`
      CREATE TABLE qd_rule_bad_parent (id integer PRIMARY KEY, unit_id integer NOT NULL REFERENCES orgs(id));
      CREATE TABLE qd_rule_bad_child (
        unit_id integer NOT NULL, id integer NOT NULL, parent_id integer NOT NULL,
        PRIMARY KEY (unit_id, id),
        CONSTRAINT qd_rule_bad_child_parent_fk FOREIGN KEY (parent_id) REFERENCES qd_rule_bad_parent(id)
      );
      CREATE TABLE qd_rule_no_key (unit_id integer NOT NULL, note text);
      CREATE TABLE qd_rule_good_parent (unit_id integer NOT NULL REFERENCES orgs(id), id integer NOT NULL, PRIMARY KEY (unit_id, id));
      CREATE TABLE qd_rule_good_child (
        unit_id integer NOT NULL REFERENCES orgs(id), id integer NOT NULL, parent_id integer NOT NULL,
        person_id integer REFERENCES people(id),
        PRIMARY KEY (unit_id, id),
        FOREIGN KEY (unit_id, parent_id) REFERENCES qd_rule_good_parent(unit_id, id)
      );
    `);
    try {
      const v = await checkSchemaRules(db);
      expect(v.map((x) => [x.table, x.rule, x.constraint])).toEqual([
        ['qd_rule_bad_child', 'foreignKey', 'qd_rule_bad_child_parent_fk'],
        ['qd_rule_bad_parent', 'primaryKey', 'qd_rule_bad_parent_pkey'],
        ['qd_rule_no_key', 'primaryKey', null],
      ]);
      expect(v[0]?.message).toContain('qd_rule_bad_parent');
    } finally {
      await db.execScript(
        'DROP TABLE qd_rule_good_child; DROP TABLE qd_rule_good_parent; DROP TABLE qd_rule_no_key; DROP TABLE qd_rule_bad_child; DROP TABLE qd_rule_bad_parent;',
      );
    }
    expect(await checkSchemaRules(db)).toEqual([]);
  });
});
