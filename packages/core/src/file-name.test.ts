import { describe, expect, it } from 'vitest';
import { FILE_NAME_MAX, safeFileName, stripInvisible } from './file-name.ts';

describe('file names', () => {
  it('strips bidirectional overrides, isolates, marks and zero-width characters', () => {
    // Displayed as 报告fdp.exe.jpg with the override; stored as what it is.
    expect(safeFileName('报告\u202egpj.exe.pdf')).toBe('报告gpj.exe.pdf');
    expect(safeFileName('\u2066会议\u2069纪要\u200f\u200b\ufeff.docx')).toBe('会议纪要.docx');
    expect(stripInvisible('a\u202ab\u202cc\u061cd\u00ade\u2028f')).toBe('abcdef');
  });

  it('drops control characters, quotes and directories, and keeps the end of a long name', () => {
    expect(safeFileName('a"\u0000b\u007f\u0085.pdf')).toBe('ab.pdf');
    expect(safeFileName('..\\..\\x\\证明.png')).toBe('证明.png');
    expect(safeFileName('\u202e')).toBe('file');
    const long = `${'长'.repeat(FILE_NAME_MAX + 20)}.pdf`;
    const kept = safeFileName(long);
    expect(Array.from(kept)).toHaveLength(FILE_NAME_MAX);
    expect(kept.endsWith('.pdf')).toBe(true);
  });

  it('keeps ordinary Chinese, English and punctuation as they are', () => {
    expect(safeFileName('2022年 主题党日（第一次）- 记录_v2.pdf')).toBe('2022年 主题党日（第一次）- 记录_v2.pdf');
  });
});
