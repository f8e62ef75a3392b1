import type { App, Deps } from '../../deps.ts';
import { distributionRoutes } from './distribution/routes.ts';
import { reportsRoutes } from './reports/routes.ts';
import { reviewRoutes } from './review/routes.ts';
import { divisionRoutes } from './division/routes.ts';
import { ledgerRoutes } from './ledger/routes.ts';
import { settingsRoutes } from './settings/routes.ts';

/** The routes of the work sub-modules (一级抓一级, see docs/WORK.md). */
export async function workRoutes(app: App, deps: Deps) {
  await distributionRoutes(app, deps);
  await reportsRoutes(app, deps);
  await reviewRoutes(app, deps);
  await divisionRoutes(app, deps);
  await ledgerRoutes(app, deps);
  await settingsRoutes(app, deps);
}
