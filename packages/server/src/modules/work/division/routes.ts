import type { App, Deps } from '../../../deps.ts';

export async function divisionRoutes(app: App, deps: Deps) {
  void app;
  void deps;
}
