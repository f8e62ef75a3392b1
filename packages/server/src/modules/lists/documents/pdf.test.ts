import { describe, expect, it } from 'vitest';
import type { OfficialDocument } from './document-model.ts';
import { renderPdf } from './pdf.ts';

/** A notice whose body has `lines` one-line paragraphs, so that its end falls anywhere on a page. */
function notice(lines: number): OfficialDocument {
  return {
    masthead: '中共湖北省委直属机关工作委员会文件',
    docLine: '鄂直工发〔2022〕2号',
    draft: false,
    noticeTitle: '关于印发《2022年省直机关党建工作责任清单》的通知',
    addressees: '省直各单位党组（党委）、机关党委：',
    body: Array.from({ length: lines }, (_, i) => `现将清单印发给你们，请结合实际认真贯彻落实（第${i + 1}段）。`),
    issuers: ['中共湖北省委直属机关工作委员会'],
    date: '2022年3月1日',
    listTitle: '2022年省直机关党建工作责任清单',
    parts: [],
    taskCount: 0,
    attachment: null,
    fileBase: 'notice',
  };
}

describe('the official PDF', () => {
  it('keeps the signature block — the issuer and the date — on one page wherever the body ends', async () => {
    let split = 0;
    let crossed = 0;
    // One more body line at a time moves the block down a whole page and onto the next.
    for (let lines = 8; lines <= 36; lines++) {
      const pages = new Map<string, number>();
      await renderPdf(notice(lines), { onPlaced: (id, page) => pages.set(id, page) });
      expect(pages.has('signature-issuer-0') && pages.has('signature-date'), `lines ${lines}`).toBe(true);
      if (pages.get('signature-issuer-0') !== pages.get('signature-date')) split++;
      if (pages.get('signature-date')! > 1) crossed++;
    }
    expect(split).toBe(0);
    // The walk did reach the page boundary (so the block had the chance to split).
    expect(crossed).toBeGreaterThan(0);
  }, 120_000);
});
