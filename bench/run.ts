/**
 * `npm run bench`: each bench in its own process (a fresh heap and its own PGlite), one after the
 * other, then one table of every figure beside its baseline. Optional arguments pick benches by
 * name: `npm run bench -- import start`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { formatTable, RESULTS_DIR, type BenchResult } from './lib.ts';

const BENCHES = ['import', 'people-page', 'start', 'coverage', 'list-documents', 'compare', 'suggest', 'distribution', 'overview', 'my-tasks', 'periods', 'ledger', 'load', 'pages'];
const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

const picked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = picked.length ? BENCHES.filter((b) => picked.includes(b)) : BENCHES;
const results: BenchResult[] = [];
const failed: string[] = [];
for (const name of names) {
  console.log(`\n=== ${name} ===`);
  const file = path.join(RESULTS_DIR, `${name}.json`);
  fs.rmSync(file, { force: true });
  const r = spawnSync(TSX, [path.join('bench', `${name}.bench.ts`)], { cwd: ROOT, stdio: 'inherit', timeout: 10 * 60_000 });
  if (r.status !== 0 || !fs.existsSync(file)) {
    failed.push(name);
    continue;
  }
  results.push(JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResult);
}
console.log('\n=== summary ===');
console.log(formatTable(results));
if (failed.length) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
