// The invoice fonts, in resources/fonts (with OFL.txt): Noto Sans (Latin, the rupee sign), Noto
// Naskh Arabic and Noto Sans Devanagari (Hindi labels). Typst receives them as font blobs, read
// once per thread (typst.ts); templates name them "Noto Sans", "Noto Naskh Arabic" and
// "Noto Sans Devanagari".
import { existsSync } from 'node:fs';
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
