/**
 * The docs say what is true: every file a doc names exists, and the access target kinds the
 * conventions list are exactly the guard's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGET_KINDS } from './modules/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const DOCS = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'artifacts', 'results']);

function repoFiles(dir = ROOT, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) repoFiles(p, out);
    else out.push(path.relative(ROOT, p).split(path.sep).join('/'));
  }
  return out;
}

describe('docs', () => {
  const files = repoFiles();
  it('name only files that exist (a name may be the tail of a path: `db/prepared.ts`)', () => {
    const missing: string[] = [];
    for (const doc of DOCS) {
      const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
      for (const m of text.matchAll(/`([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*\.(?:ts|tsx|mjs|md))`/g)) {
        const name = m[1]!;
        if (name.startsWith('../') || name.startsWith('/')) continue; // outside the repository, or a URL
        if (!files.some((f) => f === name || f.endsWith(`/${name}`))) missing.push(`${doc}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('list every access target kind in the conventions, and no other', () => {
    const text = fs.readFileSync(path.join(ROOT, 'docs', 'CONVENTIONS.md'), 'utf8');
    const section = text.slice(text.indexOf('The kinds (`TARGET_KINDS`)'), text.indexOf('The guard answers 401/403'));
    const listed = [...section.matchAll(/`([a-zA-Z]+)`/g)].map((m) => m[1]!).filter((k) => k !== 'TARGET_KINDS');
    expect([...listed].sort()).toEqual([...TARGET_KINDS].sort());
  });
});
