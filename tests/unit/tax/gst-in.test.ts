// gst-in worked examples: which taxes apply, rounding per rate at invoice level, distribution
// to lines, round-off, kinds, notes and refusals (docs/TAX-RULES.md A1-A8).
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import type { TaxContext, TaxLineInput } from '../../../src-shared/tax/plugin-api.js';
import { gstIn } from '../../../src-main/tax/gst-in/index.js';

function ctx(over: Partial<TaxContext> = {}, settings: Record<string, unknown> = {}): TaxContext {
  return {
    date: '2026-01-15', currency: 'INR', kind: 'tax_invoice',
    supplier: { state: '27', country: 'IN', settings: { ...gstIn.defaultSettings, ...settings } },
    placeOfSupply: '27', supplyType: 'regular', pricesIncludeTax: false, ...over,
  };
}
const line = (over: Partial<TaxLineInput> = {}): TaxLineInput => ({ description: 'Item', hsn: '6205', quantity: '1', unitPrice: '100', rate: '18', ...over });

function taxError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('TAX_INPUT');
    return error as AppError;
  }
  throw new Error('expected a TAX_INPUT error');
}

describe('gst-in: which taxes apply (A5)', () => {
  it('charges CGST + SGST when the supplier state is the place of supply', () => {
    const r = gstIn.compute(ctx(), [line({ unitPrice: '10000' })]);
    expect(r.components).toEqual([
      { name: 'CGST', rate: '9', taxable: '10000.00', amount: '900.00' },
      { name: 'SGST', rate: '9', taxable: '10000.00', amount: '900.00' },
    ]);
    expect(r.totals).toEqual({ taxable: '10000.00', tax: '1800.00', total: '11800.00', roundOff: '0.00', grandTotal: '11800.00' });
  });

  it('charges IGST across states', () => {
    const r = gstIn.compute(ctx({ placeOfSupply: '29' }), [line({ unitPrice: '10000' })]);
    expect(r.components).toEqual([{ name: 'IGST', rate: '18', taxable: '10000.00', amount: '1800.00' }]);
  });

  it.each(['04', '26', '31', '35', '38'])('charges CGST + UTGST within UT %s (no legislature)', (ut) => {
    const r = gstIn.compute(ctx({ supplier: { state: ut, country: 'IN', settings: {} }, placeOfSupply: ut }), [line()]);
    expect(r.components.map((c) => c.name)).toEqual(['CGST', 'UTGST']);
  });

  it('charges SGST in Delhi and Puducherry (UTs with a legislature)', () => {
    const r = gstIn.compute(ctx({ supplier: { state: '07', country: 'IN', settings: {} }, placeOfSupply: '07' }), [line()]);
    expect(r.components.map((c) => c.name)).toEqual(['CGST', 'SGST']);
  });

  it('charges IGST on a supply to an SEZ even within the state, with the SEZ endorsement', () => {
    const r = gstIn.compute(ctx({ supplyType: 'sez' }), [line()]);
    expect(r.components.map((c) => c.name)).toEqual(['IGST']);
    expect(r.notes[0]?.en).toContain('SEZ UNIT OR SEZ DEVELOPER');
    expect(r.notes[0]?.en).toContain('ON PAYMENT OF INTEGRATED TAX');
  });

  it('charges IGST on exports (place of supply 96), or 0% under LUT with the LUT endorsement', () => {
    const paid = gstIn.compute(ctx({ supplyType: 'export', placeOfSupply: undefined }), [line()]);
    expect(paid.components).toEqual([{ name: 'IGST', rate: '18', taxable: '100.00', amount: '18.00' }]);
    const lut = gstIn.compute(ctx({ supplyType: 'export', placeOfSupply: '96' }, { exportsUnderLut: true }), [line()]);
    expect(lut.lines[0]).toMatchObject({ category: 'zero', rate: '0', tax: '0.00' });
    expect(lut.notes[0]?.en).toContain('WITHOUT PAYMENT OF INTEGRATED TAX');
  });

  it('keeps compensation cess as its own, unsplit component', () => {
    const r = gstIn.compute(ctx({ date: '2025-12-01' }), [line({ rate: '28', cessRate: '12' })]);
    expect(r.components.map((c) => `${c.name}@${c.rate}=${c.amount}`)).toEqual(['CGST@14=14.00', 'SGST@14=14.00', 'CESS@12=12.00']);
  });
});

