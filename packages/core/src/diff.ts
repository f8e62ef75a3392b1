/**
 * Comparing two versions of a responsibility list (明责 1, versions): which tasks were added,
 * removed, moved or changed, field by field, with a character-level diff of the Chinese text.
 * Pure functions over `ListSnapshotData` (core/lists.ts); no I/O.
 */
import type { ListSnapshotData } from './lists.ts';

// ---------------------------------------------------------------------------------------------
// Character diff
// ---------------------------------------------------------------------------------------------

export type DiffOpKind = 'equal' | 'insert' | 'delete';
export interface DiffOp {
  op: DiffOpKind;
  text: string;
}

/** Characters (code points), so that a character outside the BMP is never split. */
function chars(s: string): string[] {
  return Array.from(s);
}

/** Beyond this many edits two texts are shown as replaced outright (bounds time and memory). */
const MAX_EDITS = 1500;

/**
 * Myers' O(ND) shortest edit script over the characters of a and b (already stripped of their
 * common prefix and suffix). Returns the ops in order, one character each, merged by the caller;
 * null when the texts differ in more than MAX_EDITS characters.
 */
function myers(a: string[], b: string[]): DiffOp[] | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    if (d > MAX_EDITS) return null;
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))) x = v[offset + k + 1] as number;
      else x = (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back through the trace. trace[d] holds V before round d, for k in [-d-1, d+1].
  const out: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] as Int32Array;
    const at = (k: number) => vd[k + d + 1] as number;
    const k = x - y;
    let prevK: number;
    if (d === 0) prevK = 0;
    else if (k === -d || (k !== d && at(k - 1) < at(k + 1))) prevK = k + 1;
    else prevK = k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: 'equal', text: a[x - 1] as string });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) out.push({ op: 'insert', text: b[y - 1] as string });
      else out.push({ op: 'delete', text: a[x - 1] as string });
    }
    x = prevX;
    y = prevY;
  }
  return out.reverse();
}

/** Merges runs of the same op and puts deletions before insertions inside each changed stretch. */
function normalise(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = '';
    ins = '';
  };
  for (const o of ops) {
    if (o.text === '') continue;
    if (o.op === 'delete') del += o.text;
    else if (o.op === 'insert') ins += o.text;
    else {
      flush();
      const last = out[out.length - 1];
      if (last && last.op === 'equal') last.text += o.text;
      else out.push({ op: 'equal', text: o.text });
    }
  }
  flush();
  return out;
}

/**
 * Semantic clean-up: a short equal stretch between two changes (one or two characters that
 * happen to coincide, e.g. "的") reads better as part of the change. An equality is folded into
 * its neighbours when it is no longer than the changes on either side of it.
 */
function cleanup(ops: DiffOp[]): DiffOp[] {
  let cur = ops;
  for (let pass = 0; pass < 8; pass++) {
    let changed = false;
    const out: DiffOp[] = [];
    for (let i = 0; i < cur.length; i++) {
      const o = cur[i] as DiffOp;
      if (o.op === 'equal' && i > 0 && i < cur.length - 1) {
        const len = chars(o.text).length;
        let before = 0;
        for (let j = i - 1; j >= 0 && (cur[j] as DiffOp).op !== 'equal'; j--) before = Math.max(before, chars((cur[j] as DiffOp).text).length);
        let after = 0;
        for (let j = i + 1; j < cur.length && (cur[j] as DiffOp).op !== 'equal'; j++) after = Math.max(after, chars((cur[j] as DiffOp).text).length);
        if (before > 0 && after > 0 && len <= Math.min(before, after) && len <= 3) {
          out.push({ op: 'delete', text: o.text }, { op: 'insert', text: o.text });
          changed = true;
          continue;
        }
      }
      out.push(o);
    }
    cur = normalise(out);
    if (!changed) break;
  }
  return cur;
}

/**
 * Character-level diff of a → b: equal, inserted and deleted stretches in order (deletions
 * before insertions where text was replaced). Joining the equal and deleted texts gives a;
 * joining the equal and inserted texts gives b.
 */
