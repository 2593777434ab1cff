// The print view's fixed table row heights (view.ts `rowHeights`) against Typst itself: the width
// estimate is an upper bound of what Typst lays out, a row given a height is one Typst would have
// made exactly that tall, and rows that may wrap or use another font stay measured.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { afterAll, describe, expect, it } from 'vitest';
import { FONT_FILES, resolveFontsDir } from '../../../src-main/pdf/fonts.js';
import { templateData } from '../../../src-main/pdf/render.js';
import { buildView, cellTextWidthBound, fixedRowHeight, oneLineCellHeight, type PrintCell, type PrintTable } from '../../../src-main/pdf/view.js';
import { fixtureSet, makeBahrainDocument, makeGstDocument } from '../../fixtures/documents/factory.js';
import type { InvoiceDocument } from '../../../src-shared/schemas/invoice-document.js';

const TEMPLATE = readFileSync(path.resolve('src-main/pdf/templates/invoice.typ'), 'utf8');
const root = path.join(tmpdir(), `lf-row-heights-${process.pid}`);
const fontsDir = resolveFontsDir();
const compiler = NodeCompiler.create({ workspace: root, fontArgs: [{ fontBlobs: FONT_FILES.map((f) => readFileSync(path.join(fontsDir, f))) }] });
afterAll(() => compiler.evictCache(0));

function compile(name: string, source: string, data: string) {
  const main = path.join(root, name);
  compiler.mapShadow(main, Buffer.from(source));
  const result = compiler.compile({ mainFilePath: main, inputs: { data } });
  const err = result.takeError();
  if (err || !result.result) throw new Error(`${name}: ${JSON.stringify(compiler.fetchDiagnostics(err!)).slice(0, 800)}`);
  return result.result;
}

/** A piece of the built-in template, from `start` up to (not including) `end`. */
function slice(start: string, end: string): string {
  const a = TEMPLATE.indexOf(start);
  const b = TEMPLATE.indexOf(end, a);
  if (a < 0 || b < 0) throw new Error(`template changed: ${start} ... ${end} not found`);
  return TEMPLATE.slice(a, b);
}

/**
 * The template's own text settings and cell body (colours, fonts, `#set text`/`par`, `ar`,
 * `cell-body`), so the measures below follow the template when it changes.
 */
const PRELUDE = [
  '#let lang = none',
  slice('#let accent', '#set document'),
  slice('#set text(', '#set table.cell'),
  slice('#let ar(', '// The second-language'),
  slice('#let cell-body', '// One row of blocks'),
  '#let xs = json(bytes(sys.inputs.data))',
].join('\n');

/** Typst's width of each text at the given size and weight (one paragraph, never wrapped). */
function typstWidths(items: Array<{ text: string; bold: boolean; size: number }>): number[] {
  const src = `${PRELUDE}\n#context for x in xs { [#metadata(measure(text(size: x.size * 1pt, weight: if x.bold { "bold" } else { "regular" }, x.text)).width.pt())<w>] }\n`;
  const doc = compile('widths.typ', src, JSON.stringify(items));
  return compiler.query(doc, { selector: '<w>', field: 'value' }) as number[];
}

/** Typst's height of each cell laid out as a table cell of the template (content width `width`, inset 3pt). */
function typstCellHeights(items: Array<{ cell: PrintCell; bold: boolean; width: number }>): number[] {
  const src = `${PRELUDE}\n#context for x in xs { [#metadata(measure(block(width: x.width * 1pt + 6pt, inset: 3pt, cell-body(x.cell, x.bold))).height.pt())<h>] }\n`;
  const doc = compile('heights.typ', src, JSON.stringify(items));
  return compiler.query(doc, { selector: '<h>', field: 'value' }) as number[];
}

// Characters Noto Sans has: ASCII, Latin-1, Latin Extended-A, the rupee and euro signs, dashes, quotes.
const CHARS = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
  ...Array.from({ length: 0x180 - 0xa1 }, (_, i) => String.fromCharCode(0xa1 + i)).filter((c) => c !== '\u00ad'),
  '₹', '€', '–', '—', '‘', '’', '“', '”', '…', '•', '×',
];
const anyText = fc.array(fc.constantFrom(...CHARS), { maxLength: 40 }).map((a) => a.join(''));
// Words of letters and digits with spaces, commas, dots and hyphens: wraps where an invoice's text does.
const wordText = fc
  .array(fc.oneof(fc.constantFrom('fi', 'ffl', 'AV', 'To', 'Wa', '1,23,456.00', '(18%)', 'LED', 'kg', '-', ', ', ' ', '.', '/', 'ml'), fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 1, maxLength: 12 })), { maxLength: 8 })
  .map((a) => a.join(''));

