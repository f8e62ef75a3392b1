/**
 * Import use cases: preview (read, validate, store the batch) and apply (re-validate against the
 * current data and write everything set-based in one transaction, or nothing).
 */
import crypto from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { t, type ImportApplied, type ImportKind, type ImportPreview, type ImportRowError, type Locale } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import {
  analyseOrgs,
  analysePeople,
  computeTree,
  loadGrants,
  loadLevels,
  loadOrgs,
  loadPeople,
  type Change,
  type OrgAnalysis,
  type PeopleAnalysis,
  type RowError,
  type Scope,
  type Summary,
} from './analyse.ts';
import { packRows, readWorkbook, unpackRows, type PackedRows, type RawRow } from './format.ts';
import { unpackedLimit, withImportSlot } from './limits.ts';
import { scopePath, uploadEntry } from './upload-audit.ts';

export interface ImportScopes {
  /** Where the importer may write the rows (org.write or people.write scope). */
  scope: Scope;
  /** Where the importer may create accounts and grant roles (accounts.write scope). */
  accountScope: Scope;
  locale: Locale;
}

export const MAX_ERRORS_SHOWN = 1000;
export const MAX_CHANGES_SHOWN = 200;
/** The unusable password hash of imported accounts: no password verifies against it. */
export const DISABLED_PASSWORD = '!disabled';
const IMPORT_LOCK = 704214;
/** Keep every statement well below PostgreSQL's 65,535 bind parameters. */
const MAX_PARAMS = 30_000;

export function renderErrors(errors: RowError[], locale: Locale, limit = MAX_ERRORS_SHOWN): ImportRowError[] {
  return errors.slice(0, limit).map((e) => ({ row: e.row, column: e.column, message: t(e.code, locale, e.params ?? {}) }));
}

/** Up to 200 rows for the preview: changed rows first, then unchanged ones, shown in file order. */
function changesShown(changes: Change[]): Change[] {
  const changed = changes.filter((c) => c.action !== 'unchanged');
  const picked = changed.length >= MAX_CHANGES_SHOWN ? changed.slice(0, MAX_CHANGES_SHOWN) : [...changed, ...changes.filter((c) => c.action === 'unchanged').slice(0, MAX_CHANGES_SHOWN - changed.length)];
  return picked.sort((a, b) => a.row - b.row);
}

async function analyse(k: Kysely<Database>, kind: ImportKind, rows: RawRow[], s: ImportScopes): Promise<OrgAnalysis | PeopleAnalysis> {
  if (kind === 'orgs') {
    const [orgs, levels] = await Promise.all([loadOrgs(k), loadLevels(k)]);
    return analyseOrgs(rows, orgs, levels, s.scope);
  }
  const orgs = await loadOrgs(k);
  const people = await loadPeople(k);
  const grants = await loadGrants(k);
  return analysePeople(rows, orgs, people, grants, s.scope, s.accountScope);
}

/**
 * Read an uploaded workbook (in a parse slot, within the kind's unpack limit: limits.ts), validate
 * every row, store the batch with its `import.upload` audit entry and answer the preview. A refusal
 * is recorded by the caller (upload-audit.ts auditUpload).
 */
export async function previewImport(
  deps: Deps,
  actor: Actor,
  input: { kind: ImportKind; fileName: string; data: Buffer } & ImportScopes,
): Promise<ImportPreview> {
  const limit = unpackedLimit(deps.config, input.kind);
  const read = await withImportSlot(deps, () => readWorkbook(input.kind, input.data, limit));
  if (!read.ok) throw new AppError(read.status ?? 400, read.code, read.params ?? {});
  const a = await analyse(deps.db.kysely, input.kind, read.rows, input);
  const batchId = crypto.randomUUID();
  const fileName = input.fileName.slice(0, 200) || `${input.kind}.xlsx`;
  await write(deps, actor, async ({ trx, now, audit }) => {
    await trx
      .insertInto('import_batches')
      .values({
        id: batchId,
        kind: input.kind,
        account_id: actor.accountId,
        file_name: fileName,
        status: 'previewed',
        summary: JSON.stringify(a.summary),
        rows: JSON.stringify(packRows(read.rows)),
        created_at: now,
      })
      .execute();
    const upload = { kind: input.kind, entityType: 'importBatch', entityId: batchId, orgPath: await scopePath(trx, input.scope), fileName, size: input.data.length };
    audit(uploadEntry(upload, { outcome: 'previewed', rows: read.rows.length, errors: a.errors.length, inflatedBytes: read.inflatedBytes }));
  });
  return {
    batchId,
    kind: input.kind,
    fileName,
    errors: renderErrors(a.errors, input.locale),
    errorTotal: a.errors.length,
    summary: a.summary,
    changes: changesShown(a.changes),
    canApply: a.errors.length === 0,
  };
}

