// The exact BigInt path of the tax engine against the pure decimal.js path (the reference: every
// rounding named, 60 significant digits), on random invoices: where the exact path answers, its
// result must be byte-identical; where it declines, the decimal.js path answers (or refuses) alone.
// Also the HSN and VAT summary tables (BigInt sums) against sums in decimal.js.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src-shared/money/index.js';
import type { SummaryTable, TaxContext, TaxLineInput, TaxResult } from '../../../src-shared/tax/plugin-api.js';
import { computeLines, computeLinesDecimal, computeLinesExact, type EngineOptions, type PlannedLine } from '../../../src-main/tax/common/engine.js';
import { gstIn } from '../../../src-main/tax/gst-in/index.js';
import { vatBh } from '../../../src-main/tax/vat-bh/index.js';
import { bhContext, bhInvoice, decimalText, gstContext, gstInvoice, PROPERTY_TIMEOUT, RUNS } from './invoice-arbitraries.js';

const amountText = fc.oneof(
  { weight: 40, arbitrary: fc.oneof(decimalText(50, 0), decimalText(20, 3), decimalText(100_000, 2), decimalText(999, 3), decimalText(5, 4)) },
  // Leading and trailing zeros, ties at every scale, and sizes around and beyond the exact path's digit limit.
  { weight: 1, arbitrary: fc.constantFrom('007.50', '0.005', '0.0005', '0.125', '2.5', '0.5', '1.0000', '00', '999999999999999999', '123456789012345.678', '1234567890123456789012', '0') },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 20n }).chain((n) => fc.integer({ min: 0, max: 8 }).map((places) => {
    const digits = n.toString().padStart(places + 1, '0');
    return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  })) },
);

const componentPool: Array<[string, string]> = [
  ['CGST', '9'], ['SGST', '9'], ['CGST', '2.5'], ['SGST', '2.5'], ['UTGST', '0.125'], ['IGST', '18'], ['IGST', '0.25'], ['IGST', '0'], ['CESS', '12'],
  ['CESS', '1'], ['VAT', '10'], ['VAT', '5'], ['X', '7.000001'], ['X', '99.999999'],
];
/** Rates beyond the exact path's limits (it declines, decimal.js answers). */
const oddRates: Array<[string, string]> = [['Y', '123456789'], ['Z', '0.0000001']];

const plannedInvoice = fc.record({
  currency: fc.constantFrom('INR', 'BHD', 'JPY', 'CLF'),
  roundOffPlaces: fc.constantFrom(undefined, 0, 1, 2, 5),
  trailing: fc.boolean(),
  lines: fc.array(fc.record({
    description: fc.constantFrom('Shirt', 'Rice', 'Gold ring', 'Rent'),
    hsn: fc.constantFrom(undefined, '6205', '1006'),
    quantity: amountText,
    unitPrice: amountText,
    discount: fc.oneof({ weight: 20, arbitrary: fc.constant(undefined) }, { weight: 10, arbitrary: fc.constant('0') }, { weight: 10, arbitrary: decimalText(2, 3) }, { weight: 1, arbitrary: amountText }),
    components: fc.tuple(fc.uniqueArray(fc.constantFrom(...componentPool), { maxLength: 3, selector: ([name]) => name }), fc.integer({ min: 0, max: 199 })).map(([list, dice]) => (dice < oddRates.length ? [...list, oddRates[dice]!] : list)),
  }), { minLength: 1, maxLength: 12 }),
});