export function diffChars(a: string, b: string): DiffOp[] {
  if (a === b) return a ? [{ op: 'equal', text: a }] : [];
  const ca = chars(a);
  const cb = chars(b);
  let pre = 0;
  while (pre < ca.length && pre < cb.length && ca[pre] === cb[pre]) pre++;
  let suf = 0;
  while (suf < ca.length - pre && suf < cb.length - pre && ca[ca.length - 1 - suf] === cb[cb.length - 1 - suf]) suf++;
  const midA = ca.slice(pre, ca.length - suf);
  const midB = cb.slice(pre, cb.length - suf);
  const ops: DiffOp[] = [];
  if (pre) ops.push({ op: 'equal', text: ca.slice(0, pre).join('') });
  if (midA.length === 0) ops.push({ op: 'insert', text: midB.join('') });
  else if (midB.length === 0) ops.push({ op: 'delete', text: midA.join('') });
  else {
    const script = myers(midA, midB);
    if (script) ops.push(...script);
    else ops.push({ op: 'delete', text: midA.join('') }, { op: 'insert', text: midB.join('') });
  }
  if (suf) ops.push({ op: 'equal', text: ca.slice(ca.length - suf).join('') });
  return cleanup(normalise(ops));
}

// ---------------------------------------------------------------------------------------------
// Similarity
// ---------------------------------------------------------------------------------------------

