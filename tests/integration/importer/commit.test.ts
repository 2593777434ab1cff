// Commit: one transaction, all or nothing; re-import updates instead of duplicating; the import is
// recorded in `imports`, the audit log (file name, SHA-256, counts) and the outbox.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { verifyAudit } from '../../../src-main/audit/audit.js';
import { openStore } from '../../../src-main/db/store.js';
import { commitImport, previewImport } from '../../../src-main/importer/index.js';
import { fixture, makeDataDir, query, type TestData } from './helpers.js';

let data: TestData;
beforeEach(() => {
  data = makeDataDir('INR');
});
afterEach(() => data.cleanup());

const csv = (text: string, name = 'catalogue.csv') => ({ bytes: new TextEncoder().encode(text), name });
const count = (table: string): number => query<{ n: number }>(data.dataDir, `SELECT count(*) AS n FROM ${table}`)[0]!.n;
const req = (file: string | { bytes: Uint8Array; name: string }, kind: 'products' | 'customers' | 'orders' = 'products') => ({ kind, businessId: data.businessId, dataDir: data.dataDir, file });

describe('products', () => {
  test('a clean catalogue is written with its audit entry, imports row and outbox rows', async () => {
    const r = await commitImport(req(fixture('products-clean.xlsx')));
    expect(r).toMatchObject({ committed: true, created: 4, updated: 0, valid: 4, invalid: 0 });
    const products = query<{ sku: string; hsn: string; price_minor: number; tax_rate: string; kind: string; currency: string }>(data.dataDir, 'SELECT * FROM products ORDER BY sku');
    expect(products.map((p) => [p.sku, p.hsn, p.price_minor, p.tax_rate, p.kind, p.currency])).toEqual([
      ['GHE-1', '0405', 65000, '12', 'goods', 'INR'],
      ['MLK-1', '0401', 5600, '5', 'goods', 'INR'],
      ['SRV-01', '996812', 11200, '18', 'services', 'INR'],
      ['TEA-250', '0902', 125000, '5', 'goods', 'INR'],
    ]);
    const sha = createHash('sha256').update(readFileSync(fixture('products-clean.xlsx'))).digest('hex');
    const [imp] = query<{ id: string; kind: string; file_name: string; file_sha256: string; rows_valid: number; created_count: number }>(data.dataDir, 'SELECT * FROM imports');
    expect(imp).toMatchObject({ id: r.importId, kind: 'products', file_name: 'products-clean.xlsx', file_sha256: sha, rows_valid: 4, created_count: 4 });
    const audit = query<{ action: string; entity_id: string; details: string; actor: string }>(data.dataDir, "SELECT * FROM audit_log WHERE action = 'import.products'");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity_id).toBe(r.importId);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ fileName: 'products-clean.xlsx', sha256: sha, rowsValid: 4, rowsInvalid: 0, created: 4, updated: 0 });
    expect(query<{ n: number }>(data.dataDir, "SELECT count(*) AS n FROM outbox WHERE entity = 'product' AND op = 'insert'")[0]!.n).toBe(4);
    const store = openStore(data.dataDir, { readonly: true });
    expect(verifyAudit(store.db).ok).toBe(true);
    store.close();
  });

  test('re-importing the same sheet, or the same catalogue in another format, duplicates nothing', async () => {
    await commitImport(req(fixture('products-clean.xlsx')));
    const again = await commitImport(req(fixture('products-clean.xlsx')));
    expect(again).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: 4 });
    const ods = await commitImport(req(fixture('products-clean.ods')));
    expect(ods).toMatchObject({ created: 0, unchanged: 4 });
    expect(count('products')).toBe(4);
    expect(count('outbox')).toBe(4);
  });

  test('a tax category written in the tax column (exempt, zero-rated, nil, non-GST) is stored as the category', async () => {
    const r = await commitImport(req(csv('SKU,Item,HSN,Price,GST %\nEGG-1,Eggs tray,0407,180,Exempt\nEXP-1,Export shirt,6205,900,Zero-rated\nSLT-1,Salt 1 kg,2501,20,nil\nPET-1,Petrol 1 L,2710,100,Non-GST\nTEA-1,Tea 250 g,0902,125,5\n')));
    expect(r).toMatchObject({ committed: true, created: 5, invalid: 0 });
    const rows = query<{ sku: string; tax_rate: string; tax_category: string }>(data.dataDir, 'SELECT sku, tax_rate, tax_category FROM products ORDER BY sku');
    expect(rows.map((p) => [p.sku, p.tax_rate, p.tax_category])).toEqual([
      ['EGG-1', '0', 'exempt'],
      ['EXP-1', '0', 'zero'],
      ['PET-1', '0', 'non_gst'],
      ['SLT-1', '0', 'nil'],
      ['TEA-1', '5', 'standard'],
    ]);
    // A later file with a rate turns the category back into a rate; one without the column keeps it.
    const again = await commitImport(req(csv('SKU,Item,Price,GST %\nEGG-1,Eggs tray,180,5\n')));
    expect(again).toMatchObject({ updated: 1 });
    const kept = await commitImport(req(csv('SKU,Item,Price\nEXP-1,Export shirt,950\n')));
    expect(kept).toMatchObject({ updated: 1 });
    const after = query<{ sku: string; tax_rate: string; tax_category: string }>(data.dataDir, "SELECT sku, tax_rate, tax_category FROM products WHERE sku IN ('EGG-1', 'EXP-1') ORDER BY sku");
    expect(after.map((p) => [p.sku, p.tax_rate, p.tax_category])).toEqual([['EGG-1', '5', 'standard'], ['EXP-1', '0', 'zero']]);
  });

  test('a changed price updates the product matched by SKU, case-insensitively', async () => {
    await commitImport(req(fixture('products-clean.csv')));
    const r = await commitImport(req(csv('Code,Item,Rate\nmlk-1,Toned Milk 1L,58.50\n')));
    expect(r).toMatchObject({ committed: true, created: 0, updated: 1 });
    expect(r.preview[0]).toMatchObject({ action: 'update' });
    const [milk] = query<{ price_minor: number; hsn: string; tax_rate: string; sku: string }>(data.dataDir, "SELECT * FROM products WHERE upper(sku) = 'MLK-1'");
    // Columns the new sheet does not have keep their values.
    expect(milk).toMatchObject({ price_minor: 5850, hsn: '0401', tax_rate: '5', sku: 'MLK-1' });
    expect(count('products')).toBe(4);
    expect(query<{ n: number }>(data.dataDir, "SELECT count(*) AS n FROM outbox WHERE op = 'update'")[0]!.n).toBe(1);
  });

  test('without SKUs, products match by normalised name; a later SKU column is attached to them', async () => {
    await commitImport(req(csv('Product Name,Price\nToned  Milk 1L,56\nAssam Tea,120\n')));
    const byName = await commitImport(req(csv('Product Name,Price\ntoned milk 1l,57\n')));
    expect(byName).toMatchObject({ created: 0, updated: 1 });
    const withSku = await commitImport(req(csv('SKU,Product Name,Price\nTEA-1,ASSAM TEA,120\n')));
    expect(withSku).toMatchObject({ created: 0, updated: 1 });
    expect(query<{ sku: string | null }>(data.dataDir, 'SELECT sku FROM products ORDER BY sku').map((p) => p.sku)).toEqual([null, 'TEA-1']);
    expect(count('products')).toBe(2);
  });

  test('one bad row writes nothing at all (all or nothing), and the report lists it', async () => {
    const r = await commitImport(req(fixture('products-messy.xlsx')));
    expect(r.committed).toBe(false);
    expect(r.importId).toBeNull();
    expect(r.errors.map((e) => `${e.row}${e.column}`)).toEqual(['10D', '11B']);
    expect(count('products')).toBe(0);
    expect(count('imports')).toBe(0);
    expect(query<{ n: number }>(data.dataDir, "SELECT count(*) AS n FROM audit_log WHERE action LIKE 'import.%'")[0]!.n).toBe(0);
  });

  test('a row repeating a SKU in the same file is an error naming the first row', async () => {
    const r = await previewImport(req(csv('SKU,Name,Price\nA,Pen,1\nB,Ink,2\na,Pencil,3\n')));
    expect(r.errors).toEqual([{ row: 4, column: 'A', field: 'sku', message: 'SKU: SKU "a" repeats row 2; each product once per file', code: 'duplicateSku', params: { value: 'a', firstRow: 2 } }]);
  });

  test('a dry run writes nothing, not even the imports row', async () => {
    const before = readFileSync(`${data.dataDir}/ledgerflow.sqlite`);
    const r = await previewImport(req(fixture('products-clean.xlsx')));
    expect(r).toMatchObject({ committed: false, created: 4, valid: 4 });
    expect(count('products')).toBe(0);
    expect(count('imports')).toBe(0);
    expect(readFileSync(`${data.dataDir}/ledgerflow.sqlite`).equals(before)).toBe(true);
  });

  test('--map overrides reach the commit: a column chosen by letter', async () => {
    const r = await commitImport({ ...req(csv('Item,Cost,Sale\nPen,1,2\n')), map: { 'Base Price': 'C' } });
    expect(r.mapping.find((m) => m.field === 'price')).toEqual({ field: 'price', column: 'C', header: 'Sale', confidence: 1 });
    expect(query<{ price_minor: number }>(data.dataDir, 'SELECT price_minor FROM products')[0]!.price_minor).toBe(200);
  });
});

