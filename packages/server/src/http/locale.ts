import type { Locale } from '@qingdan/core';

export function localeFromHeader(header: string | undefined): Locale {
  return header && /^en\b/i.test(header.trim()) ? 'en' : 'zh-CN';
}
