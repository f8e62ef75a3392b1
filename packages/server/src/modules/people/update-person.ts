import type { PersonUpdate } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { AppError, conflict } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { getPerson } from './get-person.ts';
import { isUniqueViolation, loadOrg, loadPersonForWrite, personAudit } from './shared.ts';

/**
 * Edit a person, possibly moving them to another organisation (the route checks both the person
 * and the new organisation are in scope). A stale `version` answers 409 CONFLICT.
 */
export async function updatePerson(deps: Deps, actor: Actor, id: number, input: PersonUpdate) {
  await write(deps, actor, async ({ trx, now, audit }) => {
    const before = await loadPersonForWrite(trx, id);
    if (before.version !== input.version) throw conflict();
    let org = { id: before.org_id, path: before.org_path, unit_id: before.unit_id };
    if (input.orgId !== before.org_id) {
      const o = await loadOrg(trx, input.orgId);
      if (!o) throw new AppError(404, 'NOT_FOUND');
      if (!o.active) throw new AppError(400, 'PERSON_ORG_INACTIVE');
      org = o;
    }
    if (input.code !== before.code) {
      const taken = await trx.selectFrom('people').select('id').where('code', '=', input.code).where('id', '!=', id).executeTakeFirst();
      if (taken) throw new AppError(409, 'PERSON_CODE_TAKEN', { code: input.code });
    }
    const changes = {
      org_id: org.id,
      unit_id: org.unit_id,
      org_path: org.path,
      code: input.code,
      name: input.name,
      post: input.post,
      phone: input.phone,
      sort_order: input.sortOrder,
    };
    try {
      const r = await trx
        .updateTable('people')
        .set((eb) => ({ ...changes, updated_at: now, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw conflict();
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError(409, 'PERSON_CODE_TAKEN', { code: input.code });
      throw e;
    }
    audit({
      action: 'person.update',
      entityType: 'person',
      entityId: id,
      unitId: org.unit_id,
      orgPath: org.path,
      before: personAudit(before),
      after: personAudit({ ...changes, active: before.active }),
    });
  });
  return getPerson(deps, id);
}
