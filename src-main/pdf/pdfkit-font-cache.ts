// react-pdf selects the font before every text run with `doc.font(fontkitFont, size)`. Given a
// font object rather than a name, pdfkit has no cache key, so each call builds a new EmbeddedFont
// (a font subset, metrics read from the font tables) and then compares it with the fonts already
// in the document by JSON-serialising their name tables, only to return the one it has. That
// was about 5% of the CPU of rendering an invoice. This keeps, per document, which pdfkit font a
// fontkit object resolved to the first time and answers later calls with it, which is exactly
// what pdfkit would have returned.
import PDFDocument from 'pdfkit';

interface PdfkitDocument {
  font(src: unknown, family?: unknown, size?: number): PdfkitDocument;
  fontSize(size: number): PdfkitDocument;
  _font: unknown;
  _fontSource: unknown;
  _fontFamily: unknown;
  __ledgerflowFonts?: WeakMap<object, unknown>;
}

const proto = (PDFDocument as unknown as { prototype: PdfkitDocument & { __ledgerflowFontCache?: true } }).prototype;

export function installPdfkitFontCache(): void {
  if (proto.__ledgerflowFontCache) return;
  const font = proto.font;
  proto.font = function cachedFont(this: PdfkitDocument, src: unknown, family?: unknown, size?: number) {
    // Only the exact call react-pdf makes: a font object and a numeric size (or none).
    if (src === null || typeof src !== 'object' || (family !== undefined && typeof family !== 'number')) {
      return font.call(this, src, family, size);
    }
    const fontSize = typeof family === 'number' ? family : size;
    const known = this.__ledgerflowFonts?.get(src);
    if (known === undefined) {
      font.call(this, src, fontSize);
      (this.__ledgerflowFonts ??= new WeakMap()).set(src, this._font);
      return this;
    }
    this._fontSource = src;
    this._fontFamily = null;
    if (fontSize != null) this.fontSize(fontSize);
    this._font = known;
    return this;
  };
  proto.__ledgerflowFontCache = true;
}
