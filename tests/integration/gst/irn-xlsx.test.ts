// The IRP's answer as a spreadsheet: the list of generated IRNs downloaded from the e-invoice
// portal (tests/fixtures/gst/irp-response.xlsx, written by make-irp-response-xlsx.mjs with SheetJS)
// goes through the same checks as the JSON response: its true row is attached, the row whose
// signed QR code names another buyer is refused, and a list without the signed QR code column is
// refused whole, naming the column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src-main/cli/main.js';
import { TempDirs } from '../../helpers/temp.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/gst/irp-response.xlsx');
const temp = new TempDirs();
let dataDir = '';
let businessId = '';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--data-dir', dataDir, ...argv], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  dataDir = temp.make();
  const inputs = temp.make();
  writeFileSync(join(inputs, 'business.json'), JSON.stringify({
    name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road', city: 'Pune', postalCode: '411030', countryCode: 'IN', stateCode: '27', taxRegime: 'gst-in',
    taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true,
  }));
  const added = await cli('--json', 'business', 'add', '--file', join(inputs, 'business.json'));
  expect(added.code, added.stderr).toBe(0);
  businessId = (JSON.parse(added.stdout) as { id: string }).id;
  writeFileSync(join(inputs, 'products.csv'), 'SKU,Product Name,HSN,Base Price,GST %,Unit\nSAR-1,Paithani silk saree,5007,18500,5,PCS\n');
  expect((await cli('import', 'products', join(inputs, 'products.csv'), '--business', businessId)).code).toBe(0);
  writeFileSync(join(inputs, 'orders.json'), JSON.stringify([{
    orderId: 'PO-7781', date: '2026-10-20', customer: 'Vaigai Silks Private Limited', customerTaxId: '29AAHCS3391E1Z5',
    customerAddress: '44, Commercial Street\nBengaluru 560001', product: 'SAR-1', quantity: '2', price: '18500',
  }]));
  const batch = await cli('batch', '--business', businessId, '--from', join(inputs, 'orders.json'), '--no-pdf');
  expect(batch.code, batch.stderr + batch.stdout).toBe(0);
}, 300_000);

afterAll(() => temp.cleanup());

describe('gst irn-import of an .xlsx IRN list', () => {
  it('refuses a list without the Signed QR Code column, naming it, and attaches nothing', async () => {
    const csv = join(temp.make(), 'irn-list.csv');
    writeFileSync(csv, `Doc No,Doc Date,Ack No,Ack Date,IRN\nINV/2627/00001,20/10/2026,112610000456790,2026-10-20 12:04:00,${'a'.repeat(64)}\n`);
    const result = await cli('gst', 'irn-import', csv, '--business', businessId);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/irn-list\.csv: sheet "Sheet1" row 1 lacks the column SignedQRCode/);
  });

  it('attaches the row that matches the invoice and refuses the one naming another buyer', async () => {
    const result = await cli('--json', 'gst', 'irn-import', FIXTURE, '--business', businessId);
    expect(result.code, result.stderr).toBe(1);
    const outcome = JSON.parse(result.stdout) as { attached: Array<{ number: string; irn: string }>; refused: Array<{ entry: number; reason: string }> };
    expect(outcome.attached).toEqual([expect.objectContaining({ number: 'INV/2627/00001', irn: 'a80ea5e1d3db3edcae0c47d52c33f20ed102ee50f537411a2b913cd711743951' })]);
    expect(outcome.refused).toEqual([{ entry: 2, number: 'INV/2627/00001', reason: expect.stringMatching(/buyer GSTIN 33AAHCS3391E1ZK is not the invoice's 29AAHCS3391E1Z5/) }]);
  });
});
