// The read-back check of every written PDF (job.ts renderToFile): it refuses a file whose text lacks
// the grand total, and one whose page count is not the compiler's. The renderer is wrapped so it
// can print a different total or report another page count than the file has; the write, read-back
// and verification are the real ones.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import type { InvoiceDocument } from '../../../src-shared/schemas/invoice-document.js';
import { renderToFile } from '../../../src-main/pdf/job.js';
import { formatMoney } from '../../../src-main/pdf/format.js';
import { PdfVerifyError, verifyInvoicePdf } from '../../../src-main/pdf/verify.js';
import { renderInvoicePdf } from '../../../src-main/pdf/render.js';
import type * as Render from '../../../src-main/pdf/render.js';
import { makeGstDocument } from '../../fixtures/documents/factory.js';

/** What the wrapped renderer changes: the document it prints, the page count it reports. */
const tamper: { printed?: (doc: InvoiceDocument) => InvoiceDocument; extraPages?: number } = {};

vi.mock('../../../src-main/pdf/render.js', async (importOriginal) => {
  const real = await importOriginal<typeof Render>();
  return {
    ...real,
    renderInvoicePdfWithPages: async (doc: InvoiceDocument, options?: Parameters<typeof real.renderInvoicePdfWithPages>[1]) => {
      const out = await real.renderInvoicePdfWithPages(tamper.printed ? tamper.printed(doc) : doc, options);
      return { ...out, pages: out.pages + (tamper.extraPages ?? 0) };
    },
  };
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'lf-verify-refusals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The same document with another grand total printed (one rupee more). */
function otherTotal(doc: InvoiceDocument): InvoiceDocument {
  const [rupees, paise = '00'] = doc.totals.grandTotal.split('.');
  return { ...doc, totals: { ...doc.totals, grandTotal: `${BigInt(rupees!) + 1n}.${paise}` } };
}

async function refusal(outPath: string, doc: InvoiceDocument): Promise<AppError> {
  const e = await renderToFile(doc, outPath).then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('the read-back check of a written PDF', () => {
  const doc = makeGstDocument({ number: 'VR/2627/0001', lines: 3, seed: 11 });

  it('writes the document when nothing is changed (the wrapper itself refuses nothing)', async () => {
    tamper.printed = undefined;
    tamper.extraPages = 0;
    const out = path.join(dir, 'ok.pdf');
    await expect(renderToFile(doc, out)).resolves.toMatchObject({ pages: 1 });
    expect(existsSync(out)).toBe(true);
  });

  it('refuses a PDF whose printed grand total differs from the document, and removes it', async () => {
    tamper.printed = otherTotal;
    tamper.extraPages = 0;
    const out = path.join(dir, 'total.pdf');
    const e = await refusal(out, doc);
    expect(e.code).toBe('PDF_FAILED');
    expect(e.details).toMatchObject({ stage: 'verify', number: doc.number });
    expect(e.message).toContain(`"${formatMoney(doc.totals.grandTotal, doc.currency)}" (grand total) not found`);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a PDF whose page count is not the one the compiler laid out, and removes it', async () => {
    tamper.printed = undefined;
    tamper.extraPages = 1;
    const out = path.join(dir, 'pages.pdf');
    const e = await refusal(out, doc);
    expect(e.code).toBe('PDF_FAILED');
    expect(e.details).toMatchObject({ stage: 'verify', number: doc.number });
    expect(e.message).toContain('the file has 1 pages, the compiler laid out 2');
    expect(existsSync(out)).toBe(false);
  });

  it('verifyInvoicePdf refuses a grand total the text does not hold', async () => {
    const pdf = await renderInvoicePdf(doc);
    expect(() => verifyInvoicePdf(pdf, doc.number, [formatMoney(doc.totals.grandTotal, doc.currency)])).not.toThrow();
    const wrong = formatMoney(otherTotal(doc).totals.grandTotal, doc.currency);
    expect(() => verifyInvoicePdf(pdf, doc.number, [wrong])).toThrow(PdfVerifyError);
    expect(() => verifyInvoicePdf(pdf, doc.number, [wrong])).toThrow(/grand total/);
  });
});
