// Font registration for @react-pdf/renderer. The fonts live in resources/fonts (with OFL.txt):
// Noto Sans (Latin, the rupee sign), Noto Naskh Arabic (shapes Arabic correctly with react-pdf 4.9)
// and Noto Sans Devanagari (Hindi labels). Registration is per process (and per worker thread).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Font } from '@react-pdf/renderer';
import { AppError } from '../../src-shared/errors.js';
import { installPdfkitFontCache } from './pdfkit-font-cache.js';

export const FONT_LATIN = 'NotoSans';
export const FONT_ARABIC = 'NotoNaskhArabic';
export const FONT_DEVANAGARI = 'NotoSansDevanagari';

const FILES = [
  'NotoSans-Regular.ttf',
  'NotoSans-Bold.ttf',
  'NotoNaskhArabic-Regular.ttf',
  'NotoNaskhArabic-Bold.ttf',
  'NotoSansDevanagari-Regular.ttf',
  'NotoSansDevanagari-Bold.ttf',
];

/**
 * Finds resources/fonts: an explicit directory, LEDGERFLOW_FONTS_DIR, or the nearest
 * resources/fonts above this module (works from src-main/pdf and from dist/src-main/pdf).
 */
export function resolveFontsDir(explicit?: string): string {
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  if (process.env.LEDGERFLOW_FONTS_DIR) candidates.push(process.env.LEDGERFLOW_FONTS_DIR);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 10; i++) {
    candidates.push(path.join(dir, 'resources', 'fonts'));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  candidates.push(path.join(process.cwd(), 'resources', 'fonts'));
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(path.join(resourcesPath, 'fonts'));
  for (const c of candidates) {
    if (FILES.every((f) => existsSync(path.join(c, f)))) return c;
  }
  throw new AppError('PDF_FAILED', `Fonts not found: looked for ${FILES[0]} in ${candidates.join(', ')}`, {
    details: { candidates },
  });
}

let registeredDir: string | null = null;

/** Registers the invoice fonts once per thread. Returns the directory used. */
export function registerFonts(fontsDir?: string): string {
  if (registeredDir !== null) return registeredDir;
  const dir = resolveFontsDir(fontsDir);
  installPdfkitFontCache();
  const f = (name: string) => path.join(dir, name);
  Font.register({
    family: FONT_LATIN,
    fonts: [
      { src: f('NotoSans-Regular.ttf'), fontWeight: 'normal' },
      { src: f('NotoSans-Bold.ttf'), fontWeight: 'bold' },
    ],
  });
  Font.register({
    family: FONT_ARABIC,
    fonts: [
      { src: f('NotoNaskhArabic-Regular.ttf'), fontWeight: 'normal' },
      { src: f('NotoNaskhArabic-Bold.ttf'), fontWeight: 'bold' },
    ],
  });
  Font.register({
    family: FONT_DEVANAGARI,
    fonts: [
      { src: f('NotoSansDevanagari-Regular.ttf'), fontWeight: 'normal' },
      { src: f('NotoSansDevanagari-Bold.ttf'), fontWeight: 'bold' },
    ],
  });
  // Invoice text (GSTINs, numbers, addresses) must never be hyphenated.
  Font.registerHyphenationCallback((word) => [word]);
  for (const family of [FONT_LATIN, FONT_ARABIC, FONT_DEVANAGARI]) {
    for (const source of (Font.getRegisteredFonts() as Record<string, { sources: FontSourceLike[] }>)[family]?.sources ?? []) patchFontOnLoad(source);
  }
  registeredDir = dir;
  return dir;
}

interface GlyphRunLike {
  glyphs: unknown[];
}
interface GlyphLike {
  codePoints: number[];
}
interface FontkitLike {
  layout(text: string, features?: unknown, script?: string, language?: string, direction?: string): GlyphRunLike;
  getGlyph(id: number, codePoints?: number[]): GlyphLike | null;
  __ledgerflowShapingCache?: true;
}
interface FontSourceLike {
  data: FontkitLike | null;
  load(): Promise<void>;
}

/** Entries per font before the shaping cache starts over (bounds memory in long-lived workers). */
const SHAPING_CACHE_LIMIT = 20_000;

/**
 * Text shaping (fontkit's `layout`: cmap lookup, GSUB/GPOS, Arabic joining) is the largest single
 * cost of laying out an invoice, and invoices repeat most of their strings: labels, headers,
 * units, rates, state names, the same amounts. fontkit's layout is a pure function of the font and
 * its arguments, so its result is memoised per font. The glyph array is copied per call (react-pdf
 * may replace entries in it); positions are copied by react-pdf itself (scalePositions) before use.
 */
function memoizeShaping(font: FontkitLike): void {
  if (font.__ledgerflowShapingCache) return;
  const layout = font.layout.bind(font);
  let cache = new Map<string, GlyphRunLike>();
  font.layout = (text, features, script, language, direction) => {
    const key = `${text}\u0000${features === undefined ? '' : JSON.stringify(features)}\u0000${script ?? ''}\u0000${language ?? ''}\u0000${direction ?? ''}`;
    let run = cache.get(key);
    if (!run) {
      run = layout(text, features, script, language, direction);
      if (cache.size >= SHAPING_CACHE_LIMIT) cache = new Map();
      cache.set(key, run);
    }
    // Same prototype (GlyphRun's getters), own glyph array.
    return Object.assign(Object.create(Object.getPrototypeOf(run) as object) as GlyphRunLike, run, { glyphs: run.glyphs.slice() });
  };
  font.__ledgerflowShapingCache = true;
}

/**
 * fontkit keeps one Glyph object per glyph id, with the code points it was first created with.
 * The subsetter creates glyphs with none (a composite glyph's components, e.g. the bold medial
 * ṭāʾ of "مبسطة" inside a ligature), and pdfkit writes a glyph's ToUnicode entry from those code
 * points: every later document then printed that letter as a space to text extraction (copy,
 * search, screen readers, pdftotext). When shaping asks for a glyph with its characters, they
 * are filled in if the cached glyph has none.
 */
function keepGlyphCodePoints(font: FontkitLike): void {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph && codePoints && codePoints.length > 0 && glyph.codePoints.length === 0) glyph.codePoints = codePoints;
    return glyph;
  };
}

/** Once a registered font is loaded: memoise its shaping and keep its glyphs' code points. */
function patchFontOnLoad(source: FontSourceLike): void {
  const load = source.load.bind(source);
  source.load = async () => {
    await load();
    if (source.data && !source.data.__ledgerflowShapingCache) {
      keepGlyphCodePoints(source.data);
      memoizeShaping(source.data);
    }
  };
}
