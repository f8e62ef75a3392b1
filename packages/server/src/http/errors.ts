export interface ErrorDetail {
  path: string;
  /** A message code (see @qingdan/core messages) or literal text. */
  reason: string;
  params?: Record<string, string | number>;
}

/** An error the API reports to its caller as {code, message, details}. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly details: ErrorDetail[] = [],
    /** Extra fields for the error body, e.g. `current` (the stored version) on an edit conflict. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export const notFound = () => new AppError(404, 'NOT_FOUND');
export const forbidden = () => new AppError(403, 'FORBIDDEN');
export const conflict = (code = 'CONFLICT', params: Record<string, string | number> = {}) => new AppError(409, code, params);
export const badRequest = (code: string, params: Record<string, string | number> = {}, details: ErrorDetail[] = []) =>
  new AppError(400, code, params, details);

/** 409 CONFLICT carrying the stored record (a stale `version`), so the page can show both versions side by side. */
export function staleVersion(current: unknown): AppError {
  return new AppError(409, 'CONFLICT', {}, [], { current });
}
