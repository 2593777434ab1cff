// The invoice fonts, in resources/fonts (with OFL.txt): Noto Sans (Latin, the rupee sign), Noto
// Naskh Arabic and Noto Sans Devanagari (Hindi labels); templates name them "Noto Sans", "Noto
// Naskh Arabic" and "Noto Sans Devanagari". A writer may be given another folder (fontsDir,
// LEDGERFLOW_FONTS_DIR). Each folder's files are read once per thread (fontBytes) and serve both
// the Typst compiler (typst.ts: font blobs) and the row-height metrics (font-metrics.ts), so the
// view measures with the very files Typst prints with.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../src-shared/errors.js';

export const FONT_FILES = [
  'NotoSans-Regular.ttf',
  'NotoSans-Bold.ttf',
  'NotoNaskhArabic-Regular.ttf',
  'NotoNaskhArabic-Bold.ttf',
  'NotoSansDevanagari-Regular.ttf',
  'NotoSansDevanagari-Bold.ttf',
] as const;

export type FontFile = (typeof FONT_FILES)[number];

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
    if (FONT_FILES.every((f) => existsSync(path.join(c, f)))) return c;
  }
  throw new AppError('PDF_FAILED', `Fonts not found: looked for ${FONT_FILES[0]} in ${candidates.join(', ')}`, {
    details: { candidates },
  });
}

/** A fonts folder's six files as read. */
export interface FontBytes {
  /** The folder they were read from (resolveFontsDir's answer). */
  dir: string;
  files: Readonly<Record<FontFile, Buffer>>;
}

/** Read folders by path, and the answer for each request (explicit folder, LEDGERFLOW_FONTS_DIR). */
const byDir = new Map<string, FontBytes>();
const byRequest = new Map<string, FontBytes>();

/**
 * The six font files of `resolveFontsDir(explicit)`, read once per thread and folder (~1.3 MB).
 * A folder already read (a FontBytes's `dir`) or a request seen before is answered from memory,
 * without looking at the disk again.
 */
export function fontBytes(explicit?: string): FontBytes {
  const request = `${explicit ?? ''}\0${process.env.LEDGERFLOW_FONTS_DIR ?? ''}`;
  let fonts = (explicit !== undefined ? byDir.get(explicit) : undefined) ?? byRequest.get(request);
  if (!fonts) {
    const dir = resolveFontsDir(explicit);
    fonts = byDir.get(dir);
    if (!fonts) {
      const files = Object.fromEntries(FONT_FILES.map((f) => [f, readFileSync(path.join(dir, f))])) as Record<FontFile, Buffer>;
      fonts = { dir, files };
      byDir.set(dir, fonts);
    }
    byRequest.set(request, fonts);
  }
  return fonts;
}
