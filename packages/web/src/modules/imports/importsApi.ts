import { api, ApiError, download, type ErrorDetail } from '../../app/api.ts';

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

/** Upload a workbook with progress (XMLHttpRequest: fetch reports no upload progress). */
export function uploadImport(kind: ImportKind, file: File, csrfToken: string, onProgress: (percent: number) => void): Promise<ImportPreview> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports/${kind}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '网络错误，请重试'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as ImportPreview);
      else {
        const e = (data ?? {}) as { code?: string; message?: string; details?: ErrorDetail[] };
        reject(new ApiError(xhr.status, e.code ?? 'INTERNAL', e.message ?? xhr.statusText, e.details ?? []));
      }
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

export const importsApi = {
  apply: (batchId: string) => api.post<ImportApplied>(`/api/imports/batches/${encodeURIComponent(batchId)}/apply`),
  template: (kind: ImportKind) => download(`/api/imports/templates/${kind}`),
  exportData: (kind: ImportKind) => download(`/api/exports/${kind}`),
};