/** Character bigrams of a text, with counts; punctuation and spaces are left out. */
function bigrams(s: string): Map<string, number> {
  const cs = chars(s.replace(/[\s\p{P}]/gu, ''));
  const m = new Map<string, number>();
  if (cs.length === 1) m.set(cs[0] as string, 1);
  for (let i = 0; i + 1 < cs.length; i++) {
    const g = (cs[i] as string) + (cs[i + 1] as string);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

function diceOf(x: Map<string, number>, y: Map<string, number>): number {
  let nx = 0;
  let ny = 0;
  for (const c of x.values()) nx += c;
  for (const c of y.values()) ny += c;
  if (nx + ny === 0) return 1;
  let common = 0;
  const [small, big] = x.size <= y.size ? [x, y] : [y, x];
  for (const [g, c] of small) common += Math.min(c, big.get(g) ?? 0);
  return (2 * common) / (nx + ny);
}

/** Sørensen–Dice coefficient over character bigrams: 1 for the same text, 0 for nothing shared. */
export function textSimilarity(a: string, b: string): number {
  return diceOf(bigrams(a), bigrams(b));
}

/** The threshold above which two leftover tasks are taken for the same task reworded. */
export const SIMILARITY_THRESHOLD = 0.6;

// ---------------------------------------------------------------------------------------------
// Comparing lists
// ---------------------------------------------------------------------------------------------

type SnapTask = ListSnapshotData['tasks'][number];
type SnapPart = ListSnapshotData['parts'][number];

export const COMPARED_FIELDS = [
  'content',
  'requirements',
  'frequency',
  'dueRule',
  'evidence',
  'reviewerOrgId',
  'weight',
  'sourceItemIds',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];
/** The fields compared as text, with a character diff. */
export const TEXT_FIELDS: readonly ComparedField[] = ['content', 'requirements', 'evidence'];

/** A task as one side shows it: where it stands and what it says. */
export interface TaskSide {
  id: number;
  code: string;
  number: number;
  partSeq: number;
  partTitle: string;
  sectionTitle: string | null;
  levelCode: string;
  seq: number;
  content: string;
}

export interface FieldChange {
  field: ComparedField;
  before: unknown;
  after: unknown;
  /** For text fields: the character diff before → after. */
  diff?: DiffOp[];
}

export type MatchKind = 'code' | 'origin' | 'similar';
export type MoveKind = 'part' | 'section' | 'level' | 'position';

export interface TaskPair {
  from: TaskSide;
  to: TaskSide;
  match: MatchKind;
  /** Text similarity of the contents (1 when identical). */
  similarity: number;
}

export interface MovedTask extends TaskPair {
  moves: MoveKind[];
}

export interface ChangedTask extends TaskPair {
  fields: FieldChange[];
}

export interface PartSide {
  id: number;
  seq: number;
  title: string;
  draftingOrgName: string | null;
}

export interface ListComparison {
  from: ListSnapshotData['list'];
  to: ListSnapshotData['list'];
  summary: { added: number; removed: number; moved: number; changed: number; unchanged: number };
  /** Tasks of `to` with no counterpart in `from`. */
  added: TaskSide[];
  /** Tasks of `from` with no counterpart in `to`. */
  removed: TaskSide[];
  /** Matched tasks whose part, section, level or order among their neighbours changed. */
  moved: MovedTask[];
  /** Matched tasks with at least one changed field. A task may be both moved and changed. */
  changed: ChangedTask[];
  /** Matched tasks neither moved nor changed. */
  unchanged: number;
  parts: { added: PartSide[]; removed: PartSide[]; renamed: { from: PartSide; to: PartSide }[] };
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

function sameValue(field: ComparedField, x: unknown, y: unknown): boolean {
  if (field === 'weight') {
    const nx = x === null || x === undefined ? null : Number(x);
    const ny = y === null || y === undefined ? null : Number(y);
    return nx === ny;
  }
  if (field === 'sourceItemIds') {
    const sx = [...((x as number[] | undefined) ?? [])].sort((p, q) => p - q);
    const sy = [...((y as number[] | undefined) ?? [])].sort((p, q) => p - q);
    return stableJson(sx) === stableJson(sy);
  }
  return stableJson(x) === stableJson(y);
}

/** Matches the parts: by id within one list, otherwise by title, then leftovers by position. */
function matchParts(a: ListSnapshotData, b: ListSnapshotData, sameList: boolean): Map<number, number> {
  const map = new Map<number, number>();
  const usedB = new Set<number>();
  if (sameList) {
    const ids = new Set(b.parts.map((p) => p.id));
    for (const p of a.parts) {
      if (ids.has(p.id)) {
        map.set(p.id, p.id);
        usedB.add(p.id);
      }
    }
    return map;
  }
  for (const p of a.parts) {
    const q = b.parts.find((x) => !usedB.has(x.id) && x.title.trim() === p.title.trim());
    if (q) {
      map.set(p.id, q.id);
      usedB.add(q.id);
    }
  }
  for (const p of a.parts) {
    if (map.has(p.id)) continue;
    const q = b.parts.find((x) => !usedB.has(x.id) && x.seq === p.seq);
    if (q && textSimilarity(p.title, q.title) >= 0.3) {
      map.set(p.id, q.id);
      usedB.add(q.id);
    }
  }
  return map;
}

/**
 * The positions that changed inside one part × level: the tasks outside a longest increasing run
 * of their old order. Tasks shifted only because others were added or removed are not moved.
 */
function reorderedIds(pairs: { bId: number; aRank: number }[]): Set<number> {
  const n = pairs.length;
  const tails: number[] = [];
  const tailIdx: number[] = [];
  const prev = new Array<number>(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const r = (pairs[i] as { aRank: number }).aRank;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tails[mid] as number) < r) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = r;
    tailIdx[lo] = i;
    prev[i] = lo > 0 ? (tailIdx[lo - 1] as number) : -1;
  }
  const keep = new Set<number>();
  let i = tails.length ? (tailIdx[tails.length - 1] as number) : -1;
  while (i >= 0) {
    keep.add(i);
    i = prev[i] as number;
  }
  const out = new Set<number>();
  pairs.forEach((p, idx) => {
    if (!keep.has(idx)) out.add(p.bId);
  });
  return out;
}

/**
 * Compares two versions of a list, `a` (before) and `b` (after). Tasks are matched by their code
 * when both sides are the same list; across lists (years) by origin (`b`'s task copied from
 * `a`'s, or the other way round when comparing backwards); the tasks left over are paired by
 * text similarity of their contents (character-bigram Dice ≥ 0.6, best pairs first). Source links
 * are compared only within one list (another year's list has its own source documents).
 */
export function compareLists(a: ListSnapshotData, b: ListSnapshotData): ListComparison {
  const sameList = a.list.id === b.list.id;
  const partsA = new Map<number, SnapPart>(a.parts.map((p) => [p.id, p]));
  const partsB = new Map<number, SnapPart>(b.parts.map((p) => [p.id, p]));
  const sectionsA = new Map(a.sections.map((s) => [s.id, s]));
  const sectionsB = new Map(b.sections.map((s) => [s.id, s]));
  const side = (t: SnapTask, parts: Map<number, SnapPart>, sections: typeof sectionsA): TaskSide => ({
    id: t.id,
    code: t.code,
    number: t.number,
    partSeq: t.partSeq,
    partTitle: parts.get(t.partId)?.title ?? '',
    sectionTitle: t.sectionId === null ? null : (sections.get(t.sectionId)?.title ?? null),
    levelCode: t.levelCode,
    seq: t.seq,
    content: t.content,
  });

  // 1. Matching.
  const pairs: { ta: SnapTask; tb: SnapTask; match: MatchKind }[] = [];
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const take = (ta: SnapTask, tb: SnapTask, match: MatchKind) => {
    pairs.push({ ta, tb, match });
    usedA.add(ta.id);
    usedB.add(tb.id);
  };
  if (sameList) {
    const byCode = new Map(b.tasks.map((t) => [t.code, t]));
    for (const ta of a.tasks) {
      const tb = byCode.get(ta.code);
      if (tb && !usedB.has(tb.id)) take(ta, tb, 'code');
    }
  } else {
    const bByOrigin = new Map<string, SnapTask>();
    for (const t of b.tasks) if (t.originCode !== null && !bByOrigin.has(t.originCode)) bByOrigin.set(t.originCode, t);
    for (const ta of a.tasks) {
      const tb = bByOrigin.get(ta.code);
      if (tb && !usedB.has(tb.id)) take(ta, tb, 'origin');
    }
    // Backwards (a newer year against an older one): a's task copied from b's.
    const bByCode = new Map(b.tasks.map((t) => [t.code, t]));
    for (const ta of a.tasks) {
      if (usedA.has(ta.id) || ta.originCode === null) continue;
      const tb = bByCode.get(ta.originCode);
      if (tb && !usedB.has(tb.id)) take(ta, tb, 'origin');
    }
  }
  const leftA = a.tasks.filter((t) => !usedA.has(t.id));
  const leftB = b.tasks.filter((t) => !usedB.has(t.id));
  if (leftA.length && leftB.length) {
    const gb = leftB.map((t) => bigrams(t.content));
    const candidates: { i: number; j: number; s: number }[] = [];
    leftA.forEach((ta, i) => {
      const g = bigrams(ta.content);
      gb.forEach((h, j) => {
        const s = diceOf(g, h);
        if (s >= SIMILARITY_THRESHOLD) candidates.push({ i, j, s });
      });
    });
    // Best pairs first; ties: same level, then nearer positions.
    candidates.sort((x, y) => {
      if (y.s !== x.s) return y.s - x.s;
      const lx = (leftA[x.i] as SnapTask).levelCode === (leftB[x.j] as SnapTask).levelCode ? 0 : 1;
      const ly = (leftA[y.i] as SnapTask).levelCode === (leftB[y.j] as SnapTask).levelCode ? 0 : 1;
      if (lx !== ly) return lx - ly;
      return Math.abs((leftA[x.i] as SnapTask).number - (leftB[x.j] as SnapTask).number) - Math.abs((leftA[y.i] as SnapTask).number - (leftB[y.j] as SnapTask).number);
    });
    for (const c of candidates) {
      const ta = leftA[c.i] as SnapTask;
      const tb = leftB[c.j] as SnapTask;
      if (!usedA.has(ta.id) && !usedB.has(tb.id)) take(ta, tb, 'similar');
    }
  }

  // 2. Parts.
  const partMap = matchParts(a, b, sameList);
  const mappedB = new Set(partMap.values());
  const partSide = (p: SnapPart): PartSide => ({ id: p.id, seq: p.seq, title: p.title, draftingOrgName: p.draftingOrgName });
  const parts: ListComparison['parts'] = {
    added: b.parts.filter((p) => !mappedB.has(p.id)).map(partSide),
    removed: a.parts.filter((p) => !partMap.has(p.id)).map(partSide),
    renamed: [],
  };
  for (const [ia, ib] of partMap) {
    const pa = partsA.get(ia) as SnapPart;
    const pb = partsB.get(ib) as SnapPart;
    if (pa.title.trim() !== pb.title.trim()) parts.renamed.push({ from: partSide(pa), to: partSide(pb) });
  }

  // 3. Moves: part, section, level; order inside a part × level.
  const movesOf = new Map<number, MoveKind[]>();
  const groups = new Map<string, { ta: SnapTask; tb: SnapTask }[]>();
  const aRank = new Map(a.tasks.map((t, i) => [t.id, i]));
  for (const { ta, tb } of pairs) {
    const moves: MoveKind[] = [];
    const samePart = partMap.get(ta.partId) === tb.partId;
    if (!samePart) moves.push('part');
    const secA = ta.sectionId === null ? null : (sectionsA.get(ta.sectionId)?.title ?? null);
    const secB = tb.sectionId === null ? null : (sectionsB.get(tb.sectionId)?.title ?? null);
    if (samePart && (secA ?? '') !== (secB ?? '')) moves.push('section');
    if (ta.levelCode !== tb.levelCode) moves.push('level');
    movesOf.set(tb.id, moves);
    if (samePart && ta.levelCode === tb.levelCode) {
      const key = `${tb.partId}|${tb.levelCode}`;
      const g = groups.get(key);
      if (g) g.push({ ta, tb });
      else groups.set(key, [{ ta, tb }]);
    }
  }
  for (const g of groups.values()) {
    g.sort((x, y) => x.tb.number - y.tb.number);
    for (const id of reorderedIds(g.map((p) => ({ bId: p.tb.id, aRank: aRank.get(p.ta.id) as number })))) movesOf.get(id)?.push('position');
  }

  // 4. Fields.
  const moved: MovedTask[] = [];
  const changed: ChangedTask[] = [];
  let unchanged = 0;
  const ordered = [...pairs].sort((x, y) => x.tb.number - y.tb.number);
  for (const { ta, tb, match } of ordered) {
    const pair: TaskPair = {
      from: side(ta, partsA, sectionsA),
      to: side(tb, partsB, sectionsB),
      match,
      similarity: ta.content === tb.content ? 1 : Math.round(textSimilarity(ta.content, tb.content) * 100) / 100,
    };
    const fields: FieldChange[] = [];
    for (const f of COMPARED_FIELDS) {
      if (f === 'sourceItemIds' && !sameList) continue;
      const before = ta[f];
      const after = tb[f];
      if (sameValue(f, before, after)) continue;
      const fc: FieldChange = { field: f, before, after };
      if (TEXT_FIELDS.includes(f)) fc.diff = diffChars(String(before ?? ''), String(after ?? ''));
      fields.push(fc);
    }
    const moves = movesOf.get(tb.id) ?? [];
    if (moves.length) moved.push({ ...pair, moves });
    if (fields.length) changed.push({ ...pair, fields });
    if (!moves.length && !fields.length) unchanged++;
  }

  const added = b.tasks.filter((t) => !usedB.has(t.id)).map((t) => side(t, partsB, sectionsB));
  const removed = a.tasks.filter((t) => !usedA.has(t.id)).map((t) => side(t, partsA, sectionsA));
  return {
    from: a.list,
    to: b.list,
    summary: { added: added.length, removed: removed.length, moved: moved.length, changed: changed.length, unchanged },
    added,
    removed,
    moved,
    changed,
    unchanged,
    parts,
  };
}
