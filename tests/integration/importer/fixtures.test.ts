// Every committed fixture (made by LibreOffice) through previewImport: the mapping, the header
// row, the row errors with sheet row numbers and column letters, and what would be stored.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commitImport, previewImport, type ImportResult } from '../../../src-main/importer/index.js';
import { noteText } from '../../../src-main/importer/notes.js';
import { fixture, makeDataDir, type TestData } from './helpers.js';

let inr: TestData;
let bhd: TestData;
beforeAll(() => {
  inr = makeDataDir('INR');
  bhd = makeDataDir('BHD');
});
afterAll(() => {
  inr.cleanup();
  bhd.cleanup();
});

const mappingOf = (r: ImportResult): string[] => r.mapping.map((m) => `${m.field}=${m.column}`);
const errorsOf = (r: ImportResult): string[] => r.errors.map((e) => `${e.row}${e.column} ${e.field}`);
/** The notes as the CLI prints them (English, real plurals). */
const englishNotes = (r: ImportResult): string => r.notes.map((n) => noteText('products', n)).join(' ');

describe('the messy price list (title rows, merged title, hidden column, formulas, text prices, totals row)', () => {
  for (const file of ['products-messy.xlsx', 'products-messy.xls', 'products-messy.ods']) {
    test(`${file}: header on row 4, hidden "Old Price" not used, two bad rows, totals row left out`, async () => {
      const r = await previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture(file) });
      expect(r.headerRow).toBe(4);
      expect(r.sheet).toBe('Price List');
      expect(r.sheets).toEqual(['Price List', 'Notes']);
      expect(mappingOf(r)).toEqual(['name=B', 'price=D', 'sku=A', 'hsn=C', 'taxRate=E', 'unit=F']);
      expect(r.mapping.every((m) => m.confidence === 1)).toBe(true);
      expect(r.valid).toBe(4);
      expect(r.invalid).toBe(2);
      expect(errorsOf(r)).toEqual(['10D price', '11B name']);
      expect(r.errors[0]!.message).toMatch(/"call us" is not a number/);
      expect(r.notes).toContainEqual({ code: 'totalsRow', params: { row: 12 } });
      expect(englishNotes(r)).toMatch(/Row 12 looks like a totals row/);
      expect(r.unmapped.find((u) => u.column === 'G')).toMatchObject({ header: 'Old Price', samples: ['50', '1000', '1100'] });
      const byRow = Object.fromEntries(r.preview.map((p) => [p.row, p]));
      expect(byRow[5]).toMatchObject({ sku: 'MLK-1', hsn: '0401', price: '56.00', priceMinor: 5600, taxRate: '5', unit: 'Nos', kind: 'goods' });
      expect(byRow[6]).toMatchObject({ sku: 'GHE-1', hsn: '0405', price: '123456.50', priceMinor: 12345650, taxRate: '12' });
      expect(byRow[7]).toMatchObject({ sku: 'TEA-250', price: '1250.00' });
      // The formula's cached value, and a SAC code (99…) makes it a service.
      expect(byRow[9]).toMatchObject({ sku: 'SRV-01', price: '112.00', hsn: '996812', kind: 'services', taxRate: '18' });
    });
  }
  for (const file of ['products-messy.xlsx', 'products-messy.xls', 'products-messy.ods']) {
    test(`${file} reports column G as hidden, as the sheet has it`, async () => {
      const r = await previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture(file) });
      expect(r.unmapped.find((u) => u.column === 'G')?.hidden).toBe(true);
      expect(r.columns.filter((c) => c.hidden).map((c) => c.column)).toEqual(['G']);
      expect(r.notes).toContainEqual({ code: 'hiddenColumnsSkipped', params: { columns: [{ column: 'G', header: 'Old Price' }] } });
      expect(englishNotes(r)).toMatch(/Hidden column G "Old Price" not imported/);
    });
  }
  test('a hidden column is still used when it is the only match, and the note says so', async () => {
    const r = await previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture('products-messy.xlsx'), map: { 'Base Price': 'Old Price' } });
    expect(r.mapping.find((m) => m.field === 'price')?.column).toBe('G');
    expect(r.notes).toContainEqual({ code: 'hiddenColumnRead', params: { field: 'price', column: 'G' } });
    expect(englishNotes(r)).toMatch(/Base Price is read from column G, which is hidden/);
  });
  test('another sheet can be chosen by name, case-insensitively, and a missing one is named', async () => {
    await expect(previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture('products-messy.xlsx'), sheet: 'notes' })).rejects.toMatchObject({ code: 'IMPORT_MISSING_COLUMN' });
    await expect(previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture('products-messy.xlsx'), sheet: 'Prices' })).rejects.toThrow(/no sheet named "Prices".*"Price List", "Notes"/);
  });
});

