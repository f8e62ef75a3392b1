/**
 * Coverage suggestions: 500 tasks × 300 source items, every item ranked against every task (top 5),
 * as GET /api/source-items/:id/suggestions does for one item — here for all of them in one pass:
 * core/similarity.ts builds the TF-IDF index of the tasks once (CJK 1–3-grams, inverted index) and
 * answers each item. Baseline: the same loop with plain character-bigram Jaccard over every
 * item × task pair. Target: the whole 500 × 300 pass in well under 1 s. A second pair of figures
 * compares how often each method's first suggestion holds both phrases the item was written from.
 * Texts are generated from party-building phrases with a fixed seed, so runs are comparable.
 */
import { buildSimilarityIndex, charBigrams, jaccard } from '../packages/core/src/similarity.ts';
import { figure, ms, report, type BenchResult } from './lib.ts';

const TASKS = 500;
const ITEMS = 300;
const LIMIT = 5;
const RUNS = 7;

const PHRASES = [
  '深入学习贯彻习近平新时代中国特色社会主义思想', '组织开展党组理论学习中心组学习', '落实意识形态工作责任制', '推进党支部标准化规范化建设',
  '严格执行中央八项规定精神', '持续纠治四风问题', '加强党员教育管理监督', '严肃党内政治生活', '落实三会一课制度', '开展主题党日活动',
  '加强廉洁文化建设', '强化政治监督', '落实全面从严治党主体责任', '开展警示教育', '推进模范机关创建', '加强机关作风建设',
  '抓好巡视整改落实', '做好发展党员工作', '规范党费收缴使用管理', '加强基层党组织书记培训', '开展谈心谈话', '召开民主生活会和组织生活会',
  '落实党建工作责任制述职评议考核', '推动党建和业务深度融合', '加强统一战线工作', '做好群团工作', '加强网络意识形态阵地管理',
  '开展党史学习教育', '加强干部队伍建设', '完善选人用人机制', '强化日常监督和精准问责', '深化以案促改', '严明政治纪律和政治规矩',
  '落实第一议题制度', '健全请示报告制度', '开展调查研究', '办好职工实事', '推进机关文化建设', '加强青年干部理论武装', '落实意识形态领域风险研判',
];
const EXTRAS = ['每季度不少于一次', '全年不少于四次', '及时报送工作情况', '形成长效机制', '建立工作台账', '按要求完成', '年底前完成', '定期分析研判'];

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function data() {
  const r = rng(20230301);
  const pick = <T,>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const tasks: string[] = [];
  const taskPhrases: string[][] = [];
  for (let i = 0; i < TASKS; i++) {
    const ps = [pick(PHRASES), pick(PHRASES), pick(PHRASES)];
    taskPhrases.push(ps);
    tasks.push(`${ps[0]}，${ps[1]}。${ps[2]}，${pick(EXTRAS)}；${pick(EXTRAS)}。`);
  }
  // Each item is written from one task: two of its phrases, re-ordered, with other words around them.
  const items: { text: string; phrases: string[] }[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const ps = taskPhrases[Math.floor(r() * TASKS)]!;
    items.push({ phrases: [ps[2]!, ps[0]!], text: `围绕${ps[2]}，${ps[0]}，${pick(EXTRAS)}` });
  }
  return { tasks, items };
}

function tfidfPass(tasks: string[], items: { text: string }[]): number[][] {
  const index = buildSimilarityIndex(tasks);
  return items.map((it) => index.top(it.text, LIMIT).map((x) => x.index));
}

function jaccardPass(tasks: string[], items: { text: string }[]): number[][] {
  const taskGrams = tasks.map(charBigrams); // precomputed once, as the TF-IDF pass does
  return items.map((it) => {
    const grams = charBigrams(it.text);
    const scored: { i: number; s: number }[] = [];
    for (let i = 0; i < tasks.length; i++) {
      const s = jaccard(grams, taskGrams[i]!);
      if (s > 0) scored.push({ i, s });
    }
    scored.sort((a, b) => b.s - a.s || a.i - b.i);
    return scored.slice(0, LIMIT).map((x) => x.i);
  });
}

function median(fn: () => void): number {
  fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(ms(t));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Share of items whose first suggestion holds both phrases the item was written from. */
function hits(tasks: string[], items: { phrases: string[] }[], ranked: number[][]): number {
  let n = 0;
  items.forEach((it, i) => {
    const first = ranked[i]![0];
    if (first !== undefined && it.phrases.every((p) => tasks[first]!.includes(p))) n++;
  });
  return (n / items.length) * 100;
}

export async function run(): Promise<BenchResult> {
  const { tasks, items } = data();
  const tfidfMs = median(() => tfidfPass(tasks, items));
  const jaccardMs = median(() => jaccardPass(tasks, items));
  const buildMs = median(() => buildSimilarityIndex(tasks));
  return report({
    bench: 'coverage',
    notes: [
      `${TASKS} tasks × ${ITEMS} items, top ${LIMIT} per item; median of ${RUNS} runs after a warm-up; texts generated with a fixed seed`,
      `of the TF-IDF pass, building the task index takes ${buildMs.toFixed(2)} ms`,
    ],
    figures: [
      figure(`rank ${TASKS} tasks for ${ITEMS} items (TF-IDF 1–3-gram cosine)`, tfidfMs, 'ms', jaccardMs, 'bigram Jaccard, same loop', { max: 1000 }),
      figure('first suggestion holds the item\'s phrases', hits(tasks, items, tfidfPass(tasks, items)), '%', hits(tasks, items, jaccardPass(tasks, items)), 'bigram Jaccard'),
    ],
  });
}

if (import.meta.main) await run();
