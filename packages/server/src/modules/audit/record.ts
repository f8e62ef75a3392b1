import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../clock.ts';
import { canonicalJson, entryHash, GENESIS_HASH } from './chain.ts';

/** Who did it, from where. */
export interface Actor {
  accountId: number | null;
  name: string;
  ip: string;
}

export const SYSTEM_ACTOR: Actor = { accountId: null, name: 'system', ip: '' };

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number;
  unitId?: number | null;
  orgPath?: string;
  before?: unknown;
  after?: unknown;
}

/** Keep JSON-safe plain data only (Dates become ISO strings), so what is hashed is what is stored. */
function plain(v: unknown): unknown {
  return v === undefined || v === null ? null : JSON.parse(canonicalJson(v));
}

/**
 * Append entries to the hash-chained audit trail inside the caller's transaction. An advisory lock
 * serialises writers so that the chain has no forks and the sequence has no gaps.
 */
export async function recordAudit(
  trx: Transaction<Database> | Kysely<Database>,
  clock: Clock,
  actor: Actor,
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(704211)`.execute(trx);
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? GENESIS_HASH;
  const at = clock.now();
  const rows = entries.map((e) => {
    seq += 1;
    const fields = {
      seq,
      at,
      actorId: actor.accountId,
      actorName: actor.name,
      ip: actor.ip,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId === undefined ? '' : String(e.entityId),
      unitId: e.unitId ?? null,
      orgPath: e.orgPath ?? '',
      before: plain(e.before),
      after: plain(e.after),
    };
    const hash = entryHash(prev, fields);
    const row = {
      seq,
      at,
      actor_id: fields.actorId,
      actor_name: fields.actorName,
      ip: fields.ip,
      action: fields.action,
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      unit_id: fields.unitId,
      org_path: fields.orgPath,
      before: fields.before === null ? null : JSON.stringify(fields.before),
      after: fields.after === null ? null : JSON.stringify(fields.after),
      prev_hash: prev,
      hash,
    };
    prev = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += 500) {
    await trx.insertInto('audit_log').values(rows.slice(i, i + 500)).execute();
  }
}
