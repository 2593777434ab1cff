// `batch --from` with a spreadsheet: rows read through the importer's detection and validation,
// refused rows failing their whole order (naming sheet row and column), good orders invoiced.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { main } from '../../../src-main/cli/main.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'lf-orders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main([...args, '--data-dir', join(dir, 'data')], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('batch --from an orders spreadsheet', () => {
  it('invoices the good orders and reports each bad one with its rows', async () => {
    const file = join(dir, 'business.json');
    writeFileSync(file, JSON.stringify({ name: 'Orders Test Traders', address: 'Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR' }));
    const business = JSON.parse((await cli(['business', 'add', '--file', file, '--json'])).stdout) as { id: string };
    expect((await cli(['import', 'products', join(fixtures, 'import', 'products-clean.xlsx'), '--business', business.id])).code).toBe(0);
    // Dated today (day-first, as Indian sheets write it) so every order falls in the current fiscal year.
    const [y, m, d] = new Date().toISOString().slice(0, 10).split('-');
    const date = `${d}/${m}/${y}`;
    const orders = join(dir, 'orders.csv');
    writeFileSync(orders, [
      'Order No,Order Date,Customer,Customer GSTIN,State,Item,Qty,Rate',
      `SO-101,${date},Gupta Stores,,Maharashtra,MLK-1,10,`,
      `SO-101,${date},Gupta Stores,,Maharashtra,Desi Ghee 1kg,2,650.00`,
      `SO-102,${date},Kaveri Textiles Pvt Ltd,29AAGCB7383J1Z4,Karnataka,TEA-250,3,`,
      `SO-103,${date},Mehta & Sons,,Gujarat,SRV-01,1,`,
      `SO-103,${date},Mehta & Sons,,Gujarat,MLK-1,0,`,
      `SO-104,${date},Walk-in Buyer,,Maharashtra,NO-SUCH-ITEM,1,`,
      `SO-105,${date},Rao Caterers,,Telangana,TEA-250,2,`,
    ].join('\n') + '\n');
    const result = await cli(['batch', '--business', business.id, '--from', orders, '--no-pdf', '--json']);
    const report = JSON.parse(result.stdout) as { status: string; created: number; failed: number; failures: Array<{ source: string; message: string }> };
    expect(report.status).toBe('completed_with_errors');
    expect(report.created).toBe(2); // SO-102 (inter-state to Karnataka) and SO-105
    const bySource = Object.fromEntries(report.failures.map((f) => [f.source.split(' ')[1], f.message]));
    expect(bySource['SO-103']).toMatch(/orders\.csv row 6: column G \(quantity\)/);
    expect(bySource['SO-104']).toMatch(/row 7: column F \(product\).*NO-SUCH-ITEM/);
    expect(bySource['SO-101']).toMatch(/12% is not a GST rate/); // the catalogue's ghee is still at the legacy 12%
    expect(result.code).toBe(1);
  });

  it('stops before writing anything when the sheet lacks a required column', async () => {
    const file = join(dir, 'no-qty.csv');
    writeFileSync(file, 'Order No,Order Date,Customer,Item\nA,02/11/2026,X,MLK-1\n');
    const list = JSON.parse((await cli(['business', 'list', '--json'])).stdout) as Array<{ id: string }>;
    const result = await cli(['batch', '--business', list[0]!.id, '--from', file, '--no-pdf']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Quantity/i);
  });

  it('reads ship-to columns (name, address, state) into the invoice, from `batch --from` and from imported orders', async () => {
    const file = join(dir, 'business-ship.json');
    writeFileSync(file, JSON.stringify({ name: 'Ship To Traders', address: 'Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR' }));
    const business = JSON.parse((await cli(['business', 'add', '--file', file, '--json'])).stdout) as { id: string };
    expect((await cli(['import', 'products', join(fixtures, 'import', 'products-clean.xlsx'), '--business', business.id])).code).toBe(0);
    const [y, m, d] = new Date().toISOString().slice(0, 10).split('-');
    const date = `${d}/${m}/${y}`;
    const sheet = (first: string, second: string) => [
      'Order No,Order Date,Customer,Customer GSTIN,State,Customer Address,Ship To Name,Ship To Address,Ship To State,Item,Qty',
      `${first},${date},Kaveri Textiles Pvt Ltd,29AAGCB7383J1Z4,Karnataka,"MG Road, Bengaluru",Kaveri Warehouse,"Plot 7, MIDC Bhosari, Pune",Maharashtra,TEA-250,3`,
      `${second},${date},Walk-in Buyer,,,,Rao Caterers,"12 Banjara Hills, Hyderabad",Telangana,TEA-250,1`,
    ].join('\n') + '\n';
    const direct = join(dir, 'ship-orders.csv');
    writeFileSync(direct, sheet('SH-1', 'SH-2'));
    const result = await cli(['batch', '--business', business.id, '--from', direct, '--no-pdf', '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const imported = join(dir, 'ship-import.csv');
    writeFileSync(imported, sheet('SH-3', 'SH-4'));
    const imp = await cli(['import', 'orders', imported, '--business', business.id]);
    expect(imp.code, imp.stderr).toBe(0);
    const pending = await cli(['batch', '--business', business.id, '--no-pdf', '--json']);
    expect(pending.code, pending.stderr + pending.stdout).toBe(0);
    const db = new Database(join(dir, 'data', 'ledgerflow.sqlite'), { readonly: true });
    try {
      const rows = db.prepare("SELECT json_extract(generation_metadata, '$.source') AS source, ship_to, place_of_supply FROM invoices WHERE business_id = ? ORDER BY seq").all(business.id) as Array<{ source: string; ship_to: string | null; place_of_supply: string }>;
      expect(rows).toHaveLength(4);
      for (const [i, row] of rows.entries()) {
        if (i % 2 === 0) {
          expect(JSON.parse(row.ship_to!)).toEqual({ name: 'Kaveri Warehouse', address: 'Plot 7, MIDC Bhosari, Pune', stateCode: '27' });
          expect(row.place_of_supply).toBe('29'); // the registered buyer's GSTIN decides
        } else {
          expect(JSON.parse(row.ship_to!)).toEqual({ name: 'Rao Caterers', address: '12 Banjara Hills, Hyderabad', stateCode: '36' });
          expect(row.place_of_supply).toBe('36'); // B2C with no state: the delivery address
        }
      }
    } finally {
      db.close();
    }
  });

  it('refuses a ship-to state that is not a state, naming the row and column', async () => {
    const list = JSON.parse((await cli(['business', 'list', '--json'])).stdout) as Array<{ id: string; name: string }>;
    const business = list.find((b) => b.name === 'Ship To Traders')!;
    const [y, m, d] = new Date().toISOString().slice(0, 10).split('-');
    const file = join(dir, 'ship-bad.csv');
    writeFileSync(file, `Order No,Order Date,Customer,Ship To Address,Ship To State,Item,Qty\nSB-1,${d}/${m}/${y},Walk-in,Somewhere,Atlantis,TEA-250,1\n`);
    const result = await cli(['import', 'orders', file, '--business', business.id]);
    expect(result.stderr + result.stdout).toMatch(/row 2, column E: Ship To State: "Atlantis" is not an Indian state/);
    expect(result.code).toBe(2);
    const db = new Database(join(dir, 'data', 'ledgerflow.sqlite'), { readonly: true });
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM orders WHERE order_ref = 'SB-1'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
