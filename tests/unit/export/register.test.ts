// register.xlsx amount cells are doubles (Excel's cell model), built only from the exact decimal
// strings: every amount of up to 15 significant digits must print back at its currency's scale as
// exactly the string the invoice carries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { Decimal } from 'decimal.js';
import { registerTotalsOf } from '../../../src-main/export/counted.js';
import { buildRegisterXlsx } from '../../../src-main/export/register.js';
import { currencyScale } from '../../../src-shared/money/index.js';
import type { InvoiceDocument } from '../../../src-shared/schemas/invoice-document.js';
import { makeBahrainDocument, makeGstDocument } from '../../fixtures/documents/factory.js';

const MONEY_HEADERS = ['Taxable value', 'Exempt, nil and non-GST value', 'Tax amount', 'Line total', 'Round off', 'Document total'];

/** A decimal string at `scale` with at most 15 significant digits, either sign. */
const amountAt = (scale: number) =>
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.boolean()).map(([minor, negative]) => {
    const digits = minor.toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return negative && minor !== 0n ? `-${text}` : text;
  });

function withAmounts(doc: InvoiceDocument, currency: string, amounts: string[]): InvoiceDocument {
  let i = 0;
  const next = () => amounts[i++ % amounts.length]!;
  return {
    ...doc,
    currency,
    components: doc.components.map((c) => ({ ...c, taxable: next(), amount: next() })),
    lines: doc.lines.map((l) => ({ ...l, taxable: next(), tax: next(), total: next(), components: l.components.map((c) => ({ ...c, amount: next() })) })),
    totals: { ...doc.totals, taxable: next(), tax: next(), roundOff: next(), grandTotal: next() },
  };
}

function readBack(buffer: Buffer): { header: string[]; rows: unknown[][] } {
  const book = XLSX.read(buffer);
  const [header, ...rows] = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1, raw: true });
  return { header: header as string[], rows };
}

/** One row per line; round off and the document total on the document's first row only. */
function expectedCells(doc: InvoiceDocument): Array<Array<string | undefined>> {
  const zero = (0).toFixed(currencyScale(doc.currency));
  return doc.lines.map((l, i) => [l.taxable, zero, l.tax, l.total, i === 0 ? doc.totals.roundOff : undefined, i === 0 ? doc.totals.grandTotal : undefined]);
}

describe('register.xlsx amount cells', () => {
  it('print back at the currency scale as the exact decimal strings (300 random registers)', () => {
    const base = [makeGstDocument({ lines: 3 }), makeGstDocument({ interState: true, lines: 2, seed: 2 }), makeBahrainDocument({ lines: 2 })];
    fc.assert(fc.property(
      fc.constantFrom('INR', 'BHD', 'JPY', 'CLF').chain((currency) => fc.tuple(fc.constant(currency), fc.array(amountAt(currencyScale(currency)), { minLength: 1, maxLength: 12 }))),
      ([currency, amounts]) => {
        const docs = base.map((d) => withAmounts(d, currency, amounts));
        const { header, rows } = readBack(buildRegisterXlsx(docs.map((document) => ({ document, file: 'x.pdf' }))));
        const columns = MONEY_HEADERS.map((h) => header.indexOf(h));
        const expected = docs.flatMap(expectedCells);
        expect(rows).toHaveLength(expected.length);
        const scale = currencyScale(currency);
        rows.forEach((row, r) => columns.forEach((col, k) => {
          const v = row[col];
          if (expected[r]![k] === undefined) return void expect(v === undefined || v === '').toBe(true);
          expect(typeof v).toBe('number');
          // -0 prints as "0.00"; the exact string never carries a minus on zero either.
          expect((v as number).toFixed(scale)).toBe(expected[r]![k]);
        }));
      },
    ), { numRuns: 300 });
  }, 120_000);
});

describe('register.xlsx exempt value', () => {
  // GSTR-1 reports a bill of supply's exempt, nil-rated and non-GST lines in Table 8 (`nil`); the
  // register must put them in the same column, or the accountant's taxable value is overstated.
  it("puts a bill of supply's exempt lines in the exempt column, on its rows and in the Totals sheet", () => {
    const bill = makeGstDocument({ kind: 'bill_of_supply', number: 'BOS/2526/0009', lines: 4 });
    expect(bill.totals.nonTaxable).toBeUndefined();
    expect(bill.lines.every((l) => l.category === 'exempt')).toBe(true);
    const buffer = buildRegisterXlsx([{ document: bill, file: 'x.pdf' }]);
    const { header, rows } = readBack(buffer);
    const taxableAt = header.indexOf('Taxable value');
    const exemptAt = header.indexOf('Exempt, nil and non-GST value');
    rows.forEach((row, i) => {
      expect((row[taxableAt] as number).toFixed(2)).toBe('0.00');
      expect((row[exemptAt] as number).toFixed(2)).toBe(bill.lines[i]!.taxable);
    });
    const totals = XLSX.utils.sheet_to_json<Record<string, number>>(XLSX.read(buffer).Sheets['Totals']!, { raw: true })[0]!;
    expect(totals['Taxable value']!.toFixed(2)).toBe('0.00');
    expect(totals['Exempt, nil and non-GST value']!.toFixed(2)).toBe(bill.totals.taxable);
  });

  it('keeps taxable plus exempt equal to the printed taxable value of a document that does not split them', () => {
    const bill = makeGstDocument({ kind: 'bill_of_supply', number: 'BOS/2526/0010', lines: 3, seed: 7 });
    const split = registerTotalsOf(bill);
    expect(new Decimal(split.taxable).plus(split.nonTaxable!).toFixed(2)).toBe(bill.totals.taxable);
    const bahrain = makeBahrainDocument({ lines: 2 });
    expect(registerTotalsOf(bahrain)).toBe(bahrain.totals);
  });
});
