import { describe, expect, it } from 'vitest';
import { compareLists, diffChars, textSimilarity, type DiffOp } from './diff.ts';
import type { ListSnapshotData } from './lists.ts';

function makeRandom(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

const side = (ops: DiffOp[], which: 'a' | 'b') =>
  ops.filter((o) => o.op === 'equal' || o.op === (which === 'a' ? 'delete' : 'insert')).map((o) => o.text).join('');

describe('diffChars', () => {
  it('returns nothing for two empty texts and one equal run for the same text', () => {
    expect(diffChars('', '')).toEqual([]);
    expect(diffChars('党组每季度研究', '党组每季度研究')).toEqual([{ op: 'equal', text: '党组每季度研究' }]);
  });

  it('finds an insertion and a deletion in Chinese text', () => {
    expect(diffChars('党组每季度研究一次机关党建工作', '党组每季度至少专题研究一次机关党建工作')).toEqual([
      { op: 'equal', text: '党组每季度' },
      { op: 'insert', text: '至少专题' },
      { op: 'equal', text: '研究一次机关党建工作' },
    ]);
    expect(diffChars('每半年听取一次汇报', '每年听取汇报')).toEqual([
      { op: 'equal', text: '每' },
      { op: 'delete', text: '半' },
      { op: 'equal', text: '年听取' },
      { op: 'delete', text: '一次' },
      { op: 'equal', text: '汇报' },
    ]);
  });

  it('shows a replacement as a deletion followed by an insertion', () => {
    expect(diffChars('召开专题会议', '召开民主生活会议')).toEqual([
      { op: 'equal', text: '召开' },
      { op: 'delete', text: '专题' },
      { op: 'insert', text: '民主生活' },
      { op: 'equal', text: '会议' },
    ]);
    expect(diffChars('', '新增')).toEqual([{ op: 'insert', text: '新增' }]);
    expect(diffChars('删除', '')).toEqual([{ op: 'delete', text: '删除' }]);
  });

  it('keeps characters outside the basic plane whole', () => {
    const ops = diffChars('𠀀甲', '𠀁甲');
    expect(ops).toEqual([
      { op: 'delete', text: '𠀀' },
      { op: 'insert', text: '𠀁' },
      { op: 'equal', text: '甲' },
    ]);
  });

  it('always rebuilds both texts and merges runs (random edits of a few hundred characters)', () => {
    const rnd = makeRandom(7);
    const alphabet = Array.from('党组机关建设责任清单落实推进工作学习教育监督检查制度会议每季度年的和');
    for (let round = 0; round < 60; round++) {
      const n = 50 + Math.floor(rnd() * 350);
      const a = Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      const chars = Array.from(a);
      const edits = Math.floor(rnd() * 20);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * (chars.length + 1));
        if (rnd() < 0.5 && chars.length) chars.splice(at, 1 + Math.floor(rnd() * 5));
        else chars.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => alphabet[Math.floor(rnd() * alphabet.length)] as string));
      }
      const b = chars.join('');
      const ops = diffChars(a, b);
      expect(side(ops, 'a')).toBe(a);
      expect(side(ops, 'b')).toBe(b);
      for (let i = 1; i < ops.length; i++) {
        expect(ops[i]?.op === ops[i - 1]?.op).toBe(false);
        expect(ops[i - 1]?.op === 'insert' && ops[i]?.op === 'delete').toBe(false);
      }
    }
  });

  it('shows two long texts that differ almost everywhere as replaced outright', () => {
    const a = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(0x4e00 + (i % 500))).join('');
    const b = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(0x5e00 + (i % 500))).join('');
    expect(diffChars(a, b)).toEqual([
      { op: 'delete', text: a },
      { op: 'insert', text: b },
    ]);
  });

  it('handles two unrelated texts of several hundred characters', () => {
    const a = '加强党的政治建设'.repeat(60);
    const b = '深化模范机关创建'.repeat(60);
    const ops = diffChars(a, b);
    expect(side(ops, 'a')).toBe(a);
    expect(side(ops, 'b')).toBe(b);
  });
});

describe('textSimilarity', () => {
  it('is 1 for the same text, high for a rewording and low for another task', () => {
    expect(textSimilarity('每季度召开一次党组会议', '每季度召开一次党组会议')).toBe(1);
    expect(textSimilarity('党组（党委）每季度至少专题研究一次机关党建工作', '党组（党委）每季度专题研究一次机关党建工作')).toBeGreaterThan(0.8);
    expect(textSimilarity('党组（党委）每季度至少专题研究一次机关党建工作', '组织开展文明单位创建活动')).toBeLessThan(0.2);
  });
});

type T = ListSnapshotData['tasks'][number];
function snap(id: number, year: number, tasks: Partial<T>[], parts = [{ id: id * 100 + 1, seq: 1, title: '政治建设' }, { id: id * 100 + 2, seq: 2, title: '思想建设' }]): ListSnapshotData {
  const full: T[] = tasks.map((t, i) => ({
    id: id * 1000 + i,
    code: `C${i}`,
    originCode: null,
    number: i + 1,
    partId: parts[0]!.id,
    partSeq: 1,
    sectionId: null,
    levelCode: 'L1',
    seq: i + 1,
    content: `任务${i}`,
    requirements: '',
    frequency: 'yearly',
    dueRule: { kind: 'yearEnd' },
    evidence: '',
    reviewerOrgId: null,
    weight: null,
    sourceItemIds: [],
    ...t,
  }));
  return {
    list: { id, year, title: `${year}年清单`, status: 'draft', revision: 0, docNumber: null },
    parts: parts.map((p) => ({ ...p, draftingOrgId: null, draftingOrgName: null })),
    sections: [],
    tasks: full,
  };
}

