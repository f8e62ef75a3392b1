import type { App, Deps } from '../../../deps.ts';

export async function recordsRoutes(app: App, deps: Deps) {
  void app;
  void deps;
}
