/**
 * Chinese text similarity, computed locally: which list tasks read like a source item.
 *
 * Terms are character n-grams of runs of Chinese characters (unigrams, bigrams and trigrams);
 * punctuation, spaces and common function characters (的、和、与、及…) split runs and are not
 * terms themselves; Latin words and numbers count as one term each. Documents are TF-IDF weighted
 * (idf from the documents indexed) and compared by cosine. Pure and fast: the index is built once
 * (term ids, normalised sparse vectors, an inverted index) and every query is one pass over the
 * postings of its own terms.
 */

/** Characters that carry grammar rather than meaning: they split runs and are never terms. */
export const FUNCTION_CHARS = new Set([...'的了和与及或在是对为把将并之其于以等而着也被从向由所则即且但还又就都个']);

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;

/** The terms of a text, repeated as often as they occur. */
export function textTerms(text: string): string[] {
  const out: string[] = [];
  let run: string[] = [];
  let word = '';
  const flushRun = () => {
    const n = run.length;
    for (let i = 0; i < n; i++) {
      const a = run[i]!;
      out.push(a);
      if (i + 1 < n) {
        const ab = a + run[i + 1]!;
        out.push(ab);
        if (i + 2 < n) out.push(ab + run[i + 2]!);
      }
    }
    run = [];
  };
  const flushWord = () => {
    if (word) out.push(word.toLowerCase());
    word = '';
  };
  for (const ch of text) {
    if (HAN.test(ch)) {
      flushWord();
      if (FUNCTION_CHARS.has(ch)) flushRun();
      else run.push(ch);
    } else if (WORD.test(ch)) {
      flushRun();
      word += ch;
    } else {
      flushRun();
      flushWord();
    }
  }
  flushRun();
  flushWord();
  return out;
}

export interface Ranked {
  /** Position of the document in the array the index was built from. */
  index: number;
  /** Cosine similarity, 0…1. */
  score: number;
}

export interface SimilarityIndex {
  readonly size: number;
  /** Similarity of a query to every indexed document, by document position. */
  scores(query: string): Float64Array;
  /** The `limit` best documents with a score above `minScore`, best first (ties: earlier first). */
  top(query: string, limit: number, minScore?: number): Ranked[];
}

/** Build the TF-IDF index of a set of documents (e.g. each task's content and requirements). */
export function buildSimilarityIndex(docs: readonly string[]): SimilarityIndex {
  const n = docs.length;
  const termIds = new Map<string, number>();
  const df: number[] = [];
  const docTf: Map<number, number>[] = new Array(n);
  for (let d = 0; d < n; d++) {
    const tf = new Map<number, number>();
    for (const term of textTerms(docs[d]!)) {
      let id = termIds.get(term);
      if (id === undefined) {
        id = df.length;
        termIds.set(term, id);
        df.push(0);
      }
      const c = tf.get(id);
      if (c === undefined) {
        tf.set(id, 1);
        df[id]! += 1;
      } else tf.set(id, c + 1);
    }
    docTf[d] = tf;
  }
  const idf = Float64Array.from(df, (f) => Math.log((n + 1) / (f + 1)) + 1);
  const unseenIdf = Math.log(n + 1) + 1;
  // Inverted index: for each term, the documents holding it and the term's normalised weight there.
  const postingDocs: number[][] = df.map(() => []);
  const postingWeights: number[][] = df.map(() => []);
  for (let d = 0; d < n; d++) {
    const tf = docTf[d]!;
    let norm = 0;
    for (const [id, c] of tf) {
      const w = (1 + Math.log(c)) * idf[id]!;
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    for (const [id, c] of tf) {
      postingDocs[id]!.push(d);
      postingWeights[id]!.push(((1 + Math.log(c)) * idf[id]!) / norm);
    }
  }

  const scores = (query: string): Float64Array => {
    const out = new Float64Array(n);
    const qtf = new Map<string, number>();
    for (const term of textTerms(query)) qtf.set(term, (qtf.get(term) ?? 0) + 1);
    let qnorm = 0;
    const known: [number, number][] = [];
    for (const [term, c] of qtf) {
      const id = termIds.get(term);
      const w = (1 + Math.log(c)) * (id === undefined ? unseenIdf : idf[id]!);
      qnorm += w * w;
      if (id !== undefined) known.push([id, w]);
    }
    if (qnorm === 0) return out;
    qnorm = Math.sqrt(qnorm);
    for (const [id, w] of known) {
      const docsOf = postingDocs[id]!;
      const weights = postingWeights[id]!;
      const qw = w / qnorm;
      for (let i = 0; i < docsOf.length; i++) out[docsOf[i]!]! += qw * weights[i]!;
    }
    for (let d = 0; d < n; d++) if (out[d]! > 1) out[d] = 1; // rounding
    return out;
  };

  return {
    size: n,
    scores,
    top(query, limit, minScore = 0) {
      const s = scores(query);
      const ranked: Ranked[] = [];
      for (let d = 0; d < n; d++) if (s[d]! > minScore) ranked.push({ index: d, score: s[d]! });
      ranked.sort((a, b) => b.score - a.score || a.index - b.index);
      return ranked.slice(0, Math.max(0, limit));
    },
  };
}

/** The set of character bigrams of a text (letters and digits of any script; the rest is skipped). */
export function charBigrams(s: string): Set<string> {
  const chars = [...s].filter((c) => HAN.test(c) || WORD.test(c));
  const set = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) set.add(chars[i]! + chars[i + 1]!);
  return set;
}

/** The Jaccard index of two sets. */
export function jaccard(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 && y.size === 0) return 0;
  let inter = 0;
  for (const g of x) if (y.has(g)) inter++;
  return inter / (x.size + y.size - inter);
}

/** Similarity of two texts by the Jaccard index of their character bigrams (the simple measure). */
export function bigramJaccard(a: string, b: string): number {
  return jaccard(charBigrams(a), charBigrams(b));
}
