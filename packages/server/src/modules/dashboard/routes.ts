import type { App, Deps } from '../../deps.ts';

export async function dashboardRoutes(app: App, deps: Deps) {
  void app;
  void deps;
}
