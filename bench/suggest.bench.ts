/**
 * Suggestions that find the obvious match: the suggester (core similarity.ts, as
 * GET /api/source-items/:id/suggestions ranks the list's tasks for a source item) measured against
 * a labelled set — the demo's 2022 tracing, where every traced source item knows the tasks that
 * carry it out (demo/lists/tasks-2022.ts `sources`). For each traced item: is the first suggestion
 * one of its tasks (top-1), is one of its tasks among the first three (top-3)? Baseline in the
 * same run: ranking by character-bigram Jaccard. Target: top-3 ≥ 90 %.
 */
import { bigramJaccard, buildSimilarityIndex } from '../packages/core/src/index.ts';
import { TASKS_2022 } from '../packages/server/src/demo/lists/tasks-2022.ts';
import { UPPER_LIST_2022, WORK_POINTS_2022 } from '../packages/server/src/demo/lists/sources-2022.ts';
import { figure, report, type BenchResult } from './lib.ts';

interface Case {
  key: string;
  text: string;
  tasks: Set<number>;
}

/** Every source item some task carries out, with those tasks (by position in TASKS_2022). */
export function labelledSet(): Case[] {
  const items = [...UPPER_LIST_2022.groups, ...WORK_POINTS_2022.groups].flatMap((g) => [{ key: g.key, text: g.text }, ...g.items.map((i) => ({ key: i.key, text: i.text }))]);
  const byKey = new Map<string, Set<number>>();
  TASKS_2022.forEach((t, i) => t.sources.forEach((k) => byKey.set(k, (byKey.get(k) ?? new Set()).add(i))));
  return items.filter((i) => byKey.has(i.key)).map((i) => ({ ...i, tasks: byKey.get(i.key)! }));
}

/** Hit rates (0–1) of a ranking function over the labelled set. */
export function hitRates(cases: Case[], rank: (text: string) => number[]): { top1: number; top3: number; misses: string[] } {
  let top1 = 0;
  let top3 = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const r = rank(c.text);
    if (r.length > 0 && c.tasks.has(r[0]!)) top1++;
    if (r.slice(0, 3).some((i) => c.tasks.has(i))) top3++;
    else misses.push(`${c.key} ${c.text.slice(0, 24)}`);
  }
  return { top1: top1 / cases.length, top3: top3 / cases.length, misses };
}

export async function run(): Promise<BenchResult> {
  const cases = labelledSet();
  const docs = TASKS_2022.map((t) => `${t.content}\n${t.requirements}`);
  const index = buildSimilarityIndex(docs);
  const suggester = hitRates(cases, (q) => index.top(q, 3, 0.05).map((r) => r.index));
  const baseline = hitRates(cases, (q) =>
    docs
      .map((d, i) => ({ i, s: bigramJaccard(q, d) }))
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, 3)
      .map((x) => x.i),
  );
  const pct = (x: number) => Math.round(x * 1000) / 10;
  return report({
    bench: 'suggest',
    notes: [
      `${cases.length} traced source items of the demo's 2022 list, ${TASKS_2022.length} tasks`,
      `suggester misses at top-3: ${suggester.misses.length ? suggester.misses.join('; ') : 'none'}`,
    ],
    figures: [
      figure('top-1 hit rate (first suggestion is a task that carries the item)', pct(suggester.top1), '%', pct(baseline.top1), 'bigram Jaccard ranking'),
      figure('top-3 hit rate', pct(suggester.top3), '%', pct(baseline.top3), 'bigram Jaccard ranking', { min: 90 }),
    ],
  });
}

if (import.meta.main) await run();
