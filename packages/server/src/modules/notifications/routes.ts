import type { App, Deps } from '../../deps.ts';

export async function notificationsRoutes(app: App, deps: Deps) {
  void app;
  void deps;
}
