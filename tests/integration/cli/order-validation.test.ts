// Orders reach the engine through the same field rules as imports (one set of rules, one set of
// messages), and the place of supply comes from the recipient's GSTIN. Each case is one an outside
// audit reproduced through the CLI: it must be refused (never printed on an invoice) or printed right.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { getBusiness } from '../../../src-main/db/repos/businesses.js';
import { statement } from '../../../src-main/db/query.js';
import type { InvoiceRow } from '../../../src-main/db/types.js';
import { buildInvoiceDocument } from '../../../src-main/engine/document.js';
import { silentLogger } from '../../../src-main/log/logger.js';
import { buildView } from '../../../src-main/pdf/view.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
let dir = '';
afterAll(() => temp.cleanup());

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main([...args, '--data-dir', join(dir, 'data')], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function addBusiness(input: Record<string, unknown>): Promise<string> {
  const result = await cli(['business', 'add', '--file', file(`business-${String(input.name)}.json`, input), '--json']);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { id: string }).id;
}

interface Report { status: string; created: number; failed: number; failures: Array<{ source: string; message: string }> }

async function batch(businessId: string, name: string, orders: unknown[]): Promise<{ code: number; report: Report; stderr: string }> {
  const result = await cli(['batch', '--business', businessId, '--from', file(name, orders), '--no-pdf', '--json']);
  return { code: result.code, report: result.stdout ? (JSON.parse(result.stdout) as Report) : ({} as Report), stderr: result.stderr };
}

function failureOf(report: Report, orderId: string): string | undefined {
  return report.failures.find((f) => f.source.startsWith(`order ${orderId} `))?.message;
}

/** Issued invoices of a business with the documents the PDF writer would print. */
async function invoices(businessId: string) {
  const core = await createCore({ dataDir: join(dir, 'data'), logger: silentLogger });
  try {
    return core.store.read((db) => {
      const business = getBusiness(db, businessId);
      const rows = statement(db, 'SELECT * FROM invoices WHERE business_id = ? ORDER BY seq').all(businessId) as InvoiceRow[];
      return rows.map((row) => ({ row, doc: buildInvoiceDocument(business, row), orderId: (JSON.parse(row.generation_metadata ?? '{}') as { orderId?: string }).orderId }));
    });
  } finally {
    await core.close();
  }
}

const today = new Date().toISOString().slice(0, 10);
const row = (orderId: string, extra: Record<string, unknown>) => ({ orderId, date: today, product: 'SH-1', quantity: 1, ...extra });

let karnataka = '';
let bahrain = '';

beforeAll(async () => {
  dir = temp.make('lf-order-validation-');
  // A Karnataka seller (29) and a Bahrain seller, each with a small catalogue and one stored customer.
  karnataka = await addBusiness({ name: 'Bengaluru Cloth House', address: '1 MG Road, Bengaluru', stateCode: '29', countryCode: 'IN', taxRegime: 'gst-in', taxId: '29AAGCB7383J1Z4', currency: 'INR' });
  bahrain = await addBusiness({ name: 'Manama Trading', address: 'Road 1, Manama', countryCode: 'BH', taxRegime: 'vat-bh', taxId: '200000000000003', currency: 'BHD' });
  const gstProducts = file('gst-products.csv', 'SKU,Product Name,HSN,Base Price,GST %,Unit\nSH-1,Cotton shirt,6205,899,5,PCS\n');
  expect((await cli(['import', 'products', gstProducts, '--business', karnataka])).code).toBe(0);
  const bhProducts = file('bh-products.csv', 'SKU,Product Name,Base Price,VAT %\nSH-1,Cotton shirt,7.500,10\n');
  expect((await cli(['import', 'products', bhProducts, '--business', bahrain])).code).toBe(0);
  const customers = file('customers.csv', 'Customer Name,GSTIN,State,Address\nKaveri Textiles Pvt Ltd,,Karnataka,"4 Residency Road, Bengaluru"\n');
  expect((await cli(['import', 'customers', customers, '--business', karnataka])).code).toBe(0);
});

