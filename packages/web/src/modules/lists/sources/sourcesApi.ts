/** The sources endpoints (docs/LISTS.md "Sources") as the coverage tab uses them. */
import type { SourceKind } from '@qingdan/core';
import { api, type Page } from '../../../app/api.ts';

export interface SourceDocument {
  id: number;
  listId: number;
  kind: SourceKind;
  title: string;
  docNumber: string;
  version: number;
  itemCount: number;
}

export interface SourceItem {
  id: number;
  documentId: number;
  parentId: number | null;
  seq: number;
  label: string;
  text: string;
  involvesCommittee: boolean;
  version: number;
  depth: number;
  childCount: number;
}

export interface CoverTask {
  id: number;
  number: number;
  code: string;
  content: string;
  levelCode: string;
}

export interface CoverageItem {
  id: number;
  documentId: number;
  documentKind: SourceKind;
  label: string;
  text: string;
  ancestors: string[];
  tasks: CoverTask[];
  waiver: { reason: string; by: string; createdAt: string } | null;
  covered: boolean;
  waived: boolean;
}

export interface Coverage {
  listId: number;
  totals: { required: number; covered: number; waived: number; uncovered: number };
  documents: { id: number; kind: SourceKind; title: string; docNumber: string; required: number; covered: number; waived: number }[];
  items: CoverageItem[];
}

export interface Suggestion {
  taskId: number;
  number: number;
  code: string;
  content: string;
  levelCode: string;
  partTitle: string;
  score: number;
  linked: boolean;
}

export interface DocumentFields {
  kind: SourceKind;
  title: string;
  docNumber: string;
}

export interface ItemFields {
  label: string;
  text: string;
  involvesCommittee: boolean;
}

export const sourcesApi = {
  coverage: (listId: number) => api.get<Coverage>(`/api/lists/${listId}/coverage`),
  suggestions: (itemId: number, limit = 5) => api.get<Page<Suggestion>>(`/api/source-items/${itemId}/suggestions`, { limit }),
  taskSources: (taskId: number) => api.get<{ taskId: number; sourceItemIds: number[] }>(`/api/list-tasks/${taskId}/sources`),
  setTaskSources: (taskId: number, sourceItemIds: number[]) => api.put<{ taskId: number; sourceItemIds: number[] }>(`/api/list-tasks/${taskId}/sources`, { sourceItemIds }),
  /** Add one item to a task's existing links. */
  link: async (taskId: number, itemId: number) => {
    const cur = await sourcesApi.taskSources(taskId);
    if (cur.sourceItemIds.includes(itemId)) return cur;
    return sourcesApi.setTaskSources(taskId, [...cur.sourceItemIds, itemId]);
  },
  waive: (listId: number, sourceItemId: number, reason: string) => api.post<unknown>(`/api/lists/${listId}/waivers`, { sourceItemId, reason }),
  unwaive: (listId: number, sourceItemId: number) => api.delete<unknown>(`/api/lists/${listId}/waivers/${sourceItemId}`),

  documents: (listId: number) => api.get<Page<SourceDocument>>(`/api/lists/${listId}/sources`),
  document: (id: number) => api.get<SourceDocument & { items: SourceItem[] }>(`/api/source-documents/${id}`),
  createDocument: (listId: number, body: DocumentFields) => api.post<SourceDocument>(`/api/lists/${listId}/sources`, body),
  updateDocument: (id: number, body: DocumentFields & { version: number }) => api.put<SourceDocument>(`/api/source-documents/${id}`, body),
  deleteDocument: (id: number) => api.delete<unknown>(`/api/source-documents/${id}`),
  createItem: (documentId: number, body: ItemFields & { parentId: number | null }) => api.post<SourceItem>(`/api/source-documents/${documentId}/items`, body),
  updateItem: (id: number, body: ItemFields & { version: number }) => api.put<SourceItem>(`/api/source-items/${id}`, body),
  deleteItem: (id: number) => api.delete<{ deleted: number }>(`/api/source-items/${id}`),
  /** Import a file into a document; `dryRun` checks it and says what would be written, writing nothing. */
  importFile: (documentId: number, file: File, opts: { replace: boolean; dryRun: boolean }) => {
    const form = new FormData();
    form.set('file', file, file.name);
    const q = new URLSearchParams({ replace: String(opts.replace), dryRun: String(opts.dryRun) });
    return api.upload<SourceImportResult>(`/api/source-documents/${documentId}/import?${q}`, form);
  },
  lastImport: (documentId: number) => api.get<{ import: LastSourceImport | null }>(`/api/source-documents/${documentId}/last-import`),
  undoImport: (documentId: number, sourceImportId: number) =>
    api.post<{ removed: number; restored: number; document: SourceDocument }>(`/api/source-documents/${documentId}/undo-import`, { sourceImportId }),
};

export interface SourceImportResult {
  dryRun: boolean;
  format: 'xlsx' | 'docx';
  imported: number;
  counts: { chapters: number; items: number };
  removed: number;
  ignored: string[];
  importId: number | null;
  document: SourceDocument;
}

export interface LastSourceImport {
  id: number;
  fileName: string;
  format: 'xlsx' | 'docx';
  replaced: boolean;
  imported: number;
  removed: number;
  linkedSince: number;
  createdAt: string;
  blockedBy: 'SOURCE_IMPORT_UNDO_EDITED' | 'SOURCE_IMPORT_UNDO_ADDED' | null;
}
