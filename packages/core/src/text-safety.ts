/**
 * Text that users typed (organisation names, task content, records), made safe for the place it
 * goes: a spreadsheet cell or an HTML string. One rule for each, shared by the server (CSV
 * exports) and the web app (chart tooltips).
 */

/**
 * The first characters that make a spreadsheet program read a cell as a formula (or, for tab and
 * CR, let it slip one in after them): `= + - @`, tab, carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell a spreadsheet will show as text, never run: one that starts with `= + - @`, tab or
 * CR gets a leading apostrophe (OWASP's advice for CSV injection); any other text is unchanged.
 * Numbers are not text: pass them as numbers and they stay numbers.
 */
export function spreadsheetText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field (RFC 4180): text neutralised by `spreadsheetText`, quoted when it holds `" , CR LF`. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? String(value) : spreadsheetText(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (without its line break). */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvCell).join(',');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML string (element content or a quoted attribute): `& < > " '` as entities. */
export function escapeHtml(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
