/**
 * Bench helpers: every figure is printed beside a baseline measured in the same run, with the
 * ratio, and written as JSON to bench/results/<name>.json (gitignored).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface Figure {
  metric: string;
  value: number;
  unit: string;
  baseline: number | null;
  baselineLabel: string;
  /** value / baseline (for times: how many times slower than the baseline). */
  ratio: number | null;
  /** A target, when the product states one (e.g. "≤ 10000 ms"). */
  target?: string;
  met?: boolean;
}

export interface BenchResult {
  bench: string;
  at: string;
  node: string;
  notes: string[];
  figures: Figure[];
}

export const RESULTS_DIR = path.join(import.meta.dirname, 'results');

export function figure(metric: string, value: number, unit: string, baseline: number | null, baselineLabel: string, target?: { max?: number; min?: number }): Figure {
  const f: Figure = { metric, value: round(value), unit, baseline: baseline === null ? null : round(baseline), baselineLabel, ratio: baseline ? round(value / baseline) : null };
  if (target?.max !== undefined) Object.assign(f, { target: `≤ ${target.max} ${unit}`, met: value <= target.max });
  if (target?.min !== undefined) Object.assign(f, { target: `≥ ${target.min} ${unit}`, met: value >= target.min });
  return f;
}

export function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function writeResult(r: BenchResult): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${r.bench}.json`);
  fs.writeFileSync(file, JSON.stringify(r, null, 2));
  return file;
}

export function formatTable(results: BenchResult[]): string {
  const head = ['bench', 'metric', 'value', 'baseline', 'ratio', 'target', ''];
  const rows = results.flatMap((r) =>
    r.figures.map((f) => [
      r.bench,
      f.metric,
      `${f.value} ${f.unit}`,
      f.baseline === null ? '—' : `${f.baseline} ${f.unit} (${f.baselineLabel})`,
      f.ratio === null ? '—' : `×${f.ratio}`,
      f.target ?? '',
      f.met === undefined ? '' : f.met ? 'ok' : 'MISSED',
    ]),
  );
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function report(r: Omit<BenchResult, 'at' | 'node'>): BenchResult {
  const full: BenchResult = { ...r, at: new Date().toISOString(), node: process.version };
  const file = writeResult(full);
  console.log(formatTable([full]));
  for (const n of full.notes) console.log(`  note: ${n}`);
  console.log(`  → ${path.relative(process.cwd(), file)}`);
  return full;
}

export const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A process the bench started (a server), its address and how to stop it. */
export interface Server {
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Start a process and wait until `probe` answers 200 (the server itself, not a tsx wrapper: node --import tsx). */
export async function startProcess(args: string[], env: NodeJS.ProcessEnv, port: number, probe: string, timeoutMs: number): Promise<Server> {
  const child = spawn(process.execPath, args, { cwd: path.resolve(import.meta.dirname, '..'), env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > until) {
      await stop();
      throw new Error(`${base}${probe} did not answer within ${timeoutMs} ms: ${stderr}`);
    }
    try {
      const res = await fetch(base + probe, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return { base, child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

