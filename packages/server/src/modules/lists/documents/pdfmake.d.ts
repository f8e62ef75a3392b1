/** The part of pdfmake's server API (0.3) the documents use (the package ships no types). */
declare module 'pdfmake' {
  type Content = unknown;
  interface DocDefinition {
    pageSize?: string | { width: number; height: number };
    pageMargins?: number | [number, number, number, number];
    defaultStyle?: Record<string, unknown>;
    styles?: Record<string, Record<string, unknown>>;
    info?: Record<string, string>;
    pageBreakBefore?: (node: { headlineLevel?: number; startPosition?: { verticalRatio?: number } }) => boolean;
    footer?: (currentPage: number, pageCount: number) => Content;
    content: Content[];
    compress?: boolean;
  }
  interface OutputDocument {
    getBuffer(): Promise<Buffer>;
  }
  interface PdfMake {
    virtualfs: { writeFileSync(name: string, data: Buffer): void; existsSync(name: string): boolean };
    setFonts(fonts: Record<string, { normal: string; bold?: string; italics?: string; bolditalics?: string }>): void;
    setUrlAccessPolicy(policy: (url: string) => boolean): void;
    setLocalAccessPolicy(policy: (path: string) => boolean): void;
    createPdf(doc: DocDefinition, options?: Record<string, unknown>): OutputDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}