const NUMBER_RE = /-?\d+(?:\.\d+)?(?:e-?\d+)?/g;
/**
 * Two SVG pages alike but for float noise (1e-14 pt: Typst sums a measured row's inset and line
 * heights in another order than the view): the same text around the numbers, each number within
 * a millionth of a point.
 */
function sameLayout(a: string, b: string): boolean {
  if (a.replace(NUMBER_RE, '#') !== b.replace(NUMBER_RE, '#')) return false;
  const na = a.match(NUMBER_RE) ?? [];
  const nb = b.match(NUMBER_RE) ?? [];
  return na.length === nb.length && na.every((x, i) => Math.abs(Number(x) - Number(nb[i])) < 1e-6);
}

describe('the width estimate', () => {
  it('is never narrower than the width Typst gives the text (8pt regular and bold, 6.5pt)', () => {
    let widest = 0;
    fc.assert(
      fc.property(fc.array(fc.record({ text: fc.oneof(anyText, wordText), bold: fc.boolean(), size: fc.constantFrom(8, 6.5) }), { minLength: 60, maxLength: 60 }), (items) => {
        const widths = typstWidths(items);
        items.forEach((x, i) => {
          const bound = cellTextWidthBound(x.text, x.bold, x.size);
          expect(bound, JSON.stringify(x.text)).not.toBeNull();
          expect(bound!, `${JSON.stringify(x.text)} ${x.bold ? 'bold' : 'regular'} ${x.size}pt: Typst ${widths[i]}`).toBeGreaterThanOrEqual(widths[i]!);
          widest = Math.max(widest, widths[i]! / bound!);
        });
      }),
      { numRuns: 40 },
    );
    // The margin is not so wide that the estimate means nothing.
    expect(widest).toBeGreaterThan(0.9);
  });

  it('refuses text Noto Sans cannot print alone or on one line', () => {
    for (const t of ['كرسي مكتب', 'Chair / كرسي', 'कुल', '中文', '✓ done', 'two\nlines', 'tab\there', 'a\u2028b', 'shy\u00adhyphen', 'bidi\u202emark']) {
      expect(cellTextWidthBound(t, false), JSON.stringify(t)).toBeNull();
    }
  });
});

describe('a fixed row height', () => {
  it('is exactly the height Typst gives the cell whenever the view is sure of it', () => {
    let sure = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            text: fc.oneof(anyText, wordText, fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), maxLength: 24 })),
            small: fc.option(fc.constantFrom('18%', '9%', '0.25%', '28% + cess'), { nil: undefined }),
            bold: fc.boolean(),
            boldRow: fc.boolean(),
            width: fc.double({ min: 8, max: 160, noNaN: true }),
          }),
          { minLength: 80, maxLength: 80 },
        ),
        (items) => {
          const cells = items.map((x) => ({ cell: { text: x.text, ...(x.small ? { small: x.small } : {}), ...(x.bold ? { bold: true } : {}) }, bold: x.boldRow, width: x.width }));
          const heights = typstCellHeights(cells);
          cells.forEach((x, i) => {
            const h = oneLineCellHeight(x.cell, x.bold || x.cell.bold === true, x.width);
            if (h === null) return;
            sure++;
            expect(Math.abs(h - heights[i]!), `${JSON.stringify(x.cell)} in ${x.width}pt: view ${h}, Typst ${heights[i]}`).toBeLessThan(1e-9);
          });
        },
      ),
      { numRuns: 60 },
    );
    expect(sure).toBeGreaterThan(500);
  });

  it('is exactly Typst\'s for blank, empty and overlong unbreakable texts too', () => {
    const texts = ['', ' ', '   ', 'a ', ' a', '0', '12345678901234567890', 'ABCDEF0123456789ABCDEF', 'x'];
    const cells = texts.flatMap((text) => [undefined, '18%'].flatMap((small) => [8, 20, 60].map((width) => ({ cell: { text, ...(small ? { small } : {}) }, bold: false, width }))));
    const heights = typstCellHeights(cells);
    let sure = 0;
    cells.forEach((x, i) => {
      const h = oneLineCellHeight(x.cell, false, x.width);
      if (h === null) return;
      sure++;
      expect(Math.abs(h - heights[i]!), `${JSON.stringify(x.cell)} in ${x.width}pt: view ${h}, Typst ${heights[i]}`).toBeLessThan(1e-9);
    });
    expect(sure).toBeGreaterThan(30);
  });

  it('is what Typst lays the tables out with: the built-in template prints the same page with and without the heights', async () => {
    const big = makeGstDocument({ number: 'BIG/2627/1', lines: 3, seed: 1 });
    const docs: InvoiceDocument[] = [
      fixtureSet()['gst-tax-invoice-inter-reverse-charge']!,
      makeGstDocument({ number: 'G/1', lines: 12, seed: 5 }),
      makeBahrainDocument({ number: 'B-1', lines: 9, seed: 2 }),
      makeBahrainDocument({ number: 'B-2', lines: 4, seed: 3, kind: 'simplified_tax_invoice' }),
      {
        ...big,
        lines: big.lines.map((l) => ({ ...l, unitPrice: '18500.75', taxable: '99780593.22', components: l.components.map((c) => ({ ...c, amount: '8980253.39' })), total: '117741100.00' })),
      },
    ];
    let fixed = 0;
    for (const doc of docs) {
      const { json } = await templateData(doc);
      type Data = { print: { lines: PrintTable; summaryTables: Array<{ table: PrintTable }> } };
      const tablesOf = (d: Data) => [d.print.lines, ...d.print.summaryTables.map((s) => s.table)];
      fixed += tablesOf(JSON.parse(json) as Data).flatMap((t) => t.rowHeights).filter((h) => h !== null).length;
      // The page as SVG with each row height replaced by `heights(h)` (null: measured by Typst).
      const svg = (heights: (h: number | null) => number | null) => {
        const data = JSON.parse(json) as Data;
        for (const t of tablesOf(data)) t.rowHeights = t.rowHeights.map(heights);
        return compiler.plainSvg(compile('invoice.typ', TEMPLATE, JSON.stringify(data)));
      };
      const measured = svg(() => null);
      expect(sameLayout(svg((h) => h), measured), doc.number).toBe(true);
      // The comparison sees a hundredth of a point.
      expect(sameLayout(svg((h) => (h === null ? null : h + 0.01)), measured), doc.number).toBe(false);
    }
    expect(fixed).toBeGreaterThan(20);
  });
});

