// Every template rendered and read back with poppler (pdftotext, pdfinfo), as a reader would.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatRate } from '../../../src-main/pdf/format.js';
import { renderToFile } from '../../../src-main/pdf/job.js';
import { renderCounters, renderInvoicePdf } from '../../../src-main/pdf/render.js';
import { inspectPdf } from '../../../src-main/pdf/verify.js';
import type { InvoiceDocument } from '../../../src-shared/schemas/invoice-document.js';
import { fixtureSet, makeBahrainDocument, makeCompositionCreditNote, makeCroreGstDocument, makeGstDocument, makeInvoiceCumBillDocument, makeMillionBahrainDocument } from '../../fixtures/documents/factory.js';
import { pdfPages, pdftotext } from './helpers.js';

const docs = fixtureSet();
/** The fixtures are rendered both ways: tables as rows of blocks (the default) and as tagged tables. */
const MODES = [
  { label: 'rows of blocks', folder: 'blocks', tableTags: false },
  { label: 'tagged tables', folder: 'tags', tableTags: true },
] as const;
const root = mkdtempSync(path.join(os.tmpdir(), 'lf-pdf-templates-'));
const texts: Record<string, Record<string, string>> = { blocks: {}, tags: {} };
const pageCounts: Record<string, Record<string, number>> = { blocks: {}, tags: {} };
// The tests after the per-mode ones run on the default (blocks).
const dir = path.join(root, 'blocks');
const text = texts.blocks!;
const pages = pageCounts.blocks!;

beforeAll(async () => {
  for (const m of MODES) {
    mkdirSync(path.join(root, m.folder));
    for (const [name, doc] of Object.entries(docs)) {
      const file = path.join(root, m.folder, `${name}.pdf`);
      const r = await renderToFile(doc, file, { tableTags: m.tableTags });
      expect(r.pages).toBe(pdfPages(file));
      texts[m.folder]![name] = pdftotext(file);
      pageCounts[m.folder]![name] = r.pages;
    }
  }
}, 300_000);

afterAll(() => {
  if (process.env.KEEP_PDFS) console.log('PDFs kept in', root);
  else rmSync(root, { recursive: true, force: true });
});

/** Whitespace-insensitive containment (pdftotext may break lines inside table cells). */
function expectTextIn(text: Record<string, string>, name: string, ...needles: string[]) {
  const hay = text[name]!.replace(/\s+/g, ' ');
  for (const n of needles) expect(hay, `${name} should contain "${n}"`).toContain(n.replace(/\s+/g, ' '));
}

const expectText = (name: string, ...needles: string[]) => expectTextIn(text, name, ...needles);

function gstMandatoryIn(text: Record<string, string>, name: string, d: InvoiceDocument) {
  const expectText = (n: string, ...needles: string[]) => expectTextIn(text, n, ...needles);
  expectText(name, d.supplier.name, d.supplier.address[0]!, `GSTIN: ${d.supplier.taxId}`, d.number, formatDate(d.issueDate));
  expectText(name, d.customer.name, d.customer.address[0]!, `GSTIN: ${d.customer.taxId}`, `State: ${d.customer.stateName} (Code ${d.customer.stateCode})`);
  expectText(name, 'Place of supply', `${d.placeOfSupply!.name} (${d.placeOfSupply!.code})`);
  for (const l of d.lines.slice(0, 3)) {
    expectText(name, l.hsn!, formatMoney(l.taxable, 'INR'), `${l.quantity} ${l.unit}`);
    for (const c of l.components) expectText(name, formatRate(c.rate), formatMoney(c.amount, 'INR'));
  }
  expectText(name, 'HSN/SAC', 'Discount', 'Taxable value', 'Reverse charge', 'HSN/SAC summary'.toUpperCase());
  expectText(name, 'Amount in words'.toUpperCase(), d.amountInWords.en, 'Authorised signatory', `For ${d.supplier.name}`);
  expectText(name, formatMoney(d.totals.grandTotal, 'INR'), '₹');
}