describe('gst-in: rounding (A7)', () => {
  it('rounds CGST and SGST each from rate/2, never one as the total minus the other', () => {
    // 10.10 x 2.5% = 0.2525 -> 0.25 each; 5% of 10.10 = 0.505 would round to 0.51.
    const r = gstIn.compute(ctx(), [line({ unitPrice: '10.10', rate: '5' })]);
    expect(r.components.map((c) => c.amount)).toEqual(['0.25', '0.25']);
    expect(r.totals.tax).toBe('0.50');
  });

  it('rounds half-up to the paisa once per rate at invoice level, then distributes by largest remainder', () => {
    // IGST 18% on 1.10, 1.10, 1.30: exact 19.8 + 19.8 + 23.4 = 63 paise.
    const r = gstIn.compute(ctx({ placeOfSupply: '29' }), [line({ unitPrice: '1.10' }), line({ unitPrice: '1.10' }), line({ unitPrice: '1.30' })]);
    expect(r.components).toEqual([{ name: 'IGST', rate: '18', taxable: '3.50', amount: '0.63' }]);
    expect(r.lines.map((l) => l.tax)).toEqual(['0.20', '0.20', '0.23']);
  });

  it('rounds line values half-up to the paisa (2 x 50.005 = 100.01) and the total to the rupee with a Round off', () => {
    const r = gstIn.compute(ctx({ placeOfSupply: '29' }), [line({ quantity: '2', unitPrice: '50.005' })]);
    expect(r.lines[0]).toMatchObject({ gross: '100.01', taxable: '100.01', tax: '18.00', total: '118.01' });
    expect(r.totals).toEqual({ taxable: '100.01', tax: '18.00', total: '118.01', roundOff: '-0.01', grandTotal: '118.00' });
    expect(r.amountInWords.en).toBe('Rupees One Hundred Eighteen Only');
  });

  it('rounds 50 paise up (CGST Act s.170) and can leave the total unrounded', () => {
    const up = gstIn.compute(ctx(), [line({ unitPrice: '100.50', rate: 'exempt' })]);
    expect(up.totals).toMatchObject({ total: '100.50', roundOff: '0.50', grandTotal: '101.00' });
    const off = gstIn.compute(ctx({}, { roundOffTotal: false }), [line({ unitPrice: '100.50', rate: 'exempt' })]);
    expect(off.totals).toMatchObject({ roundOff: '0.00', grandTotal: '100.50' });
  });

  it('backs tax out of inclusive prices so the customer pays the quoted price', () => {
    const r = gstIn.compute(ctx({ pricesIncludeTax: true }), [line({ unitPrice: '100' })]);
    // 100 x 9/118 = 7.627 -> 7.63 each; taxable = 100 - 15.26.
    expect(r.lines[0]).toMatchObject({ taxable: '84.74', tax: '15.26', total: '100.00' });
    expect(r.components.map((c) => c.amount)).toEqual(['7.63', '7.63']);
  });

  it('applies a line discount before tax', () => {
    const r = gstIn.compute(ctx(), [line({ quantity: '3', unitPrice: '100', discount: '30' })]);
    expect(r.lines[0]).toMatchObject({ gross: '300.00', discount: '30.00', taxable: '270.00', tax: '48.60', total: '318.60' });
  });
});

describe('gst-in: rates by date (A6)', () => {
  it('lists the rates in force on a date', () => {
    expect(gstIn.ratesOn('2026-01-15')).toEqual(['0', '0.25', '1.5', '3', '5', '18', '40']);
    expect(gstIn.ratesOn('2025-09-21')).toContain('12');
    expect(gstIn.ratesOn('2025-09-21')).toContain('28');
  });

  it('refuses 12% after 22 Sep 2025, naming the line and field', () => {
    const error = taxError(() => gstIn.compute(ctx(), [line(), line(), line({ rate: '12' })]));
    expect(error.message).toBe('lines[2].rate: 12% is not a GST rate on 2026-01-15 (rates from 22 Sep 2025: 0, 0.25, 1.5, 3, 5, 18, 40)');
    expect(error.details).toMatchObject({ line: 2, field: 'rate' });
  });

  it('accepts 12% and 28% for documents dated before 22 Sep 2025, and refuses 40% then', () => {
    expect(gstIn.compute(ctx({ date: '2025-09-21' }), [line({ rate: '12' })]).totals.tax).toBe('12.00');
    expect(gstIn.compute(ctx({ date: '2025-09-21' }), [line({ rate: '28' })]).totals.tax).toBe('28.00');
    expect(taxError(() => gstIn.compute(ctx({ date: '2025-09-21' }), [line({ rate: '40' })])).message).toContain('rates before 22 Sep 2025');
  });

  it('keeps 28% + cess for tobacco until 31 Jan 2026, and ends cess on 1 Feb 2026', () => {
    expect(taxError(() => gstIn.compute(ctx({ date: '2025-12-01' }), [line({ rate: '28' })])).message).toContain('lines[0].rate: 28%');
    expect(taxError(() => gstIn.compute(ctx({ date: '2026-02-01' }), [line({ rate: '40', cessRate: '5' })])).message).toContain('lines[0].cessRate: compensation cess ended');
  });
});

