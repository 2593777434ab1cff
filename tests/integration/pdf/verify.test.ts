// The in-process PDF check used after every write.
import { beforeAll, describe, expect, it } from 'vitest';
import { renderInvoicePdf } from '../../../src-main/pdf/render.js';
import { PdfVerifyError, inspectPdf, verifyInvoicePdf } from '../../../src-main/pdf/verify.js';
import { formatMoney } from '../../../src-main/pdf/format.js';
import { fixtureSet, makeBahrainDocument } from '../../fixtures/documents/factory.js';

let pdf: Buffer;

beforeAll(async () => {
  pdf = await renderInvoicePdf(makeBahrainDocument({ number: 'BH-V-0001', lines: 2 }));
});

describe('in-process PDF verification', () => {
  it('accepts a rendered invoice and reads its page count and text, Arabic included', () => {
    expect(verifyInvoicePdf(pdf, 'BH-V-0001')).toEqual({ pages: 1 });
    const { text } = inspectPdf(pdf);
    expect(text).toContain('TAX INVOICE');
    expect(text).toMatch(/[\u0600-\u06FF]/);
  });

  it('reads text after a ligature: "ffi" maps to three code units in the ToUnicode CMap', async () => {
    // "Office chair" puts an ffi ligature in the bold font's CMap as <0066 0066 0069>; misreading
    // it shifted every later glyph ("11,330.55" came out "114330M55").
    const doc = fixtureSet()['gst-tax-invoice-inter-reverse-charge']!;
    const { text } = inspectPdf(await renderInvoicePdf(doc));
    expect(text).toContain('Office');
    for (const line of doc.lines) expect(text).toContain(formatMoney(line.total, 'INR'));
  });

  it('rejects a PDF whose text lacks the invoice number', () => {
    expect(() => verifyInvoicePdf(pdf, 'BH-V-0002')).toThrow(PdfVerifyError);
  });

  it('rejects a truncated file', () => {
    expect(() => inspectPdf(pdf.subarray(0, Math.floor(pdf.length / 2)))).toThrow(/%%EOF|truncated/);
  });

  it('rejects bytes that are not a PDF', () => {
    expect(() => inspectPdf(Buffer.from('<html>not a pdf</html>'.repeat(10)))).toThrow(/%PDF-/);
  });

  it('rejects a PDF whose xref offset is wrong', () => {
    const s = pdf.toString('latin1').replace(/startxref\s+(\d+)/, (_m, n: string) => `startxref\n${Number(n) + 7}`);
    expect(() => inspectPdf(Buffer.from(s, 'latin1'))).toThrow(/xref/);
  });
});
