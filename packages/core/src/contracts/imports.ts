/**
 * The contract of the Excel imports of organisations and people (server `imports`): the preview
 * of an uploaded workbook and the result of applying it, once, with the types inferred.
 */
import { z } from 'zod';

export const IMPORT_KINDS = ['orgs', 'people'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Rows to create, update, leave and deactivate, rows with errors, and for people accounts and roles. */
export const importSummarySchema = z.object({
  create: z.number(),
  update: z.number(),
  unchanged: z.number(),
  deactivate: z.number(),
  errors: z.number(),
  accounts: z.number().optional(),
  roles: z.number().optional(),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

/** A problem of one cell, its message in the reader's language. */
export const importRowErrorSchema = z.object({ row: z.number(), column: z.string(), message: z.string() });
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

export const importChangeSchema = z.object({
  row: z.number(),
  code: z.string(),
  name: z.string(),
  action: z.enum(['create', 'update', 'unchanged']),
  fields: z.array(z.object({ column: z.string(), before: z.string(), after: z.string() })),
});
export type ImportChange = z.infer<typeof importChangeSchema>;

/** POST /api/imports/:kind: what applying the workbook would do (nothing is written yet). */
export const importPreviewSchema = z.object({
  batchId: z.string(),
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  errors: z.array(importRowErrorSchema),
  errorTotal: z.number(),
  summary: importSummarySchema,
  changes: z.array(importChangeSchema),
  canApply: z.boolean(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

/** POST /api/imports/batches/:batchId/apply. */
export const importAppliedSchema = z.object({
  batchId: z.string(),
  kind: z.enum(IMPORT_KINDS),
  summary: importSummarySchema,
  accountsCreated: z.number(),
  notice: z.string().nullable(),
});
export type ImportApplied = z.infer<typeof importAppliedSchema>;
