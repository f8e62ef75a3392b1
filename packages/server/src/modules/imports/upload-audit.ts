/**
 * Every import upload in the audit trail, as one `import.upload` entry: who, which import, the file
 * name and size, and the outcome — accepted (written in the same transaction as what the import
 * writes, or with the preview's batch) or refused (in a transaction of its own, nothing else written).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Deps } from '../../deps.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor, AuditEntry } from '../audit/record.ts';
import { write } from '../../write.ts';
import type { UploadKind } from './limits.ts';

export const UPLOAD_ACTION = 'import.upload';

export interface Upload {
  kind: UploadKind;
  entityType: string;
  entityId: string | number;
  orgPath?: string;
  unitId?: number | null;
  /** Unknown (null) until the upload has been read. */
  fileName: string | null;
  size: number | null;
}

export function uploadEntry(u: Upload, outcome: Record<string, unknown>): AuditEntry {
  return {
    action: UPLOAD_ACTION,
    entityType: u.entityType,
    entityId: u.entityId,
    unitId: u.unitId ?? null,
    orgPath: u.orgPath ?? '',
    after: { kind: u.kind, fileName: u.fileName === null ? null : u.fileName.slice(0, 200), size: u.size, ...outcome },
  };
}

/** Where an organisation/people import is filed: the importer's scope (the root for committee-wide). */
export async function scopePath(k: Kysely<Database> | Transaction<Database>, scope: 'all' | readonly string[]): Promise<string> {
  if (scope !== 'all') return scope[0] ?? '';
  const root = await k.selectFrom('orgs').select('path').where('parent_id', 'is', null).executeTakeFirst();
  return root?.path ?? '/';
}

/**
 * Handle an upload; when it is refused (any error), record the refusal with its status and code,
 * then pass the error on. The accepted outcome is recorded by the import itself (uploadEntry).
 */
export async function auditUpload<T>(deps: Deps, actor: Actor, u: Upload, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const refusal = e instanceof AppError
      ? { status: e.status, code: e.code, ...(Object.keys(e.params).length ? { params: e.params } : {}) }
      : { status: 500, code: 'INTERNAL' };
    await write(deps, actor, async ({ audit }) => audit(uploadEntry(u, { outcome: 'refused', ...refusal })));
    throw e;
  }
}
