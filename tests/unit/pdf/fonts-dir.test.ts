// The print view's row heights come from the fonts folder the compiler prints with (a writer's
// `fontsDir`, LEDGERFLOW_FONTS_DIR), not always from the default resources/fonts: a folder with
// other Noto Sans files gives the widths and heights of those files, and Typst lays the built-in
// template out at exactly those heights with them. The default folder gives the heights it always gave.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { afterAll, describe, expect, it } from 'vitest';
import { FONT_FILES, resolveFontsDir } from '../../../src-main/pdf/fonts.js';
import { advanceWidth, latinMetrics, parseFontMetrics } from '../../../src-main/pdf/font-metrics.js';
import { templateData } from '../../../src-main/pdf/render.js';
import { buildView, cellTextWidthBound, type PrintTable } from '../../../src-main/pdf/view.js';
import { fontsFolder as intoFolder, tallNotoFolder } from '../../fixtures/fonts/folders.js';
import { fixtureSet, makeBahrainDocument, makeCroreGstDocument, makeGstDocument, makeMillionBahrainDocument } from '../../fixtures/documents/factory.js';

const DEFAULT_DIR = resolveFontsDir();
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const work = mkdtempSync(path.join(tmpdir(), 'lf-fonts-dir-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const fontsFolder = (name: string, replace: Parameters<typeof intoFolder>[1] = {}) => intoFolder(path.join(work, name), replace);

type Data = { print: { lines: PrintTable; summaryTables: Array<{ table: PrintTable }> } };
const tablesOf = (d: Data) => [d.print.lines, ...d.print.summaryTables.map((s) => s.table)];

const NUMBER_RE = /-?\d+(?:\.\d+)?(?:e-?\d+)?/g;
/** Two SVG pages alike but for float noise (as in view-row-heights.test.ts): each number within a millionth of a point. */
function sameLayout(a: string, b: string): boolean {
  if (a.replace(NUMBER_RE, '#') !== b.replace(NUMBER_RE, '#')) return false;
  const na = a.match(NUMBER_RE) ?? [];
  const nb = b.match(NUMBER_RE) ?? [];
  return na.length === nb.length && na.every((x, i) => Math.abs(Number(x) - Number(nb[i])) < 1e-6);
}

describe('a fonts folder other than the default', () => {
  it.runIf(existsSync(DEJAVU))('gives the width bound of its own NotoSans-Regular.ttf (here DejaVu Sans under that name)', () => {
    const dir = fontsFolder('dejavu', { 'NotoSans-Regular.ttf': readFileSync(DEJAVU) });
    const dejavu = parseFontMetrics(readFileSync(DEJAVU));
    const m = latinMetrics(dir);
    expect(advanceWidth(m.regular, '1,000.00', 8)).toBe(advanceWidth(dejavu, '1,000.00', 8));
    const bound = cellTextWidthBound('1,000.00', false, 8, m);
    expect(bound).toBeCloseTo(advanceWidth(dejavu, '1,000.00', 8)! * 1.02 + 1, 10);
    expect(bound).not.toBeCloseTo(cellTextWidthBound('1,000.00', false)!, 3);
    // DejaVu Sans has the check mark Noto Sans lacks: one line of that font in this folder.
    expect(cellTextWidthBound('Tick ✓', false, 8, m)).not.toBeNull();
    expect(cellTextWidthBound('Tick ✓', false)).toBeNull();
    // Bold is still the folder's (the default) Noto Sans Bold.
    expect(cellTextWidthBound('1,000.00', true, 8, m)).toBe(cellTextWidthBound('1,000.00', true));
  });

  it('gives the row heights Typst lays the built-in template out at with that folder\'s fonts (a taller Noto Sans)', async () => {
    const dir = tallNotoFolder(path.join(work, 'tall'), 1269);
    const root = path.join(tmpdir(), `lf-fonts-dir-root-${process.pid}`);
    const compiler = NodeCompiler.create({ workspace: root, fontArgs: [{ fontBlobs: FONT_FILES.map((f) => readFileSync(path.join(dir, f))) }] });
    const template = readFileSync(path.resolve('src-main/pdf/templates/invoice.typ'));
    const svg = (data: Data) => {
      const main = path.join(root, 'invoice.typ');
      compiler.mapShadow(main, template);
      const result = compiler.compile({ mainFilePath: main, inputs: { data: JSON.stringify(data) } });
      const err = result.takeError();
      if (err || !result.result) throw new Error(JSON.stringify(compiler.fetchDiagnostics(err!)).slice(0, 800));
      return compiler.plainSvg(result.result);
    };
    let fixed = 0;
    try {
      for (const doc of [makeGstDocument({ number: 'T/1', lines: 6, seed: 4 }), makeBahrainDocument({ number: 'T-2', lines: 5, seed: 2 })]) {
        const tall = JSON.parse((await templateData(doc, { fontsDir: dir })).json) as Data;
        const plain = JSON.parse((await templateData(doc)).json) as Data;
        const heights = tablesOf(tall).flatMap((t) => t.rowHeights);
        const defaults = tablesOf(plain).flatMap((t) => t.rowHeights);
        // The same rows are fixed (the widths did not change), each one taller by the taller lines.
        expect(heights.map((h) => h === null)).toEqual(defaults.map((h) => h === null));
        heights.forEach((h, i) => h !== null && expect(h).toBeGreaterThan(defaults[i]! + 1.5));
        fixed += heights.filter((h) => h !== null).length;
        const measured = JSON.parse(JSON.stringify(tall)) as Data;
        for (const t of tablesOf(measured)) t.rowHeights = t.rowHeights.map(() => null);
        // The page Typst makes with the heights is the page it makes measuring every row itself.
        expect(sameLayout(svg(tall), svg(measured)), doc.number).toBe(true);
        // (And the default folder's heights would not be: rows clipped with these fonts.)
        const stale = JSON.parse(JSON.stringify(tall)) as Data;
        tablesOf(stale).forEach((t, i) => (t.rowHeights = tablesOf(plain)[i]!.rowHeights));
        expect(sameLayout(svg(stale), svg(measured)), doc.number).toBe(false);
      }
    } finally {
      compiler.evictCache(0);
    }
    expect(fixed).toBeGreaterThan(10);
  });

  it('named by LEDGERFLOW_FONTS_DIR is the one the metrics are read from when no folder is given', async () => {
    const dir = tallNotoFolder(path.join(work, 'env'), 1469);
    const doc = makeGstDocument({ number: 'E/1', lines: 3, seed: 1 });
    const before = (await templateData(doc)).view.lines.rowHeights;
    const saved = process.env.LEDGERFLOW_FONTS_DIR;
    process.env.LEDGERFLOW_FONTS_DIR = dir;
    try {
      const env = (await templateData(doc)).view.lines.rowHeights;
      env.forEach((h, i) => h !== null && expect(h).toBeGreaterThan(before[i]! + 3));
      expect(env.some((h) => h !== null)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.LEDGERFLOW_FONTS_DIR;
      else process.env.LEDGERFLOW_FONTS_DIR = saved;
    }
    expect((await templateData(doc)).view.lines.rowHeights).toEqual(before);
  });
});

describe('the default folder', () => {
  it('gives the row heights it always gave (the tables of the fixture documents, as before the fonts folder was threaded through)', async () => {
    const docs = [...Object.values(fixtureSet()), makeGstDocument({ lines: 12, seed: 5 }), makeBahrainDocument({ lines: 9, seed: 2 }), makeCroreGstDocument(), makeMillionBahrainDocument()];
    const heights = (views: Array<{ lines: PrintTable; summaryTables: Array<{ table: PrintTable }> }>) =>
      JSON.stringify(views.map((v) => [v.lines.rowHeights, ...v.summaryTables.map((s) => s.table.rowHeights)]));
    // Recorded from the code before this change: 352 rows, 136 measured, the others 16.896 or 25.749 pt.
    const BEFORE = '4aa5b86394a18ba7acc21b6482671852eb4e0c4d3c83fddd8c964dfe6caa4263';
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(sha(heights(docs.map((d) => buildView(d))))).toBe(BEFORE);
    expect(sha(heights(await Promise.all(docs.map(async (d) => (await templateData(d)).view))))).toBe(BEFORE);
    expect(sha(heights(await Promise.all(docs.map(async (d) => (await templateData(d, { fontsDir: DEFAULT_DIR })).view))))).toBe(BEFORE);
    const copy = fontsFolder('copy', {});
    expect(sha(heights(await Promise.all(docs.map(async (d) => (await templateData(d, { fontsDir: copy })).view))))).toBe(BEFORE);
  });
});
