// The import wizard's preview shows, for every mapped column, the values of that column: preview
// rows carry the stored names (an order's `orderRef`, a customer's `stateCode`) and the mapping the
// field names (`orderId`, `state`), and the wizard showed "—" for order id, date, customer, product
// and price, and for a customer's state. Real sheets written with SheetJS, sent as bytes through
// imports.preview; states written as names ("Maharashtra") are read as GST states.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { Core } from '../../../src-main/core/create-core.js';
import type { IpcClient } from '../../../src-renderer/ipc/client.js';
import { previewValue, type ImportKind } from '../../../src-shared/schemas/import.js';
import { TempDirs } from '../../helpers/temp.js';
import { validInputs } from '../../unit/ipc/examples.js';
import { directClient, makeCore } from './helpers.js';

const temp = new TempDirs();
let core: Core;
let client: IpcClient;
let businessId = '';

function sheet(rows: unknown[][]): string {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Sheet1');
  return (XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer).toString('base64');
}

async function preview(kind: ImportKind, rows: unknown[][]) {
  return client.call('imports.preview', { businessId, kind, fileName: `${kind}.xlsx`, content: sheet(rows) });
}

beforeAll(async () => {
  core = await makeCore(temp.make('ledgerflow-import-columns-'));
  client = directClient(core);
  businessId = (await client.call('businesses.create', validInputs['businesses.create'])).id;
  await client.call('products.create', { businessId, product: { name: 'Cotton saree', sku: 'SAR-1', hsn: '5208', price: '1200', taxRate: '5' } });
});
afterAll(async () => {
  await core?.close();
  temp.cleanup();
});

describe('import previews show every mapped column', () => {
  it('orders: order id, date, customer, product, quantity, price and a state written by name', async () => {
    const report = await preview('orders', [
      ['Order ID', 'Date', 'Customer', 'Product', 'Qty', 'Price', 'State'],
      ['SO-101', '2026-11-02', 'Kaveri Textiles', 'SAR-1', 2, 1150, 'Maharashtra'],
      ['SO-102', '2026-11-03', '29AAACR5055K1Z3', 'Cotton saree', 1, 1200, 'karnataka'],
    ]);
    expect(report.errors).toEqual([]);
    expect(report.mapping.map((m) => m.field).sort()).toEqual(['customer', 'customerState', 'date', 'orderId', 'price', 'product', 'quantity']);
    const cells = report.preview.map((row) => Object.fromEntries(report.mapping.map((m) => [m.field, previewValue('orders', row, m.field)])));
    expect(cells[0]).toEqual({ orderId: 'SO-101', date: '2026-11-02', customer: 'Kaveri Textiles', product: 'SAR-1', quantity: '2', price: '1150.00', customerState: '27' });
    // A customer given by GSTIN shows the GSTIN; "karnataka" in any case is state 29.
    expect(cells[1]).toMatchObject({ customer: '29AAACR5055K1Z3', product: 'Cotton saree', customerState: '29' });
  });

  it('customers: every mapped column has its samples, the state by name read as its code', async () => {
    const report = await preview('customers', [
      ['Customer Name', 'GSTIN', 'State', 'Country', 'Address', 'Email', 'Mobile'],
      ['Gupta Stores', '27AAPFU0939F1ZV', 'Maharashtra', 'India', '12 MG Road, Pune', 'accounts@gupta.example', '+91 98200 00001'],
      ['Mehta & Sons', '', 'Gujarat', 'IN', 'Relief Road, Ahmedabad', 'mehta@example.in', '9820000002'],
    ]);
    expect(report.errors).toEqual([]);
    for (const m of report.mapping) {
      expect(previewValue('customers', report.preview[0]!, m.field), m.field).toBeDefined();
    }
    expect(previewValue('customers', report.preview[0]!, 'state')).toBe('27');
    expect(previewValue('customers', report.preview[1]!, 'state')).toBe('24');
    expect(previewValue('customers', report.preview[1]!, 'country')).toBe('IN');
  });

  it('products: every mapped column has its value', async () => {
    const report = await preview('products', [
      ['SKU', 'Product Name', 'HSN', 'Price', 'GST %', 'Unit'],
      ['TEA-1', 'Assam tea 250 g', '0902', 180, 5, 'pcs'],
    ]);
    expect(report.errors).toEqual([]);
    for (const m of report.mapping) expect(previewValue('products', report.preview[0]!, m.field), m.field).toBeDefined();
  });
});