class StaleError extends Error {
  constructor(readonly errors: RowError[]) {
    super('IMPORT_STALE');
  }
}

function chunks<T>(items: T[], paramsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / paramsPerRow));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function writeOrgs(trx: Transaction<Database>, a: OrgAnalysis, now: Date): Promise<void> {
  const writes = new Set(a.writes);
  const creates = a.writes.filter((c) => !a.nodes.get(c)?.existing);
  if (creates.length > 0) {
    const ids = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('orgs', 'id'))::int AS id FROM generate_series(1, ${creates.length}::int)`.execute(trx);
    creates.forEach((code, i) => {
      (a.nodes.get(code) as { id: number }).id = (ids.rows[i] as { id: number }).id;
    });
  }
  const { pos } = computeTree(a.nodes);
  const rows = a.writes
    .map((code) => {
      const n = a.nodes.get(code);
      const p = pos.get(code);
      if (!n || !p) throw new Error(`import: no position for ${code}`);
      return {
        id: n.id,
        parent_id: n.parentCode === null ? null : (a.nodes.get(n.parentCode)?.id ?? null),
        unit_id: p.unitId,
        kind: n.kind,
        level_code: n.levelCode,
        name: n.name,
        short_name: n.shortName,
        code: n.code,
        sort_order: n.sortOrder,
        active: n.active,
        path: p.path,
        depth: p.depth,
        created_at: now,
        updated_at: now,
        deactivated_at: n.active ? null : now,
      };
    })
    .sort((x, y) => x.depth - y.depth);
  for (const chunk of chunks(rows, 15)) {
    await trx
      .insertInto('orgs')
      .values(chunk)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          parent_id: eb.ref('excluded.parent_id'),
          unit_id: eb.ref('excluded.unit_id'),
          level_code: eb.ref('excluded.level_code'),
          name: eb.ref('excluded.name'),
          short_name: eb.ref('excluded.short_name'),
          sort_order: eb.ref('excluded.sort_order'),
          active: eb.ref('excluded.active'),
          path: eb.ref('excluded.path'),
          depth: eb.ref('excluded.depth'),
          deactivated_at: sql`CASE WHEN excluded.active THEN NULL WHEN orgs.active THEN excluded.deactivated_at ELSE orgs.deactivated_at END`,
          version: sql`orgs.version + 1`,
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  // Descendants of moved organisations that are not in the file: new paths, set-based.
  const moved: { id: number; path: string; depth: number; unitId: number | null }[] = [];
  for (const n of a.nodes.values()) {
    if (!n.existing || writes.has(n.code)) continue;
    const p = pos.get(n.code);
    if (p && (p.path !== n.existing.path || p.depth !== n.existing.depth || p.unitId !== n.existing.unitId)) {
      moved.push({ id: n.id, path: p.path, depth: p.depth, unitId: p.unitId });
    }
  }
  for (const chunk of chunks(moved, 4)) {
    const values = sql.join(chunk.map((m) => sql`(${m.id}::int, ${m.path}::text, ${m.depth}::int, ${m.unitId}::int)`));
    await sql`UPDATE orgs SET path = v.path, depth = v.depth, unit_id = v.unit_id, updated_at = ${now}
      FROM (VALUES ${values}) AS v(id, path, depth, unit_id) WHERE orgs.id = v.id`.execute(trx);
  }
  const pathsChanged = moved.length > 0 || a.writes.some((c) => {
    const n = a.nodes.get(c);
    return n?.existing && (n.existing.path !== pos.get(c)?.path || n.existing.unitId !== pos.get(c)?.unitId);
  });
  if (pathsChanged) {
    await sql`UPDATE people SET org_path = o.path, unit_id = o.unit_id FROM orgs o
      WHERE people.org_id = o.id AND (people.org_path <> o.path OR people.unit_id IS DISTINCT FROM o.unit_id)`.execute(trx);
  }
}

async function writePeople(trx: Transaction<Database>, a: PeopleAnalysis, now: Date): Promise<number> {
  const idOf = new Map<string, number>();
  for (const p of a.plans) if (p.existing) idOf.set(p.code, p.existing.id);
  const rows = a.plans
    .filter((p) => p.write)
    .map((p) => ({
      code: p.code,
      name: p.name,
      post: p.post,
      org_id: p.org.id,
      org_path: p.org.path,
      unit_id: p.org.unitId,
      phone: p.phone,
      sort_order: p.sortOrder,
      active: p.active,
      created_at: now,
      updated_at: now,
    }));
  for (const chunk of chunks(rows, 11)) {
    const inserted = await trx
      .insertInto('people')
      .values(chunk)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          post: eb.ref('excluded.post'),
          org_id: eb.ref('excluded.org_id'),
          org_path: eb.ref('excluded.org_path'),
          unit_id: eb.ref('excluded.unit_id'),
          phone: eb.ref('excluded.phone'),
          sort_order: eb.ref('excluded.sort_order'),
          active: eb.ref('excluded.active'),
          version: sql`people.version + 1`,
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returning(['id', 'code'])
      .execute();
    for (const r of inserted) idOf.set(r.code, r.id);
  }
  const accounts = a.plans
    .filter((p) => p.newUsername)
    .map((p) => ({
      person_id: idOf.get(p.code) as number,
      username: p.newUsername as string,
      password_hash: DISABLED_PASSWORD,
      must_change_password: true,
      created_at: now,
      updated_at: now,
    }));
  for (const chunk of chunks(accounts, 6)) await trx.insertInto('accounts').values(chunk).execute();
  const regranted = a.plans.filter((p) => p.grants);
  const personIds = regranted.map((p) => idOf.get(p.code) as number);
  for (const chunk of chunks(personIds, 1)) await trx.deleteFrom('role_grants').where('person_id', 'in', chunk).execute();
  const grants = regranted.flatMap((p) => (p.grants ?? []).map((g) => ({ person_id: idOf.get(p.code) as number, role: g.role, org_id: g.orgId, created_at: now })));
  for (const chunk of chunks(grants, 4)) await trx.insertInto('role_grants').values(chunk).execute();
  return accounts.length;
}

async function markFailed(deps: Deps, batchId: string, reason: string): Promise<void> {
  await deps.db.kysely
    .updateTable('import_batches')
    .set({ status: 'failed', summary: sql`summary || ${JSON.stringify({ failure: reason })}::jsonb` })
    .where('id', '=', batchId)
    .where('status', '=', 'previewed')
    .execute();
}

/** Apply a previewed batch: all rows or none, re-validated against the data as it is now. */
export async function applyImport(deps: Deps, actor: Actor, input: { batchId: string } & ImportScopes): Promise<ImportApplied> {
  try {
    return await write(deps, actor, async ({ trx, now, audit }) => {
      await sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
      const batch = await trx
        .selectFrom('import_batches')
        .select(['id', 'kind', 'status', 'summary', 'rows', 'file_name', 'account_id'])
        .where('id', '=', input.batchId)
        .forUpdate()
        .executeTakeFirst();
      if (!batch || batch.account_id !== actor.accountId) throw new AppError(404, 'NOT_FOUND');
      if (batch.status === 'applied') throw new AppError(409, 'IMPORT_ALREADY_APPLIED');
      if (batch.status === 'failed') throw new AppError(409, 'IMPORT_BATCH_FAILED');
      const stored = (typeof batch.summary === 'string' ? JSON.parse(batch.summary) : batch.summary) as Summary;
      if (stored.errors > 0) throw new AppError(400, 'IMPORT_HAS_ERRORS', { count: stored.errors });
      const rows = unpackRows((typeof batch.rows === 'string' ? JSON.parse(batch.rows) : batch.rows) as PackedRows);
      const a = await analyse(trx, batch.kind, rows, input);
      if (a.errors.length > 0) throw new StaleError(a.errors);
      let accountsCreated = 0;
      if (a.kind === 'orgs') await writeOrgs(trx, a, now);
      else accountsCreated = await writePeople(trx, a, now);
      const summary: Summary = { ...a.summary };
      const root = await trx.selectFrom('orgs').select('path').where('parent_id', 'is', null).executeTakeFirst();
      audit({
        action: `import.${batch.kind}`,
        entityType: 'importBatch',
        entityId: batch.id,
        orgPath: input.scope === 'all' ? (root?.path ?? '/') : (input.scope[0] ?? '/'),
        after: { fileName: batch.file_name, ...summary },
      });
      await trx
        .updateTable('import_batches')
        .set({ status: 'applied', applied_at: now, summary: JSON.stringify(summary) })
        .where('id', '=', batch.id)
        .execute();
      return {
        batchId: batch.id,
        kind: batch.kind,
        summary,
        accountsCreated,
        notice: accountsCreated > 0 ? t('IMPORT_ACCOUNTS_DISABLED', input.locale, { count: accountsCreated }) : null,
      };
    });
  } catch (e) {
    if (e instanceof StaleError) {
      await markFailed(deps, input.batchId, 'IMPORT_STALE');
      throw new AppError(
        409,
        'IMPORT_STALE',
        { count: e.errors.length },
        e.errors.slice(0, 100).map((x) => ({ path: `${x.row}:${x.column}`, reason: x.code, params: x.params ?? {} })),
      );
    }
    if (e instanceof AppError) throw e;
    await markFailed(deps, input.batchId, e instanceof Error ? e.message.slice(0, 500) : String(e));
    throw e;
  }
}
