/**
 * Logical backup and restore, independent of where the database lives (PGlite or PostgreSQL):
 * a gzipped JSON-lines file —
 *   {"type":"header","format":"qingdan-backup","version":1,"createdAt":…,"migrations":[…],"tables":[…]}
 *   {"t":"<table>","r":[…values in the header's column order…]}   (every row, tables in FK order)
 *   {"type":"end","counts":{"<table>":n,…}}
 * Rows are read in primary-key order with keyset pagination inside one REPEATABLE READ
 * transaction (a consistent snapshot). Restore needs an empty, migrated database, writes
 * everything in one transaction (a bad or truncated file writes nothing) and then moves the
 * identity sequences past the restored ids. Sign-in sessions are never restored: after a restore
 * everyone signs in again (a session the source had already ended cannot come back).
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { once } from 'node:events';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { SYSTEM_ACTOR, type Actor } from '../audit/record.ts';
import { write as writeAudited } from '../../write.ts';

export const BACKUP_FORMAT = 'qingdan-backup';
export const BACKUP_VERSION = 1;
const PARAM_LIMIT = 60_000; // PostgreSQL allows 65,535 bind parameters per statement
const READ_BATCH = 2_000;

/** Tables whose rows the migrations themselves insert (reference data): restore replaces them. */
export const MIGRATION_DATA_TABLES: readonly string[] = ['responsibility_levels'];
/** Tables whose rows a restore reads (and checks) but does not write: sign-in sessions. */
export const NOT_RESTORED_TABLES: readonly string[] = ['sessions'];
/** Bookkeeping of the schema itself: described in the header, never copied as rows. */
const SKIPPED_TABLES = new Set(['schema_migrations']);
/** Types carried as native JSON values; everything else travels as PostgreSQL's text form. */
const NATIVE_TYPES = new Set(['bool', 'int2', 'int4', 'text', 'varchar', 'bpchar']);

type Q = Kysely<Database> | Transaction<Database>;

export class BackupError extends Error {}

export interface ColumnInfo {
  name: string;
  /** format_type(), e.g. "timestamp with time zone", "jsonb", "text[]". */
  type: string;
  native: boolean;
}
export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  identityAlways: boolean;
  /** Single-column foreign keys to the table itself (e.g. orgs.parent_id). */
  selfRefs: string[];
}
interface Header {
  type: 'header';
  format: string;
  version: number;
  createdAt: string;
  database: string;
  migrations: string[];
  tables: TableInfo[];
}

/** Multi-row INSERTs, chunked below PostgreSQL's bind-parameter limit. */
export async function insertChunked<T extends keyof Database & string>(q: Q, table: T, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0] as object).length || 1;
  const size = Math.max(1, Math.floor(PARAM_LIMIT / cols));
  for (let i = 0; i < rows.length; i += size) {
    await q.insertInto(table).values(rows.slice(i, i + size) as never).execute();
  }
}

/**
 * Move every identity / serial sequence of the given tables (default: all) past the largest id, so
 * the next generated id follows the rows written with explicit ids.
 */
export async function resetIdentitySequences(q: Q, tables?: readonly string[]): Promise<void> {
  const r = await sql<{ tbl: string; col: string; seq: string }>`
    SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`.execute(q);
  for (const row of r.rows) {
    if (tables && !tables.includes(row.tbl)) continue;
    await sql`SELECT setval(${row.seq}::regclass, coalesce((SELECT max(${sql.ref(row.col)}) FROM ${sql.table(row.tbl)}), 0) + 1, false)`.execute(q);
  }
}

