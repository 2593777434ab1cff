// An order id is invoiced at most once per business: the same orders file run twice, a file that
// repeats orders of an earlier one, orders imported after a file invoiced them, and the same order
// imported twice each issue only what was never invoiced, and report the rest as "already invoiced".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { main } from '../../../src-main/cli/main.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { verifyAudit } from '../../../src-main/audit/audit.js';
import { gstFixture, type EngineFixture } from './setup.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const TODAY = new Date().toISOString().slice(0, 10);

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function invoicesByOrder(f: EngineFixture): Array<{ orderId: string; n: number }> {
  return f.core.store.read((db) => db.prepare(`SELECT json_extract(generation_metadata, '$.orderId') AS orderId, COUNT(*) AS n FROM invoices
    WHERE business_id = ? AND kind != 'credit_note' GROUP BY orderId ORDER BY orderId`).all(f.business.id)) as Array<{ orderId: string; n: number }>;
}

function writeOrders(f: EngineFixture, name: string, rows: unknown[]): string {
  const file = join(f.dir, name);
  writeFileSync(file, JSON.stringify(rows));
  return file;
}

const row = (orderId: string, product = 'SH-1', quantity: number | string = 1) => ({ orderId, date: TODAY, customer: 'Kaveri Textiles Pvt Ltd', product, quantity });

