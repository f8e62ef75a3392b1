/**
 * File names that users uploaded, made safe to store, show and send back. Shared by the server
 * (the store, Content-Disposition) and the web app (wherever it shows a name).
 */

/**
 * Characters that are not seen but change what is seen: C0 and C1 controls and DEL (\p{Cc}),
 * format characters (\p{Cf}: the bidirectional embeddings and overrides U+202A–U+202E, isolates
 * U+2066–U+2069, marks U+200E/U+200F and U+061C, zero-width characters U+200B–U+200D, U+2060–U+2064,
 * U+FEFF, the soft hyphen, tag characters, …), line and paragraph separators, and lone surrogates
 * (which no encoder accepts). `报告\u202egpj.exe.pdf` displays as `报告fdp.exe.jpg`.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** The text without invisible control and formatting characters (see INVISIBLE). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** The longest file name kept, in characters (the end is kept: it holds the extension). */
export const FILE_NAME_MAX = 200;

/**
 * A file name fit to store, show and send back: the last path segment only, without invisible
 * characters (stripInvisible) or double quotes, trimmed, at most FILE_NAME_MAX characters (from
 * the end), `file` when nothing is left.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = stripInvisible(base).replace(/"/g, '').trim();
  const chars = Array.from(clean);
  return (chars.length > FILE_NAME_MAX ? chars.slice(-FILE_NAME_MAX).join('').trim() : clean) || 'file';
}
