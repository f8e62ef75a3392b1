import { sql } from 'kysely';
import type { AuditFilter, AuditItem } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { pathFilter } from '../../http/access.ts';

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/**
 * The audit trail, newest first. Committee-wide readers see everything; others see the entries
 * about organisations inside their scope (entries without an organisation, such as sign-ins, are
 * committee-wide only).
 */
export async function listAudit(deps: Deps, scope: 'all' | readonly string[], f: AuditFilter): Promise<{ items: AuditItem[]; total: number }> {
  let q = deps.db.kysely.selectFrom('audit_log').where(pathFilter('org_path', scope));
  if (f.actor) {
    const a = f.actor.trim();
    q = /^\d{1,9}$/.test(a)
      ? q.where((eb) => eb.or([eb('actor_id', '=', Number(a)), eb('actor_name', 'ilike', like(a))]))
      : q.where('actor_name', 'ilike', like(a));
  }
  if (f.action) {
    // "org." (a trailing dot) means every action of that module.
    q = f.action.endsWith('.') ? q.where('action', 'like', `${f.action.replace(/[\\%_]/g, (c) => '\\' + c)}%`) : q.where('action', '=', f.action);
  }
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<=', f.to);
  if (f.q) {
    const k = like(f.q.trim());
    q = q.where((eb) =>
      eb.or([
        eb('actor_name', 'ilike', k),
        eb('action', 'ilike', k),
        eb('entity_id', 'ilike', k),
        eb('ip', 'ilike', k),
        eb(sql`coalesce(before::text, '')`, 'ilike', k),
        eb(sql`coalesce(after::text, '')`, 'ilike', k),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      seq: Number(r.seq),
      at: new Date(r.at).toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      ip: r.ip,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      unitId: r.unit_id,
      orgPath: r.org_path,
      before: r.before ?? null,
      after: r.after ?? null,
    })),
  };
}
