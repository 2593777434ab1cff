// vat-bh worked examples (docs/TAX-RULES.md B1-B5).
import { describe, expect, it } from 'vitest';
import { type AppError } from '../../../src-shared/errors.js';
import type { TaxContext, TaxLineInput } from '../../../src-shared/tax/plugin-api.js';
import { validateBahrainVatNumber, vatBh } from '../../../src-main/tax/vat-bh/index.js';

const ctx = (over: Partial<TaxContext> = {}): TaxContext => ({
  date: '2026-01-15', currency: 'BHD', kind: 'tax_invoice', supplier: { country: 'BH', settings: { simplifiedInvoices: true } },
  customer: { taxId: '200000000000003' }, supplyType: 'regular', pricesIncludeTax: false, ...over,
});
const line = (over: Partial<TaxLineInput> = {}): TaxLineInput => ({ description: 'Item', quantity: '1', unitPrice: '1000', rate: '10', ...over });

describe('vat-bh', () => {
  it('charges 10% from 1 Jan 2022 and 5% before, refusing the other rate', () => {
    expect(vatBh.compute(ctx(), [line()]).totals).toEqual({ taxable: '1000.000', tax: '100.000', total: '1100.000', roundOff: '0.000', grandTotal: '1100.000' });
    expect(vatBh.compute(ctx({ date: '2021-12-31' }), [line({ rate: '5' })]).totals.tax).toBe('50.000');
    expect(() => vatBh.compute(ctx({ date: '2021-12-31' }), [line({ rate: '10' })])).toThrow(/^lines\[0\]\.rate: 10% is not a Bahrain VAT rate on 2021-12-31 \(standard rate 5% before 1 Jan 2022/);
    expect(vatBh.ratesOn('2026-01-01')).toEqual(['0', '10']);
  });

  it('rounds half-up to the fils once per rate at invoice level', () => {
    // 3 x 1.255 = 3.765; 10% = 0.3765 -> 0.377.
    const r = vatBh.compute(ctx(), [line({ quantity: '3', unitPrice: '1.255' })]);
    expect(r.lines[0]).toMatchObject({ taxable: '3.765', tax: '0.377', total: '4.142' });
    // Two lines of 0.0045 VAT each: per line 0.005 + 0.005 would be 0.010; per invoice 0.009.
    const two = vatBh.compute(ctx(), [line({ unitPrice: '0.045' }), line({ unitPrice: '0.045' })]);
    expect(two.totals.tax).toBe('0.009');
    expect(two.lines.map((l) => l.tax).sort()).toEqual(['0.004', '0.005']);
  });

  it('prints zero-rated and exempt statements in English and Arabic', () => {
    const r = vatBh.compute(ctx(), [line({ rate: 'zero' }), line({ rate: 'exempt' })]);
    expect(r.components).toEqual([{ name: 'VAT', rate: '0', taxable: '1000.000', amount: '0.000' }]);
    expect(r.lines[1]!.components).toEqual([]);
    expect(r.notes.map((n) => n.en)).toEqual(['Zero-rated supply: VAT charged at 0%', 'Exempt supply: no VAT charged']);
    expect(r.notes.every((n) => typeof n.ar === 'string' && n.ar.length > 0)).toBe(true);
  });

  it('names each VAT summary category in English and Arabic (the table is printed as given)', () => {
    const table = vatBh.compute(ctx(), [line(), line({ rate: 'zero' }), line({ rate: 'exempt' })]).summaryTables[0]!;
    expect(table.rows.map((r) => r.category)).toEqual(['Standard / النسبة الأساسية', 'Zero-rated / نسبة الصفر', 'Exempt / معفى']);
    expect(table.totals?.category).toBe('Total / الإجمالي');
  });

  it('issues a simplified tax invoice to an unregistered customer or up to BHD 500, a full one otherwise', () => {
    expect(vatBh.compute(ctx({ customer: {} }), [line()]).kind).toBe('simplified_tax_invoice');
    expect(vatBh.compute(ctx(), [line({ unitPrice: '454.545' })]).kind).toBe('simplified_tax_invoice'); // 499.999 incl.
    expect(vatBh.compute(ctx(), [line({ unitPrice: '454.546' })]).kind).toBe('tax_invoice'); // 500.001 incl.
    expect(vatBh.compute(ctx({ customer: {}, supplier: { country: 'BH', settings: { simplifiedInvoices: false } } }), [line()]).kind).toBe('tax_invoice');
  });

  it('gives the amount in words in English and Arabic', () => {
    const r = vatBh.compute(ctx(), [line({ unitPrice: '1.250', rate: 'exempt' })]);
    expect(r.amountInWords).toEqual({ en: 'One Bahraini Dinar and Two Hundred Fifty Fils Only', ar: 'فقط دينار واحد ومائتان وخمسون فلساً لا غير' });
  });

  it('refuses other currencies with TAX_INPUT', () => {
    try {
      vatBh.compute(ctx({ currency: 'INR' }), [line()]);
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).code).toBe('TAX_INPUT');
    }
  });

  it.each([
    ['200000000000003', true, /valid format/],
    ['20000000000000', false, /has 14 digits/],
    ['2000000000000034', false, /has 16 digits/],
    ['20000000000000A', false, /contains "A"/],
    ['200 000 000 000 003', false, /spaces/],
  ])('checks the VAT account number %s', (value, valid, reason) => {
    const check = validateBahrainVatNumber(value);
    expect(check.valid).toBe(valid);
    expect(check.reason).toMatch(reason);
  });
});