type Outcome = { ok: true; json: string } | { ok: false; message: string };
function outcome(run: () => unknown): Outcome {
  try {
    return { ok: true, json: JSON.stringify(run()) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

describe('tax engine: exact BigInt path = decimal.js reference', () => {
  it('gives byte-identical results on 10,000 random invoices, and answers most of them', () => {
    let answered = 0;
    fc.assert(fc.property(plannedInvoice, (inv) => {
      const context: TaxContext = { date: '2026-01-15', currency: inv.currency, kind: 'tax_invoice', supplier: { country: 'IN', settings: {} }, supplyType: 'regular', pricesIncludeTax: false };
      const planned: PlannedLine[] = inv.lines.map((l, index) => {
        const input: TaxLineInput = { description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, rate: '18' };
        if (l.hsn !== undefined) input.hsn = l.hsn;
        if (l.discount !== undefined) input.discount = l.discount;
        return { index, input, category: 'standard', rate: '18', components: l.components.map(([name, rate]) => ({ name, rate: new Dec(rate) })) };
      });
      const options: EngineOptions = { componentOrder: ['CGST', 'SGST', 'UTGST', 'IGST', 'CESS', 'VAT'], allowNegative: false, ...(inv.trailing ? { trailingComponents: ['CESS'] } : {}), ...(inv.roundOffPlaces === undefined ? {} : { roundOffPlaces: inv.roundOffPlaces }) };
      const reference = outcome(() => computeLinesDecimal(context, planned, options));
      const exact = computeLinesExact(context, planned, options);
      if (exact !== undefined) {
        answered++;
        expect({ ok: true, json: JSON.stringify(exact) }).toEqual(reference);
      }
      expect(outcome(() => computeLines(context, planned, options))).toEqual(reference);
    }), RUNS);
    expect(answered).toBeGreaterThan(RUNS.numRuns / 2);
  }, PROPERTY_TIMEOUT);
});

/** A summary table's rows and totals recomputed from the result's lines with decimal.js sums. */
function referenceRows(result: TaxResult, table: SummaryTable, keyOf: (line: TaxResult['lines'][number]) => string, amountsOf: (line: TaxResult['lines'][number]) => Record<string, string>, scale: number): void {
  const totals = table.totals ?? {};
  const moneyKeys = table.columns.map((c) => c.key).filter((k) => k in totals && totals[k] !== '' && !['hsn', 'rate', 'category'].includes(k));
  const groups = new Map<string, Record<string, Dec>>();
  for (const line of result.lines) {
    const key = keyOf(line);
    const sums = groups.get(key) ?? Object.fromEntries(moneyKeys.map((k) => [k, new Dec(0)]));
    for (const [k, v] of Object.entries(amountsOf(line))) if (k in sums) sums[k] = sums[k]!.plus(v);
    groups.set(key, sums);
  }
  const expected = [...groups.values()].map((sums) => moneyKeys.map((k) => sums[k]!.toFixed(scale)).join('|')).sort();
  const actual = table.rows.map((row) => moneyKeys.map((k) => row[k]).join('|')).sort();
  expect(actual).toEqual(expected);
  for (const k of moneyKeys) expect(totals[k]).toBe([...groups.values()].reduce((acc, sums) => acc.plus(sums[k]!), new Dec(0)).toFixed(scale));
}

describe('summary tables: BigInt sums = decimal.js sums', () => {
  it('HSN summary of 10,000 random gst-in invoices', () => {
    fc.assert(fc.property(gstInvoice, (inv) => {
      const result = gstIn.compute(gstContext(inv), inv.lines);
      const table = result.summaryTables.find((t) => t.id === 'hsn');
      if (!table) return;
      referenceRows(result, table, (l) => `${l.hsn ?? ''}|${l.category}|${l.rate}`, (l) => ({ taxable: l.taxable, tax: l.tax, ...Object.fromEntries(l.components.map((c) => [c.name, c.amount])) }), 2);
    }), RUNS);
  }, PROPERTY_TIMEOUT);

  it('VAT summary of 10,000 random vat-bh invoices', () => {
    fc.assert(fc.property(bhInvoice, (inv) => {
      const result = vatBh.compute(bhContext(inv.pricesIncludeTax), inv.lines);
      const table = result.summaryTables.find((t) => t.id === 'vat')!;
      referenceRows(result, table, (l) => `${l.category}|${l.rate}`, (l) => ({ taxable: l.taxable, vat: l.tax }), 3);
    }), RUNS);
  }, PROPERTY_TIMEOUT);
});