describe('rows that stay measured', () => {
  const cols = [{ width: 30 }, { width: 70 }];
  const ok: PrintCell = { text: '1' };
  it('a description that wraps, Arabic, a second line, right-to-left text, a missing glyph, an empty small text', () => {
    expect(fixedRowHeight(cols, [ok, { text: 'a short description' }], false)).not.toBeNull();
    expect(fixedRowHeight(cols, [ok, { text: 'Ceiling fan 1200 mm, 5-star rated '.repeat(8) }], false)).toBeNull();
    expect(fixedRowHeight(cols, [ok, { text: 'Office chair, ergonomic / كرسي مكتب' }], false)).toBeNull();
    expect(fixedRowHeight(cols, [ok, { text: 'كرسي مكتب', rtl: true }], false)).toBeNull();
    expect(fixedRowHeight(cols, [ok, { text: 'Exempt', second: 'معفى' }], false)).toBeNull();
    expect(fixedRowHeight(cols, [ok, { text: 'Tick ✓' }], false)).toBeNull();
    expect(fixedRowHeight(cols, [ok, { text: '1,000.00', small: '' }], false)).toBeNull();
    expect(fixedRowHeight(cols, [ok, { text: 'line one\nline two' }], false)).toBeNull();
  });

  it('small text above the amount: two lines, taller than a one-line row', () => {
    const one = fixedRowHeight(cols, [ok, { text: '1,000.00' }], false)!;
    const two = fixedRowHeight(cols, [ok, { text: '1,000.00', small: '9%' }], false)!;
    expect(two).toBeGreaterThan(one);
  });

  it('a text that fits in regular but not in bold stays measured in a bold row or a bold cell', () => {
    // Find a column width between the regular and the bold bound of the text.
    const text = 'WWWW MMMM WWWW';
    const regular = cellTextWidthBound(text, false)!;
    const bold = cellTextWidthBound(text, true)!;
    expect(bold).toBeGreaterThan(regular);
    const width = ((((regular + bold) / 2 + 6) / (595.28 - 60 - 1.5)) * 100);
    const narrow = [{ width }];
    expect(fixedRowHeight(narrow, [{ text }], false)).not.toBeNull();
    expect(fixedRowHeight(narrow, [{ text }], true)).toBeNull();
    expect(fixedRowHeight(narrow, [{ text, bold: true }], false)).toBeNull();
  });

  it('an 8-digit HSN code wider than its narrow column stays one line (no break opportunity), a spaced one does not', () => {
    const narrow = [{ width: 5 }];
    expect(fixedRowHeight(narrow, [{ text: '85444999' }], false)).not.toBeNull();
    expect(fixedRowHeight(narrow, [{ text: '8544 4999' }], false)).toBeNull();
  });

  it('the header row is not among them: one height per data row of every table', () => {
    const v = buildView(makeGstDocument({ lines: 4, seed: 1 }));
    expect(v.lines.rowHeights).toHaveLength(4);
    for (const s of v.summaryTables) expect(s.table.rowHeights).toHaveLength(s.table.rows.length);
  });
});
