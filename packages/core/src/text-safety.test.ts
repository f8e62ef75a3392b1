import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, escapeHtml, spreadsheetText } from './text-safety.ts';

describe('spreadsheet cells', () => {
  it('prefixes text that starts with = + - @ tab or CR with an apostrophe, and leaves other text alone', () => {
    for (const s of ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(spreadsheetText(s)).toBe(`'${s}`);
    for (const s of ['省财政厅办公室党支部', '2022-01-31', 'a=b', ' =1', '', "'=1"]) expect(spreadsheetText(s)).toBe(s);
  });

  it('quotes CSV fields that need it, after neutralising; numbers stay numbers', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a,b', '普通', 3])).toBe('"a,b",普通,3');
  });
});

describe('escapeHtml', () => {
  it('turns the characters of markup into entities', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">&\'')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;');
    expect(escapeHtml('省财政厅')).toBe('省财政厅');
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(undefined)).toBe('');
  });
});
