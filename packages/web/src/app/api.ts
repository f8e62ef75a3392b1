/** The API client: JSON over fetch, the session cookie, the CSRF token on writes, errors as ApiError. */

export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

let csrfToken = '';
export function setCsrfToken(token: string) {
  csrfToken = token;
}

let onUnauthenticated: (() => void) | undefined;
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = {};
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(withQuery(path, query), { method, headers, body: payload, credentials: 'same-origin' });
  if (res.status === 401 && !path.startsWith('/api/auth/login')) onUnauthenticated?.();
  return answerOf<T>(res.status, res.statusText, await res.text());
}

/** A reply's JSON, or its ApiError (the server's code and localised message). */
function answerOf<T>(status: number, statusText: string, text: string): T {
  let data: unknown;
  try {
    data = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    data = undefined;
  }
  if (status < 200 || status >= 300) {
    const e = (data ?? {}) as { code?: string; message?: string; details?: ErrorDetail[] };
    throw new ApiError(status, e.code ?? 'INTERNAL', e.message ?? statusText, e.details ?? []);
  }
  return data as T;
}

/**
 * Upload one file as the multipart field `file`, reporting progress in percent (XMLHttpRequest:
 * fetch reports no upload progress). The same CSRF header, sign-out handling and errors as every
 * other request.
 */
function uploadWithProgress<T>(path: string, file: File, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '网络错误，请重试'));
    xhr.onload = () => {
      if (xhr.status === 401) onUnauthenticated?.();
      try {
        resolve(answerOf<T>(xhr.status, xhr.statusText, xhr.responseText));
      } catch (e) {
        reject(e as Error);
      }
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
  uploadWithProgress,
};

/** Download a file from a GET endpoint (exports, templates) keeping the server's file name. */
export async function download(path: string, query?: Query): Promise<void> {
  const res = await fetch(withQuery(path, query), { credentials: 'same-origin' });
  if (!res.ok) {
    const e = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(res.status, e.code ?? 'INTERNAL', e.message ?? res.statusText);
  }
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(cd) ?? /filename="?([^";]+)"?/i.exec(cd);
  const name = m?.[1] ? decodeURIComponent(m[1]) : 'download';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** The message to show for any error thrown by the client. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    const details = e.details.map((d) => d.message).join('；');
    return details && e.code === 'VALIDATION' ? `${e.message}：${details}` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
