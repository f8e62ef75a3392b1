/**
 * The modules, registered in one place. A module is a folder with its routes, use cases and
 * tests; here it declares what the platform needs of it: its routes, its access target kinds with
 * their checks (`targets.ts`; the guard, http/access.ts, only loops over them), the rules under
 * which files it attaches are visible, and what it plugs into other modules' extension points
 * (hooks). A new module adds one entry below and touches no other module's files to be guarded;
 * the authorisation walk (authz.test.ts) covers its routes from the OpenAPI document.
 */
import type { App, Deps } from '../deps.ts';
import { refuseUnknownTargets, type TargetChecks } from '../http/access.ts';
import { systemRoutes } from './system/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { orgRoutes } from './org/routes.ts';
import { orgTargets } from './org/targets.ts';
import { peopleRoutes } from './people/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { importTargets } from './imports/targets.ts';
import { listsRoutes } from './lists/index.ts';
import { approvalMinutesRule, listTargets } from './lists/targets.ts';
import { filesRoutes } from './files/routes.ts';
import { fileTargets, type FileAccessRule } from './files/visibility.ts';
import { workRoutes } from './work/index.ts';
import { workEvidenceRule, workTargets } from './work/targets.ts';
import { registerDistributionHooks } from './work/distribution/hooks.ts';
import { registerWorkSweep } from './work/reminders/sweep.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { notificationsRoutes } from './notifications/routes.ts';
import { notificationTargets } from './notifications/targets.ts';

export interface Module {
  name: string;
  routes(app: App, deps: Deps): Promise<void>;
  /** The access target kinds the module owns, with the check of each. */
  targets?: TargetChecks;
  /** When a stored file the module attaches to its entities may be downloaded. */
  fileRules?: readonly FileAccessRule[];
  /** Register the module's hooks and reminder sweeps on other modules' extension points (idempotent: many apps may run in one process). */
  plug?(): void;
}

export const MODULES: readonly Module[] = [
  { name: 'system', routes: systemRoutes },
  { name: 'auth', routes: authRoutes },
  { name: 'audit', routes: auditRoutes },
  { name: 'org', routes: orgRoutes, targets: orgTargets },
  { name: 'people', routes: peopleRoutes },
  { name: 'imports', routes: importRoutes, targets: importTargets },
  { name: 'lists', routes: listsRoutes, targets: listTargets, fileRules: [approvalMinutesRule] },
  // Its target 'file' is built from every module's file rules (accessTargets).
  { name: 'files', routes: filesRoutes },
  { name: 'work', routes: workRoutes, targets: workTargets, fileRules: [workEvidenceRule], plug: () => {
      registerDistributionHooks();
      registerWorkSweep();
    },
  },
  { name: 'dashboard', routes: dashboardRoutes },
  { name: 'notifications', routes: notificationsRoutes, targets: notificationTargets },
];

/** Every module's access targets; the file target asks every module's file rules. */
export function accessTargets(modules: readonly Module[] = MODULES): TargetChecks {
  const checks: TargetChecks = {};
  for (const m of modules) {
    for (const [kind, check] of Object.entries(m.targets ?? {}) as [keyof TargetChecks, NonNullable<TargetChecks[keyof TargetChecks]>][]) {
      if (checks[kind]) throw new Error(`access target kind '${kind}' is declared twice (module ${m.name})`);
      checks[kind] = check;
    }
  }
  return { ...checks, ...fileTargets(modules.flatMap((m) => m.fileRules ?? [])) };
}

/** Every kind of access target (docs/CONVENTIONS.md lists them; docs.test.ts holds the two together). */
export const TARGET_KINDS: readonly string[] = Object.keys(accessTargets());

/** Plug the modules together and register their routes; a route naming an unknown target kind stops the start. */
export async function registerModules(app: App, deps: Deps, checks: TargetChecks) {
  refuseUnknownTargets(app, checks);
  for (const m of MODULES) m.plug?.();
  for (const m of MODULES) await m.routes(app, deps);
}
