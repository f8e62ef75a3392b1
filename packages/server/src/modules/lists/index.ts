import type { App, Deps } from '../../deps.ts';
import { versionRoutes } from './versions/routes.ts';
import { opinionRoutes } from './opinions/routes.ts';

/** The routes of the list's sub-modules (see docs/LISTS.md). Each sub-module adds its line. */
export async function listsRoutes(app: App, deps: Deps) {
  void app;
  void deps;
  await versionRoutes(app, deps);
  await opinionRoutes(app, deps);
}
