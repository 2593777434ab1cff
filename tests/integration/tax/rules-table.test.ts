// Every GST / VAT rule of docs/TAX-RULES.md that the app enforces, as one row each: the rule, its
// source, and the case that broke it, run through the public CLI (`tax quote`, `batch --from`) on
// a real data folder. A row names what must be refused or printed; the table is the specification.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main.js';
import { toBusiness } from '../../../src-main/db/repos/businesses.js';
import type { BusinessRow, InvoiceRow } from '../../../src-main/db/types.js';
import { buildInvoiceDocument } from '../../../src-main/engine/document.js';
import type { InvoiceDocument } from '../../../src-shared/schemas/invoice-document.js';
import { TempDirs, databaseFile } from '../../helpers/temp.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

interface CliRun { code: number; stdout: string; stderr: string; json: unknown }

async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}

function writeFile(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

/** `tax quote --file` on the given input. */
async function quote(input: unknown): Promise<CliRun> {
  const dir = temp.make('lf-rules-quote-');
  return cli('--data-dir', dir, '--json', 'tax', 'quote', '--file', writeFile(dir, 'quote.json', input));
}

const TODAY = new Date().toISOString().slice(0, 10);

export const GST_SELLER = {
  name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road\nPune 411030', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in',
  taxId: '27AAPFU0939F1ZV', currency: 'INR',
};
export const BH_SELLER = { name: 'Manama Trading WLL', address: 'Building 12, Road 383\nManama', countryCode: 'BH', taxRegime: 'vat-bh', taxId: '200000000000003', currency: 'BHD' };

const GST_PRODUCTS = ['SKU,Product Name,HSN,Base Price,GST %,Unit', 'SH-1,Cotton shirt,6205,899,5,PCS', 'TR-1,Tailoring service,998821,450,18,NOS', 'NO-HSN,Loose item,,100,18,PCS', 'CH-2,Chapter-only item,62,100,18,PCS', 'RICE,Rice (unbranded),1006,60,exempt,KG'].join('\n');
const BH_PRODUCTS = ['SKU,Product Name,Base Price,VAT %,Unit', 'PH-1,Phone,120.000,10,PCS', 'SV-1,Design service,50.000,10,NOS'].join('\n');

interface BatchOutcome {
  dir: string;
  run: CliRun;
  report: { created: number; failed: number; failures: Array<{ source: string; message: string }> };
  invoices: Array<Record<string, unknown>>;
}

/** The InvoiceDocument the PDF writer is given for the first invoice of a batch. */
function documentOf(outcome: BatchOutcome): InvoiceDocument {
  const db = new Database(databaseFile(outcome.dir), { readonly: true });
  try {
    const business = toBusiness(db.prepare('SELECT * FROM businesses').get() as BusinessRow);
    return buildInvoiceDocument(business, outcome.invoices[0] as unknown as InvoiceRow);
  } finally {
    db.close();
  }
}

/** A fresh data folder: the business (through `business add`), its catalogue (`import products`), then `batch --from`. */
async function batch(business: Record<string, unknown>, products: string, orders: unknown[], options: { pdf?: boolean } = {}): Promise<BatchOutcome> {
  const dir = temp.make('lf-rules-batch-');
  const added = await cli('--data-dir', dir, '--json', 'business', 'add', '--file', writeFile(dir, 'business.json', business));
  expect(added.stderr).toBe('');
  const businessId = (added.json as { id: string }).id;
  const imported = await cli('--data-dir', dir, '--json', 'import', 'products', writeFile(dir, 'products.csv', products), '--business', businessId);
  expect(imported.code, imported.stderr).toBe(0);
  const run = await cli('--data-dir', dir, '--json', 'batch', '--business', businessId, '--from', writeFile(dir, 'orders.json', orders), ...(options.pdf ? [] : ['--no-pdf']));
  const db = new Database(databaseFile(dir), { readonly: true });
  try {
    const invoices = db.prepare('SELECT * FROM invoices ORDER BY issue_date, number').all() as Array<Record<string, unknown>>;
    return { dir, run, report: run.json as BatchOutcome['report'], invoices };
  } finally {
    db.close();
  }
}

const gstQuote = (over: Record<string, unknown>) => ({ regime: 'gst-in', date: '2026-01-15', currency: 'INR', supplier: { state: '27' }, placeOfSupply: '27', supplyType: 'regular', ...over });
const order = (over: Record<string, unknown>) => ({ orderId: 'O-1', date: TODAY, customer: 'Walk-in customer', customerState: '27', product: 'SH-1', quantity: 1, ...over });

interface Row {
  /** The rule as docs/TAX-RULES.md states it. */
  rule: string;
  source: string;
  /** The case that broke it (from the audit), run as the test. */
  broke: string;
  check: () => Promise<void>;
}

const rows: Row[] = [
  {
    rule: 'The grand total is never rounded to zero: round-off stays within ±0.50 and never zeroes a non-zero invoice',
    source: 'CGST Act s.170 (rounding of sums payable); invoice round-off is a convention',
    broke: 'taxable ₹0.20 + tax ₹0.02, round off −0.22, "Grand total ₹0.00, Rupees Zero Only"',
    async check() {
      const { code, json } = await quote(gstQuote({ placeOfSupply: '29', lines: [{ description: 'Button', hsn: '9606', quantity: '1', unitPrice: '0.20', rate: '12' }], date: '2025-06-15' }));
      expect(code).toBe(0);
      expect(json).toMatchObject({ totals: { taxable: '0.20', tax: '0.02', total: '0.22', roundOff: '0.00', grandTotal: '0.22' } });
      expect((json as { amountInWords: string }).amountInWords).not.toMatch(/Zero Only/);
    },
  },
  {
    rule: 'Round-off never moves the total by ₹1 or more (half-up to the rupee: at most ±0.50)',
    source: 'CGST Act s.170; TAX-RULES A7',
    broke: 'taxable ₹0.40 + IGST ₹0.07 = ₹0.47 would round to ₹0.00 (−0.47)',
    async check() {
      const { json } = await quote(gstQuote({ placeOfSupply: '29', lines: [{ description: 'Pin', hsn: '7319', quantity: '2', unitPrice: '0.20', rate: '18' }] }));
      expect(json).toMatchObject({ totals: { total: '0.47', roundOff: '0.00', grandTotal: '0.47' } });
      const big = await quote(gstQuote({ placeOfSupply: '29', lines: [{ description: 'Cloth', hsn: '5208', quantity: '1', unitPrice: '100.42', rate: '5' }] }));
      expect(big.json).toMatchObject({ totals: { total: '105.44', roundOff: '-0.44', grandTotal: '105.00' } });
    },
  },
  {
    rule: 'A composition dealer may not make an inter-State supply of goods (exports included): refused with the reason',
    source: 'CGST Act s.10(2)(c); TAX-RULES D2',
    broke: 'a composition dealer in Maharashtra (27) billed a shirt to Karnataka (29) on a bill of supply',
    async check() {
      const composition = { state: '27', settings: { composition: true } };
      const refused = await quote(gstQuote({ supplier: composition, placeOfSupply: '29', lines: [{ description: 'Cotton shirt', hsn: '6205', quantity: '1', unitPrice: '899', rate: '5' }] }));
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/composition taxable person may not make an inter-State supply \(supplier in 27 Maharashtra, place of supply 29 Karnataka\) of goods \("Cotton shirt"\) \(CGST Act s\.10\(2\)\(c\)\)/);
      const exported = await quote(gstQuote({ supplier: composition, supplyType: 'export', placeOfSupply: '96', lines: [{ description: 'Cotton shirt', hsn: '6205', quantity: '1', unitPrice: '899', rate: '5' }] }));
      expect(exported.stderr).toMatch(/may not make an export of goods/);
      // Within the state, and services across states, stay allowed.
      expect((await quote(gstQuote({ supplier: composition, lines: [{ description: 'Cotton shirt', hsn: '6205', quantity: '1', unitPrice: '899', rate: '5' }] }))).code).toBe(0);
      expect((await quote(gstQuote({ supplier: composition, placeOfSupply: '29', lines: [{ description: 'Tailoring', hsn: '998821', quantity: '1', unitPrice: '450', rate: '18' }] }))).code).toBe(0);
      const viaBatch = await batch({ ...GST_SELLER, taxSettings: { composition: true } }, GST_PRODUCTS, [order({ customerState: '29', customer: 'Bengaluru buyer' }), order({ orderId: 'O-2' })]);
      expect(viaBatch.report.created).toBe(1);
      expect(viaBatch.report.failures.map((f) => f.message).join('\n')).toMatch(/composition taxable person may not make an inter-State supply .* of goods \("Cotton shirt"\)/);
      expect(viaBatch.invoices.map((i) => i.place_of_supply)).toEqual(['27']);
    },
  },
  {
    rule: 'HSN/SAC on every line of an invoice to a registered person: at least 4 digits up to ₹5 crore aggregate turnover, 6 above (then on every invoice); at most 8',
    source: 'N/N 78/2020-CT (w.e.f. 1 Apr 2021); CGST Rules r.46(g); TAX-RULES A3',
    broke: 'a B2B tax invoice with a blank HSN and one with "62" (a chapter, two digits)',
    async check() {
      const b2b = { customer: { taxId: '29AAGCB7383J1Z4' }, placeOfSupply: '29' };
      const blank = await quote(gstQuote({ ...b2b, lines: [{ description: 'Loose item', quantity: '1', unitPrice: '100', rate: '18' }] }));
      expect(blank.code).toBe(2);
      expect(blank.stderr).toMatch(/lines\[0\]\.hsn: missing for "Loose item": an invoice to a registered person needs an HSN\/SAC code of at least 4 digits \(N\/N 78\/2020-CT/);
      const chapter = await quote(gstQuote({ ...b2b, lines: [{ description: 'Shirt', hsn: '62', quantity: '1', unitPrice: '100', rate: '18' }] }));
      expect(chapter.stderr).toMatch(/lines\[0\]\.hsn: "62" has 2 digits/);
      const above = await quote(gstQuote({ ...b2b, supplier: { state: '27', settings: { aggregateTurnover: 'above-5-crore' } }, lines: [{ description: 'Shirt', hsn: '6205', quantity: '1', unitPrice: '100', rate: '5' }] }));
      expect(above.stderr).toMatch(/"6205" has 4 digits: an invoice to a registered person needs an HSN\/SAC code of at least 6 digits \(N\/N 78\/2020-CT, aggregate turnover above ₹5 crore\)/);
      const aboveB2c = await quote(gstQuote({ supplier: { state: '27', settings: { aggregateTurnover: 'above-5-crore' } }, lines: [{ description: 'Shirt', quantity: '1', unitPrice: '100', rate: '5' }] }));
      expect(aboveB2c.stderr).toMatch(/every invoice needs an HSN\/SAC code of at least 6 digits/);
      expect((await quote(gstQuote({ ...b2b, lines: [{ description: 'Shirt', hsn: '62052000', quantity: '1', unitPrice: '100', rate: '5' }] }))).code).toBe(0);
      const viaBatch = await batch(GST_SELLER, GST_PRODUCTS, [
        order({ customer: 'Kaveri Textiles', customerTaxId: '29AAGCB7383J1Z4', customerState: '29', product: 'NO-HSN' }),
        order({ orderId: 'O-2', customer: 'Kaveri Textiles', customerTaxId: '29AAGCB7383J1Z4', customerState: '29', product: 'CH-2' }),
        order({ orderId: 'O-3', customer: 'Kaveri Textiles', customerTaxId: '29AAGCB7383J1Z4', customerState: '29', product: 'SH-1' }),
      ]);
      expect(viaBatch.report.created).toBe(1);
      expect(viaBatch.report.failures.map((f) => f.message)).toEqual([expect.stringMatching(/hsn: missing for "Loose item"/), expect.stringMatching(/hsn: "62" has 2 digits/)]);
    },
  },
  {
    rule: 'The HSN summary never has a blank row: lines without a code (B2C up to ₹5 crore may omit it) are summed under "Without HSN/SAC"',
    source: 'N/N 78/2020-CT (B2C may omit the code); the summary is a convention',
    broke: 'a B2C invoice with a line without HSN printed an HSN summary row with an empty code',
    async check() {
      const dir = temp.make('lf-rules-hsn-');
      const { computeQuote } = await import('../../../src-main/tax/quote.js');
      const { loadTaxPlugins } = await import('../../../src-main/tax/loader.js');
      const { plugins } = await loadTaxPlugins(dir);
      const result = computeQuote(gstQuote({ lines: [{ description: 'Loose item', quantity: '1', unitPrice: '100', rate: '18' }, { description: 'Shirt', hsn: '6205', quantity: '1', unitPrice: '100', rate: '5' }] }), plugins);
      const hsn = result.summaryTables.find((t) => t.id === 'hsn')!;
      expect(hsn.rows.map((r) => r.hsn)).toEqual(['6205', 'Without HSN/SAC']);
      expect(hsn.rows.every((r) => r.hsn!.trim() !== '')).toBe(true);
    },
  },
  {
    rule: '"Total taxable value" excludes exempt, nil-rated and non-GST value, which is shown apart (invoice-cum-bill of supply)',
    source: 'CGST Rules r.46A (invoice-cum-bill of supply), r.46(k) taxable value; CGST Act s.2(78), s.2(47)',
    broke: 'an invoice-cum-bill of supply with ₹899 taxed and ₹60 exempt printed "Total taxable value ₹959.00"',
    async check() {
      const { code, json } = await quote(gstQuote({ lines: [{ description: 'Cotton shirt', hsn: '6205', quantity: '1', unitPrice: '899', rate: '5' }, { description: 'Rice', hsn: '1006', quantity: '1', unitPrice: '60', rate: 'exempt' }] }));
      expect(code).toBe(0);
      expect(json).toMatchObject({ totals: { taxable: '899.00', nonTaxable: '60.00', tax: '44.96', total: '1003.96', roundOff: '0.04', grandTotal: '1004.00' }, kind: 'tax_invoice', notes: [{ en: 'Invoice-cum-bill of supply' }] });
      const viaBatch = await batch(GST_SELLER, GST_PRODUCTS, [order({}), order({ product: 'RICE' })]);
      expect(viaBatch.invoices).toHaveLength(1);
      expect(viaBatch.invoices[0]).toMatchObject({ kind: 'tax_invoice', taxable_minor: 89900, tax_minor: 4496, total_minor: 100400 });
      expect(JSON.parse(String(viaBatch.invoices[0]!.tax_result)).totals).toMatchObject({ taxable: '899.00', nonTaxable: '60.00' });
    },
  },
  {
    rule: 'Bahrain: goods exported and services to a non-resident used abroad are zero-rated, with the statement in English and Arabic',
    source: 'Bahrain VAT Law (Decree-Law 48/2018) zero-rated exports; Executive Regulations on exports of goods and services; TAX-RULES D8',
    broke: 'a sale to a customer in Saudi Arabia was charged 10% as a local sale; there was no zero-rated export',
    async check() {
      const bh = (customer: Record<string, unknown>, lines: unknown[], date = '2026-01-15') => quote({ regime: 'vat-bh', date, currency: 'BHD', customer, lines });
      const phone = { description: 'Phone', quantity: '1', unitPrice: '120.000', rate: '10' };
      const saudi = await bh({ country: 'SA' }, [phone]);
      expect(saudi.code).toBe(0);
      expect(saudi.json).toMatchObject({ totals: { taxable: '120.000', tax: '0.000', grandTotal: '120.000' }, components: [{ name: 'VAT', rate: '0', amount: '0.000' }] });
      const [statement] = (saudi.json as { notes: Array<{ en: string; ar: string }> }).notes;
      expect(statement!.en).toBe('Zero-rated export of goods to Saudi Arabia, a GCC VAT implementing state, treated as an export until the GCC electronic services system operates: VAT 0%');
      expect(statement!.ar).toContain('المملكة العربية السعودية');
      expect(statement!.ar).toContain('بنسبة الصفر');
      const services = await bh({ country: 'GB' }, [{ description: 'Design service', kind: 'services', quantity: '1', unitPrice: '50.000', rate: '10' }]);
      expect((services.json as { notes: Array<{ en: string }> }).notes[0]!.en).toBe('Zero-rated export of services to a customer not resident in Bahrain (United Kingdom), used outside Bahrain: VAT 0%');
      // A domestic sale keeps the standard rate.
      expect((await bh({ country: 'BH' }, [phone])).json).toMatchObject({ totals: { tax: '12.000' } });
      const viaBatch = await batch(BH_SELLER, BH_PRODUCTS, [order({ customer: 'Riyadh Trading Co', customerState: undefined, customerCountry: 'SA', product: 'PH-1' })]);
      expect(viaBatch.report.failures).toEqual([]);
      expect(viaBatch.invoices).toHaveLength(1);
      expect(viaBatch.invoices[0]).toMatchObject({ tax_minor: 0, total_minor: 120000 });
      expect(JSON.parse(String(viaBatch.invoices[0]!.tax_result)).export).toMatchObject({ basis: 'gcc-implementing', statement: { en: expect.stringContaining('Saudi Arabia') } });
    },
  },
  {
    rule: 'Bahrain: GCC states are told apart: Saudi Arabia, the UAE and Oman (from 16 Apr 2021) implement VAT and are treated as export destinations until the GCC electronic services system operates; Qatar and Kuwait are outside the implementing states',
    source: 'GCC Unified VAT Agreement; Bahrain VAT Law transitional treatment of implementing states; Oman VAT from 16-Apr-2021',
    broke: 'every customer outside Bahrain was a local sale at 10%, whatever the GCC state',
    async check() {
      const bh = (country: string, date = '2026-01-15') => quote({ regime: 'vat-bh', date, currency: 'BHD', customer: { country }, lines: [{ description: 'Phone', quantity: '1', unitPrice: '120.000', rate: date >= '2022-01-01' ? '10' : '5' }] });
      const statement = async (country: string, date?: string) => ((await bh(country, date)).json as { notes: Array<{ en: string }> }).notes[0]!.en;
      expect(await statement('QA')).toBe('Zero-rated export of goods to Qatar, outside the GCC VAT implementing states: VAT 0%');
      expect(await statement('KW')).toMatch(/to Kuwait, outside the GCC VAT implementing states/);
      expect(await statement('AE')).toMatch(/to the United Arab Emirates, a GCC VAT implementing state/);
      expect(await statement('OM', '2021-03-01')).toMatch(/to Oman, outside the GCC VAT implementing states/);
      expect(await statement('OM', '2021-05-01')).toMatch(/to Oman, a GCC VAT implementing state/);
      expect(await statement('IN')).toMatch(/to India, outside the GCC VAT implementing states/);
    },
  },
  {
    rule: 'Bahrain: a tax invoice to a customer in Bahrain carries a VAT number that `check vat-bh` accepts (15 digits); anything else is refused',
    source: 'Bahrain VAT Executive Regulations art. 52 (full tax invoice particulars); TAX-RULES B3, B5',
    broke: 'a full tax invoice printed a 14-digit VAT number (and one with letters) that `check vat-bh` rejects',
    async check() {
      const bh = (taxId: string) => quote({ regime: 'vat-bh', date: '2026-01-15', currency: 'BHD', customer: { taxId, country: 'BH' }, lines: [{ description: 'Phone', quantity: '5', unitPrice: '120.000', rate: '10' }] });
      const short = await bh('20000000000000');
      expect(short.code).toBe(2);
      expect(short.stderr).toMatch(/customer\.taxId: "20000000000000" is not a Bahrain VAT number: has 14 digits/);
      expect((await bh('2000000000000AB')).stderr).toMatch(/customer\.taxId: "2000000000000AB" is not a Bahrain VAT number: contains "A"/);
      expect((await bh('200000000000003')).json).toMatchObject({ totals: { tax: '60.000' } });
      const viaBatch = await batch(BH_SELLER, BH_PRODUCTS, [order({ customer: 'Seef Supplies', customerState: undefined, customerCountry: 'BH', customerTaxId: '20000000000000', product: 'PH-1', quantity: 5 })]);
      expect(viaBatch.report.created).toBe(0);
      expect(viaBatch.report.failures.map((f) => f.message).join('\n')).toMatch(/VAT (account )?number/);
    },
  },
  {
    rule: 'GST: bills of supply have a default numbering series of their own (BOS/{FYS}/{SEQ:5}), not the tax-invoice series',
    source: 'CGST Rules r.49 (bill of supply) and r.46(b) (a consecutive serial number in one or more series); TAX-RULES A4, A2',
    broke: 'a bill of supply took INV/2627/00002 from the tax-invoice series',
    async check() {
      const viaBatch = await batch(GST_SELLER, GST_PRODUCTS, [order({ product: 'RICE' }), order({ orderId: 'O-2' }), order({ orderId: 'O-3', product: 'RICE' })]);
      expect(viaBatch.report.failures).toEqual([]);
      const fy = (viaBatch.invoices[0]!.fiscal_year as string).replace(/^20(\d\d)-(\d\d)$/, '$1$2');
      expect(viaBatch.invoices.map((i) => [i.kind, i.number]).sort()).toEqual([['bill_of_supply', `BOS/${fy}/00001`], ['bill_of_supply', `BOS/${fy}/00002`], ['tax_invoice', `INV/${fy}/00001`]]);
    },
  },
  {
    rule: 'GST: a delivery (ship-to) address distinct from the billing address is taken from the order, stored on the invoice and printed',
    source: 'CGST Rules r.46(e), (o); TAX-RULES A1, D3',
    broke: 'orders had no ship-to fields: the delivery address could not be printed',
    async check() {
      const viaBatch = await batch(GST_SELLER, GST_PRODUCTS, [order({ customer: 'Kaveri Textiles', customerAddress: 'MG Road, Bengaluru', customerState: '29', shipToName: 'Kaveri Warehouse', shipToAddress: 'Plot 7, MIDC Bhosari\nPune 411026', shipToState: '27' })]);
      expect(viaBatch.report.failures).toEqual([]);
      expect(JSON.parse(String(viaBatch.invoices[0]!.ship_to))).toEqual({ name: 'Kaveri Warehouse', address: 'Plot 7, MIDC Bhosari\nPune 411026', stateCode: '27' });
      const doc = documentOf(viaBatch);
      expect(doc.shipTo).toEqual({ name: 'Kaveri Warehouse', address: ['Plot 7, MIDC Bhosari', 'Pune 411026'], stateCode: '27', stateName: 'Maharashtra', country: 'IN' });
      expect(doc.customer.address).toEqual(['MG Road, Bengaluru']);
    },
  },
  {
    rule: 'GST exports: a customer outside India makes the supply an export (place of supply 96, IGST or LUT); the invoice names the country of destination and carries the LUT / bond statement with the LUT reference',
    source: 'CGST Rules r.46 proviso (export endorsement); IGST Act s.7(5)(a), s.16; TAX-RULES A1, A5',
    broke: 'an export invoice printed neither the country of destination nor the LUT reference',
    async check() {
      const seller = { ...GST_SELLER, taxSettings: { exportsUnderLut: true, lutReference: 'AD270324000123X' } };
      const viaBatch = await batch(seller, GST_PRODUCTS, [order({ customer: 'Acme Imports LLC', customerState: undefined, customerCountry: 'US', customerAddress: '1 Harbor Way, Boston' })]);
      expect(viaBatch.report.failures).toEqual([]);
      expect(viaBatch.invoices[0]).toMatchObject({ supply_type: 'export', place_of_supply: '96', tax_minor: 0 });
      const doc = documentOf(viaBatch);
      expect(doc.export).toEqual({ country: 'US', countryName: 'United States', lut: 'AD270324000123X', statement: { en: 'SUPPLY MEANT FOR EXPORT UNDER BOND OR LETTER OF UNDERTAKING WITHOUT PAYMENT OF INTEGRATED TAX (LUT AD270324000123X)' } });
      const paid = documentOf(await batch(GST_SELLER, GST_PRODUCTS, [order({ customer: 'Acme Imports LLC', customerState: undefined, customerCountry: 'US' })]));
      expect(paid.export).toEqual({ country: 'US', countryName: 'United States', statement: { en: 'SUPPLY MEANT FOR EXPORT ON PAYMENT OF INTEGRATED TAX' } });
      expect(paid.components.map((c) => c.name)).toEqual(['IGST']);
    },
  },
  {
    rule: 'GST copies: each invoice is marked ORIGINAL FOR RECIPIENT, and with the setting the DUPLICATE FOR TRANSPORTER (goods) or FOR SUPPLIER (services) and TRIPLICATE FOR SUPPLIER follow, all in the invoice\'s one PDF (so in every export and re-render), or one PDF per copy by a second setting',
    source: 'CGST Rules r.48(1); TAX-RULES D1',
    broke: 'no copy was marked ORIGINAL / DUPLICATE / TRIPLICATE; then the further copies were separate files, left out of the export ZIP and of re-rendered (voided) PDFs',
    async check() {
      const { copyLabelsFor } = await import('../../../src-main/engine/document.js');
      const goods = { kind: 'tax_invoice' as const, lines: [{ hsn: '6205' }] as never[] };
      const services = { kind: 'tax_invoice' as const, lines: [{ hsn: '998821' }] as never[] };
      const gst = (invoiceCopies?: string) => ({ taxRegime: 'gst-in', taxSettings: invoiceCopies ? { invoiceCopies } : {} });
      expect(copyLabelsFor(gst(), goods).map((l) => l.en)).toEqual(['ORIGINAL FOR RECIPIENT']);
      expect(copyLabelsFor(gst('triplicate'), goods).map((l) => l.en)).toEqual(['ORIGINAL FOR RECIPIENT', 'DUPLICATE FOR TRANSPORTER', 'TRIPLICATE FOR SUPPLIER']);
      expect(copyLabelsFor(gst('triplicate'), services).map((l) => l.en)).toEqual(['ORIGINAL FOR RECIPIENT', 'DUPLICATE FOR SUPPLIER']);
      expect(copyLabelsFor(gst('triplicate'), { ...goods, kind: 'credit_note' })).toEqual([]);
      expect(copyLabelsFor({ taxRegime: 'vat-bh', taxSettings: {} }, goods)).toEqual([]);
      const pdfsOf = (dir: string) => readdirSync(join(dir, 'documents'), { recursive: true }).map(String).filter((f) => f.endsWith('.pdf')).map((f) => f.split(/[\\/]/).pop()).sort();
      const pathOf = (dir: string) => join(dir, 'documents', readdirSync(join(dir, 'documents'), { recursive: true }).map(String).find((f) => f.endsWith('.pdf'))!);
      const text = (file: string) => spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
      const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1]);

      // Default: one PDF holding the three copies, each its own page(s), each numbered from page 1.
      const one = await batch({ ...GST_SELLER, taxSettings: { invoiceCopies: 'triplicate' } }, GST_PRODUCTS, [order({})], { pdf: true });
      expect(one.report.failures).toEqual([]);
      expect(documentOf(one).copyLabel).toEqual({ en: 'ORIGINAL FOR RECIPIENT', hi: 'प्राप्तकर्ता के लिए मूल प्रति' });
      const stem = String(one.invoices[0]!.number).replace(/\//g, '-');
      expect(pdfsOf(one.dir)).toEqual([`${stem}.pdf`]);
      const file = pathOf(one.dir);
      expect(pages(file)).toBe(3);
      const printed = text(file).split('\f');
      expect(printed[0]).toMatch(/ORIGINAL FOR RECIPIENT/);
      expect(printed[1]).toMatch(/DUPLICATE FOR TRANSPORTER/);
      expect(printed[2]).toMatch(/TRIPLICATE FOR SUPPLIER/);
      for (const page of printed.slice(0, 3)) expect(page).toMatch(/Page 1 of 1/);
      // A copy's first page is not a continuation of the copy before it.
      expect(text(file)).not.toMatch(/\(continued\)/);
      // The export holds the invoice's PDF, so all three copies.
      const zipFile = join(one.dir, 'export.zip');
      const exported = await cli('--data-dir', one.dir, 'export', '--batch', String(one.invoices[0]!.batch_id), '--out', zipFile);
      expect(exported.code, exported.stderr).toBe(0);
      const zip = await (await import('jszip')).default.loadAsync(readFileSync(zipFile));
      const inZip = join(one.dir, 'from-zip.pdf');
      writeFileSync(inZip, await zip.file(`invoices/${stem}.pdf`)!.async('nodebuffer'));
      expect(pages(inZip)).toBe(3);
      expect(text(inZip)).toMatch(/TRIPLICATE FOR SUPPLIER/);
      // Voided: the PDF rendered again keeps every copy, each marked CANCELLED.
      const voided = await cli('--data-dir', one.dir, 'invoice', 'void', String(one.invoices[0]!.number), '--reason', 'Issued in error');
      expect(voided.code, voided.stderr).toBe(0);
      expect(pages(file)).toBe(3);
      expect(text(file)).toMatch(/TRIPLICATE FOR SUPPLIER/);

      // One PDF per copy, by the second setting: the original is the invoice's PDF, the others beside it.
      const each = await batch({ ...GST_SELLER, taxSettings: { invoiceCopies: 'triplicate', invoiceCopiesLayout: 'one-per-copy' } }, GST_PRODUCTS, [order({})], { pdf: true });
      expect(each.report.failures).toEqual([]);
      expect(pdfsOf(each.dir)).toEqual([`${stem}-DUPLICATE.pdf`, `${stem}-TRIPLICATE.pdf`, `${stem}.pdf`]);
      expect(pages(join(each.dir, 'documents', readdirSync(join(each.dir, 'documents'), { recursive: true }).map(String).find((f) => f.endsWith(`${stem}.pdf`))!))).toBe(1);
    },
  },
];

describe('tax rules table (docs/TAX-RULES.md): each rule with the case that broke it', () => {
  it.each(rows.map((row) => [row.rule, row] as const))('%s', async (_rule, row) => {
    await row.check();
  });
});