/** The schema's tables with their columns and keys, parents before children. */
export async function describeTables(q: Q): Promise<TableInfo[]> {
  const cols = await sql<{ tbl: string; col: string; type: string; typname: string; identity: string; generated: string }>`
    SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type, t.typname,
           a.attidentity::text AS identity, a.attgenerated::text AS generated
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`.execute(q);
  const keys = await sql<{ tbl: string; ref: string | null; kind: string; cols: string[]; n: number }>`
    SELECT c.relname AS tbl, rc.relname AS ref, con.contype::text AS kind,
           array_agg(a.attname::text ORDER BY k.ord) AS cols, count(*)::int AS n
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = c.relnamespace
    LEFT JOIN pg_class rc ON rc.oid = con.confrelid
    CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
    WHERE ns.nspname = current_schema() AND con.contype IN ('p', 'f')
    GROUP BY con.oid, c.relname, rc.relname, con.contype`.execute(q);
  const tables = new Map<string, TableInfo>();
  for (const c of cols.rows) {
    if (SKIPPED_TABLES.has(c.tbl)) continue;
    let t = tables.get(c.tbl);
    if (!t) tables.set(c.tbl, (t = { name: c.tbl, columns: [], primaryKey: [], identityAlways: false, selfRefs: [] }));
    if (c.generated !== '') continue; // generated columns are recomputed, never written
    if (c.identity === 'a') t.identityAlways = true;
    t.columns.push({ name: c.col, type: c.type, native: NATIVE_TYPES.has(c.typname) });
  }
  const deps = new Map<string, Set<string>>([...tables.keys()].map((k) => [k, new Set<string>()]));
  for (const k of keys.rows) {
    const t = tables.get(k.tbl);
    if (!t) continue;
    const kcols = Array.isArray(k.cols) ? k.cols : parsePgArray(String(k.cols));
    if (k.kind === 'p') t.primaryKey = kcols;
    else if (k.ref === k.tbl) {
      if (kcols.length === 1) t.selfRefs.push(kcols[0] as string);
    } else if (k.ref && tables.has(k.ref)) deps.get(k.tbl)?.add(k.ref);
  }
  // Topological order (alphabetical among equals, so the order is stable).
  const order: TableInfo[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (done.has(name)) return;
    if (visiting.has(name)) throw new BackupError(`表之间存在循环外键，无法确定顺序 Cyclic foreign keys at ${name}`);
    visiting.add(name);
    for (const d of [...(deps.get(name) ?? [])].sort()) visit(d);
    visiting.delete(name);
    done.add(name);
    order.push(tables.get(name) as TableInfo);
  };
  for (const name of [...tables.keys()].sort()) visit(name);
  return order;
}

function parsePgArray(s: string): string[] {
  return s.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((x) => x.replace(/^"|"$/g, ''));
}

function selectExpr(c: ColumnInfo): RawBuilder<unknown> {
  return c.native ? sql.ref(c.name) : sql`${sql.ref(c.name)}::text`;
}

/** Read one table's rows in primary-key order, `batch` rows at a time, values in column order. */
export async function* readTableRows(q: Q, t: TableInfo, batch = READ_BATCH): AsyncGenerator<unknown[][]> {
  const list = sql.join(t.columns.map((c) => sql`${selectExpr(c)} AS ${sql.ref(c.name)}`));
  const pk = t.primaryKey.length > 0 ? t.primaryKey : t.columns.map((c) => c.name);
  const pkCols = pk.map((name) => t.columns.find((c) => c.name === name) as ColumnInfo);
  const orderBy = sql.join(pkCols.map((c) => sql.ref(c.name)));
  const colIndex = pkCols.map((c) => t.columns.indexOf(c));
  let last: unknown[] | null = null;
  for (;;) {
    // Keyset pagination: strictly after the last key seen (a table without a primary key is
    // ordered by all its columns; such tables are expected to be small).
    const where: RawBuilder<unknown> = last === null
      ? sql`true`
      : sql`(${orderBy}) > (${sql.join(pkCols.map((c, i) => (c.native ? sql`${last?.[i]}` : sql`${last?.[i]}::text::${sql.raw(c.type)}`)))})`;
    const r = await sql<Record<string, unknown>>`SELECT ${list} FROM ${sql.table(t.name)} WHERE ${where} ORDER BY ${orderBy} LIMIT ${batch}`.execute(q);
    if (r.rows.length === 0) return;
    const rows = r.rows.map((row) => t.columns.map((c) => row[c.name] ?? null));
    yield rows;
    const tail = rows[rows.length - 1] as unknown[];
    last = colIndex.map((i) => tail[i]);
    if (r.rows.length < batch) return;
  }
}

