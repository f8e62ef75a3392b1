import crypto from 'node:crypto';

/** JSON with object keys sorted at every depth, so jsonb's key reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export interface ChainFields {
  seq: number;
  at: Date;
  actorId: number | null;
  actorName: string;
  ip: string;
  action: string;
  entityType: string;
  entityId: string;
  unitId: number | null;
  orgPath: string;
  before: unknown;
  after: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

export function entryHash(prevHash: string, e: ChainFields): string {
  const body = canonicalJson({
    seq: e.seq,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorName,
    ip: e.ip,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    unitId: e.unitId,
    orgPath: e.orgPath,
    before: e.before ?? null,
    after: e.after ?? null,
  });
  return crypto.createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
