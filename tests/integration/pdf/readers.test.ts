// Every fixture and a few documents beyond them (r.46A invoice-cum-bill, composition credit note,
// crore and million amounts, a 150-line invoice), plain and PDF/A-2b, tables as blocks and tagged,
// read back by poppler (pdfinfo, pdftotext) with nothing on stderr but Debian poppler's own
// misreading of Typst's valid /Suspects false on tagged PDFs, and by `qpdf --check`; the mandatory
// fields extract in logical order, Arabic included; logo and signature are images in the PDF.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate, formatMoney } from '../../../src-main/pdf/format.js';
import { renderToFile } from '../../../src-main/pdf/job.js';
import { buildView } from '../../../src-main/pdf/view.js';
import { structureTypes } from './helpers.js';
import { fixtureSet, makeBahrainDocument, makeCompositionCreditNote, makeCroreGstDocument, makeGstDocument, makeInvoiceCumBillDocument, makeMillionBahrainDocument } from '../../fixtures/documents/factory.js';

const docs = fixtureSet();
/** Documents the fixture set does not hold, read back the same way. */
const beyond = {
  'gst-invoice-cum-bill-r46a': makeInvoiceCumBillDocument(),
  'gst-composition-credit-note': makeCompositionCreditNote(),
  'gst-crore': makeCroreGstDocument({ whole: true }),
  'bh-million': makeMillionBahrainDocument({ whole: true }),
  'gst-long-150-lines-inter-hindi': makeGstDocument({ lines: 150, interState: true, hindi: true, images: true, number: 'INV/2627/00150', seed: 4 }),
};
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lf-pdf-readers-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KNOWN_POPPLER_NOISE = /^Syntax Error: Suspects object is wrong type \(boolean\)$/;

function run(cmd: string, args: string[]): { out: string; err: string[]; status: number | null } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { out: r.stdout, err: r.stderr.split('\n').filter((l) => l.trim() !== ''), status: r.status };
}

describe.each([
  ['plain PDF 1.7', false, false],
  ['PDF/A-2b', true, false],
  ['plain PDF 1.7, tables tagged as tables', false, true],
  ['PDF/A-2b, tables tagged as tables (the shipping default)', true, true],
])('%s', (_label, pdfA, tableTags) => {
  it('every template reads back cleanly in pdfinfo, pdftotext and qpdf --check', async () => {
    for (const [name, doc] of Object.entries({ ...docs, ...beyond })) {
      const file = path.join(dir, `${name}-${pdfA ? 'a' : 'p'}${tableTags ? 't' : ''}.pdf`);
      const r = await renderToFile(doc, file, { pdfA, tableTags });
      const info = run('pdfinfo', [file]);
      expect(info.status, name).toBe(0);
      expect(info.err.filter((l) => !KNOWN_POPPLER_NOISE.test(l)), `${name}: pdfinfo stderr`).toEqual([]);
      expect(info.out).toMatch(new RegExp(`^Pages:\\s+${r.pages}$`, 'm'));
      expect(info.out).toMatch(/^Tagged:\s+yes$/m);
      if (pdfA) expect(readFileSync(file).toString('latin1')).toContain('<pdfaid:part>2</pdfaid:part>');
      const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
      expect(text.status, name).toBe(0);
      expect(text.err.filter((l) => !KNOWN_POPPLER_NOISE.test(l)), `${name}: pdftotext stderr`).toEqual([]);
      expect(text.out).toContain(doc.number);
      const qpdf = run('qpdf', ['--check', file]);
      expect(qpdf.status, `${name}: ${qpdf.out}${qpdf.err.join('\n')}`).toBe(0);
      expect(qpdf.out).toMatch(/No syntax or stream encoding errors found/);
      expect(qpdf.err).toEqual([]);
    }
  }, 300_000);
});