test('group headers merged over two rows map through to the sub-headers', async () => {
  const r = await previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture('products-merged-header.xlsx') });
  expect(r.headerRow).toBe(3);
  expect(mappingOf(r)).toEqual(['name=B', 'price=D', 'sku=A', 'hsn=C', 'taxRate=E']);
  expect(r.valid).toBe(3);
  expect(r.preview[0]).toMatchObject({ row: 4, sku: 'A-1', price: '120.50', taxRate: '18' });
});

test('Arabic headers, BHD prices as text, VAT as fractions and an Arabic totals row', async () => {
  const r = await previewImport({ kind: 'products', businessId: bhd.businessId, dataDir: bhd.dataDir, file: fixture('products-arabic.xlsx') });
  expect(mappingOf(r)).toEqual(['name=A', 'price=C', 'sku=B', 'taxRate=D', 'unit=E']);
  expect(r.valid).toBe(3);
  expect(r.invalid).toBe(0);
  expect(r.preview.map((p) => [p.price, p.priceMinor, p.taxRate, p.currency])).toEqual([
    ['1.250', 1250, '10', 'BHD'],
    ['2.500', 2500, '10', 'BHD'],
    ['0.150', 150, '0', 'BHD'],
  ]);
  expect(r.notes).toContainEqual({ code: 'totalsRow', params: { row: 5 } });
  expect(r.notes).toContainEqual({ code: 'percentReading', params: { field: 'taxRate', column: 'D', reading: 'fraction', mixed: false } });
  expect(englishNotes(r)).toMatch(/Row 5 looks like a totals row/);
  expect(englishNotes(r)).toMatch(/fractions \(0\.18 = 18%\)/);
});

test('Hindi headers in a CSV with a BOM', async () => {
  const r = await previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture('products-hindi.csv') });
  expect(r.format).toBe('csv');
  expect(mappingOf(r)).toEqual(['name=A', 'price=C', 'sku=B', 'hsn=D', 'taxRate=E', 'unit=F']);
  expect(r.preview.map((p) => [p.name, p.price, p.hsn, p.taxRate])).toEqual([
    ['बासमती चावल 5 किलो', '650.00', '1006', '5'],
    ['सरसों का तेल 1 लीटर', '180.00', '1514', '5'],
    ['हल्दी 200 ग्राम', '45.00', '0910', '5'],
  ]);
});

test('the same catalogue as .csv, .xlsx, .xls and .ods gives the same rows', async () => {
  const rows = [];
  for (const file of ['products-clean.csv', 'products-clean.xlsx', 'products-clean.xls', 'products-clean.ods']) {
    const r = await previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture(file) });
    expect(r.invalid).toBe(0);
    rows.push(JSON.stringify(r.preview));
  }
  expect(new Set(rows).size).toBe(1);
});

test('an .xls at the 65,536-row limit imports every row', async () => {
  const r = await previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture('products-65536-rows.xls'), previewRows: 1 });
  expect(r.format).toBe('xls');
  expect(r.valid).toBe(65_535);
  expect(r.invalid).toBe(0);
  expect(r.preview[0]).toMatchObject({ row: 2, name: 'Item 1', price: '2.00' });
});

