import type { App, Deps } from '../../../deps.ts';

export async function ledgerRoutes(app: App, deps: Deps) {
  void app;
  void deps;
}
