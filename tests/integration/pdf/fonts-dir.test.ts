// A writer given a fonts folder prints with that folder's fonts and gives its tables the row heights
// of those fonts, in the worker threads and inline: the folder reaches the print view, not only the
// compiler. A template of the test's prints the row heights the view gave it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateData } from '../../../src-main/pdf/render.js';
import { createPdfWriter } from '../../../src-main/pdf/writer.js';
import { makeGstDocument } from '../../fixtures/documents/factory.js';
import { tallNotoFolder } from '../../fixtures/fonts/folders.js';
import { buildPdfWorker, pdftotext } from './helpers.js';

let dir: string;
let fontsDir: string;
let template: string;

// The number and grand total (the writer verifies them), then the lines table's row heights.
const PROBE = `#let data = json(bytes(sys.inputs.data))
#data.document.number #data.print.totals.grand.amount

ROWS #data.print.lines.rowHeights.map(h => if h == none { "none" } else { repr(h) }).join(" ") END
`;

beforeAll(() => {
  buildPdfWorker();
  dir = mkdtempSync(path.join(os.tmpdir(), 'lf-pdf-fonts-dir-'));
  // Noto Sans with lines 0.2 em taller: the same family and widths, so the same rows are fixed.
  fontsDir = tallNotoFolder(path.join(dir, 'fonts'), 1269);
  // A template is read with the files of its folder: a folder of its own.
  mkdirSync(path.join(dir, 'probe'));
  template = path.join(dir, 'probe', 'invoice.typ');
  writeFileSync(template, PROBE);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function printedHeights(file: string): Array<number | null> {
  const text = pdftotext(file);
  const m = /ROWS([\s\S]*?)END/.exec(text);
  if (!m) throw new Error(`no row heights printed in ${file}: ${text.slice(0, 300)}`);
  return m[1]!.trim().split(/\s+/).map((x) => (x === 'none' ? null : Number(x)));
}

describe('a writer given a fonts folder', () => {
  for (const mode of ['workers', 'inline'] as const) {
    it(`gives the print view that folder's row heights (${mode})`, async () => {
      const doc = makeGstDocument({ number: `FD/${mode}`, lines: 5, seed: 3 });
      const defaults = (await templateData(doc)).view.lines.rowHeights;
      const writer = await createPdfWriter({ mode, workers: 1, fontsDir, retry: { attempts: 1 } });
      try {
        const out = path.join(dir, `${mode}.pdf`);
        const r = await writer.render(doc, out, { template });
        expect(r.templateFallback).toBeUndefined();
        const printed = printedHeights(out);
        expect(printed).toHaveLength(defaults.length);
        expect(printed.map((h) => h === null)).toEqual(defaults.map((h) => h === null));
        expect(printed.some((h) => h !== null)).toBe(true);
        // Each fixed row is taller by the taller lines (1.6 pt a line of 8pt, 1.3 pt of 6.5pt).
        printed.forEach((h, i) => h !== null && expect(h).toBeGreaterThan(defaults[i]! + 1.5));
        const expected = (await templateData(doc, { fontsDir })).view.lines.rowHeights;
        printed.forEach((h, i) => (h === null ? expect(expected[i]).toBeNull() : expect(h).toBeCloseTo(expected[i]!, 9)));
      } finally {
        await writer.close();
      }
    });
  }
});
