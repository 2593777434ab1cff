// Helpers for PDF tests: poppler readers and a build of the worker graph into dist/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function pdftotext(file: string, layout = false): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

export function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = /^Pages:\s+(\d+)/m.exec(info);
  if (!m) throw new Error(`pdfinfo gave no page count for ${file}`);
  return Number(m[1]);
}

/** How many structure elements of each type (Table, TR, P…) the PDF's tag tree holds (qpdf decompresses it). */
export function structureTypes(file: string): Record<string, number> {
  const qdf = `${file}.qdf.pdf`;
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, qdf], { stdio: 'pipe' });
  const counts: Record<string, number> = {};
  try {
    for (const m of readFileSync(qdf).toString('latin1').matchAll(/\/S \/([A-Za-z0-9]+)/g)) counts[m[1]!] = (counts[m[1]!] ?? 0) + 1;
  } finally {
    rmSync(qdf, { force: true });
  }
  return counts;
}

/**
 * Compiles the PDF worker and everything it imports into dist/ (the same layout as
 * `tsc -p tsconfig.main.json`), so the writer's worker threads run the sources under test.
 */
export function buildPdfWorker(): void {
  execFileSync(
    'npx',
    [
      'tsc',
      '--outDir', 'dist', '--rootDir', '.', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2023',
      '--jsx', 'react-jsx', '--strict', '--skipLibCheck', '--esModuleInterop', '--resolveJsonModule', '--types', 'node', '--sourceMap',
      'src-main/pdf/worker.ts', 'src-main/pdf/writer.ts',
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  copyTemplates();
}

/** The built-in Typst templates beside the compiled renderer (as scripts/build.mjs does). */
export function copyTemplates(): void {
  const from = path.join(ROOT, 'src-main', 'pdf', 'templates');
  const to = path.join(ROOT, 'dist', 'src-main', 'pdf', 'templates');
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from).filter((n) => n.endsWith('.typ'))) copyFileSync(path.join(from, f), path.join(to, f));
}
