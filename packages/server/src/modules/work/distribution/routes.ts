import type { App, Deps } from '../../../deps.ts';

export async function distributionRoutes(app: App, deps: Deps) {
  void app;
  void deps;
}
