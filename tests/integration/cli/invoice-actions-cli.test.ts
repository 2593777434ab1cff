// `invoice void` and `invoice credit-note` through the CLI entry point (public contract): by id or
// number, --lines / --value / all that is left, --json with id, number, totals; a credit beyond
// what is left exits 2 naming what is left; two processes crediting one invoice at once issue one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main.js';
import { requireBuiltCli, startCli } from '../../helpers/cli-process.js';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

/** A business with two products and one issued invoice (no PDFs: these tests are about the ledger). */
async function setup(): Promise<{ dataDir: string; businessId: string; number: string; id: string; total: string }> {
  const dir = temp.make();
  const dataDir = join(dir, 'data');
  const business = await cli('business', 'add', '--data-dir', dataDir, '--json', '--file', writeJson(dir, 'b.json', {
    name: 'Sharma Electronics', address: '12 Linking Road, Mumbai', countryCode: 'IN', stateCode: '27', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: false,
  }));
  expect(business.code, business.stderr).toBe(0);
  const businessId = (JSON.parse(business.stdout) as { id: string }).id;
  const products = await cli('import', 'products', writeCsv(dir), '--business', businessId, '--data-dir', dataDir);
  expect(products.code, products.stderr + products.stdout).toBe(0);
  const orders = writeJson(dir, 'orders.json', [
    { orderId: 'O-1', date: '2026-11-02', customer: 'Kaveri Textiles Pvt Ltd', customerTaxId: '29AAGCB7383J1Z4', customerState: '29', product: 'SH-1', quantity: 3 },
    { orderId: 'O-1', date: '2026-11-02', customer: 'Kaveri Textiles Pvt Ltd', customerTaxId: '29AAGCB7383J1Z4', customerState: '29', product: 'TR-1', quantity: 2 },
  ]);
  const batch = await cli('batch', '--business', businessId, '--from', orders, '--no-pdf', '--data-dir', dataDir, '--json');
  expect(batch.code, batch.stderr + batch.stdout).toBe(0);
  const shown = await cli('check', 'sequence', '--business', businessId, '--data-dir', dataDir, '--json');
  expect(shown.code).toBe(0);
  const { openStore } = await import('../../../src-main/db/store.js');
  const store = await openStore(dataDir);
  try {
    const row = store.read((db) => db.prepare('SELECT id, number, total_minor FROM invoices').get()) as { id: string; number: string; total_minor: number };
    return { dataDir, businessId, number: row.number, id: row.id, total: (row.total_minor / 100).toFixed(2) };
  } finally {
    store.close();
  }
}

function writeCsv(dir: string): string {
  const file = join(dir, 'products.csv');
  writeFileSync(file, 'SKU,Name,HSN,Unit,Price,GST rate\nSH-1,Cotton shirt,6205,PCS,899.00,5\nTR-1,Tailoring service,998821,NOS,450.00,18\n');
  return file;
}

describe('ledgerflow invoice void / credit-note', () => {
  it('credits chosen lines by number, then a value, then refuses more than is left with exit 2 naming it', async () => {
    const s = await setup();
    const first = await cli('invoice', 'credit-note', s.number, '--reason', 'Two shirts returned', '--lines', '1=2', '--no-pdf', '--json', '--data-dir', s.dataDir);
    expect(first.code, first.stderr).toBe(0);
    const note = JSON.parse(first.stdout) as { id: string; number: string; totals: { taxable: string; tax: string; roundOff: string; grandTotal: string }; creditNoteFor: string };
    expect(note).toMatchObject({ number: 'CN/2627/00001', creditNoteFor: s.number });
    expect(note.id).toBeTruthy();
    // 2 × 899.00 at 5% IGST = 1,887.90 → rounded to the rupee, negative as in the export manifest.
    expect(note.totals).toEqual({ taxable: '-1798.00', tax: '-89.90', roundOff: '-0.10', grandTotal: '-1888.00' });
    const again = await cli('invoice', 'credit-note', s.id, '--reason', 'Two more', '--lines', '1=2', '--no-pdf', '--data-dir', s.dataDir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/line 1 \(Cotton shirt\): only 1 of 3 PCS are left to credit, asked 2/);
    expect(again.stderr).toMatch(new RegExp(`only ₹[\\d,]+\\.\\d\\d of ${s.number.replace(/\//g, '\\/')} is left to credit`));
    const tooMuch = await cli('invoice', 'credit-note', s.number, '--reason', 'Everything', '--value', s.total, '--no-pdf', '--data-dir', s.dataDir);
    expect(tooMuch.code).toBe(2);
    const left = (Number(s.total) - 1888).toLocaleString('en-IN', { minimumFractionDigits: 2 });
    expect(tooMuch.stderr).toContain(`only ₹${left} of ${s.number} is left to credit`);
    const rest = await cli('invoice', 'credit-note', s.number, '--reason', 'The rest', '--no-pdf', '--json', '--data-dir', s.dataDir);
    expect(rest.code, rest.stderr).toBe(0);
    const none = await cli('invoice', 'credit-note', s.number, '--reason', 'Once more', '--value', '1', '--no-pdf', '--data-dir', s.dataDir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing of .* is left to credit/);
    const bad = await cli('invoice', 'credit-note', s.number, '--reason', 'x', '--lines', '1:2', '--no-pdf', '--data-dir', s.dataDir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lines item 1 "1:2"/);
    const noReason = await cli('invoice', 'credit-note', s.number, '--no-pdf', '--data-dir', s.dataDir);
    expect(noReason.code).toBe(2);
    const seq = await cli('check', 'sequence', '--business', s.businessId, '--data-dir', s.dataDir);
    expect(seq.code).toBe(0);
  }, 60_000);

  it('voids by number keeping the number used, then refuses a credit note of the voided invoice', async () => {
    const s = await setup();
    const voided = await cli('invoice', 'void', s.number, '--reason', 'Entered twice', '--json', '--data-dir', s.dataDir);
    expect(voided.code, voided.stderr).toBe(0);
    expect(JSON.parse(voided.stdout)).toMatchObject({ number: s.number, status: 'void' });
    const credit = await cli('invoice', 'credit-note', s.number, '--reason', 'x', '--no-pdf', '--data-dir', s.dataDir);
    expect(credit.code).toBe(1);
    expect(credit.stderr).toMatch(/is void/);
    const unknown = await cli('invoice', 'void', 'INV/2627/09999', '--reason', 'x', '--data-dir', s.dataDir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no invoice with id or number INV\/2627\/09999/);
  }, 60_000);

  // Needs the build (`npm test` builds first); run alone after `node scripts/build.mjs`.
  it('lets one of two processes crediting the same invoice in full at the same moment through', async () => {
    requireBuiltCli();
    const s = await setup();
    const run = () => startCli(['invoice', 'credit-note', s.number, '--reason', 'Double click', '--no-pdf', '--data-dir', s.dataDir]).exited;
    const results = await Promise.all([run(), run(), run()]);
    expect(results.map((r) => r.code).sort()).toEqual([0, 2, 2]);
    for (const r of results.filter((x) => x.code === 2)) expect(r.stderr).toMatch(/nothing of .* is left to credit/);
  }, 60_000);
});