describe('compareLists', () => {
  const base: Partial<T>[] = [
    { code: 'A', content: '党组（党委）每季度至少专题研究一次机关党建工作，研究解决重点问题' },
    { code: 'B', content: '严格落实“第一议题”制度，及时跟进学习习近平总书记重要讲话精神' },
    { code: 'C', content: '组织开展文明单位创建活动，推动精神文明建设与业务工作融合' },
    { code: 'D', content: '每年召开一次党员领导干部民主生活会，认真开展批评和自我批评' },
  ];

  it('sees nothing changed between a list and itself', () => {
    const a = snap(1, 2022, base);
    const r = compareLists(a, a);
    expect(r.summary).toEqual({ added: 0, removed: 0, moved: 0, changed: 0, unchanged: 4 });
    expect(r.parts).toEqual({ added: [], removed: [], renamed: [] });
  });

  it('within one list matches by code and reports field changes with character diffs', () => {
    const a = snap(1, 2022, base);
    const b = snap(1, 2022, [
      { ...base[0], content: '党组（党委）每季度专题研究一次机关党建工作，研究解决重点问题', frequency: 'quarterly', weight: '5.00' },
      { ...base[1], sourceItemIds: [3] },
      { ...base[3] },
      { code: 'E', content: '建立健全党建工作联系点制度' },
    ]);
    const r = compareLists(a, b);
    expect(r.summary).toEqual({ added: 1, removed: 1, moved: 0, changed: 2, unchanged: 1 });
    expect(r.added.map((t) => t.code)).toEqual(['E']);
    expect(r.removed.map((t) => t.code)).toEqual(['C']);
    const ca = r.changed.find((c) => c.to.code === 'A')!;
    expect(ca.match).toBe('code');
    expect(ca.fields.map((f) => f.field)).toEqual(['content', 'frequency', 'weight']);
    expect(ca.fields[0]!.diff).toEqual([
      { op: 'equal', text: '党组（党委）每季度' },
      { op: 'delete', text: '至少' },
      { op: 'equal', text: '专题研究一次机关党建工作，研究解决重点问题' },
    ]);
    expect(r.changed.find((c) => c.to.code === 'B')!.fields.map((f) => f.field)).toEqual(['sourceItemIds']);
  });

  it('reports moves between parts and levels, and reordering, but not shifts from additions', () => {
    const parts = [{ id: 101, seq: 1, title: '政治建设' }, { id: 102, seq: 2, title: '思想建设' }];
    const a = snap(1, 2022, base, parts);
    const b = snap(1, 2022, [
      { code: 'N', content: '新增的一项任务内容' },
      { ...base[1] },
      { ...base[0] },
      { ...base[2], levelCode: 'L2' },
      { ...base[3], partId: 102, partSeq: 2 },
    ], parts);
    const r = compareLists(a, b);
    const moves = Object.fromEntries(r.moved.map((m) => [m.to.code, m.moves]));
    // A and B swapped places: one of them counts as moved.
    const { A, B, ...rest } = moves;
    expect([A, B].filter(Boolean)).toEqual([['position']]);
    expect(rest).toEqual({ C: ['level'], D: ['part'] });
    expect(r.summary.unchanged).toBe(1);
    expect(r.summary.added).toBe(1);
  });

  it('across years matches by origin code, then by similar text, and compares parts by title', () => {
    const a = snap(1, 2022, base);
    const b = snap(2, 2023, [
      { code: 'X1', originCode: 'A', content: base[0]!.content },
      { code: 'X2', originCode: 'B', content: '严格落实“第一议题”制度，第一时间跟进学习习近平总书记重要讲话和重要指示批示精神' },
      { code: 'X3', content: '组织开展文明单位创建活动，推动精神文明建设与业务工作深度融合' },
      { code: 'X4', content: '开展模范机关创建示范单位评选' },
    ], [{ id: 201, seq: 1, title: '政治建设' }, { id: 202, seq: 2, title: '思想政治建设' }]);
    const r = compareLists(a, b);
    expect(r.summary).toMatchObject({ added: 1, removed: 1, changed: 2 });
    const x2 = r.changed.find((c) => c.to.code === 'X2')!;
    expect(x2.match).toBe('origin');
    expect(x2.fields[0]!.diff!.some((d) => d.op === 'insert' && d.text.includes('重要指示批示'))).toBe(true);
    expect(r.changed.find((c) => c.to.code === 'X3')!.match).toBe('similar');
    expect(r.added[0]!.code).toBe('X4');
    expect(r.removed[0]!.code).toBe('D');
    expect(r.parts.renamed).toEqual([{ from: expect.objectContaining({ title: '思想建设' }), to: expect.objectContaining({ title: '思想政治建设' }) }]);
    // Backwards: 2023 against 2022 matches the same pairs.
    const back = compareLists(b, a);
    expect(back.summary).toMatchObject({ added: 1, removed: 1, changed: 2 });
    expect(back.changed.find((c) => c.from.code === 'X2')!.match).toBe('origin');
  });
});
