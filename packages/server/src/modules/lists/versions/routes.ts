import { z } from 'zod';
import { pageOf, pageQuerySchema, snapshotInfoSchema, versionComparisonSchema } from '@qingdan/core';
import type { App, Deps } from '../../../deps.ts';
import { findSnapshots } from './find-snapshots.ts';
import { compareVersions, VERSION_REF } from './compare-versions.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const listParams = z.object({ listId: id });

const versionRef = z
  .string()
  .trim()
  .regex(VERSION_REF, { message: '版本应为 snapshot:编号 或 list:编号' });

/** 版本: snapshots of a list and comparisons between two versions (docs/LISTS.md "Versions"). */
export async function versionRoutes(app: App, deps: Deps) {
  app.get('/api/lists/:listId/snapshots', {
    config: { access: { permission: 'lists.read', target: { kind: 'list', in: 'params', field: 'listId' } } },
    schema: {
      tags: ['lists'],
      summary: '清单快照 Snapshots of a list',
      params: listParams,
      querystring: pageQuerySchema,
      response: { 200: pageOf(snapshotInfoSchema) },
    },
  }, async (req) => findSnapshots(deps, req.params.listId, req.query));

  // Both sides are checked in the use case: a version not visible answers 404.
  app.get('/api/lists/compare', {
    config: { access: { permission: 'lists.read' } },
    schema: {
      tags: ['lists'],
      summary: '版本比对 Compare two versions (snapshot:ID or list:ID)',
      querystring: z.object({ from: versionRef, to: versionRef }),
      response: { 200: versionComparisonSchema },
    },
  }, async (req) => compareVersions(deps, req.access.routeScope, req.query));
}