async function appliedMigrations(q: Q): Promise<string[]> {
  const r = await q.selectFrom('schema_migrations').select('id').orderBy('id').execute();
  return r.map((x) => x.id);
}

/** Write a backup of the whole database to `file` (atomically: a temporary file, then renamed). */
export async function createBackup(deps: Pick<Deps, 'db' | 'clock'>, file: string, actor?: Actor): Promise<{ tables: number; rows: number; counts: Record<string, number> }> {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  const gzip = zlib.createGzip({ level: 6 });
  const out = fs.createWriteStream(tmp);
  const piped = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  const write = async (obj: unknown) => {
    if (!gzip.write(JSON.stringify(obj) + '\n')) await once(gzip, 'drain');
  };
  const counts: Record<string, number> = {};
  try {
    await deps.db.kysely.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
      const tables = await describeTables(trx);
      const header: Header = {
        type: 'header',
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: deps.clock.now().toISOString(),
        database: deps.db.kind,
        migrations: await appliedMigrations(trx),
        tables,
      };
      await write(header);
      for (const t of tables) {
        let n = 0;
        for await (const rows of readTableRows(trx, t)) {
          for (const r of rows) await write({ t: t.name, r });
          n += rows.length;
        }
        counts[t.name] = n;
      }
      await write({ type: 'end', counts });
    });
    gzip.end();
    await piped;
    fs.renameSync(tmp, file);
  } catch (e) {
    gzip.destroy();
    out.destroy();
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  const rows = Object.values(counts).reduce((s, n) => s + n, 0);
  if (actor) {
    await writeAudited(deps, actor, async ({ audit }) => audit({ action: 'system.backup', entityType: 'system', entityId: 'backup', after: { file: path.basename(file), rows, counts } }));
  }
  return { tables: Object.keys(counts).length, rows, counts };
}

/** Tables (other than migration reference data) that hold rows; empty list = empty database. */
export async function nonEmptyTables(q: Q): Promise<string[]> {
  const tables = await describeTables(q);
  const out: string[] = [];
  for (const t of tables) {
    if (MIGRATION_DATA_TABLES.includes(t.name)) continue;
    const r = await sql<{ x: number }>`SELECT 1 AS x FROM ${sql.table(t.name)} LIMIT 1`.execute(q);
    if (r.rows.length > 0) out.push(t.name);
  }
  return out;
}

function valueExpr(c: ColumnInfo, v: unknown): RawBuilder<unknown> {
  if (v === null) return sql`NULL`;
  if (c.native) return sql`${v}`;
  return sql`${String(v)}::text::${sql.raw(c.type)}`;
}

/**
 * Restore `file` into an empty, migrated database. Everything happens in one transaction: a file
 * that is not a backup, is truncated or does not fit the schema leaves the database untouched.
 * The sessions in the file are dropped (NOT_RESTORED_TABLES): everyone signs in again.
 * `counts` and `rows` count the rows written; `sessionsDropped` the sessions left out.
 */
