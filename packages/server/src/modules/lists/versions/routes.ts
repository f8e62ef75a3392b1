import { z } from 'zod';
import { COMPARED_FIELDS, LIST_STATUSES, pageOf, pageQuerySchema } from '@qingdan/core';
import type { App, Deps } from '../../../deps.ts';
import { findSnapshots } from './find-snapshots.ts';
import { compareVersions, VERSION_REF } from './compare-versions.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const listParams = z.object({ listId: id });

const snapshotSchema = z.object({
  id: z.number().int(),
  listId: z.number().int(),
  label: z.string(),
  status: z.string(),
  revision: z.number().int(),
  taskCount: z.number().int(),
  transition: z.object({ fromStatus: z.string(), toStatus: z.string(), actorName: z.string() }).nullable(),
  createdAt: z.string(),
});

const diffOp = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
const taskSide = z.object({
  id: z.number().int(),
  code: z.string(),
  number: z.number().int(),
  partSeq: z.number().int(),
  partTitle: z.string(),
  sectionTitle: z.string().nullable(),
  levelCode: z.string(),
  seq: z.number().int(),
  content: z.string(),
});
const pair = {
  from: taskSide,
  to: taskSide,
  match: z.enum(['code', 'origin', 'similar']),
  similarity: z.number(),
};
const partSide = z.object({ id: z.number().int(), seq: z.number().int(), title: z.string(), draftingOrgName: z.string().nullable() });
const listInfo = z.object({
  id: z.number().int(),
  year: z.number().int(),
  title: z.string(),
  status: z.enum(LIST_STATUSES),
  revision: z.number().int(),
  docNumber: z.string().nullable(),
});
const versionInfo = z.object({
  ref: z.string(),
  kind: z.enum(['snapshot', 'list']),
  listId: z.number().int(),
  label: z.string(),
  takenAt: z.string().nullable(),
});
const comparisonSchema = z.object({
  from: listInfo,
  to: listInfo,
  fromVersion: versionInfo,
  toVersion: versionInfo,
  summary: z.object({ added: z.number().int(), removed: z.number().int(), moved: z.number().int(), changed: z.number().int(), unchanged: z.number().int() }),
  added: z.array(taskSide),
  removed: z.array(taskSide),
  moved: z.array(z.object({ ...pair, moves: z.array(z.enum(['part', 'section', 'level', 'position'])) })),
  changed: z.array(
    z.object({
      ...pair,
      fields: z.array(z.object({ field: z.enum(COMPARED_FIELDS), before: z.unknown(), after: z.unknown(), diff: z.array(diffOp).optional() })),
    }),
  ),
  unchanged: z.number().int(),
  parts: z.object({
    added: z.array(partSide),
    removed: z.array(partSide),
    renamed: z.array(z.object({ from: partSide, to: partSide })),
  }),
  orgNames: z.record(z.string(), z.string()),
  sourceItems: z.record(z.string(), z.object({ label: z.string(), text: z.string() })),
});

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
      response: { 200: pageOf(snapshotSchema) },
    },
  }, async (req) => findSnapshots(deps, req.params.listId, req.query));

  // Both sides are checked in the use case: a version not visible answers 404.
  app.get('/api/lists/compare', {
    config: { access: { permission: 'lists.read' } },
    schema: {
      tags: ['lists'],
      summary: '版本比对 Compare two versions (snapshot:ID or list:ID)',
      querystring: z.object({ from: versionRef, to: versionRef }),
      response: { 200: comparisonSchema },
    },
  }, async (req) => compareVersions(deps, req.access.routeScope, req.query));
}