describe('orders are refused on the identifiers the check commands refuse', () => {
  it('refuses the wrong-check-digit GSTIN 29AAHCS3391E1Z6 and a TCS registration, and never prints either', async () => {
    const { report } = await batch(karnataka, 'ids.json', [
      row('BAD-DIGIT', { customer: 'Sai Traders', customerTaxId: '29AAHCS3391E1Z6' }),
      row('TCS', { customer: 'Cart Market', customerTaxId: '07AAACF1234A1CS' }),
      row('UIN', { customer: 'UN Office Delhi', customerTaxId: '0717UNO00157UNO', customerAddress: '55 Lodhi Estate, New Delhi' }),
      row('LOWER', { customer: 'Pune Buyers LLP', customerTaxId: ' 27aapfu0939f1zv ' }),
    ]);
    expect(failureOf(report, 'BAD-DIGIT')).toMatch(/customerTaxId: "29AAHCS3391E1Z6" is not a valid GSTIN or UIN: check digit is "6" but should be "5"/);
    expect(failureOf(report, 'TCS')).toMatch(/customerTaxId: "07AAACF1234A1CS" is a TCS collector's registration .*not a regular GSTIN/);
    const issued = await invoices(karnataka);
    const taxIds = issued.map((i) => i.doc.customer.taxId);
    expect(taxIds).not.toContain('29AAHCS3391E1Z6');
    expect(taxIds).not.toContain('07AAACF1234A1CS');
    // A UIN holder is a recipient (Rule 46(d)), placed in its state; a lower-case GSTIN is stored normalised.
    const uin = issued.find((i) => i.orderId === 'UIN')!;
    expect(uin.doc.customer.taxId).toBe('0717UNO00157UNO');
    expect(uin.doc.placeOfSupply?.code).toBe('07');
    expect(uin.doc.customer.taxIdKind).toBe('uin');
    expect(buildView(uin.doc).customer.taxIdLabel.en).toBe('UIN'); // printed as a UIN, not a GSTIN
    expect(issued.find((i) => i.orderId === 'LOWER')!.doc.customer.taxId).toBe('27AAPFU0939F1ZV');
  });

  it('refuses 14-digit and lettered Bahrain VAT numbers on full tax invoices', async () => {
    const { report } = await batch(bahrain, 'bh.json', [
      row('BH-14', { customer: 'Seef Stores', customerTaxId: '20000000000003', price: '600' }),
      row('BH-AB', { customer: 'Riffa Stores', customerTaxId: '2000000000000AB', price: '600' }),
      row('BH-OK', { customer: 'Muharraq Stores', customerTaxId: '220004567800003', price: '600' }),
    ]);
    expect(failureOf(report, 'BH-14')).toMatch(/customerTaxId: "20000000000003" is not a valid Bahrain VAT account number: has 14 digits/);
    expect(failureOf(report, 'BH-AB')).toMatch(/customerTaxId: "2000000000000AB" is not a valid Bahrain VAT account number: contains "A"/);
    const issued = await invoices(bahrain);
    expect(issued.map((i) => i.orderId)).toEqual(['BH-OK']);
    expect(issued[0]!.doc.kind).toBe('tax_invoice');
  });
});

describe('place of supply comes from the GSTIN', () => {
  it('invoices a Maharashtra GSTIN with no state given to place of supply 27 with IGST, from a Karnataka seller', async () => {
    const { report } = await batch(karnataka, 'pos.json', [
      row('PUNE', { customer: 'Gupta Stores', customerTaxId: '27AAPFU0939F1ZV', customerAddress: '12 FC Road, Pune' }),
      row('CONTRA', { customer: 'Gupta Stores Two', customerTaxId: '27AAPFU0939F1ZV', customerState: '29' }),
      row('BY-NAME', { customer: 'Mumbai Retail', customerState: 'Maharashtra' }),
      row('COUNTER', { customer: 'Walk-in customer' }),
    ]);
    expect(failureOf(report, 'CONTRA')).toMatch(/customerState: state 29 \(Karnataka\) contradicts GSTIN 27AAPFU0939F1ZV, which is registered in state 27 \(Maharashtra\)/);
    const issued = await invoices(karnataka);
    const pune = issued.find((i) => i.orderId === 'PUNE')!;
    expect(pune.doc.placeOfSupply).toEqual({ code: '27', name: 'Maharashtra' });
    expect(pune.doc.customer.stateCode).toBe('27');
    expect(pune.doc.placeOfSupplyBasis).toBe('gstin');
    expect(pune.doc.components.map((c) => c.name)).toEqual(['IGST']);
    const byName = issued.find((i) => i.orderId === 'BY-NAME')!;
    expect(byName.doc.placeOfSupply?.code).toBe('27');
    expect(byName.doc.placeOfSupplyBasis).toBe('stated-state');
    // Neither GSTIN nor state: an over-the-counter sale, supplied where the seller is, and the invoice says so.
    const counter = issued.find((i) => i.orderId === 'COUNTER')!;
    expect(counter.doc.placeOfSupply?.code).toBe('29');
    expect(counter.doc.placeOfSupplyBasis).toBe('supplier-location');
    expect(counter.doc.components.map((c) => c.name).sort()).toEqual(['CGST', 'SGST']);
    expect(issued.some((i) => i.orderId === 'CONTRA')).toBe(false);
  });

  it('never lets a customer matched by name override the order\'s differing state or address', async () => {
    const { report } = await batch(karnataka, 'name-match.json', [
      row('CHENNAI', { customer: 'Kaveri Textiles Pvt Ltd', customerState: '33', customerAddress: '9 Anna Salai, Chennai' }),
      row('SAME', { customer: 'kaveri textiles pvt. ltd.' }),
    ]);
    expect(failureOf(report, 'CHENNAI')).toMatch(/customer "Kaveri Textiles Pvt Ltd" matched a stored customer by name, whose state is 29 \(Karnataka\) and address "4 Residency Road, Bengaluru"; the order says state 33 \(Tamil Nadu\) and address "9 Anna Salai, Chennai"/);
    const issued = await invoices(karnataka);
    expect(issued.some((i) => i.orderId === 'CHENNAI')).toBe(false);
    // Nothing differing: the stored customer's details are used.
    const same = issued.find((i) => i.orderId === 'SAME')!;
    expect(same.doc.customer.name).toBe('Kaveri Textiles Pvt Ltd');
    expect(same.doc.placeOfSupply?.code).toBe('29');
  });
});

describe('amounts and text in orders follow the catalogue import\'s rules', () => {
  it('refuses ₹10.005 and BHD 1.7505', async () => {
    const inr = await batch(karnataka, 'inr-price.json', [row('INR-3DP', { customer: 'Price Test', price: '10.005' })]);
    expect(failureOf(inr.report, 'INR-3DP')).toMatch(/price: 10\.005 has 3 decimals; INR has 2/);
    const bhd = await batch(bahrain, 'bhd-price.json', [row('BHD-4DP', { customer: 'Price Test', price: 1.7505 })]);
    expect(failureOf(bhd.report, 'BHD-4DP')).toMatch(/price: 1\.7505 has 4 decimals; BHD has 3/);
    for (const id of [karnataka, bahrain]) expect((await invoices(id)).some((i) => ['INR-3DP', 'BHD-4DP'].includes(i.orderId ?? ''))).toBe(false);
  });

  it('refuses NUL, the right-to-left override and a 1,100-word name', async () => {
    const { report } = await batch(karnataka, 'text.json', [
      row('NUL', { customer: 'Null\u0000 Traders' }),
      row('RLO', { customer: 'Shirt \u202Efdp.exe' }),
      row('LONG', { customer: Array.from({ length: 1100 }, (_, i) => `word${i % 10}`).join(' ') }),
      row('ADDR', { customer: 'Address Test', customerAddress: 'Road\u202E 1' }),
    ]);
    expect(failureOf(report, 'NUL')).toMatch(/customer: contains the control character U\+0000 \(NUL\)/);
    expect(failureOf(report, 'RLO')).toMatch(/customer: contains the bidirectional control U\+202E/);
    expect(failureOf(report, 'LONG')).toMatch(/customer: has 6,599 characters; at most 200 are allowed/);
    expect(failureOf(report, 'ADDR')).toMatch(/customerAddress: contains the bidirectional control U\+202E/);
    const names = (await invoices(karnataka)).map((i) => i.doc.customer.name);
    expect(names.some((n) => n.includes("\u0000") || n.includes("\u202E") || n.length > 200)).toBe(false);
  });
});