describe.each(MODES)('tables as $label', ({ folder, tableTags }) => {
  const dir = path.join(root, folder);
  const text = texts[folder]!;
  const pages = pageCounts[folder]!;
  const opts = { tableTags };
  const expectText = (name: string, ...needles: string[]) => expectTextIn(text, name, ...needles);
  const gstMandatory = (name: string, d: InvoiceDocument) => gstMandatoryIn(text, name, d);

  describe('GST tax invoice', () => {
    it('prints every Rule 46 particular for an intra-state supply (CGST + SGST)', () => {
      const d = docs['gst-tax-invoice-intra']!;
      gstMandatory('gst-tax-invoice-intra', d);
      expectText('gst-tax-invoice-intra', 'TAX INVOICE', 'CGST', 'SGST', 'CGST @ 9%', 'SGST @ 9%', 'Round off', formatMoney(d.totals.roundOff, 'INR'));
      expect(text['gst-tax-invoice-intra']).not.toContain('IGST');
      expect(text['gst-tax-invoice-intra']).toMatch(/Reverse charge\s+No/);
    });

    it('prints IGST and the reverse-charge flag for an inter-state supply', () => {
      const d = docs['gst-tax-invoice-inter-reverse-charge']!;
      gstMandatory('gst-tax-invoice-inter-reverse-charge', d);
      expectText('gst-tax-invoice-inter-reverse-charge', 'IGST', 'Karnataka (29)', 'payable by the recipient under reverse charge');
      expect(text['gst-tax-invoice-inter-reverse-charge']).toMatch(/Reverse charge\s+Yes/);
      expect(text['gst-tax-invoice-inter-reverse-charge']).not.toContain('CGST');
    });

    it('titles a taxable-and-exempt supply to an unregistered person "Invoice-cum-Bill of Supply" (r.46A)', async () => {
      // It was titled "TAX INVOICE", with "Invoice-cum-bill of supply" only among the notes at the bottom.
      const doc = makeInvoiceCumBillDocument();
      const file = path.join(dir, 'invoice-cum-bill.pdf');
      await renderToFile(doc, file, opts);
      const t = pdftotext(file);
      expect(t).toMatch(/^INVOICE-CUM-BILL OF SUPPLY\n/);
      expect(t).not.toMatch(/TAX INVOICE|NOTES/);
      expect(t).toContain('CGST @ 9%');
    });

    it('prints the amount in words in lakh and thousand', () => {
      expect(docs['gst-tax-invoice-intra']!.amountInWords.en).toMatch(/Rupees/);
      expectText('gst-tax-invoice-intra', 'Forty Three Thousand Five Hundred Ninety Three Rupees Only');
    });

    it('carries a SPECIMEN watermark and Hindi labels when asked', () => {
      expectText('gst-tax-invoice-hindi-specimen', 'DEMO/2526/0001', 'कर बीजक');
      // pdftotext skips the rotated watermark; the in-process extractor reads every text object.
      expect(inspectPdf(readFileSync(path.join(dir, 'gst-tax-invoice-hindi-specimen.pdf'))).text).toContain('SPECIMEN');
      expect(inspectPdf(readFileSync(path.join(dir, 'gst-tax-invoice-intra.pdf'))).text).not.toContain('SPECIMEN');
      expect(text['gst-tax-invoice-hindi-specimen']).toMatch(/[\u0900-\u097F]/);
    });

    it('draws the SPECIMEN watermark over the content of every page, not under the table rows', () => {
      // Drawn first, it was hidden by the rows' opaque backgrounds: page 1 of a long sandbox
      // invoice showed no watermark at all. Text objects come in drawing order.
      for (const name of ['gst-tax-invoice-hindi-specimen', 'bh-long-110-lines-specimen']) {
        const d = docs[name]!;
        const drawn = inspectPdf(readFileSync(path.join(dir, `${name}.pdf`))).text;
        const segments = drawn.split('SPECIMEN');
        expect(segments.length - 1, name).toBe(pages[name]);
        expect(segments[0], `${name}: page 1 content before its watermark`).toContain(d.supplier.name);
        expect(segments[0], `${name}: page 1 content before its watermark`).toContain(formatMoney(d.lines[0]!.taxable, d.currency));
      }
    });
  });

  describe('bill of supply and cash memo', () => {
    it('prints no tax columns and the composition declaration at the top', () => {
      const name = 'gst-bill-of-supply-composition';
      const d = docs[name]!;
      expectText(name, 'BILL OF SUPPLY', d.number, d.supplier.taxId!, d.lines[0]!.hsn!, 'COMPOSITION TAXABLE PERSON, NOT ELIGIBLE TO COLLECT TAX ON SUPPLIES');
      const t = text[name]!;
      expect(t).not.toMatch(/CGST|SGST|IGST/);
      // The declaration comes before the supplier block.
      expect(t.indexOf('COMPOSITION TAXABLE PERSON')).toBeLessThan(t.indexOf(d.supplier.name));
    });

    it('prints a cash memo without GSTIN or tax lines', () => {
      const name = 'gst-cash-memo';
      const d = docs[name]!;
      expectText(name, 'CASH MEMO', d.number, d.supplier.name, formatMoney(d.totals.grandTotal, 'INR'));
      expect(text[name]).not.toMatch(/GSTIN|CGST|SGST|IGST/);
    });
  });

  describe('credit note', () => {
    it('references the invoice it corrects (GST)', () => {
      const d = docs['gst-credit-note']!;
      expectText('gst-credit-note', 'CREDIT NOTE', 'Credit Note No.', d.number, d.creditNoteFor!.number, formatDate(d.creditNoteFor!.date), d.creditNoteFor!.reason!);
    });

    it("prints a composition dealer's credit note without tax particulars, the declaration at the top", async () => {
      // It printed "Reverse charge No", "Total taxable value", "Total tax 0.00" and the declaration
      // only among the notes at the bottom.
      const doc = makeCompositionCreditNote();
      const file = path.join(dir, 'composition-credit-note.pdf');
      await renderToFile(doc, file, opts);
      const t = pdftotext(file);
      expect(t).toContain('CREDIT NOTE');
      expect(t).toContain('BOS/2627/0003');
      expect(t).not.toMatch(/Reverse charge|Total tax\b|Total taxable value|CGST|SGST|IGST/);
      expect(t.indexOf('COMPOSITION TAXABLE PERSON')).toBeGreaterThanOrEqual(0);
      expect(t.indexOf('COMPOSITION TAXABLE PERSON')).toBeLessThan(t.indexOf(doc.supplier.name));
    });

    it('references the invoice it corrects (Bahrain, bilingual)', () => {
      const d = docs['bh-credit-note']!;
      expectText('bh-credit-note', 'CREDIT NOTE', 'إشعار دائن', d.number, d.creditNoteFor!.number);
      // "dated" and "Reason" were printed in English only.
      expectText('bh-credit-note', 'مقابل الفاتورة', 'بتاريخ', 'السبب', d.creditNoteFor!.reason!);
    });
  });

  describe('Bahrain VAT invoice', () => {
    it('titles the full invoice in English and Arabic, extractable in logical order', () => {
      expectText('bh-tax-invoice-full', 'TAX INVOICE', 'فاتورة ضريبية');
    });

    it('prints every label beside its Arabic form', () => {
      expectText('bh-tax-invoice-full', 'Invoice No.', 'رقم الفاتورة', 'VAT No.', 'الرقم الضريبي', 'Date', 'التاريخ', 'Total incl. VAT', 'الإجمالي شامل الضريبة', 'Amount in words'.toUpperCase(), 'المبلغ كتابة');
    });

    it('prints supplier and customer VAT numbers, BHD with three decimals, VAT per rate and the zero-rated and exempt statements', () => {
      const d = docs['bh-tax-invoice-full']!;
      expectText('bh-tax-invoice-full', d.supplier.taxId!, d.customer.taxId!, d.number, 'BHD', `BHD ${formatMoney(d.totals.grandTotal, 'BHD')}`, 'VAT @ 10%');
      expect(text['bh-tax-invoice-full']).toMatch(/\b\d{1,3}(,\d{3})*\.\d{3}\b/);
      expectText('bh-tax-invoice-full', 'VAT summary by rate'.toUpperCase(), 'Zero-rated supply', 'Exempt supply', 'Date of supply', formatDate(d.supplyDate!));
      expectText('bh-tax-invoice-full', d.amountInWords.en, 'وتسعون', 'فلس', 'لا غير');
      // The zero-rated and exempt lines name their category in Arabic too.
      expectText('bh-tax-invoice-full', 'Exempt', 'معفى', '0% (zero)', 'نسبة الصفر');
    });

    it('prints the Arabic customer name in logical order', () => {
      expectText('bh-tax-invoice-full', 'شركة البحرين للتجارة');
    });

    it('titles the simplified invoice in both languages', () => {
      // Rendered after the full Bahrain invoice on the same thread: the bold medial ta' of "مبسطة"
      // once extracted as a space there (a glyph first created by the font subsetter, without code points).
      expectText('bh-simplified-tax-invoice', 'SIMPLIFIED TAX INVOICE', 'فاتورة ضريبية مبسطة', docs['bh-simplified-tax-invoice']!.number);
    });
  });

  describe('long invoices', () => {
    it('break across pages with the table header repeated, "continued" and page x of y', () => {
      for (const name of ['gst-long-120-lines', 'bh-long-110-lines-specimen']) {
        const n = pages[name]!;
        const d = docs[name]!;
        expect(n, name).toBeGreaterThanOrEqual(3);
        const file = path.join(dir, `${name}.pdf`);
        for (let p = 1; p <= n; p++) {
          const pageText = pdftotextPage(file, p);
          expect(pageText, `${name} page ${p}`).toContain(`Page ${p} of ${n}`);
          const first = d.lines.find((l) => pageText.includes(l.description.slice(0, 12)));
          if (p < n || first) expect(pageText, `${name} page ${p} has the table header`).toMatch(/Description/);
          if (first) {
            // Once, above the page's first row (blocks: printed by the page header on continued pages).
            expect(pageText.match(/Description/g), `${name} page ${p}`).toHaveLength(1);
            expect(pageText.indexOf('Description'), `${name} page ${p}`).toBeLessThan(pageText.indexOf(first.description.slice(0, 12)));
          } else {
            expect(pageText, `${name} page ${p}: no rows, no column header`).not.toMatch(/Description/);
          }
          if (p > 1) expect(pageText).toContain('(continued)');
          if (p < n) expect(pageText).toContain('continued on next page');
          if (d.regime === 'vat-bh') {
            // The page marks in Arabic too, as every other label of a Bahrain document.
            // (pdftotext reorders the digits of "صفحة 1 من 4" around the bidi marks it adds.)
            expect(pageText, `${name} page ${p}`).toMatch(/صفحة/);
            expect(pageText, `${name} page ${p}`).toContain('هذا مستند صادر إلكترونيا');
            if (p > 1) expect(pageText).toContain('تابع');
            if (p < n) expect(pageText).toContain('يتبع في الصفحة التالية');
          }
        }
        expectText(name, d.lines[d.lines.length - 1]!.description, formatMoney(d.totals.grandTotal, d.currency));
      }
    });
  });

  interface WordBox { text: string; xMin: number; yMin: number; xMax: number }

  function wordBoxes(file: string): WordBox[] {
    const xml = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ text: m[4]!, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]) }));
  }

  /** Amounts that stick out of the content area or touch a neighbour on their line. */
  function crowdedAmounts(file: string): string[] {
    const words = wordBoxes(file);
    const problems: string[] = [];
    for (const w of words.filter((x) => /^-?[\d,]+\.\d{2,3}$/.test(x.text))) {
      if (w.xMax > 595.28 - 30 + 0.5) problems.push(`${w.text} ends at x=${w.xMax.toFixed(1)}, past the right margin`);
      for (const o of words) {
        if (o === w || Math.abs(o.yMin - w.yMin) > 0.5) continue;
        const gap = o.xMin >= w.xMin ? o.xMin - w.xMax : w.xMin - o.xMax;
        if (gap < 1.5) problems.push(`${w.text} and ${o.text} ${gap < 0 ? 'overlap' : 'touch'}`);
      }
    }
    return problems;
  }

  describe('large amounts', () => {
    it('keeps crore and million amounts inside their cells, summary tables included, and each grand total on one line', async () => {
      // The HSN/SAC summary and the VAT per rate table carry the same large amounts (whole: true).
      for (const d of [makeCroreGstDocument({ whole: true }), makeMillionBahrainDocument({ whole: true })]) {
        expect(d.summaryTables, d.number).toHaveLength(1);
        const file = path.join(dir, `big-${d.currency}.pdf`);
        await renderToFile(d, file, opts);
        expect(crowdedAmounts(file), d.number).toEqual([]);
        const words = wordBoxes(file);
        // Every amount of the summary table is one word (a wrapped amount would be two, and escape
        // the check above), on the table's rows after its title.
        const title = words.find((w) => w.text === 'SUMMARY'); // "HSN/SAC SUMMARY", "VAT SUMMARY BY RATE"
        expect(title, `${d.number}: the summary table's title`).toBeDefined();
        const table = d.summaryTables[0]!;
        for (const row of [...table.rows, table.totals!]) {
          for (const c of table.columns.filter((col) => col.align === 'end' && /^\d+\.\d+$/.test(row[col.key] ?? ''))) {
            const amount = formatMoney(row[c.key]!, d.currency);
            expect(words.some((w) => w.text === amount && w.yMin > title!.yMin), `${d.number}: ${c.key} ${amount} whole below the summary title`).toBe(true);
          }
        }
        const grand = formatMoney(d.totals.grandTotal, d.currency);
        const amount = words.find((w) => w.text === grand)!;
        const symbol = words.find((w) => w.text === (d.currency === 'INR' ? '₹' : 'BHD') && Math.abs(w.yMin - amount.yMin) < 0.5);
        expect(symbol, `${d.number}: the currency sign on the grand total's line`).toBeDefined();
        // The totals box stays right-aligned: taxable value, total tax and grand total end together
        // (the nearest of each above the grand total: the summary table repeats them below it).
        const aboveGrand = (text: string) => words.filter((w) => w.text === text && w.yMin < amount.yMin).at(-1)!;
        for (const v of [d.totals.taxable, d.totals.tax]) expect(Math.abs(aboveGrand(formatMoney(v, d.currency)).xMax - amount.xMax), `${d.number} ${v}`).toBeLessThan(1);
      }
    });

    it('prints a crore invoice with lakh/crore grouping and its amount in words in crore and lakh', async () => {
      const d = makeCroreGstDocument({ whole: true });
      const file = path.join(dir, 'crore-words.pdf');
      await renderToFile(d, file, opts);
      const t = pdftotext(file).replace(/\s+/g, ' ');
      // 35,32,23,300.00 (not 353,223,300.00): groups of two above the thousands.
      expect(formatMoney(d.totals.grandTotal, 'INR')).toBe('35,32,23,300.00');
      for (const s of ['₹ 35,32,23,300.00', '29,93,41,779.66', '9,97,80,593.22', '89,80,253.39', '1,79,60,506.78', '5,38,81,520.34']) expect(t, s).toContain(s);
      expect(t).not.toMatch(/\d,\d{3},\d{3}\.\d\d/); // no western grouping (353,223,300.00)
      expect(d.amountInWords.en).toBe('Thirty Five Crore Thirty Two Lakh Twenty Three Thousand Three Hundred Rupees Only');
      expect(t).toContain(d.amountInWords.en);
    });
  });

  describe('in-process verification', () => {
    it('extracts the same page count as pdfinfo and the invoice number from every PDF', () => {
      for (const name of Object.keys(docs)) {
        const check = inspectPdf(readFileSync(path.join(dir, `${name}.pdf`)));
        expect(check.pages, name).toBe(pages[name]);
        expect(check.text, name).toContain(docs[name]!.number);
      }
    });
  });
});