describe('an order is invoiced at most once', () => {
  it('runs the same orders file twice: the second run issues nothing and names each invoice the orders already have', async () => {
    fixture = await gstFixture({ sandbox: false });
    const file = writeOrders(fixture, 'orders.json', [row('O-1'), row('O-1', 'TR-1'), row('O-2')]);
    const first = await runBatch(fixture.core, { source: 'orders', businessId: fixture.business.id, ordersFile: file, pdf: false });
    expect(first.created).toBe(2);
    expect(first.alreadyInvoiced).toBe(0);
    const numbers = fixture.core.store.read((db) => db.prepare('SELECT number FROM invoices ORDER BY seq').all()) as Array<{ number: string }>;

    const second = await runBatch(fixture.core, { source: 'orders', businessId: fixture.business.id, ordersFile: file, pdf: false });
    expect(second.created).toBe(0);
    expect(second.failed).toBe(0);
    expect(second.alreadyInvoiced).toBe(2);
    expect(second.status).toBe('completed');
    expect(second.alreadyInvoicedOrders.map((a) => `${a.orderId} ${a.invoiceNumber}`).sort()).toEqual(numbers.map((n, i) => `O-${i + 1} ${n.number}`));
    expect(invoicesByOrder(fixture)).toEqual([{ orderId: 'O-1', n: 1 }, { orderId: 'O-2', n: 1 }]);
    // The batch row remembers the count too (the Batches screen and `batch resume` read it).
    const batch = fixture.core.store.read((db) => db.prepare('SELECT created_count, failed_count, already_invoiced_count FROM batches WHERE id = ?').get(second.batchId));
    expect(batch).toEqual({ created_count: 0, failed_count: 0, already_invoiced_count: 2 });
    expect(fixture.core.store.read((db) => checkSequence(db, fixture!.business.id)).ok).toBe(true);
    expect(fixture.core.store.read((db) => verifyAudit(db)).ok).toBe(true);
  });

  it('issues only the new orders of a file that repeats orders of an earlier one', async () => {
    fixture = await gstFixture({ sandbox: false });
    await runBatch(fixture.core, { source: 'orders', businessId: fixture.business.id, ordersFile: writeOrders(fixture, 'monday.json', [row('M-1'), row('M-2')]), pdf: false });
    const tuesday = await runBatch(fixture.core, { source: 'orders', businessId: fixture.business.id, ordersFile: writeOrders(fixture, 'tuesday.json', [row('M-2'), row('T-1'), row('M-1', 'TR-1')]), pdf: false });
    expect(tuesday.created).toBe(1);
    expect(tuesday.alreadyInvoiced).toBe(2);
    expect(invoicesByOrder(fixture)).toEqual([{ orderId: 'M-1', n: 1 }, { orderId: 'M-2', n: 1 }, { orderId: 'T-1', n: 1 }]);
  });

  it('reports already-invoiced orders on the CLI, in words and in --json', async () => {
    fixture = await gstFixture({ sandbox: false });
    const file = writeOrders(fixture, 'orders.json', [row('C-1'), row('C-2')]);
    const first = await cli('--data-dir', fixture.dir, '--json', 'batch', '--business', fixture.business.id, '--from', file, '--no-pdf');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ created: 2, failed: 0, alreadyInvoiced: 0 });
    const again = await cli('--data-dir', fixture.dir, 'batch', '--business', fixture.business.id, '--from', file, '--no-pdf');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 created, 0 failed, 2 already invoiced/);
    expect(again.stdout).toMatch(/order C-1 already invoiced as INV\/\d{4}\/00001/);
    const json = await cli('--data-dir', fixture.dir, '--json', 'batch', '--business', fixture.business.id, '--from', file, '--no-pdf');
    expect(JSON.parse(json.stdout)).toMatchObject({ created: 0, failed: 0, alreadyInvoiced: 2, alreadyInvoicedOrders: [{ orderId: 'C-1' }, { orderId: 'C-2' }] });
  });

  it('does not invoice again orders imported after a file invoiced them, and takes them off the pending list', async () => {
    fixture = await gstFixture({ sandbox: false });
    await runBatch(fixture.core, { source: 'orders', businessId: fixture.business.id, ordersFile: writeOrders(fixture, 'orders.json', [row('I-1')]), pdf: false });
    const csv = join(fixture.dir, 'orders.csv');
    writeFileSync(csv, `Order ID,Date,Customer,Product,Qty\nI-1,${TODAY},Kaveri Textiles Pvt Ltd,SH-1,1\nI-2,${TODAY},Kaveri Textiles Pvt Ltd,SH-1,3\n`);
    const imported = await cli('--data-dir', fixture.dir, 'import', 'orders', csv, '--business', fixture.business.id);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const report = await runBatch(fixture.core, { source: 'orders', businessId: fixture.business.id, pdf: false });
    expect(report.created).toBe(1);
    expect(report.alreadyInvoiced).toBe(1);
    expect(invoicesByOrder(fixture)).toEqual([{ orderId: 'I-1', n: 1 }, { orderId: 'I-2', n: 1 }]);
    const pending = fixture.core.store.read((db) => db.prepare("SELECT COUNT(*) AS n FROM orders WHERE status = 'pending'").get());
    expect(pending).toEqual({ n: 0 });
  });

  it('invoices an order imported twice (two files) once, and does not merge its rows into one invoice', async () => {
    fixture = await gstFixture({ sandbox: false });
    for (const name of ['first.csv', 'second.csv']) {
      const csv = join(fixture.dir, name);
      writeFileSync(csv, `Order ID,Date,Customer,Product,Qty\nD-1,${TODAY},Kaveri Textiles Pvt Ltd,SH-1,2\n${name === 'second.csv' ? `D-2,${TODAY},Kaveri Textiles Pvt Ltd,SH-1,1\n` : ''}`);
      const imported = await cli('--data-dir', fixture.dir, 'import', 'orders', csv, '--business', fixture.business.id);
      expect(imported.code).toBe(0);
    }
    const report = await runBatch(fixture.core, { source: 'orders', businessId: fixture.business.id, pdf: false });
    expect(report.created).toBe(2);
    expect(report.alreadyInvoiced).toBe(1);
    expect(invoicesByOrder(fixture)).toEqual([{ orderId: 'D-1', n: 1 }, { orderId: 'D-2', n: 1 }]);
    const d1Lines = fixture.core.store.read((db) => db.prepare(`SELECT COUNT(*) AS n FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE json_extract(i.generation_metadata, '$.orderId') = 'D-1'`).get());
    expect(d1Lines).toEqual({ n: 1 });
  });

  it('issues the pending imported orders from `batch --business ID` without --from', async () => {
    fixture = await gstFixture({ sandbox: false });
    const csv = join(fixture.dir, 'orders.csv');
    writeFileSync(csv, `Order ID,Date,Customer,Product,Qty\nP-1,${TODAY},Kaveri Textiles Pvt Ltd,SH-1,1\nP-2,${TODAY},Kaveri Textiles Pvt Ltd,TR-1,2\n`);
    expect((await cli('--data-dir', fixture.dir, 'import', 'orders', csv, '--business', fixture.business.id)).code).toBe(0);
    const run = await cli('--data-dir', fixture.dir, '--json', 'batch', '--business', fixture.business.id, '--no-pdf');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ created: 2, failed: 0, alreadyInvoiced: 0 });
    const nothingLeft = await cli('--data-dir', fixture.dir, 'batch', '--business', fixture.business.id, '--no-pdf');
    expect(nothingLeft.code).toBe(0);
    expect(nothingLeft.stdout).toMatch(/0 created/);
  });
});
