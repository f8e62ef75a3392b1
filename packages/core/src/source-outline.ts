/**
 * Source documents (上级清单, 工作要点) read from Word or Excel: how an outline is counted, how an
 * import is announced before it is written, and which closing lines of an official document are
 * its sign-off (落款) rather than text of its last item. Shared by the server and the web app.
 */
import type { Locale } from './api.ts';

export interface OutlineCounts {
  /** Items with sub-items: chapters and sections (一、… with its （一）…). */
  chapters: number;
  /** Items without sub-items: the content that tasks carry out. */
  items: number;
}

/** Chapters and content items of an outline given as the depths of its items in order (1 = top). */
export function outlineCounts(depths: readonly number[]): OutlineCounts {
  let chapters = 0;
  for (let i = 0; i < depths.length; i++) {
    const next = depths[i + 1];
    if (next !== undefined && next > depths[i]!) chapters++;
  }
  return { chapters, items: depths.length - chapters };
}

/** The preview line of an import: "N 个章节，M 条内容，导入《…》". */
export function importPreviewText(counts: OutlineCounts, documentTitle: string, locale: Locale): string {
  if (locale === 'en') {
    return `${counts.chapters} chapter${counts.chapters === 1 ? '' : 's'}, ${counts.items} item${counts.items === 1 ? '' : 's'}, into "${documentTitle}"`;
  }
  return `${counts.chapters} 个章节，${counts.items} 条内容，导入《${documentTitle}》`;
}

const CN_DIGITS = '〇零一二三四五六七八九十';
const DATE_LINE = new RegExp(`^[0-9０-９${CN_DIGITS}]{4}\\s*年\\s*[0-9０-９${CN_DIGITS}]{1,3}\\s*月\\s*[0-9０-９${CN_DIGITS}]{1,3}\\s*日$`);
/** Names that end an issuing body: 省委直属机关工委, 中共××委员会, ××办公室, ××厅 … */
const ISSUER_LINE = /^(中共)?[\u4e00-\u9fff（）()]{2,30}(委员会|工委|党委|党组|纪委|办公室|办公厅|厅|局|部|委|院|会|处|室|支部|总支)$/;
const NOTE_LINE = /^[（(](此件|本件)[^）)]*[）)]$|^(抄送|印发|主送|附件)[:：]/;

/**
 * A closing line of an official document — the issuer (省委直属机关工委), the date (2022年3月10日),
 * a note like （此件公开发布） or 抄送：… — which is not part of the text of the item before it.
 */
export function isSignOffLine(line: string): boolean {
  const s = line.replace(/\s+/g, '').trim();
  if (!s) return false;
  return DATE_LINE.test(s) || ISSUER_LINE.test(s) || NOTE_LINE.test(s);
}
