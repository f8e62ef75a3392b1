import type { App, Deps } from '../../deps.ts';
import { structureRoutes } from './structure/routes.ts';
import { lifecycleRoutes } from './lifecycle/routes.ts';
import { versionRoutes } from './versions/routes.ts';
import { opinionRoutes } from './opinions/routes.ts';
import { sourcesRoutes } from './sources/routes.ts';
import { documentRoutes } from './documents/routes.ts';

/** The routes of the list's sub-modules (see docs/LISTS.md). Each sub-module adds its line. */
export async function listsRoutes(app: App, deps: Deps) {
  void app;
  void deps;
  await structureRoutes(app, deps);
  await lifecycleRoutes(app, deps);
  await versionRoutes(app, deps);
  await opinionRoutes(app, deps);
  await sourcesRoutes(app, deps);
  await documentRoutes(app, deps);
}
