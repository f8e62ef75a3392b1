import type { Kysely } from 'kysely';
import type { VerifyResult } from '@qingdan/core';
import type { Database } from '../../db/schema.ts';
import { entryHash, GENESIS_HASH } from './chain.ts';

/** Walk the trail in order, recompute every hash and check the links and the sequence. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let after = 0;
  for (;;) {
    const batch = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(5000).execute();
    if (batch.length === 0) break;
    for (const r of batch) {
      if (r.seq !== expectedSeq) return { ok: false, checked, firstBad: { seq: expectedSeq, problem: 'removed' } };
      if (r.prev_hash !== prev) return { ok: false, checked, firstBad: { seq: r.seq, problem: 'relinked' } };
      const h = entryHash(prev, {
        seq: r.seq,
        at: r.at,
        actorId: r.actor_id,
        actorName: r.actor_name,
        ip: r.ip,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        unitId: r.unit_id,
        orgPath: r.org_path,
        before: r.before,
        after: r.after,
      });
      if (h !== r.hash) return { ok: false, checked, firstBad: { seq: r.seq, problem: 'altered' } };
      prev = r.hash;
      expectedSeq++;
      checked++;
      after = r.seq;
    }
  }
  return { ok: true, checked };
}
