import type { PersonInput } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import { write } from '../../write.ts';
import { getPerson } from './get-person.ts';
import { isUniqueViolation, loadOrg, personAudit } from './shared.ts';

/** Add a person to an organisation (the route checks the organisation is in scope). */
export async function createPerson(deps: Deps, actor: Actor, input: PersonInput) {
  const id = await write(deps, actor, async ({ trx, now, audit }) => {
    const org = await loadOrg(trx, input.orgId);
    if (!org) throw new AppError(404, 'NOT_FOUND');
    if (!org.active) throw new AppError(400, 'PERSON_ORG_INACTIVE');
    const taken = await trx.selectFrom('people').select('id').where('code', '=', input.code).executeTakeFirst();
    if (taken) throw new AppError(409, 'PERSON_CODE_TAKEN', { code: input.code });
    const values = {
      org_id: org.id,
      unit_id: org.unit_id,
      org_path: org.path,
      code: input.code,
      name: input.name,
      post: input.post,
      phone: input.phone,
      sort_order: input.sortOrder,
      created_at: now,
      updated_at: now,
    };
    let row: { id: number };
    try {
      row = await trx.insertInto('people').values(values).returning('id').executeTakeFirstOrThrow();
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError(409, 'PERSON_CODE_TAKEN', { code: input.code });
      throw e;
    }
    audit({ action: 'person.create', entityType: 'person', entityId: row.id, unitId: org.unit_id, orgPath: org.path, after: personAudit({ ...values, active: true }) });
    return row.id;
  });
  return getPerson(deps, id);
}
