// A value credited or debited "by value" is spread over the invoice's lines (spreadValue): the
// shares add up to the value exactly, each is within one minor unit of its exact proportion, and
// none exceeds its line when the value does not exceed the lines' sum.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spreadValue } from '../../../src-main/engine/credit-cap.js';
import { toMinorUnitsBig } from '../../../src-shared/money/index.js';
import type { TaxLineResult, TaxResult } from '../../../src-shared/tax/plugin-api.js';

function invoiceOf(currency: string, count: number): TaxResult {
  const lines = Array.from({ length: count }, (_, i) => ({
    description: `Item ${i + 1}`, hsn: '8471', unit: 'NOS', quantity: '1', unitPrice: '1', discount: '0', taxable: '1', rate: '18', category: 'standard', components: [], tax: '0', total: '1',
  })) as unknown as TaxLineResult[];
  return { currency, lines } as unknown as TaxResult;
}

const shareOf = (line: { input: { unitPrice: string } }, currency: string) => toMinorUnitsBig(line.input.unitPrice, currency);

describe('spreadValue', () => {
  it('splits 100.00 over 1 : 1 : 1 as 33.34, 33.33, 33.33 (the unit left over goes to the first line on a tie)', () => {
    const open = [1, 2, 3].map((line) => ({ line, total: 10_000n }));
    const lines = spreadValue(invoiceOf('INR', 3), open, 10_000n, []);
    expect(lines.map((l) => l.input.unitPrice)).toEqual(['33.34', '33.33', '33.33']);
    expect(lines.every((l) => l.input.quantity === '1' && l.input.discount === '0' && l.link.quantity === null)).toBe(true);
    expect(lines.every((l) => l.input.unit === undefined)).toBe(true);
  });

  it('leaves out a line whose share rounds to nothing, and keeps 3 decimals for BHD', () => {
    const open = [{ line: 1, total: 1_000_000n }, { line: 2, total: 1n }];
    const lines = spreadValue(invoiceOf('BHD', 2), open, 1_000n, []);
    expect(lines.map((l) => [l.link.line, l.input.unitPrice])).toEqual([[1, '1.000']]);
  });

  it('refuses lines with nothing to spread over', () => {
    expect(() => spreadValue(invoiceOf('INR', 1), [{ line: 1, total: 0n }], 100n, [])).toThrow(/no positive total/);
  });

  it('adds up exactly, stays within one unit of the exact share and never exceeds a line (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('INR', 'BHD', 'JPY'),
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 25 }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (currency, totals, rawValue) => {
          const open = totals.map((total, i) => ({ line: i + 1, total }));
          const weight = totals.reduce((a, b) => a + b, 0n);
          const value = (rawValue % weight) + 1n; // 1..weight
          const lines = spreadValue(invoiceOf(currency, totals.length), open, value, []);
          const byLine = new Map(lines.map((l) => [l.link.line, shareOf(l, currency)]));
          expect([...byLine.values()].reduce((a, b) => a + b, 0n)).toBe(value);
          for (const { line, total } of open) {
            const share = byLine.get(line) ?? 0n;
            const floor = (value * total) / weight;
            expect(share === floor || share === floor + 1n).toBe(true);
            expect(share <= total).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
