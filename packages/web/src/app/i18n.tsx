import { createContext, useContext } from 'react';
import { periodLabelIn } from '@qingdan/core';

export type Locale = 'zh-CN' | 'en';

export const LocaleContext = createContext<Locale>('zh-CN');

/** tr('中文', 'English'): Chinese first, English when the user chose it. */
export function useTr() {
  const locale = useContext(LocaleContext);
  return (zh: string, en: string) => (locale === 'en' ? en : zh);
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

/** Pick the label of a core {zh, en} label object. */
export function useLabel() {
  const locale = useContext(LocaleContext);
  return (l: { zh: string; en: string } | undefined) => (l ? (locale === 'en' ? l.en : l.zh) : '');
}

/** A stored period label (10月, 第一季度, 上半年, 全年) in the reader's language (core periodLabelIn). */
export function usePeriodLabel() {
  const locale = useContext(LocaleContext);
  return (label: string) => periodLabelIn(label, locale);
}
