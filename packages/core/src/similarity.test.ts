import { describe, expect, it } from 'vitest';
import { bigramJaccard, buildSimilarityIndex, textTerms } from './similarity.ts';

describe('text terms', () => {
  it('takes unigrams, bigrams and trigrams of Chinese runs, split by punctuation and function characters', () => {
    expect(textTerms('党建，责任')).toEqual(['党', '党建', '建', '责', '责任', '任']);
    expect(textTerms('落实主体')).toEqual(['落', '落实', '落实主', '实', '实主', '实主体', '主', '主体', '体']);
    // 的 and 和 split runs and are not terms
    expect(textTerms('党的建设和纪律')).toEqual(['党', '建', '建设', '设', '纪', '纪律', '律']);
    // Latin words and numbers are one lower-case term each
    expect(textTerms('开展2次 OKR 评估')).toEqual(['开', '开展', '展', '2', '次', 'okr', '评', '评估', '估']);
    expect(textTerms('。，、！')).toEqual([]);
  });
});

describe('TF-IDF cosine similarity', () => {
  const tasks = [
    '组织开展党组理论学习中心组学习，每季度不少于一次',
    '落实意识形态工作责任制，定期分析研判意识形态领域情况',
    '加强基层党组织建设，推进党支部标准化规范化建设',
    '严格执行中央八项规定精神，纠治四风问题',
  ];
  const index = buildSimilarityIndex(tasks);

  it('ranks the obviously matching document first', () => {
    const top = index.top('推进党支部标准化规范化建设', 3);
    expect(top[0]!.index).toBe(2);
    expect(top[0]!.score).toBeGreaterThan(0.5);
    expect(index.top('落实意识形态工作责任制', 1)[0]!.index).toBe(1);
    expect(index.top('驰而不息纠治“四风”，落实中央八项规定', 1)[0]!.index).toBe(3);
  });

  it('scores identical text 1, unrelated text 0, and stays within 0…1', () => {
    const s = index.scores(tasks[0]!);
    expect(s[0]).toBeCloseTo(1, 6);
    for (const v of s) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect([...index.scores('天气晴朗')]).toEqual([0, 0, 0, 0]);
    expect(index.top('', 5)).toEqual([]);
    expect(index.top('天气晴朗', 5)).toEqual([]);
  });

  it('limits and orders the results; handles an empty index', () => {
    expect(index.top('建设', 1)).toHaveLength(1);
    const all = index.top('党组织 建设 学习 责任', 10);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    expect(buildSimilarityIndex([]).top('建设', 5)).toEqual([]);
  });

  it('bigram Jaccard as the simple measure', () => {
    expect(bigramJaccard('党建工作', '党建工作')).toBe(1);
    expect(bigramJaccard('党建', '纪律')).toBe(0);
    expect(bigramJaccard('', '')).toBe(0);
  });
});
