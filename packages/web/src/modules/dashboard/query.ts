/** Search-param helpers of the dashboards (pure, so they are tested without a browser). */

export type Value = string | number | boolean | undefined | null;

/** A positive integer from a search param, else undefined. */
export function num(v: string | undefined): number | undefined {
  const n = Number(v);
  return v && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** A path with the given filters as its query string (empty, false and missing values left out). */
export function linkTo(path: string, query: Record<string, Value>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '' && v !== false) p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}