describe.each([
  ['rows of blocks', false],
  ['tagged tables', true],
])('logical order, tables as %s', (_label, tableTags) => {
  it('extracts the mandatory fields of a GST tax invoice in reading order', async () => {
    const d = docs['gst-tax-invoice-intra']!;
    const file = path.join(dir, `order-gst-${String(tableTags)}.pdf`);
    await renderToFile(d, file, { tableTags });
    const t = run('pdftotext', ['-enc', 'UTF-8', file, '-']).out.replace(/\s+/g, ' ');
    const sequence = [d.supplier.name, `GSTIN: ${d.supplier.taxId}`, 'Invoice No.', d.number, formatDate(d.issueDate), 'Place of supply', d.customer.name, `GSTIN: ${d.customer.taxId}`, d.lines[0]!.description, formatMoney(d.totals.grandTotal, 'INR'), 'Authorised signatory'];
    let at = -1;
    for (const s of sequence) {
      const next = t.indexOf(s, at + 1);
      expect(next, `"${s}" after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
  });

  it('extracts Arabic labels and names in logical order, each word intact', async () => {
    const d = docs['bh-tax-invoice-full']!;
    const file = path.join(dir, `order-bh-${String(tableTags)}.pdf`);
    await renderToFile(d, file, { pdfA: true, tableTags });
    const t = run('pdftotext', ['-enc', 'UTF-8', file, '-']).out;
    for (const s of ['فاتورة ضريبية', 'رقم الفاتورة', 'الرقم الضريبي', 'شركة البحرين للتجارة', 'الإجمالي شامل الضريبة', 'المبلغ كتابة']) expect(t).toContain(s);
    // Reversed (visual order) text would read "ةيبيرض ةروتاف".
    expect(t).not.toContain('ةروتاف');
    expect(t.indexOf('TAX INVOICE')).toBeLessThan(t.indexOf('فاتورة ضريبية'));
  });
});

describe('table structure in the tagged PDF', () => {
  it('tags the line and summary tables as Table/TR/TH/TD with tableTags, as no table without', async () => {
    const d = docs['bh-tax-invoice-full']!;
    const view = buildView(d);
    const tagged = path.join(dir, 'structure-tags.pdf');
    const blocks = path.join(dir, 'structure-blocks.pdf');
    await renderToFile(d, tagged, { tableTags: true });
    await renderToFile(d, blocks, { tableTags: false });
    const t = structureTypes(tagged);
    // The line table and the VAT-per-rate table: a TH per column, a TR per row (header row included), a TD per other cell.
    const tables = [view.lines, ...view.summaryTables.map((s) => s.table)];
    expect(tables).toHaveLength(2);
    expect(t.Table).toBe(2);
    expect(t.TH).toBe(tables.reduce((n, x) => n + x.columns.length, 0));
    expect(t.TR).toBe(tables.reduce((n, x) => n + 1 + x.rows.length, 0));
    expect(t.TD).toBe(tables.reduce((n, x) => n + x.rows.length * x.columns.length, 0));
    const b = structureTypes(blocks);
    for (const type of ['Table', 'THead', 'TBody', 'TR', 'TH', 'TD']) expect(b[type], type).toBeUndefined();
    // The same text in both.
    expect(run('pdftotext', ['-enc', 'UTF-8', blocks, '-']).out.replace(/\s+/g, ' ')).toBe(run('pdftotext', ['-enc', 'UTF-8', tagged, '-']).out.replace(/\s+/g, ' '));
  });
});

/** The images `pdfimages -list` finds on each page: `image` or `smask` (a PNG's alpha), pixel size. */
function imagesByPage(file: string): Map<number, Array<{ type: string; width: number; height: number }>> {
  const r = run('pdfimages', ['-list', file]);
  expect(r.status).toBe(0);
  expect(r.err.filter((l) => !KNOWN_POPPLER_NOISE.test(l))).toEqual([]);
  const pages = new Map<number, Array<{ type: string; width: number; height: number }>>();
  for (const m of r.out.matchAll(/^\s*(\d+)\s+\d+\s+(\w+)\s+(\d+)\s+(\d+)\s/gm)) {
    const list = pages.get(Number(m[1])) ?? [];
    list.push({ type: m[2]!, width: Number(m[3]), height: Number(m[4]) });
    pages.set(Number(m[1]), list);
  }
  return pages;
}

// The fixtures' logo is a 96x96 PNG and the signature a 180x50 one, both with alpha (an image and
// its soft mask each).
const LOGO = [{ type: 'image', width: 96, height: 96 }, { type: 'smask', width: 96, height: 96 }];
const SIGNATURE = [{ type: 'image', width: 180, height: 50 }, { type: 'smask', width: 180, height: 50 }];

describe.each([
  ['PDF/A-2b, tagged tables', true, true],
  ['plain PDF, rows of blocks', false, false],
])('logo and signature images (pdfimages -list), %s', (label, pdfA, tableTags) => {
  const tag = `${pdfA ? 'a' : 'p'}${tableTags ? 't' : ''}`;

  it('prints the logo and the signature on page 1 of a one-page invoice that has them, and no image on one without', async () => {
    const withImages = path.join(dir, `images-bh-${tag}.pdf`);
    expect((await renderToFile(makeBahrainDocument({ images: true, lines: 4, number: 'BH-IMG-1' }), withImages, { pdfA, tableTags })).pages).toBe(1);
    expect(imagesByPage(withImages).get(1), label).toEqual([...LOGO, ...SIGNATURE]);
    const without = path.join(dir, `images-none-${tag}.pdf`);
    await renderToFile(makeBahrainDocument({ lines: 4, number: 'BH-IMG-2' }), without, { pdfA, tableTags });
    expect(imagesByPage(without).size, label).toBe(0);
    const gstWithout = path.join(dir, `images-none-gst-${tag}.pdf`);
    await renderToFile(makeGstDocument({ lines: 3, number: 'GST/IMG/2' }), gstWithout, { pdfA, tableTags });
    expect(imagesByPage(gstWithout).size, label).toBe(0);
  });

  it('prints the logo on page 1 and the signature with the signatory row on the last page of a long invoice, each once', async () => {
    const file = path.join(dir, `images-gst-long-${tag}.pdf`);
    const r = await renderToFile(docs['gst-long-120-lines']!, file, { pdfA, tableTags });
    expect(r.pages).toBeGreaterThan(1);
    const pages = imagesByPage(file);
    expect(pages.get(1), label).toEqual(LOGO);
    expect(pages.get(r.pages), label).toEqual(SIGNATURE);
    expect(run('pdftotext', ['-f', String(r.pages), '-l', String(r.pages), '-enc', 'UTF-8', file, '-']).out).toContain('Authorised signatory');
    expect([...pages.keys()].sort((a, b) => a - b)).toEqual([1, r.pages]);
  });
});
