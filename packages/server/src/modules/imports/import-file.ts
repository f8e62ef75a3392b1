import fs from 'node:fs/promises';
import path from 'node:path';
import { t, type ImportKind, type ImportRowError } from '@qingdan/core';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../audit/record.ts';
import type { Summary } from './analyse.ts';
import { applyImport, previewImport } from './batches.ts';
import { mbOf } from './limits.ts';
import { auditUpload, scopePath, type Upload } from './upload-audit.ts';

/**
 * Import a workbook from disk with the committee's scope (CLI): preview, then apply when there are
 * no errors. File-level problems (not an xlsx, wrong header) come back as one error on row 0.
 */
export async function importFromFile(
  deps: Deps,
  actor: Actor,
  kind: ImportKind,
  filePath: string,
): Promise<{ ok: boolean; errors: ImportRowError[]; summary: Summary | null; notice?: string | null }> {
  const locale = 'zh-CN' as const;
  const fileName = path.basename(filePath);
  const scopes = { scope: 'all' as const, accountScope: 'all' as const, locale };
  const u: Upload = { kind, entityType: 'importBatch', entityId: '', orgPath: await scopePath(deps.db.kysely, 'all'), fileName, size: null };
  try {
    // The same limits and the same audit entry as an upload through the API.
    const preview = await auditUpload(deps, actor, u, async () => {
      const { size } = await fs.stat(filePath);
      u.size = size;
      if (size > deps.config.importMaxBytes) throw new AppError(413, 'IMPORT_TOO_LARGE', { mb: mbOf(deps.config.importMaxBytes) });
      return previewImport(deps, actor, { kind, fileName, data: await fs.readFile(filePath), ...scopes });
    });
    if (!preview.canApply) return { ok: false, errors: preview.errors, summary: preview.summary };
    const applied = await applyImport(deps, actor, { batchId: preview.batchId, ...scopes });
    return { ok: true, errors: [], summary: applied.summary, notice: applied.notice };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const errors: ImportRowError[] = e.details.length
      ? e.details.map((d) => {
          const [row, column] = d.path.split(':');
          return { row: Number(row) || 0, column: column ?? '', message: t(d.reason, locale, d.params ?? {}) };
        })
      : [{ row: 0, column: '', message: t(e.code, locale, e.params) }];
    return { ok: false, errors, summary: null };
  }
}
