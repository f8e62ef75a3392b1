/**
 * The contract of the division of labour (server `work/division`, 分工 and 具体措施): request and
 * response schemas once, the types inferred from them, used by the routes and the web's API client.
 */
import { z } from 'zod';
import { queryIdSchema } from '../api.ts';
import { partRefSchema } from './dashboard.ts';
import { orgRefSchema } from './work-reports.ts';

const id = queryIdSchema;

export const divisionFiltersSchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  partId: id.optional(),
  levelCode: z.string().trim().max(20).optional(),
  q: z.string().trim().max(100).optional(),
});
export const divisionQuerySchema = divisionFiltersSchema.extend({
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
});

export const divisionCooperatorSchema = z.object({ id: z.number().int(), name: z.string(), post: z.string() });
export const measureSchema = z.object({ id: z.number().int(), seq: z.number().int(), content: z.string(), version: z.number().int() });
export const divisionRowSchema = z.object({
  assignmentId: z.number().int(),
  year: z.number().int(),
  taskId: z.number().int(),
  taskCode: z.string(),
  taskContent: z.string(),
  partId: z.number().int(),
  partSeq: z.number().int(),
  partTitle: z.string(),
  levelCode: z.string(),
  levelName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  ownerPersonId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  ownerPost: z.string().nullable(),
  cooperators: z.array(divisionCooperatorSchema),
  leadDepartment: z.string(),
  version: z.number().int(),
  canAssign: z.boolean(),
  measures: z.array(measureSchema),
});
export const divisionReplySchema = z.object({
  unit: orgRefSchema,
  year: z.number().int(),
  listId: z.number().int().nullable(),
  parts: z.array(partRefSchema),
  items: z.array(divisionRowSchema),
  total: z.number().int(),
});
export const divisionPersonSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  post: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  levelCode: z.string(),
});
/** The answer of a change of division: the row's division fields. */
export const divisionResultSchema = divisionRowSchema.pick({
  assignmentId: true,
  ownerPersonId: true,
  ownerName: true,
  ownerPost: true,
  cooperators: true,
  leadDepartment: true,
  version: true,
});
export const divisionImportResultSchema = z.object({
  dryRun: z.boolean(),
  fileName: z.string(),
  year: z.number().int(),
  rows: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  changes: z.array(z.object({
    row: z.number().int(),
    assignmentId: z.number().int(),
    orgName: z.string(),
    taskCode: z.string(),
    taskContent: z.string(),
    fields: z.array(z.object({ column: z.string(), before: z.string(), after: z.string() })),
  })),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});

export type DivisionFilters = z.output<typeof divisionFiltersSchema>;
export type DivisionQuery = z.output<typeof divisionQuerySchema>;
export type DivisionCooperator = z.infer<typeof divisionCooperatorSchema>;
export type Measure = z.infer<typeof measureSchema>;
export type DivisionRow = z.infer<typeof divisionRowSchema>;
/** GET /api/work/units/:unitId/division. */
export type DivisionReply = z.infer<typeof divisionReplySchema>;
export type DivisionPerson = z.infer<typeof divisionPersonSchema>;
/** PUT /api/work/assignments/:id/division. */
export type DivisionResult = z.infer<typeof divisionResultSchema>;
/** POST /api/work/units/:unitId/division/import (a check with dryRun). */
export type DivisionImportResult = z.infer<typeof divisionImportResultSchema>;
