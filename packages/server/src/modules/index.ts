import type { App, Deps } from '../deps.ts';
import { systemRoutes } from './system/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { orgRoutes } from './org/routes.ts';
import { peopleRoutes } from './people/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { listsRoutes } from './lists/index.ts';
import { filesRoutes } from './files/routes.ts';
import { workRoutes } from './work/index.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { notificationsRoutes } from './notifications/routes.ts';

/** Every module's routes. A module is a folder with routes.ts, its use cases and its tests. */
export async function registerModules(app: App, deps: Deps) {
  await systemRoutes(app, deps);
  await authRoutes(app, deps);
  await auditRoutes(app, deps);
  await orgRoutes(app, deps);
  await peopleRoutes(app, deps);
  await importRoutes(app, deps);
  await listsRoutes(app, deps);
  await filesRoutes(app, deps);
  await workRoutes(app, deps);
  await dashboardRoutes(app, deps);
  await notificationsRoutes(app, deps);
}