describe('customers', () => {
  test('re-import matches by tax id, else by name, and updates instead of duplicating', async () => {
    const first = await commitImport(req(csv('Customer Name,GSTIN,State,Email\nGupta Stores,27AAPFU0939F1ZV,Maharashtra,a@gupta.example\nMehta & Sons,,Gujarat,\n'), 'customers'));
    expect(first).toMatchObject({ committed: true, created: 2 });
    const second = await commitImport(req(csv('Party,GSTIN,Email\nGupta Stores Pvt Ltd,27aapfu0939f1zv,new@gupta.example\nmehta and sons,,m@example.in\nNew Co,,\n'), 'customers'));
    // "mehta and sons" is not "Mehta & Sons" once normalised: a new customer.
    expect(second).toMatchObject({ committed: true, created: 2, updated: 1 });
    const gupta = query<{ name: string; email: string; state_code: string; tax_id: string }>(data.dataDir, "SELECT * FROM customers WHERE tax_id = '27AAPFU0939F1ZV'");
    expect(gupta).toEqual([expect.objectContaining({ name: 'Gupta Stores Pvt Ltd', email: 'new@gupta.example', state_code: '27' })]);
    expect(count('customers')).toBe(4);
  });
});

describe('orders', () => {
  test('valid orders are stored pending for the engine; the same file again is refused', async () => {
    await commitImport(req(fixture('products-clean.csv')));
    const text = 'Order No,Date,Customer,Item,Qty,Rate\nSO-1,01/04/2025,Gupta Stores,MLK-1,10,\nSO-1,01/04/2025,Gupta Stores,Desi Ghee 1kg,2,650\nSO-2,2025-04-15,27AAPFU0939F1ZV,TEA-250,1.5,"₹1,200.00"\n';
    const r = await commitImport(req(csv(text, 'orders.csv'), 'orders'));
    expect(r).toMatchObject({ committed: true, created: 3, valid: 3 });
    const orders = query<{ import_id: string; row_number: number; order_date: string; status: string; quantity: string; unit_price: string | null; customer_tax_id: string | null }>(
      data.dataDir,
      'SELECT * FROM orders ORDER BY row_number',
    );
    expect(orders.map((o) => [o.row_number, o.order_date, o.status, o.quantity, o.unit_price, o.customer_tax_id])).toEqual([
      [2, '2025-04-01', 'pending', '10', null, null],
      [3, '2025-04-01', 'pending', '2', '650.00', null],
      [4, '2025-04-15', 'pending', '1.5', '1200.00', '27AAPFU0939F1ZV'],
    ]);
    expect(new Set(orders.map((o) => o.import_id))).toEqual(new Set([r.importId]));
    await expect(commitImport(req(csv(text, 'orders.csv'), 'orders'))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already imported/) });
    expect(count('orders')).toBe(3);
  });
});
