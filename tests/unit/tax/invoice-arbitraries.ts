// Random invoices for the property tests, and the checks they share.
import fc from 'fast-check';
import { expect } from 'vitest';
import { Dec } from '../../../src-shared/money/index.js';
import type { TaxContext, TaxLineInput, TaxResult } from '../../../src-shared/tax/plugin-api.js';

export const RUNS = { numRuns: 10_000 };
/** 10,000 runs take a few seconds alone; leave room for a loaded machine running every suite at once. */
export const PROPERTY_TIMEOUT = 240_000;

export const decimalText = (maxInt: number, decimals: number) =>
  fc.tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: 10 ** decimals - 1 })).map(([i, f]) => (decimals === 0 ? String(i) : `${i}.${String(f).padStart(decimals, '0')}`));

export const gstLine: fc.Arbitrary<TaxLineInput> = fc.record({
  description: fc.constantFrom('Shirt', 'Rice', 'Consulting', 'Gold ring', 'Cement', 'Bidi'),
  hsn: fc.constantFrom('6205', '1006', '998311', '7113', '2523'),
  quantity: fc.oneof(decimalText(50, 0), decimalText(20, 3)).filter((q) => !new Dec(q).isZero()),
  unitPrice: fc.oneof(decimalText(100_000, 2), decimalText(999, 3), decimalText(5, 2)),
  discount: fc.constant('0'),
  rate: fc.constantFrom('0', '0.25', '1.5', '3', '5', '18', '40', 'exempt', 'nil'),
  cessRate: fc.constantFrom('0', '0', '0', '12', '1'),
}).map((l) => (['0', 'exempt', 'nil'].includes(l.rate) ? { ...l, cessRate: '0' } : l));

export const gstInvoice = fc.record({
  supplier: fc.constantFrom('27', '29', '04', '07', '38'),
  pos: fc.constantFrom('27', '29', '04', '07', '38', '96'),
  supplyType: fc.constantFrom('regular', 'regular', 'regular', 'sez'),
  pricesIncludeTax: fc.boolean(),
  lines: fc.array(gstLine, { minLength: 1, maxLength: 8 }),
});

export function gstContext(inv: { supplier: string; pos: string; supplyType: string; pricesIncludeTax: boolean }): TaxContext {
  return {
    date: '2026-01-15', currency: 'INR', kind: 'tax_invoice',
    supplier: { state: inv.supplier, country: 'IN', settings: { roundOffTotal: true } },
    placeOfSupply: inv.pos, supplyType: inv.supplyType as TaxContext['supplyType'], pricesIncludeTax: inv.pricesIncludeTax,
  };
}

export const bhLine: fc.Arbitrary<TaxLineInput> = fc.record({
  description: fc.constantFrom('Bread', 'Phone', 'Service', 'Rent'),
  quantity: fc.oneof(decimalText(50, 0), decimalText(20, 3)).filter((q) => !new Dec(q).isZero()),
  unitPrice: fc.oneof(decimalText(10_000, 3), decimalText(3, 3)),
  rate: fc.constantFrom('10', '10', 'zero', 'exempt'),
});
export const bhInvoice = fc.record({ pricesIncludeTax: fc.boolean(), lines: fc.array(bhLine, { minLength: 1, maxLength: 8 }) });
export const bhContext = (inclusive: boolean): TaxContext => ({ date: '2026-01-15', currency: 'BHD', kind: 'tax_invoice', supplier: { country: 'BH', settings: {} }, supplyType: 'regular', pricesIncludeTax: inclusive });

export const sum = (values: string[]) => values.reduce((acc, v) => acc.plus(v), new Dec(0));

export function checkAddsUp(r: TaxResult): void {
  const scale = r.currency === 'BHD' ? 3 : 2;
  expect(sum(r.components.map((c) => c.amount)).toFixed(scale)).toBe(r.totals.tax);
  for (const line of r.lines) expect(sum(line.components.map((c) => c.amount)).toFixed(scale)).toBe(line.tax);
  // Exempt, nil-rated and non-GST value of a tax invoice is kept apart from the taxable value.
  const apart = (l: TaxResult['lines'][number]) => r.totals.nonTaxable !== undefined && ['exempt', 'nil', 'non_gst'].includes(l.category);
  expect(sum(r.lines.filter((l) => !apart(l)).map((l) => l.taxable)).toFixed(scale)).toBe(r.totals.taxable);
  if (r.totals.nonTaxable !== undefined) expect(sum(r.lines.filter(apart).map((l) => l.taxable)).toFixed(scale)).toBe(r.totals.nonTaxable);
  expect(new Dec(r.totals.taxable).plus(r.totals.nonTaxable ?? '0').plus(r.totals.tax).toFixed(scale)).toBe(r.totals.total);
  expect(sum(r.lines.map((l) => l.tax)).toFixed(scale)).toBe(r.totals.tax);
  expect(sum(r.lines.map((l) => l.total)).toFixed(scale)).toBe(r.totals.total);
  for (const c of r.components) {
    const fromLines = r.lines.flatMap((l) => l.components.filter((x) => x.name === c.name && x.rate === c.rate).map((x) => x.amount));
    expect(sum(fromLines).toFixed(scale)).toBe(c.amount);
  }
  expect(new Dec(r.totals.total).plus(r.totals.roundOff).toFixed(scale)).toBe(r.totals.grandTotal);
}

export function canonical(r: TaxResult): unknown {
  return { ...r, lines: r.lines.map(({ index: _i, ...rest }) => JSON.stringify(rest)).sort() };
}