describe('gst-in: kinds, notes and summary (A1, A4)', () => {
  it('issues a bill of supply when every line is exempt, nil-rated or non-GST', () => {
    const r = gstIn.compute(ctx(), [line({ rate: 'exempt' }), line({ rate: '0' }), line({ rate: 'non_gst' })]);
    expect(r.kind).toBe('bill_of_supply');
    expect(r.components).toEqual([]);
    expect(r.lines.map((l) => l.category)).toEqual(['exempt', 'nil', 'non_gst']);
  });

  it('issues a bill of supply with the composition declaration for a composition dealer', () => {
    const r = gstIn.compute(ctx({}, { composition: true }), [line()]);
    expect(r.kind).toBe('bill_of_supply');
    expect(r.totals.tax).toBe('0.00');
    expect(r.notes[0]?.en).toBe('COMPOSITION TAXABLE PERSON, NOT ELIGIBLE TO COLLECT TAX ON SUPPLIES');
  });

  it('prints no tax rate or tax column in the HSN summary of a bill of supply (r.49: no tax lines)', () => {
    // A composition dealer's bill of supply once listed "Rate % 18" and "Total tax 0.00" per HSN.
    for (const r of [
      gstIn.compute(ctx({}, { composition: true }), [line({ hsn: '6304' }), line({ hsn: '5208', rate: '5' }), line({ hsn: '6304', unitPrice: '50' })]),
      gstIn.compute(ctx({ kind: 'credit_note' }, { composition: true }), [line({ hsn: '6304' })]),
    ]) {
      const hsn = r.summaryTables.find((t) => t.id === 'hsn')!;
      expect(hsn.columns.map((c) => c.key)).toEqual(['hsn', 'taxable']);
      expect(hsn.columns[1]!.label.en).toBe('Value');
      for (const row of [...hsn.rows, hsn.totals!]) expect(Object.keys(row).sort()).toEqual(['hsn', 'taxable']);
    }
    const composition = gstIn.compute(ctx({}, { composition: true }), [line({ hsn: '6304' }), line({ hsn: '5208', rate: '5' }), line({ hsn: '6304', unitPrice: '50' })]);
    expect(composition.summaryTables[0]!.rows).toEqual([{ hsn: '5208', taxable: '100.00' }, { hsn: '6304', taxable: '150.00' }]);
    // Exempt, nil-rated and non-GST lines keep their category, but no tax column.
    const exempt = gstIn.compute(ctx(), [line({ rate: 'exempt', hsn: '999293' }), line({ rate: '0', hsn: '0401' })]).summaryTables[0]!;
    expect(exempt.columns.map((c) => c.key)).toEqual(['hsn', 'taxable', 'rate']);
    expect(exempt.rows).toEqual([{ hsn: '0401', taxable: '100.00', rate: 'nil' }, { hsn: '999293', taxable: '100.00', rate: 'exempt' }]);
  });

  it('writes each HSN summary row with its keys in one order (the stored tax result is the same text)', () => {
    const rows = (r: ReturnType<typeof gstIn.compute>) => JSON.stringify(r.summaryTables.find((t) => t.id === 'hsn')!.rows);
    expect(rows(gstIn.compute(ctx(), [line({ hsn: '6205' }), line({ hsn: '5208', rate: '5', cessRate: '1' }), line({ rate: 'exempt', hsn: '999293' })]))).toBe(
      '[{"hsn":"5208","rate":"5","taxable":"100.00","tax":"6.00","CGST":"2.50","SGST":"2.50","CESS":"1.00"},'
      + '{"hsn":"6205","rate":"18","taxable":"100.00","tax":"18.00","CGST":"9.00","SGST":"9.00","CESS":"0.00"},'
      + '{"hsn":"999293","rate":"exempt","taxable":"100.00","tax":"0.00","CGST":"0.00","SGST":"0.00","CESS":"0.00"}]');
    expect(rows(gstIn.compute(ctx(), [line({ rate: 'exempt', hsn: '999293' }), line({ rate: '0', hsn: '0401' })]))).toBe('[{"hsn":"0401","rate":"nil","taxable":"100.00"},{"hsn":"999293","rate":"exempt","taxable":"100.00"}]');
    expect(rows(gstIn.compute(ctx({}, { composition: true }), [line({ hsn: '6304' }), line({ hsn: '5208', rate: '5' })]))).toBe('[{"hsn":"5208","taxable":"100.00"},{"hsn":"6304","taxable":"100.00"}]');
  });

  it('refuses a taxed line on a requested bill of supply', () => {
    expect(taxError(() => gstIn.compute(ctx({ kind: 'bill_of_supply' }), [line({ rate: 'exempt' }), line()])).message).toMatch(/^lines\[1\]\.rate: a bill of supply/);
  });

  it('notes reverse charge', () => {
    expect(gstIn.compute(ctx({ reverseCharge: true }), [line()]).notes.map((n) => n.en)).toContain('Tax is payable on reverse charge basis');
  });

  it('allows negative quantities only on a credit note', () => {
    expect(taxError(() => gstIn.compute(ctx(), [line({ quantity: '-1' })])).message).toMatch(/^lines\[0\]\.quantity: -1 is negative/);
    const r = gstIn.compute(ctx({ kind: 'credit_note' }), [line({ quantity: '-1' })]);
    expect(r.kind).toBe('credit_note');
    expect(r.totals).toMatchObject({ taxable: '-100.00', tax: '-18.00', grandTotal: '-118.00' });
  });

  it('prints an HSN/SAC summary per code and rate', () => {
    const r = gstIn.compute(ctx(), [line({ hsn: '6205' }), line({ hsn: '6205', unitPrice: '50' }), line({ hsn: '1006', rate: '5' })]);
    const hsn = r.summaryTables.find((t) => t.id === 'hsn')!;
    expect(hsn.rows).toEqual([
      { hsn: '1006', rate: '5', taxable: '100.00', CGST: '2.50', SGST: '2.50', tax: '5.00' },
      { hsn: '6205', rate: '18', taxable: '150.00', CGST: '13.50', SGST: '13.50', tax: '27.00' },
    ]);
    expect(hsn.totals).toMatchObject({ taxable: '250.00', tax: '32.00' });
  });

  it('refuses unknown state codes and malformed numbers, naming the field', () => {
    expect(taxError(() => gstIn.compute(ctx({ placeOfSupply: '55' }), [line()])).message).toMatch(/^placeOfSupply: "55" is not a GST state code/);
    expect(taxError(() => gstIn.compute(ctx({ supplier: { state: '99', country: 'IN', settings: {} } }), [line()])).message).toMatch(/^supplier\.state/);
    expect(taxError(() => gstIn.compute(ctx(), [line(), line({ unitPrice: '1,000' })])).message).toMatch(/^lines\[1\]\.unitPrice: "1,000" is not a decimal number/);
    expect(taxError(() => gstIn.compute(ctx({ date: '2025-02-30' }), [line()])).message).toMatch(/^date:/);
  });
});

describe('gst-in: invoice numbers (A2)', () => {
  const re = new RegExp(gstIn.invoiceNumberRules.pattern);
  // Exactly Rule 46(b): a leading 0, "/" or "-" is allowed (only the e-invoice schema forbids it).
  it.each(['INV/2025-26/0001', 'A', '1234567890123456', 'inv-1', '0001', '/A1', '-A1'])('accepts %s', (n) => expect(re.test(n)).toBe(true));
  it.each(['INV 1', 'INV#1', 'INV_1', '12345678901234567'])('refuses %s', (n) => expect(re.test(n)).toBe(false));
});

describe('gst-in: invoice-cum-bill of supply (A4, r.46A)', () => {
  it('notes a mixed taxable and exempt invoice to an unregistered customer', () => {
    const r = gstIn.compute(ctx(), [line(), line({ rate: 'exempt' })]);
    expect(r.kind).toBe('tax_invoice');
    expect(r.notes.map((n) => n.en)).toContain('Invoice-cum-bill of supply');
    const registered = gstIn.compute(ctx({ customer: { taxId: '27AAPFU0939F1ZV' } }), [line(), line({ rate: 'exempt' })]);
    expect(registered.notes).toEqual([]);
  });
});
