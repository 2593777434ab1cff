// GSTR-1 sections from hand-made documents: which section each document lands in, the B2CL
// threshold on each side of 1 Aug 2024, credit notes routed by their invoice, voided documents
// only in doc_issue, the HSN split from May 2025, and amounts written exactly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { b2clThresholdOn, buildGstr1, hsnSplitApplies, portalDate, type FilingDocument } from '../../../src-main/gst/gstr1.js';
import { stringifyExact } from '../../../src-main/gst/exact-json.js';
import type { TaxLineResult, TaxResult } from '../../../src-shared/tax/plugin-api.js';

const SUPPLIER_STATE = '27';

function line(taxable: string, rate: string, interState: boolean, category: TaxLineResult['category'] = 'standard', extra: Partial<TaxLineResult> = {}): TaxLineResult {
  const cents = BigInt(taxable.replace('.', ''));
  const taxCents = category === 'standard' ? (cents * BigInt(Math.round(Number(rate) * 100))) / 10000n : 0n;
  const fmt = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
  const half = taxCents / 2n;
  const components = category !== 'standard' ? [] : interState
    ? [{ name: 'IGST', rate, amount: fmt(taxCents) }]
    : [{ name: 'CGST', rate: String(Number(rate) / 2), amount: fmt(half) }, { name: 'SGST', rate: String(Number(rate) / 2), amount: fmt(taxCents - half) }];
  return {
    index: 1, description: 'Cotton saree with zari border, handwoven', hsn: '5208', unit: 'PCS', quantity: '2', unitPrice: taxable, gross: taxable, discount: '0.00',
    taxable, category, rate: category === 'standard' || category === 'zero' ? rate : '0', components, tax: fmt(taxCents), total: fmt(cents + taxCents), ...extra,
  };
}

function taxResult(lines: TaxLineResult[]): TaxResult {
  return { regime: 'gst-in', currency: 'INR', kind: 'tax_invoice', lines, components: [], totals: { taxable: '0', tax: '0', total: '0', roundOff: '0.00', grandTotal: '0' }, summaryTables: [], notes: [], amountInWords: { en: '' } };
}

let seq = 0;
function doc(overrides: Partial<FilingDocument> & { lines: TaxLineResult[] }): FilingDocument {
  seq += 1;
  const { lines, ...rest } = overrides;
  const total = lines.reduce((sum, l) => sum + BigInt(l.total.replace('.', '')), 0n);
  return {
    id: `doc-${seq}`, kind: 'tax_invoice', status: 'issued', number: `INV/2627/${String(seq).padStart(5, '0')}`, issueDate: '2026-10-10', seriesCode: 'INV', fiscalYear: '2026-27', seq,
    recipientTaxId: null, recipientCountry: 'IN', placeOfSupply: SUPPLIER_STATE, supplyType: 'regular', reverseCharge: false,
    grandTotal: `${total / 100n}.${String(total % 100n).padStart(2, '0')}`, tax: taxResult(lines), ...rest,
  };
}

