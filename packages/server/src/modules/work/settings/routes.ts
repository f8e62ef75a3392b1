import type { App, Deps } from '../../../deps.ts';
import { actorOf } from '../../../http/actor.ts';
import { updateWorkSettings } from './update-settings.ts';
import { loadWorkSettings, workSettingsSchema } from './work-settings.ts';

/** The committee's work settings: yellow-light days and reminder days (docs/WORK.md). */
export async function settingsRoutes(app: App, deps: Deps) {
  app.get('/api/work/settings', {
    config: { access: { permission: 'work.read' } },
    schema: { tags: ['work'], summary: '工作设置 Work settings (yellow-light and reminder days)', response: { 200: workSettingsSchema } },
  }, async () => loadWorkSettings(deps.db.kysely));

  app.put('/api/work/settings', {
    config: { access: { permission: 'work.manage' } },
    schema: { tags: ['work'], summary: '修改工作设置 Change the work settings', body: workSettingsSchema, response: { 200: workSettingsSchema } },
  }, async (req) => updateWorkSettings(deps, actorOf(req), req.body));
}