export async function restoreBackup(
  deps: Pick<Deps, 'db' | 'clock'>,
  file: string,
  actor?: Actor,
): Promise<{ tables: number; rows: number; counts: Record<string, number>; sessionsDropped: number }> {
  if (!fs.existsSync(file)) throw new BackupError(`备份文件不存在：${file} (backup file not found)`);
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  let streamError: Error | null = null;
  input.on('error', (e) => (streamError = e));
  gunzip.on('error', (e) => (streamError = e));
  const lines = readline.createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  const iter = lines[Symbol.asyncIterator]();
  const bad = (why: string) => new BackupError(`备份文件无效或不完整：${why}。Not a valid or complete Qingdan backup.`);
  const nextLine = async (): Promise<string | null> => {
    try {
      const r = await iter.next();
      if (streamError) throw streamError;
      return r.done ? null : r.value;
    } catch (e) {
      throw bad(`无法解压或读取（${(e as Error).message}）`);
    }
  };
  const parse = (line: string): Record<string, unknown> => {
    try {
      const v = JSON.parse(line) as unknown;
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      return v as Record<string, unknown>;
    } catch {
      throw bad('内容不是 JSON 行');
    }
  };

  try {
    const first = await nextLine();
    if (first === null) throw bad('文件为空');
    const header = parse(first) as unknown as Header;
    if (header.type !== 'header' || header.format !== BACKUP_FORMAT) throw bad('缺少文件头');
    if (header.version !== BACKUP_VERSION) throw new BackupError(`不支持的备份格式版本 ${String(header.version)}。Unsupported backup version.`);
    if (!Array.isArray(header.tables) || !Array.isArray(header.migrations)) throw bad('文件头不完整');

    const counts: Record<string, number> = {};
    /** Rows read per table, written or not (checked against the end marker). */
    const read: Record<string, number> = {};
    // Audited when a person restores (the command line restores into an empty database unaudited).
    await writeAudited(deps, actor ?? SYSTEM_ACTOR, async ({ trx, audit }) => {
      await sql`SELECT pg_advisory_xact_lock(704214)`.execute(trx);
      const here = new Set(await appliedMigrations(trx));
      const missing = header.migrations.filter((m) => !here.has(m));
      if (missing.length > 0) {
        throw new BackupError(`备份来自更新版本的程序（缺少数据库迁移 ${missing.join(', ')}），请先升级后再恢复。The backup needs migrations this database lacks.`);
      }
      const busy = await nonEmptyTables(trx);
      if (busy.length > 0) {
        throw new BackupError(`目标数据库不是空的（${busy.join(', ')} 中已有数据），只能恢复到刚初始化的空数据库。Restore needs an empty database.`);
      }
      const schema = new Map((await describeTables(trx)).map((t) => [t.name, t]));
      for (const t of header.tables) {
        const target = schema.get(t.name);
        if (!target) throw new BackupError(`当前数据库没有表 ${t.name}。Table missing.`);
        for (const c of t.columns) {
          if (!target.columns.some((x) => x.name === c.name)) throw new BackupError(`表 ${t.name} 缺少列 ${c.name}。Column missing.`);
        }
      }
      for (const name of MIGRATION_DATA_TABLES) {
        if (header.tables.some((t) => t.name === name)) await sql`DELETE FROM ${sql.table(name)}`.execute(trx);
      }

      let tableIdx = -1;
      let table: TableInfo | null = null;
      let buffer: unknown[][] = [];
      let seenKeys = new Set<string>();
      let deferred: { key: unknown[]; col: string; value: unknown }[] = [];
      const started = new Set<string>();

      const flush = async () => {
        if (!table || buffer.length === 0) return;
        const t = table;
        const pkIdx = t.primaryKey.map((k) => t.columns.findIndex((c) => c.name === k));
        const selfIdx = t.selfRefs.map((k) => t.columns.findIndex((c) => c.name === k)).filter((i) => i >= 0);
        if (selfIdx.length > 0 && pkIdx.length === 1 && (pkIdx[0] ?? -1) >= 0) {
          for (const r of buffer) seenKeys.add(String(r[pkIdx[0] as number]));
          // A row pointing at a row not written yet gets the reference after the table is done.
          for (const r of buffer) {
            for (const i of selfIdx) {
              if (r[i] !== null && !seenKeys.has(String(r[i]))) {
                deferred.push({ key: [r[pkIdx[0] as number]], col: (t.columns[i] as ColumnInfo).name, value: r[i] });
                r[i] = null;
              }
            }
          }
        }
        const perRow = Math.max(1, Math.floor(PARAM_LIMIT / Math.max(1, t.columns.length)));
        for (let i = 0; i < buffer.length; i += perRow) {
          const chunk = buffer.slice(i, i + perRow);
          const values = sql.join(chunk.map((r) => sql`(${sql.join(t.columns.map((c, j) => valueExpr(c, r[j])))})`));
          const overriding = t.identityAlways ? sql` OVERRIDING SYSTEM VALUE` : sql``;
          await sql`INSERT INTO ${sql.table(t.name)} (${sql.join(t.columns.map((c) => sql.ref(c.name)))})${overriding} VALUES ${values}`.execute(trx);
        }
        buffer = [];
      };
      const finishTable = async () => {
        await flush();
        if (table && deferred.length > 0) {
          const t = table;
          const pkCol = t.columns.find((c) => c.name === t.primaryKey[0]) as ColumnInfo;
          for (const d of deferred) {
            const col = t.columns.find((c) => c.name === d.col) as ColumnInfo;
            await sql`UPDATE ${sql.table(t.name)} SET ${sql.ref(d.col)} = ${valueExpr(col, d.value)} WHERE ${sql.ref(pkCol.name)} = ${valueExpr(pkCol, d.key[0])}`.execute(trx);
          }
        }
        deferred = [];
        seenKeys = new Set();
      };

      let ended = false;
      for (;;) {
        const line = await nextLine();
        if (line === null) break;
        if (line.trim() === '') continue;
        if (ended) throw bad('结束标记之后还有内容');
        const obj = parse(line);
        if (obj.type === 'end') {
          await finishTable();
          const expected = (obj.counts ?? {}) as Record<string, number>;
          for (const t of header.tables) {
            if ((expected[t.name] ?? 0) !== (read[t.name] ?? 0)) throw bad(`表 ${t.name} 的行数与结束标记不符`);
          }
          ended = true;
          continue;
        }
        const name = obj.t;
        const row = obj.r;
        if (typeof name !== 'string' || !Array.isArray(row)) throw bad('数据行格式不正确');
        if (!table || table.name !== name) {
          await finishTable();
          if (started.has(name)) throw bad(`表 ${name} 的数据不连续`);
          // Tables come in the header's order; tables without rows are simply skipped.
          let idx = tableIdx + 1;
          while (idx < header.tables.length && (header.tables[idx] as TableInfo).name !== name) idx++;
          if (idx >= header.tables.length) throw bad(`未知的表或顺序错误：${name}`);
          tableIdx = idx;
          table = header.tables[idx] as TableInfo;
          started.add(name);
        }
        if (row.length !== table.columns.length) throw bad(`表 ${name} 的数据列数不正确`);
        read[name] = (read[name] ?? 0) + 1;
        if (NOT_RESTORED_TABLES.includes(name)) continue;
        buffer.push(row);
        counts[name] = (counts[name] ?? 0) + 1;
        if (buffer.length >= READ_BATCH) await flush();
      }
      if (!ended) throw bad('缺少结束标记，文件可能被截断');
      // The target was checked empty; this only makes sure no session is left, whatever wrote one.
      for (const name of NOT_RESTORED_TABLES) if (schema.has(name)) await sql`DELETE FROM ${sql.table(name)}`.execute(trx);
      await resetIdentitySequences(trx);
      if (actor) {
        const rows = Object.values(counts).reduce((s, n) => s + n, 0);
        audit({ action: 'system.restore', entityType: 'system', entityId: 'restore', after: { file: path.basename(file), rows, createdAt: header.createdAt, sessionsDropped: read.sessions ?? 0 } });
      }
    });
    const rows = Object.values(counts).reduce((s, n) => s + n, 0);
    return { tables: Object.keys(counts).length, rows, counts, sessionsDropped: read.sessions ?? 0 };
  } finally {
    lines.close();
    input.destroy();
  }
}