test('customers: tax ids checked, states from names or GSTIN, bad e-mail and missing name reported', async () => {
  for (const file of ['customers.csv', 'customers.xlsx']) {
    const r = await previewImport({ kind: 'customers', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture(file) });
    expect(mappingOf(r)).toEqual(['name=A', 'taxId=B', 'state=C', 'address=D', 'email=E', 'phone=F']);
    expect(r.valid).toBe(3);
    expect(errorsOf(r)).toEqual(['5E email', '6A name', '6B taxId']);
    expect(r.preview[0]).toMatchObject({ name: 'Gupta Stores', taxId: '27AAPFU0939F1ZV', stateCode: '27', countryCode: 'IN' });
    expect(r.preview[1]).toMatchObject({ name: 'Mehta & Sons', taxId: null, stateCode: '24' });
  }
});

test('orders: serial and text dates, customers by name or GSTIN, products checked against the catalogue', async () => {
  const data = makeDataDir('INR');
  try {
    const catalogue = await commitImport({ kind: 'products', businessId: data.businessId, dataDir: data.dataDir, file: fixture('products-clean.csv') });
    expect(catalogue.committed).toBe(true);
    for (const file of ['orders.xlsx', 'orders.ods']) {
      const r = await previewImport({ kind: 'orders', businessId: data.businessId, dataDir: data.dataDir, file: fixture(file) });
      expect(mappingOf(r)).toEqual(['orderId=A', 'date=B', 'customer=C', 'product=D', 'quantity=E', 'price=F']);
      expect(r.valid).toBe(4);
      expect(errorsOf(r)).toEqual(['6B date', '7C customer', '7E quantity', '8D product']);
      expect(r.errors.find((e) => e.row === 8)?.message).toMatch(/no product with SKU or name "NO-SUCH-ITEM"/);
      expect(r.preview.map((p) => [p.orderRef, p.orderDate, p.customerName, p.customerTaxId, p.productRef, p.quantity, p.unitPrice])).toEqual([
        ['SO-1', '2025-04-01', 'Gupta Stores', null, 'MLK-1', '10', null],
        ['SO-1', '2025-04-01', 'Gupta Stores', null, 'Desi Ghee 1kg', '2', '650.00'],
        ['SO-2', '2025-04-15', null, '27AAPFU0939F1ZV', 'TEA-250', '1.5', '1200.00'],
        ['SO-3', '2025-05-31', 'Mehta & Sons', null, 'SRV-01', '1', null],
      ]);
    }
  } finally {
    data.cleanup();
  }
});

describe('files that cannot be imported say why', () => {
  test('a truncated .xlsx', async () => {
    await expect(previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture('truncated.xlsx') })).rejects.toMatchObject({ code: 'IMPORT_UNREADABLE', message: expect.stringMatching(/truncated/) });
  });
  test('a program renamed .xlsx', async () => {
    await expect(previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture('program.xlsx') })).rejects.toMatchObject({ code: 'IMPORT_UNREADABLE', message: expect.stringMatching(/program/) });
  });
  test('a customers sheet offered as products lacks Base Price', async () => {
    await expect(previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture('customers.csv') })).rejects.toMatchObject({ code: 'IMPORT_MISSING_COLUMN', message: expect.stringMatching(/no Base Price column/) });
  });
  test('a file over the size limit is refused before it is read', async () => {
    await expect(previewImport({ kind: 'products', businessId: inr.businessId, dataDir: inr.dataDir, file: fixture('products-65536-rows.xls'), limits: { maxBytes: 1024 * 1024 } })).rejects.toMatchObject({ code: 'IMPORT_TOO_LARGE' });
  });
  test('an unknown business is bad input', async () => {
    await expect(previewImport({ kind: 'products', businessId: 'nope', dataDir: inr.dataDir, file: fixture('products-clean.csv') })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/unknown business ID/) });
  });
});