function pdftotextPage(file: string, page: number): string {
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('page numbering, pagination and thread state', () => {
  it('renders again with page x of y when a document that looked short spills onto a second page', async () => {
    const base = makeGstDocument({ number: 'LONGDESC/1', lines: 9, seed: 2 });
    const doc: InvoiceDocument = { ...base, summaryTables: [], lines: base.lines.map((l) => ({ ...l, description: `${l.description} `.repeat(14).trim() })) };
    const file = path.join(dir, 'longdesc.pdf');
    const r = await renderToFile(doc, file);
    expect(r.pages).toBeGreaterThan(1);
    const all = pdftotext(file);
    for (let p = 1; p <= r.pages; p++) expect(all).toContain(`Page ${p} of ${r.pages}`);
    expect(all).toContain('(continued)');
  });

  it('prints the page marks in Hindi too on a document with Hindi labels', async () => {
    const doc = makeGstDocument({ number: 'HINDI/LONG/1', lines: 40, hindi: true });
    const file = path.join(dir, 'hindi-long.pdf');
    const r = await renderToFile(doc, file);
    expect(r.pages).toBeGreaterThan(1);
    for (let p = 1; p <= r.pages; p++) {
      const pageText = pdftotextPage(file, p);
      expect(pageText, `page ${p}`).toContain(`Page ${p} of ${r.pages}`);
      expect(pageText, `page ${p}`).toContain(`पृष्ठ ${p} / ${r.pages}`);
      expect(pageText, `page ${p}`).toContain('दस्तावेज़ है।');
      if (p > 1) expect(pageText, `page ${p}`).toContain('जारी');
      if (p < r.pages) expect(pageText, `page ${p}`).toContain('अगले पृष्ठ पर जारी');
    }
  });

  it('keeps every page A4', () => {
    for (const name of Object.keys(docs)) {
      const info = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages[name]), path.join(dir, `${name}.pdf`)], { encoding: 'utf8' });
      const sizes = [...info.matchAll(/size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
      expect(sizes.length, name).toBe(pages[name]);
      // A4 is 210 x 297 mm = 595.276 x 841.89 pt.
      for (const [w, h] of sizes) {
        expect(Math.abs(w - 595.276), name).toBeLessThan(0.01);
        expect(Math.abs(h - 841.89), name).toBeLessThan(0.01);
      }
    }
  });

  it('compiles each invoice once, whatever its length (Typst paginates in one pass)', async () => {
    const before = renderCounters.documents;
    for (const name of ['bh-simplified-tax-invoice', 'gst-cash-memo', 'gst-tax-invoice-hindi-specimen', 'gst-long-120-lines']) await renderInvoicePdf(docs[name]!);
    expect(renderCounters.documents - before).toBe(4);
    for (const name of ['bh-simplified-tax-invoice', 'gst-cash-memo', 'gst-tax-invoice-hindi-specimen']) expect(pages[name], name).toBe(1);
  });

  it('does not retain memory per render (one compiler per thread, its cache evicted on a bound)', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const doc = docs['bh-simplified-tax-invoice']!;
    for (let i = 0; i < 10; i++) await renderInvoicePdf(doc);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 60; i++) await renderInvoicePdf({ ...doc, number: `MEM-${i}` });
    gc();
    expect((process.memoryUsage().heapUsed - before) / 1e6).toBeLessThan(5);
  }, 120_000);

  it('prints each tax row once whatever was rendered before on the same thread (one compiler reused)', async () => {
    // Seeds whose rate order differs (2.5% first, then 9%): reconciling one document into the other
    // once left moved rows in the tree twice ("CGST @ 9%" printed three times, pages overflowing).
    const sequence = [0, 1, 2, 100, 101, 102, 103].map((seed) => makeGstDocument({ number: `ORDER/${seed}`, lines: 5, seed }));
    for (const [i, d] of sequence.entries()) {
      const file = path.join(dir, `sequence-${i}.pdf`);
      await renderToFile(d, file);
      const rows = pdftotext(file).match(/\b(?:CGST|SGST|IGST) @ [\d.]+%/g) ?? [];
      const expected = new Set(d.components.map((c) => `${c.name} @ ${formatRate(c.rate)}`));
      expect(rows.length, `${d.number}: ${rows.join(', ')}`).toBe(expected.size);
      expect(new Set(rows)).toEqual(expected);
    }
  }, 120_000);

  it('renders every template the same whatever was rendered before it on the same thread', async () => {
    // beforeAll rendered the fixtures in one order; render them again in reverse and compare what a
    // reader extracts. State kept between renders (the compiler's memo cache, mapped files) must
    // never change a document.
    for (const name of Object.keys(docs).reverse()) {
      const file = path.join(dir, `reverse-${name}.pdf`);
      await renderToFile(docs[name]!, file);
      expect(pdftotext(file), name).toBe(text[name]);
    }
  }, 300_000);

  it('never leaves the signatory block (and notes) alone on the last page', async () => {
    // Invoices a little too long for one page put only "For <supplier> / Authorised signatory" and
    // the notes on page 2 (demo INV/2627/00016): the last block before it must travel with it.
    const orphans: string[] = [];
    let multiPage = 0;
    const candidates = [
      ...[7, 8, 9, 10, 11, 12, 13].map((lines) => makeGstDocument({ number: `ORPHAN/G${lines}`, lines, seed: 3 })),
      ...[13, 14, 15, 16, 17, 18, 19, 20].map((lines) => makeBahrainDocument({ number: `ORPHAN-B${lines}`, lines, seed: 3 })),
    ];
    for (const d of candidates) {
      const file = path.join(dir, `orphan-${d.number.replace(/\//g, '-')}.pdf`);
      const r = await renderToFile(d, file);
      if (r.pages < 2) continue;
      multiPage++;
      const last = pdftotextPage(file, r.pages).replace(/\s+/g, ' ');
      expect(last, d.number).toContain('Authorised signatory');
      const withBlock = last.includes(d.summaryTables.at(-1)!.title.en.toUpperCase()) || last.includes(d.lines.at(-1)!.description.slice(0, 12));
      if (!withBlock) orphans.push(`${d.number} (${d.lines.length} lines, ${r.pages} pages)`);
    }
    expect(multiPage, 'some candidates spill onto a second page').toBeGreaterThan(3);
    expect(orphans).toEqual([]);
  }, 120_000);

  it('prints every line of a 1,500-line invoice, none cut off', async () => {
    // react-pdf kept a ~41,000 pt table in one piece and printed only its first page (it had to
    // refuse such invoices); every line must reach the PDF, the last on the last page.
    const doc = makeGstDocument({ number: 'HUGE/1500', lines: 1500, seed: 3 });
    const file = path.join(dir, 'huge-1500.pdf');
    const r = await renderToFile(doc, file);
    expect(r.pages).toBeGreaterThan(30);
    const last = pdftotextPage(file, r.pages);
    expect(last).toContain('Authorised signatory');
    const all = pdftotext(file);
    for (const l of [doc.lines[0]!, doc.lines[749]!, doc.lines[1499]!]) expect(all).toContain(formatMoney(l.total, 'INR'));
  }, 300_000);

  it('prints a static "Page 1 of 1" on a one-page invoice', () => {
    expect(pages['bh-simplified-tax-invoice']).toBe(1);
    // The Arabic footer (auto width in a row) once measured 0 wide and was never printed.
    expectText('bh-simplified-tax-invoice', 'Page 1 of 1', 'صفحة', 'هذا مستند صادر إلكترونيا');
    expect(text['bh-simplified-tax-invoice']).not.toContain('continued');
  });
});
