// The IRP e-invoice of one document: the fields as the portal wants them, exports to an
// unregistered foreign buyer, credit notes with their invoice, and refusals that name each missing
// mandatory field (a buyer without a PIN code, a line without HSN) instead of sending a guess.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEinvoice, splitAddress, type EinvoiceDocument } from '../../../src-main/gst/einvoice.js';
import { stringifyExact } from '../../../src-main/gst/exact-json.js';
import { compile } from '../../../src-shared/schemas/validate.js';
import type { Business } from '../../../src-shared/schemas/business.js';
import type { TaxResult } from '../../../src-shared/tax/plugin-api.js';

const schema = compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/gst/einvoice-1.1.schema.json'), 'utf8')) as object);

const business = {
  id: 'b', name: 'Sahyadri Handloom Traders', legalName: 'Sahyadri Handloom Traders Private Limited', address: 'Shop 14, Laxmi Road\nShaniwar Peth', city: 'Pune', postalCode: '411030',
  stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR', email: 'accounts@sahyadri.example',
} as unknown as Business;

const tax: TaxResult = {
  regime: 'gst-in', currency: 'INR', kind: 'tax_invoice',
  lines: [{ index: 1, description: 'Paithani silk saree', hsn: '5007', unit: 'PCS', quantity: '2', unitPrice: '18500', gross: '37000.00', discount: '0.00', taxable: '37000.00', category: 'standard', rate: '5', components: [{ name: 'IGST', rate: '5', amount: '1850.00' }], tax: '1850.00', total: '38850.00' },
    { index: 2, description: 'Tailoring service', hsn: '998821', unit: 'NOS', quantity: '1', unitPrice: '450', gross: '450.00', discount: '0.00', taxable: '450.00', category: 'standard', rate: '18', components: [{ name: 'IGST', rate: '18', amount: '81.00' }], tax: '81.00', total: '531.00' }],
  components: [], totals: { taxable: '37450.00', tax: '1931.00', total: '39381.00', roundOff: '-0.00', grandTotal: '39381.00' }, summaryTables: [], notes: [], amountInWords: { en: '' },
};

const invoice: EinvoiceDocument = {
  id: 'i', kind: 'tax_invoice', number: 'INV/2627/00013', issueDate: '2026-10-13', supplyType: 'regular', reverseCharge: false, placeOfSupply: '33',
  customer: { name: 'Vaigai Silks Private Limited', taxId: '33AAHCS3391E1ZK', stateCode: '33', countryCode: 'IN', address: '12, Ranganathan Street\nT. Nagar, Chennai 600017' },
  tax, grandTotal: '39381.00', roundOff: '0.00',
};

const asJson = (value: unknown) => JSON.parse(stringifyExact(value)) as Record<string, Record<string, unknown>>;

describe('the IRP e-invoice of one document', () => {
  it('fills every mandatory field of a B2B invoice and validates against the schema 1.1', () => {
    const outcome = buildEinvoice(business, invoice);
    expect(outcome.ok).toBe(true);
    const json = asJson(outcome.ok ? outcome.json : {});
    expect(schema(json) ? [] : schema.errors).toEqual([]);
    expect(json.TranDtls).toMatchObject({ SupTyp: 'B2B', RegRev: 'N' });
    expect(json.DocDtls).toEqual({ Typ: 'INV', No: 'INV/2627/00013', Dt: '13/10/2026' });
    expect(json.SellerDtls).toMatchObject({ Gstin: '27AAPFU0939F1ZV', Loc: 'Pune', Pin: 411030, Stcd: '27' });
    expect(json.BuyerDtls).toMatchObject({ Gstin: '33AAHCS3391E1ZK', Pos: '33', Addr1: '12', Loc: 'Chennai', Pin: 600017, Stcd: '33' });
    expect((json.ItemList as unknown as Array<Record<string, unknown>>).map((i) => [i.IsServc, i.Unit, i.IgstAmt])).toEqual([['N', 'PCS', 1850], ['Y', 'NOS', 81]]);
    expect(json.ValDtls).toMatchObject({ AssVal: 37450, IgstVal: 1931, TotInvVal: 39381 });
    expect(stringifyExact(outcome.ok ? outcome.json : {})).toContain('"TotInvVal":39381.00');
  });

  it('refuses a buyer without a PIN code and a line without HSN, naming each field', () => {
    const outcome = buildEinvoice(business, {
      ...invoice, customer: { ...invoice.customer, address: 'Ranganathan Street, Chennai' },
      tax: { ...tax, lines: [{ ...tax.lines[0]!, hsn: '' }] },
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.missing).toEqual(expect.arrayContaining([expect.stringMatching(/^BuyerDtls\.Pin/), expect.stringMatching(/^ItemList\[1\]\.HsnCd/)]));
      expect(outcome.reason).toMatch(/INV\/2627\/00013: cannot be e-invoiced, missing BuyerDtls\.Pin/);
    }
    expect(buildEinvoice({ ...business, postalCode: null, address: 'Laxmi Road' } as Business, invoice)).toMatchObject({ ok: false, missing: expect.arrayContaining([expect.stringMatching(/^SellerDtls\.Pin/)]) });
  });

  it('writes an export to a foreign buyer as URP, state 96, PIN 999999, with the country', () => {
    const outcome = buildEinvoice(business, {
      ...invoice, supplyType: 'export', placeOfSupply: null, customer: { name: 'Gulf Looms LLC', taxId: null, countryCode: 'AE', address: 'Al Fahidi Street\nDubai' },
      tax: { ...tax, lines: tax.lines.map((l) => ({ ...l, components: [{ name: 'IGST', rate: '0', amount: '0.00' }], tax: '0.00', total: l.taxable, category: 'zero' as const })) },
    });
    expect(outcome.ok).toBe(true);
    const json = asJson(outcome.ok ? outcome.json : {});
    expect(schema(json) ? [] : schema.errors).toEqual([]);
    expect(json.TranDtls!.SupTyp).toBe('EXPWOP');
    expect(json.BuyerDtls).toMatchObject({ Gstin: 'URP', Pos: '96', Stcd: '96', Pin: 999999 });
    expect(json.ExpDtls).toEqual({ CntCode: 'AE' });
  });

  it('writes a credit note as CRN with the invoice it corrects, and refuses a B2C invoice', () => {
    const outcome = buildEinvoice(business, { ...invoice, kind: 'credit_note', number: 'CN/2627/00002', original: { number: 'INV/2627/00013', issueDate: '2026-10-13', supplyType: 'regular', customer: invoice.customer } });
    const json = asJson(outcome.ok ? outcome.json : {});
    expect(json.DocDtls!.Typ).toBe('CRN');
    expect(json.RefDtls).toEqual({ PrecDocDtls: [{ InvNo: 'INV/2627/00013', InvDt: '13/10/2026' }] });
    expect(schema(json) ? [] : schema.errors).toEqual([]);
    expect(buildEinvoice(business, { ...invoice, customer: { ...invoice.customer, taxId: null } })).toMatchObject({ ok: false });
  });

  it('reads addresses as people write them', () => {
    expect(splitAddress('Shop 14, Laxmi Road\nPune 411030')).toEqual({ addr1: 'Shop 14', addr2: 'Laxmi Road', loc: 'Pune', pin: '411030' });
    expect(splitAddress('')).toEqual({});
  });
});