describe('GSTR-1 sections', () => {
  it('places each kind of document in its one section', () => {
    const b2b = doc({ recipientTaxId: '29AAHCS3391E1Z5', placeOfSupply: '29', lines: [line('1000.00', '18', true)] });
    const b2cSmallInter = doc({ placeOfSupply: '29', lines: [line('50000.00', '18', true)] });
    const b2cl = doc({ placeOfSupply: '29', lines: [line('100000.00', '18', true)] });
    const b2cIntraLarge = doc({ lines: [line('900000.00', '5', false)] });
    const exportWithout = doc({ supplyType: 'export', placeOfSupply: '96', recipientCountry: 'AE', lines: [line('20000.00', '0', true, 'zero', { components: [{ name: 'IGST', rate: '0', amount: '0.00' }] })] });
    const exempt = doc({ kind: 'bill_of_supply', lines: [line('700.00', '0', false, 'exempt')] });
    const voided = doc({ status: 'void', recipientTaxId: '29AAHCS3391E1Z5', placeOfSupply: '29', lines: [line('5.00', '18', true)] });
    const result = buildGstr1({ gstin: '27AAKCS4821M1ZW', period: '102026', supplierState: SUPPLIER_STATE, documents: [b2b, b2cSmallInter, b2cl, b2cIntraLarge, exportWithout, exempt, voided] });
    expect(result.summary.placement).toEqual({
      [b2b.id]: 'b2b', [b2cSmallInter.id]: 'b2cs', [b2cl.id]: 'b2cl', [b2cIntraLarge.id]: 'b2cs', [exportWithout.id]: 'exp', [exempt.id]: 'nil', [voided.id]: 'void',
    });
    const json = result.json as Record<string, Array<Record<string, unknown>>>;
    expect(json.b2b).toHaveLength(1);
    expect(json.b2cl).toEqual([expect.objectContaining({ pos: '29' })]);
    expect(json.exp).toEqual([expect.objectContaining({ exp_typ: 'WOPAY' })]);
    expect(result.summary.totals).toMatchObject({ documents: 6, voided: 1 });
    // The voided invoice appears only in doc_issue: counted and cancelled.
    expect(stringifyExact(result.json)).not.toContain(voided.number.replace(/\//g, '\\/') + '"');
    expect(JSON.parse(stringifyExact(result.json)).doc_issue.doc_det[0].docs[0]).toMatchObject({ totnum: 7, cancel: 1, net_issue: 6 });
  });

  it('uses ₹2.5 lakh as the B2CL limit up to 31-07-2024 and ₹1 lakh from 01-08-2024', () => {
    expect(b2clThresholdOn('2024-07-31')).toBe(25_000_000n);
    expect(b2clThresholdOn('2024-08-01')).toBe(10_000_000n);
    const before = doc({ issueDate: '2024-07-31', placeOfSupply: '29', lines: [line('150000.00', '18', true)] });
    const after = doc({ issueDate: '2024-08-01', placeOfSupply: '29', lines: [line('150000.00', '18', true)] });
    expect(buildGstr1({ gstin: 'X', period: '072024', supplierState: SUPPLIER_STATE, documents: [before] }).summary.placement[before.id]).toBe('b2cs');
    expect(buildGstr1({ gstin: 'X', period: '082024', supplierState: SUPPLIER_STATE, documents: [after] }).summary.placement[after.id]).toBe('b2cl');
  });

  it('routes credit notes by the invoice they correct: cdnr, cdnur, or netted in b2cs', () => {
    const b2bInvoice = doc({ recipientTaxId: '29AAHCS3391E1Z5', placeOfSupply: '29', lines: [line('1000.00', '18', true)] });
    const b2clInvoice = doc({ placeOfSupply: '29', lines: [line('300000.00', '18', true)] });
    const b2csInvoice = doc({ lines: [line('1000.00', '18', false)] });
    const credit = (original: FilingDocument, amount: string, interState: boolean) =>
      doc({ kind: 'credit_note', seriesCode: 'CN', recipientTaxId: original.recipientTaxId, placeOfSupply: original.placeOfSupply, lines: [line(amount, '18', interState)], original });
    const cn1 = credit(b2bInvoice, '100.00', true);
    const cn2 = credit(b2clInvoice, '1000.00', true);
    const cn3 = credit(b2csInvoice, '400.00', false);
    const result = buildGstr1({ gstin: 'X', period: '102026', supplierState: SUPPLIER_STATE, documents: [b2bInvoice, b2clInvoice, b2csInvoice, cn1, cn2, cn3] });
    expect(result.summary.placement).toMatchObject({ [cn1.id]: 'cdnr', [cn2.id]: 'cdnur', [cn3.id]: 'b2cs' });
    const json = JSON.parse(stringifyExact(result.json));
    expect(json.cdnr[0]).toMatchObject({ ctin: '29AAHCS3391E1Z5', nt: [expect.objectContaining({ ntty: 'C', nt_num: cn1.number, val: 118 })] });
    expect(json.cdnur[0]).toMatchObject({ typ: 'B2CL', pos: '29' });
    // B2CS: 1000 taxable less the 400 credited, 18% intra-state.
    expect(json.b2cs).toEqual([{ sply_ty: 'INTRA', pos: '27', typ: 'OE', rt: 18, txval: 600, iamt: 0, camt: 54, samt: 54, csamt: 0 }]);
    expect(result.summary.totals.taxable).toBe('300500.00'); // 1000 + 300000 + 1000 less 100, 1000 and 400 credited
    expect(json.doc_issue.doc_det.map((d: { doc_num: number }) => d.doc_num)).toEqual([1, 5]);
  });

  it('splits the HSN summary into B2B and B2C tables from May 2025, cutting descriptions to 30 characters', () => {
    expect(hsnSplitApplies('042025')).toBe(false);
    expect(hsnSplitApplies('052025')).toBe(true);
    expect(hsnSplitApplies('012026')).toBe(true);
    const b2b = doc({ recipientTaxId: '29AAHCS3391E1Z5', placeOfSupply: '29', lines: [line('1000.00', '18', true)] });
    const b2c = doc({ lines: [line('500.00', '18', false, 'standard', { hsn: '998314', unit: 'HR' })] });
    const split = JSON.parse(stringifyExact(buildGstr1({ gstin: 'X', period: '052025', supplierState: SUPPLIER_STATE, documents: [b2b, b2c] }).json)).hsn;
    expect(split.hsn_b2b).toEqual([expect.objectContaining({ hsn_sc: '5208', uqc: 'PCS', qty: 2, txval: 1000, iamt: 180, desc: 'Cotton saree with zari border,' })]);
    expect(split.hsn_b2c).toEqual([expect.objectContaining({ hsn_sc: '998314', uqc: 'NA', qty: 0, txval: 500, camt: 45, samt: 45 })]);
    const single = JSON.parse(stringifyExact(buildGstr1({ gstin: 'X', period: '042025', supplierState: SUPPLIER_STATE, documents: [b2b, b2c] }).json)).hsn;
    expect(Object.keys(single)).toEqual(['data']);
    expect(single.data).toHaveLength(2);
  });

  it('writes amounts as exact two-decimal numbers and dates as dd-mm-yyyy', () => {
    const b2b = doc({ recipientTaxId: '29AAHCS3391E1Z5', placeOfSupply: '29', lines: [line('12345678901234.10', '18', true)] });
    const text = stringifyExact(buildGstr1({ gstin: 'X', period: '102026', supplierState: SUPPLIER_STATE, documents: [b2b] }).json);
    expect(text).toContain('"txval":12345678901234.10');
    expect(portalDate('2026-10-03')).toBe('03-10-2026');
  });

  it('puts every document in exactly one section, and the sections add up to the net totals (property)', () => {
    const arbitraryDoc = fc.record({
      registered: fc.boolean(), inter: fc.boolean(), exportSupply: fc.boolean(), amount: fc.integer({ min: 1, max: 50_000_000 }),
      category: fc.constantFrom<TaxLineResult['category']>('standard', 'standard', 'exempt', 'nil', 'non_gst'), void: fc.boolean(), credit: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(fc.property(fc.array(arbitraryDoc, { minLength: 1, maxLength: 25 }), (specs) => {
      const documents: FilingDocument[] = [];
      for (const spec of specs) {
        const taxable = `${Math.floor(spec.amount / 100)}.${String(spec.amount % 100).padStart(2, '0')}`;
        const inter = spec.inter || spec.exportSupply;
        const invoice = doc({
          status: spec.void ? 'void' : 'issued', recipientTaxId: spec.registered && !spec.exportSupply ? '29AAHCS3391E1Z5' : null,
          placeOfSupply: spec.exportSupply ? '96' : inter ? '29' : SUPPLIER_STATE, supplyType: spec.exportSupply ? 'export' : 'regular',
          lines: [line(taxable, '18', inter, spec.category), line('10.00', '5', inter)],
        });
        documents.push(invoice);
        if (spec.credit > 0 && !spec.void) {
          const creditCents = BigInt(spec.amount) * BigInt(spec.credit) / 100n;
          const credited = `${creditCents / 100n}.${String(creditCents % 100n).padStart(2, '0')}`;
          documents.push(doc({ kind: 'credit_note', seriesCode: 'CN', recipientTaxId: invoice.recipientTaxId, placeOfSupply: invoice.placeOfSupply, supplyType: invoice.supplyType, original: invoice, lines: [line(credited, '18', inter, spec.category)] }));
        }
      }
      const result = buildGstr1({ gstin: 'X', period: '102026', supplierState: SUPPLIER_STATE, documents });
      expect(Object.keys(result.summary.placement).sort()).toEqual(documents.map((d) => d.id).sort());
      const cents = (s: string) => BigInt(s.replace('.', ''));
      const bySection = Object.fromEntries(result.summary.sections.map((s) => [s.section, s]));
      const taxableFromSections = cents(bySection.b2b!.taxable) + cents(bySection.b2cl!.taxable) + cents(bySection.b2cs!.taxable) + cents(bySection.exp!.taxable)
        - cents(bySection.cdnr!.taxable) - cents(bySection.cdnur!.taxable) + cents(bySection.nil!.exempt!) + cents(bySection.nil!.nilRated!) + cents(bySection.nil!.nonGst!);
      expect(taxableFromSections).toBe(cents(result.summary.totals.taxable) + cents(result.summary.totals.nonTaxable));
      expect(result.summary.sections.reduce((n, s) => n + s.documents, 0) + result.summary.totals.voided).toBe(documents.length);
    }), { numRuns: 200 });
  });
});
