// The optional InvoiceDocument particulars printed on the PDF: ship-to, place-of-supply basis,
// export, copy mark, linked credit notes, cancellation and the e-invoice IRN with its QR code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderToFile } from '../../../src-main/pdf/job.js';
import type { InvoiceDocument } from '../../../src-shared/schemas/invoice-document.js';
import { makeBahrainDocument, makeGstDocument } from '../../fixtures/documents/factory.js';
import { pdftotext } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lf-pdf-fields-'));
});
afterAll(() => (process.env.KEEP_PDFS ? console.log('PDFs kept in', dir) : rmSync(dir, { recursive: true, force: true })));

/** What an IRP returns as SignedQRCode: a JWS of ~1,000 characters. */
const SIGNED_QR =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IjQ0NDQwNUM3ODFFNDgyNTA3MkIzNENBNEY4QkRDNjA2Qzg2QjU3MjAiLCJ0eXAiOiJKV1QiLCJ4NXQiOiJSRVFGeDRIa2dsQnlzMHlrLUwzR0JzaHJWeUEifQ.' +
  Buffer.from(
    JSON.stringify({
      data: JSON.stringify({ SellerGstin: '27AAPFU0939F1ZV', BuyerGstin: '29AAACP1234C1Z5', DocNo: 'INV/2627/00042', DocTyp: 'INV', DocDt: '14/11/2026', TotInvVal: 43593, ItemCnt: 6, MainHsnCode: '85444999', Irn: 'a5c12dca80e743321740b001fd70953e8738d109865d28ba4013750f2046f229', IrnDt: '2026-11-14 12:30:00' }),
      iss: 'NIC',
    }),
  ).toString('base64url') +
  '.' +
  'x'.repeat(342);

function fullDocument(): InvoiceDocument {
  const base = makeGstDocument({ number: 'INV/2627/00042', lines: 4, seed: 5 });
  return {
    ...base,
    shipTo: { name: 'Patel Traders Warehouse', address: ['Plot 7, MIDC Bhosari', 'Pune 411026'], stateCode: '27', stateName: 'Maharashtra' },
    placeOfSupplyBasis: 'delivery-address',
    copyLabel: { en: 'Original for recipient', hi: 'प्राप्तकर्ता के लिए मूल' },
    creditNotes: [
      { number: 'CN/2627/0003', date: '2026-11-20', total: '1180.00' },
      { number: 'CN/2627/0009', date: '2026-12-01', total: '590.00' },
    ],
    cancelled: { date: '2026-11-21', reason: 'Order withdrawn by the buyer' },
    irn: { irn: 'a5c12dca80e743321740b001fd70953e8738d109865d28ba4013750f2046f229', ackNo: '112610012345678', ackDate: '2026-11-14 12:30:00', signedQrCode: SIGNED_QR },
  };
}

describe.each([
  ['rows of blocks', false],
  ['tagged tables', true],
])('optional particulars, tables as %s', (_label, tableTags) => {
  let text: string;
  let file: string;
  beforeAll(async () => {
    file = path.join(dir, `full-${String(tableTags)}.pdf`);
    await renderToFile(fullDocument(), file, { tableTags });
    text = pdftotext(file).replace(/\s+/g, ' ');
  });

  it('prints the ship-to address and why the place of supply is what it is', () => {
    expect(text).toContain('SHIP TO');
    expect(text).toContain('Patel Traders Warehouse');
    expect(text).toContain('Plot 7, MIDC Bhosari');
    expect(text).toContain('Place of supply: location of delivery (ship-to address)');
  });

  it('prints the copy mark, the credit notes against the invoice and the cancellation', () => {
    expect(text).toContain('ORIGINAL FOR RECIPIENT');
    expect(text).toContain('CREDIT NOTES ISSUED AGAINST THIS INVOICE');
    expect(text).toContain('CN/2627/0003');
    expect(text).toContain('20-11-2026');
    expect(text).toContain('₹ 1,180.00');
    expect(text).toContain('CN/2627/0009');
    expect(text).toContain('CANCELLED');
    expect(text).toContain('Cancelled on 21-11-2026');
    expect(text).toContain('Order withdrawn by the buyer');
  });

  it('prints the IRN, acknowledgement and a QR code that decodes to the signed QR string', () => {
    expect(text).toContain('a5c12dca80e743321740b001fd70953e8738d109865d28ba4013750f2046f229');
    expect(text).toContain('112610012345678');
    const png = path.join(dir, `full-page-${String(tableTags)}`);
    execFileSync('pdftoppm', ['-png', '-r', '200', '-f', '1', '-l', '1', file, png]);
    const out = execFileSync('zbarimg', ['--raw', '-q', `${png}-1.png`], { encoding: 'utf8' }).trim();
    expect(out).toBe(SIGNED_QR);
  });
});

describe('optional particulars', () => {
  it('prints export particulars in both languages of a Bahrain document', async () => {
    const base = makeBahrainDocument({ number: 'BH-EXP-1', lines: 2, seed: 1 });
    const doc: InvoiceDocument = {
      ...base,
      export: { country: 'IN', countryName: 'India', statement: { en: 'Export of goods: zero-rated', ar: 'تصدير سلع: خاضع لنسبة الصفر' }, lut: 'LUT/BH/2026/17' },
      copyLabel: { en: 'Original', ar: 'الأصل' },
    };
    const f = path.join(dir, 'export.pdf');
    await renderToFile(doc, f);
    const t = pdftotext(f).replace(/\s+/g, ' ');
    expect(t).toContain('EXPORT TO');
    expect(t).toContain('India (IN)');
    expect(t).toContain('Export of goods: zero-rated');
    expect(t).toContain('تصدير سلع');
    expect(t).toContain('LUT/BH/2026/17');
    expect(t).toContain('ORIGINAL');
    expect(t).toContain('الأصل');
  });

  it('prints the exempt, nil-rated and non-GST value of a tax invoice on its own totals line, so the totals add up', async () => {
    const base = makeGstDocument({ number: 'INV/2627/00043', lines: 2, seed: 7 });
    const document: InvoiceDocument = { ...base, totals: { ...base.totals, nonTaxable: '2125.00' } };
    const out = path.join(dir, 'non-taxable.pdf');
    await renderToFile(document, out);
    const printed = pdftotext(out).replace(/\s+/g, ' ');
    expect(printed).toContain('Exempt, nil-rated and non-GST value');
    expect(printed).toContain('2,125.00');
  });

  it('does not print the trace id (it stays in the JSON)', async () => {
    const doc: InvoiceDocument = { ...makeGstDocument({ number: 'T/1', lines: 1 }), traceId: '0f9c2d1e-7a41-4c55-9b1e-3d2a8c6f1e20' };
    const f = path.join(dir, 'trace.pdf');
    await renderToFile(doc, f);
    expect(pdftotext(f)).not.toMatch(/Trace|0f9c2d1e/);
  });
});
