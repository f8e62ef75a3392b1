import type { ImportApplied, ImportChange, ImportKind, ImportPreview, ImportRowError, ImportSummary } from '@qingdan/core';
import { api, download } from '../../app/api.ts';

// The imports' types are the server's contract (core contracts/imports.ts).
export type { ImportApplied, ImportChange, ImportKind, ImportPreview, ImportRowError, ImportSummary };

/** Upload a workbook for its preview, with progress. */
export function uploadImport(kind: ImportKind, file: File, onProgress: (percent: number) => void): Promise<ImportPreview> {
  return api.uploadWithProgress<ImportPreview>(`/api/imports/${kind}`, file, onProgress);
}

export const importsApi = {
  apply: (batchId: string) => api.post<ImportApplied>(`/api/imports/batches/${encodeURIComponent(batchId)}/apply`),
  template: (kind: ImportKind) => download(`/api/imports/templates/${kind}`),
  exportData: (kind: ImportKind) => download(`/api/exports/${kind}`),
};
