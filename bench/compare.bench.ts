/**
 * Version comparison: two versions of a 500-task list (as GET /api/lists/compare compares them) —
 * a year's list against the next year's copy in which 30 % of the tasks were reworded, 5 % dropped,
 * 5 % added and 5 % reworded without an origin link (matched by bigram Dice). core/diff.ts
 * `compareLists` matches the tasks and diffs every changed text with Myers' O(ND) character diff.
 * Baseline: the same character diffs with the textbook O(n·m) LCS table. Target: the whole
 * comparison well under 200 ms. Texts are generated with a fixed seed, so runs are comparable.
 */
import { compareLists, diffChars, type DiffOp, type ListSnapshotData } from '../packages/core/src/index.ts';
import { figure, ms, report, type BenchResult } from './lib.ts';

const TASKS = 500;
const RUNS = 7;

const PHRASES = [
  '深入学习贯彻习近平新时代中国特色社会主义思想', '组织开展党组理论学习中心组学习', '落实意识形态工作责任制', '推进党支部标准化规范化建设',
  '严格执行中央八项规定精神', '持续纠治四风问题', '加强党员教育管理监督', '严肃党内政治生活', '落实三会一课制度', '开展主题党日活动',
  '加强廉洁文化建设', '强化政治监督', '落实全面从严治党主体责任', '开展警示教育', '推进模范机关创建', '加强机关作风建设',
  '做好发展党员工作', '规范党费收缴使用管理', '开展谈心谈话', '推动党建和业务深度融合', '落实第一议题制度', '健全请示报告制度',
];
const EXTRAS = ['每季度不少于一次', '全年不少于四次', '及时报送工作情况', '形成长效机制', '建立工作台账', '年底前完成', '定期分析研判', '会后抓好整改落实'];

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

type Task = ListSnapshotData['tasks'][number];

function data(): { a: ListSnapshotData; b: ListSnapshotData } {
  const r = rng(20230315);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const text = () => `${pick(PHRASES)}，${pick(PHRASES)}，${pick(EXTRAS)}；${pick(PHRASES)}，${pick(EXTRAS)}。`;
  const parts = Array.from({ length: 6 }, (_, i) => ({ id: i + 1, seq: i + 1, title: `第${i + 1}部分`, draftingOrgId: null, draftingOrgName: null }));
  const task = (i: number, code: string, content: string, originCode: string | null): Task => ({
    id: i + 1,
    code,
    originCode,
    number: i + 1,
    partId: (i % 6) + 1,
    partSeq: (i % 6) + 1,
    sectionId: null,
    levelCode: ['L1', 'L2', 'L3'][i % 3]!,
    seq: Math.floor(i / 6) + 1,
    content,
    requirements: text(),
    frequency: 'quarterly',
    dueRule: { kind: 'afterPeriodEnd', days: 10 },
    evidence: '会议记录、工作台账',
    reviewerOrgId: null,
    weight: '2.00',
    sourceItemIds: [],
  });
  const aTasks = Array.from({ length: TASKS }, (_, i) => task(i, `T2022-${i}`, text(), null));
  const bTasks: Task[] = [];
  aTasks.forEach((t, i) => {
    const x = r();
    if (x < 0.05) return; // dropped
    let content = t.content;
    if (x < 0.35) content = content.replace(/，/, `，${pick(EXTRAS)}，`).replace(pick(PHRASES), pick(PHRASES));
    const noOrigin = x >= 0.35 && x < 0.4;
    bTasks.push({ ...task(i, `T2023-${i}`, noOrigin ? content.replace(/。$/, `，${pick(EXTRAS)}。`) : content, noOrigin ? null : t.code), requirements: t.requirements });
  });
  for (let i = 0; i < TASKS * 0.05; i++) bTasks.push(task(TASKS + i, `T2023-N${i}`, text(), null));
  const list = (id: number, year: number, tasks: Task[]): ListSnapshotData => ({
    list: { id, year, title: `${year}年清单`, status: 'issued', revision: 0, docNumber: null },
    parts,
    sections: [],
    tasks: tasks.map((t, i) => ({ ...t, id: id * 10_000 + i, number: i + 1 })),
  });
  return { a: list(1, 2022, aTasks), b: list(2, 2023, bTasks) };
}

/** The textbook character diff: an O(n·m) LCS table, then a walk back. */
function lcsDiff(a: string, b: string): DiffOp[] {
  const x = Array.from(a);
  const y = Array.from(b);
  const n = x.length;
  const m = y.length;
  const t = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      t[i * (m + 1) + j] = x[i] === y[j] ? t[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(t[(i + 1) * (m + 1) + j]!, t[i * (m + 1) + j + 1]!);
    }
  }
  const out: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      out.push({ op: 'equal', text: x[i++]! });
      j++;
    } else if (j < m && (i === n || t[i * (m + 1) + j + 1]! >= t[(i + 1) * (m + 1) + j]!)) out.push({ op: 'insert', text: y[j++]! });
    else out.push({ op: 'delete', text: x[i++]! });
  }
  return out;
}

function median(fn: () => void): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(ms(t));
  }
  times.sort((p, q) => p - q);
  return times[Math.floor(times.length / 2)]!;
}

/** Texts of a few hundred characters, each edited in three places. */
function longPairs(): [string, string][] {
  const r = rng(20230401);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: 100 }, () => {
    const a = Array.from({ length: 12 }, () => `${pick(PHRASES)}，${pick(EXTRAS)}`).join('；') + '。';
    let b = a;
    for (let k = 0; k < 3; k++) {
      const at = Math.floor(r() * b.length);
      b = b.slice(0, at) + pick(EXTRAS) + b.slice(at + Math.floor(r() * 6));
    }
    return [a, b];
  });
}

export async function run(): Promise<BenchResult> {
  const { a, b } = data();
  const long = longPairs();
  const result = compareLists(a, b);
  const pairs = result.changed.flatMap((c) => c.fields.filter((f) => f.diff).map((f) => [String(f.before), String(f.after)] as const));
  const compareMs = median(() => compareLists(a, b));
  const myersMs = median(() => pairs.forEach(([x, y]) => diffChars(x, y)));
  const lcsMs = median(() => pairs.forEach(([x, y]) => lcsDiff(x, y)));
  const longMyersMs = median(() => long.forEach(([x, y]) => diffChars(x, y)));
  const longLcsMs = median(() => long.forEach(([x, y]) => lcsDiff(x, y)));
  const avgLen = Math.round(long.reduce((n, [x]) => n + x.length, 0) / long.length);
  return report({
    bench: 'compare',
    notes: [
      `${TASKS} tasks against ${b.tasks.length}: ${JSON.stringify(result.summary)}; ${pairs.length} text fields diffed; median of ${RUNS} runs after a warm-up`,
    ],
    figures: [
      figure(`compare two versions of ${TASKS} tasks (match, fields, char diffs)`, compareMs, 'ms', null, '—', { max: 200 }),
      figure(`character diffs of the ${pairs.length} changed texts (Myers O(ND))`, myersMs, 'ms', lcsMs, 'LCS table O(n·m)'),
      figure(`character diffs of 100 texts of ~${avgLen} characters, 3 edits each (Myers)`, longMyersMs, 'ms', longLcsMs, 'LCS table O(n·m)'),
    ],
  });
}

if (import.meta.main) await run();
