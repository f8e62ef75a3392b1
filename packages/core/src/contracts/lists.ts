/**
 * The contract of the responsibility list's structure (server `lists/structure`): the lists, a
 * list with its parts, sections, tasks and counts, and the bodies that create and change them —
 * once, with the types inferred from them, used by the routes, the use cases and the web client.
 */
import { z } from 'zod';
import { pageQuerySchema } from '../api.ts';
import { dueRuleSchema, FREQUENCIES, LIST_STATUSES } from '../lists.ts';

const bodyId = z.number().int().positive().max(2_147_483_647);
const version = z.number().int();

/** A row of GET /api/lists. */
export const listSummarySchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  title: z.string(),
  status: z.enum(LIST_STATUSES),
  ownerOrgId: z.number().int(),
  ownerOrgName: z.string(),
  copiedFromId: z.number().int().nullable(),
  docNumber: z.string().nullable(),
  issueDate: z.string().nullable(),
  revision: z.number().int(),
  taskCount: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
});

export const listPartSchema = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  title: z.string(),
  draftingOrgId: z.number().int().nullable(),
  draftingOrgName: z.string().nullable(),
  version: z.number().int(),
});
export const listSectionSchema = z.object({ id: z.number().int(), partId: z.number().int(), seq: z.number().int(), title: z.string(), version: z.number().int() });
/** A task: `number` is its official continuous number (null when withdrawn); `originCode` the code of the task it was copied from. */
export const listTaskSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  originTaskId: z.number().int().nullable(),
  originCode: z.string().nullable(),
  number: z.number().int().nullable(),
  partId: z.number().int(),
  partSeq: z.number().int(),
  sectionId: z.number().int().nullable(),
  levelCode: z.string(),
  seq: z.number().int(),
  content: z.string(),
  requirements: z.string(),
  frequency: z.enum(FREQUENCIES),
  dueRule: dueRuleSchema,
  evidence: z.string(),
  reviewerOrgId: z.number().int().nullable(),
  reviewerOrgName: z.string().nullable(),
  weight: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  version: z.number().int(),
  sourceItemIds: z.array(z.number().int()),
});

/** A list's header: `openRevisionId` is the open revision of an issued list (edits go through it), or null. */
export const listHeaderSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  title: z.string(),
  status: z.enum(LIST_STATUSES),
  ownerOrgId: z.number().int(),
  ownerOrgName: z.string(),
  copiedFromId: z.number().int().nullable(),
  docPrefix: z.string().nullable(),
  docSeq: z.number().int().nullable(),
  docNumber: z.string().nullable(),
  issueDate: z.string().nullable(),
  noticeTitle: z.string().nullable(),
  coIssuer: z.string().nullable(),
  revision: z.number().int(),
  openRevisionId: z.number().int().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  issuedAt: z.string().nullable(),
});
export const listLevelSchema = z.object({ code: z.string(), name: z.string(), nameEn: z.string(), sortOrder: z.number().int() });

/** GET /api/lists/:listId — the whole structure in official order, the counts per part × level and the caller's rights. */
export const listDetailSchema = z.object({
  list: listHeaderSchema,
  parts: z.array(listPartSchema),
  sections: z.array(listSectionSchema),
  tasks: z.array(listTaskSchema),
  levels: z.array(listLevelSchema),
  counts: z.array(z.object({ partId: z.number().int(), levelCode: z.string(), count: z.number().int() })),
  totals: z.object({
    byLevel: z.array(z.object({ levelCode: z.string(), count: z.number().int() })),
    byPart: z.array(z.object({ partId: z.number().int(), count: z.number().int() })),
    all: z.number().int(),
  }),
  rights: z.object({ canManage: z.boolean(), editable: z.boolean(), editablePartIds: z.array(z.number().int()) }),
});

/** What copying an earlier year's list copied. */
export const copyCountsSchema = z.object({
  parts: z.number().int(),
  sections: z.number().int(),
  tasks: z.number().int(),
  sourceDocuments: z.number().int(),
  sourceItems: z.number().int(),
  taskSources: z.number().int(),
});
/** POST /api/lists (optionally copying an earlier year's list). */
export const listCreateSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  title: z.string().trim().min(1).max(200),
  ownerOrgId: bodyId,
  copyFromListId: bodyId.nullable().optional(),
});
export const listUpdateSchema = z.object({ title: z.string().trim().min(1).max(200), ownerOrgId: bodyId, version });
export const sectionInputSchema = z.object({ title: z.string().trim().min(1).max(200) });

/** GET /api/lists. */
export const listsQuerySchema = pageQuerySchema.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(LIST_STATUSES).optional(),
  q: z.string().max(100).optional(),
});
/** POST /api/lists. */
export const listCreatedSchema = z.object({ id: z.number().int(), copied: copyCountsSchema.nullable() });

export type ListSummary = z.infer<typeof listSummarySchema>;
export type ListPart = z.infer<typeof listPartSchema>;
export type ListSection = z.infer<typeof listSectionSchema>;
export type ListTask = z.infer<typeof listTaskSchema>;
export type ListHeader = z.infer<typeof listHeaderSchema>;
export type ListLevel = z.infer<typeof listLevelSchema>;
export type ListDetail = z.infer<typeof listDetailSchema>;
export type CopyCounts = z.infer<typeof copyCountsSchema>;
export type ListsQuery = z.output<typeof listsQuerySchema>;
export type CreateListBody = z.input<typeof listCreateSchema>;
export type ListCreated = z.infer<typeof listCreatedSchema>;
