// none: cash memos for sellers not registered for tax (docs/TAX-RULES.md A4).
import { describe, expect, it } from 'vitest';
import type { TaxContext } from '../../../src-shared/tax/plugin-api.js';
import { noTax } from '../../../src-main/tax/none/index.js';

const ctx = (over: Partial<TaxContext> = {}): TaxContext => ({ date: '2026-01-15', currency: 'INR', kind: 'cash_memo', supplier: { country: 'IN', settings: {} }, supplyType: 'regular', pricesIncludeTax: false, ...over });

describe('none', () => {
  it('issues a cash memo with no tax lines: the totals are the sum of the lines', () => {
    const r = noTax.compute(ctx(), [
      { description: 'Tea', quantity: '2', unitPrice: '12.50', rate: '0' },
      { description: 'Biscuits', quantity: '1', unitPrice: '30', rate: '0', discount: '5' },
    ]);
    expect(r.kind).toBe('cash_memo');
    expect(r.components).toEqual([]);
    expect(r.lines.every((l) => l.components.length === 0 && l.tax === '0.00')).toBe(true);
    expect(r.totals).toEqual({ taxable: '50.00', tax: '0.00', total: '50.00', roundOff: '0.00', grandTotal: '50.00' });
    expect(r.amountInWords.en).toBe('Rupees Fifty Only');
  });

  it('refuses a tax rate: an unregistered seller may not collect tax', () => {
    expect(() => noTax.compute(ctx(), [{ description: 'Tea', quantity: '1', unitPrice: '10', rate: '5' }])).toThrow(/^lines\[0\]\.rate: 5% cannot be charged/);
  });

  it('has no tax id and works in BHD at 3 decimals', () => {
    expect(noTax.validateTaxId('27AAPFU0939F1ZV').valid).toBe(false);
    const r = noTax.compute(ctx({ currency: 'BHD' }), [{ description: 'Juice', quantity: '3', unitPrice: '0.350', rate: '0' }]);
    expect(r.totals.grandTotal).toBe('1.050');
    expect(r.amountInWords.ar).toBe('فقط دينار واحد وخمسون فلساً لا غير');
  });
});
