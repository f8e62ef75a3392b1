import type { App, Deps } from '../../../deps.ts';

export async function settingsRoutes(app: App, deps: Deps) {
  void app;
  void deps;
}
