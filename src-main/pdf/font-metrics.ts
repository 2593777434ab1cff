// Just enough of a TrueType font to know, in TypeScript, how wide a line of text is and how tall
// a line is, as Typst lays them out with the built-in template's settings: which characters the
// font has (cmap formats 4 and 12), each glyph's advance width (hmtx) and the font's vertical
// metrics (OS/2 typographic ascender/descender, which Typst uses for `top-edge: "ascender"` and
// `bottom-edge: "descender"`; hhea's as a fallback). Kerning, ligatures and other shaping are not
// read: callers add a margin (view.ts). The bytes are the ones the compiler gets (fonts.ts
// fontBytes: one read per thread and folder); they are parsed once per folder too.
import { fontBytes, type FontBytes } from './fonts.js';

export interface FontMetrics {
  unitsPerEm: number;
  /** Typst's ascender and descender (both positive, font units): OS/2 typographic, else hhea. */
  ascender: number;
  descender: number;
  /** Glyph id of a code point, 0 (.notdef) when the font has none. */
  glyphOf(codePoint: number): number;
  /** Advance width of a glyph in font units. */
  advanceOf(glyph: number): number;
}

function tables(buf: Buffer): Map<string, { offset: number; length: number }> {
  const version = buf.readUInt32BE(0);
  if (version !== 0x00010000 && version !== 0x74727565) throw new Error(`not a TrueType font (version 0x${version.toString(16)})`);
  const count = buf.readUInt16BE(4);
  const map = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < count; i++) {
    const rec = 12 + i * 16;
    const tag = buf.toString('latin1', rec, rec + 4);
    const offset = buf.readUInt32BE(rec + 8);
    const length = buf.readUInt32BE(rec + 12);
    if (offset + length > buf.length) throw new Error(`table ${tag} runs past the end of the file`);
    map.set(tag, { offset, length });
  }
  return map;
}

/** A cmap subtable as a lookup function; format 12 (full Unicode) or 4 (BMP). */
function cmapLookup(buf: Buffer, cmap: number): (cp: number) => number {
  const n = buf.readUInt16BE(cmap + 2);
  const subtables: Array<{ platform: number; encoding: number; offset: number; format: number }> = [];
  for (let i = 0; i < n; i++) {
    const rec = cmap + 4 + i * 8;
    const offset = cmap + buf.readUInt32BE(rec + 4);
    subtables.push({ platform: buf.readUInt16BE(rec), encoding: buf.readUInt16BE(rec + 2), offset, format: buf.readUInt16BE(offset) });
  }
  const unicode = (s: { platform: number; encoding: number }) => s.platform === 0 || (s.platform === 3 && (s.encoding === 1 || s.encoding === 10));
  const f12 = subtables.find((s) => unicode(s) && s.format === 12);
  if (f12) {
    const groups = buf.readUInt32BE(f12.offset + 12);
    return (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = f12.offset + 16 + mid * 12;
        const start = buf.readUInt32BE(g);
        const end = buf.readUInt32BE(g + 4);
        if (cp < start) hi = mid - 1;
        else if (cp > end) lo = mid + 1;
        else return buf.readUInt32BE(g + 8) + (cp - start);
      }
      return 0;
    };
  }
  const f4 = subtables.find((s) => unicode(s) && s.format === 4);
  if (!f4) throw new Error('no Unicode cmap subtable of format 4 or 12');
  const o = f4.offset;
  const segs = buf.readUInt16BE(o + 6) / 2;
  const ends = o + 14;
  const starts = ends + segs * 2 + 2;
  const deltas = starts + segs * 2;
  const ranges = deltas + segs * 2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    let lo = 0;
    let hi = segs - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (buf.readUInt16BE(ends + mid * 2) < cp) lo = mid + 1;
      else hi = mid;
    }
    const start = buf.readUInt16BE(starts + lo * 2);
    if (cp < start || cp > buf.readUInt16BE(ends + lo * 2)) return 0;
    const delta = buf.readInt16BE(deltas + lo * 2);
    const rangeOffset = buf.readUInt16BE(ranges + lo * 2);
    if (rangeOffset === 0) return (cp + delta) & 0xffff;
    const at = ranges + lo * 2 + rangeOffset + (cp - start) * 2;
    const glyph = buf.readUInt16BE(at);
    return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
  };
}

export function parseFontMetrics(buf: Buffer): FontMetrics {
  const t = tables(buf);
  const need = (tag: string) => {
    const x = t.get(tag);
    if (!x) throw new Error(`font has no ${tag} table`);
    return x.offset;
  };
  const head = need('head');
  const hhea = need('hhea');
  const hmtx = need('hmtx');
  const cmap = need('cmap');
  const unitsPerEm = buf.readUInt16BE(head + 18);
  const hheaAscender = buf.readInt16BE(hhea + 4);
  const hheaDescender = buf.readInt16BE(hhea + 6);
  const hMetrics = buf.readUInt16BE(hhea + 34);
  const os2 = t.get('OS/2');
  const ascender = os2 ? buf.readInt16BE(os2.offset + 68) : hheaAscender;
  const descender = -(os2 ? buf.readInt16BE(os2.offset + 70) : hheaDescender);
  const lastAdvance = buf.readUInt16BE(hmtx + (hMetrics - 1) * 4);
  return {
    unitsPerEm,
    ascender,
    descender,
    glyphOf: cmapLookup(buf, cmap),
    advanceOf: (glyph) => (glyph < hMetrics ? buf.readUInt16BE(hmtx + glyph * 4) : lastAdvance),
  };
}

export interface LatinMetrics {
  regular: FontMetrics;
  bold: FontMetrics;
}

const parsed = new WeakMap<FontBytes, LatinMetrics>();

/**
 * Noto Sans Regular and Bold of a fonts folder (resolveFontsDir's: `fontsDir`, else
 * LEDGERFLOW_FONTS_DIR, else resources/fonts), parsed once per thread and folder.
 */
export function latinMetrics(fontsDir?: string): LatinMetrics {
  const fonts = fontBytes(fontsDir);
  let m = parsed.get(fonts);
  if (!m) {
    m = { regular: parseFontMetrics(fonts.files['NotoSans-Regular.ttf']), bold: parseFontMetrics(fonts.files['NotoSans-Bold.ttf']) };
    parsed.set(fonts, m);
  }
  return m;
}

/**
 * Width in points of `text` set in `font` at `size` as the sum of its glyphs' advances (no
 * kerning), or null when the font lacks a character (Typst would fall back to another font).
 */
export function advanceWidth(font: FontMetrics, text: string, size: number): number | null {
  let units = 0;
  for (const ch of text) {
    const glyph = font.glyphOf(ch.codePointAt(0)!);
    if (glyph === 0) return null;
    units += font.advanceOf(glyph);
  }
  return (units / font.unitsPerEm) * size;
}

/** Height in points of one line of text in `font` at `size` with top-edge "ascender" and bottom-edge "descender". */
export function lineHeight(font: FontMetrics, size: number): number {
  return ((font.ascender + font.descender) / font.unitsPerEm) * size;
}
