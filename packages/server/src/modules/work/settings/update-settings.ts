import type { Deps } from '../../../deps.ts';
import type { Actor } from '../../audit/record.ts';
import { write } from '../../../write.ts';
import { loadWorkSettings, WORK_SETTING_KEYS, type WorkSettings } from './work-settings.ts';

/** Store the work settings (both values), with an audit entry of the change. */
export async function updateWorkSettings(deps: Deps, actor: Actor, input: WorkSettings): Promise<WorkSettings> {
  return write(deps, actor, async ({ trx, audit }) => {
    const before = await loadWorkSettings(trx);
    await trx
      .insertInto('settings')
      .values([
        { key: WORK_SETTING_KEYS.yellowDays, value: JSON.stringify(input.yellowDays) },
        { key: WORK_SETTING_KEYS.reminderDays, value: JSON.stringify(input.reminderDays) },
      ])
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
    audit({ action: 'work.settings.update', entityType: 'settings', entityId: 'work', before, after: input });
    return { yellowDays: input.yellowDays, reminderDays: input.reminderDays };
  });
}
