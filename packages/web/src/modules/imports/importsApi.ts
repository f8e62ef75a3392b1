import { api, download } from '../../app/api.ts';

export type ImportKind = 'orgs' | 'people';

export interface ImportSummary {
  create: number;
  update: number;
  unchanged: number;
  deactivate: number;
  errors: number;
  accounts?: number;
  roles?: number;
}

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportChange {
  row: number;
  code: string;
  name: string;
  action: 'create' | 'update' | 'unchanged';
  fields: { column: string; before: string; after: string }[];
}

export interface ImportPreview {
  batchId: string;
  kind: ImportKind;
  fileName: string;
  errors: ImportRowError[];
  errorTotal: number;
  summary: ImportSummary;
  changes: ImportChange[];
  canApply: boolean;
}

export interface ImportApplied {
  batchId: string;
  kind: ImportKind;
  summary: ImportSummary;
  accountsCreated: number;
  notice: string | null;
}

/** Upload a workbook for its preview, with progress. */
export function uploadImport(kind: ImportKind, file: File, onProgress: (percent: number) => void): Promise<ImportPreview> {
  return api.uploadWithProgress<ImportPreview>(`/api/imports/${kind}`, file, onProgress);
}

export const importsApi = {
  apply: (batchId: string) => api.post<ImportApplied>(`/api/imports/batches/${encodeURIComponent(batchId)}/apply`),
  template: (kind: ImportKind) => download(`/api/imports/templates/${kind}`),
  exportData: (kind: ImportKind) => download(`/api/exports/${kind}`),
};
