/**
 * The contract of a list's versions (server `lists/versions`): snapshots and the comparison of
 * two versions, once, with the types inferred from them.
 */
import { z } from 'zod';
import { COMPARED_FIELDS } from '../diff.ts';
import { LIST_STATUSES } from '../lists.ts';

/** A stored snapshot of a list (GET /api/lists/:listId/snapshots), with the transition that took it. */
export const snapshotInfoSchema = z.object({
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
/** One side of a comparison: a snapshot or a list as it stands now. */
export const versionInfoSchema = z.object({
  ref: z.string(),
  kind: z.enum(['snapshot', 'list']),
  listId: z.number().int(),
  label: z.string(),
  takenAt: z.string().nullable(),
});
/** GET /api/lists/compare: what changed from one version to the other, with the names it refers to. */
export const versionComparisonSchema = z.object({
  from: listInfo,
  to: listInfo,
  fromVersion: versionInfoSchema,
  toVersion: versionInfoSchema,
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

export type SnapshotInfo = z.infer<typeof snapshotInfoSchema>;
export type VersionInfo = z.infer<typeof versionInfoSchema>;
export type VersionComparison = z.infer<typeof versionComparisonSchema>;
