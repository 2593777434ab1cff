// `batch --from` with a spreadsheet: rows read through the importer's detection and validation,
// refused rows failing their whole order (naming sheet row and column), good orders invoiced.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
});
