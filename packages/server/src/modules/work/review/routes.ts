import type { App, Deps } from '../../../deps.ts';

export async function reviewRoutes(app: App, deps: Deps) {
  void app;
  void deps;
}
