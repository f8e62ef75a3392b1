/**
 * Tasks of the same list that read most like a source item: TF-IDF cosine of Chinese character
 * n-grams (core/similarity.ts) between the item's text and each task's content and requirements.
 * The task vectors are built once per request.
 */
import { z } from 'zod';
import { buildSimilarityIndex } from '@qingdan/core';
import type { Deps } from '../../../deps.ts';
import { notFound } from '../../../http/errors.ts';
import { loadListStructure } from '../structure/load-list.ts';
import { loadItem } from './source-rows.ts';

export const suggestionSchema = z.object({
  taskId: z.number().int(),
  number: z.number().int(),
  code: z.string(),
  content: z.string(),
  levelCode: z.string(),
  partTitle: z.string(),
  /** 0…1, rounded to 3 decimals. */
  score: z.number(),
  /** The task is already linked to the item. */
  linked: z.boolean(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

/** Scores below this are noise (a shared character or two). */
export const MIN_SCORE = 0.05;

export async function suggestTasks(deps: Deps, itemId: number, limit: number): Promise<Suggestion[]> {
  const item = await loadItem(deps.db.kysely, itemId);
  const structure = await loadListStructure(deps.db, item.list_id);
  if (!structure) throw notFound();
  const tasks = structure.tasks.filter((t) => t.number !== null);
  const partTitle = new Map(structure.parts.map((p) => [p.id, p.title]));
  const index = buildSimilarityIndex(tasks.map((t) => `${t.content}\n${t.requirements}`));
  return index.top(item.text, limit, MIN_SCORE).map(({ index: i, score }) => {
    const t = tasks[i]!;
    return {
      taskId: t.id,
      number: t.number!,
      code: t.code,
      content: t.content,
      levelCode: t.levelCode,
      partTitle: partTitle.get(t.partId) ?? '',
      score: Math.round(score * 1000) / 1000,
      linked: t.sourceItemIds.includes(itemId),
    };
  });
}
