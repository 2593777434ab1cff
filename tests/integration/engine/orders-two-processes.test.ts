// Two processes running the same orders file at the same moment: every order is invoiced once,
// whichever process wins each chunk; the other reports those orders as already invoiced.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { requireBuiltCli, runCli, startCli } from '../../helpers/cli-process.js';
import { gstFixture, type EngineFixture } from './setup.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});
beforeAll(() => requireBuiltCli());

const TODAY = new Date().toISOString().slice(0, 10);

// The stored customer (Kaveri, state 29 from its GSTIN) is matched by name; its orders state no
// other state, which would be refused as a contradiction.
describe('the same orders file in two processes at once', () => {
  it('invoices each order exactly once; created and already-invoiced add up to the orders in each process', async () => {
    fixture = await gstFixture({ sandbox: false });
    const orders = Array.from({ length: 120 }, (_, i) => ({ orderId: `R-${i + 1}`, date: TODAY, customer: i % 2 ? 'Kaveri Textiles Pvt Ltd' : `Buyer ${i}`, ...(i % 2 ? {} : { customerState: '27' }), product: i % 3 ? 'SH-1' : 'TR-1', quantity: 1 + (i % 4) }));
    const file = join(fixture.dir, 'orders.json');
    writeFileSync(file, JSON.stringify(orders));
    const { dir, business } = fixture;
    await fixture.core.close();
    const runs = await Promise.all([0, 1].map(() => startCli(['--data-dir', dir, '--json', 'batch', '--business', business.id, '--from', file, '--no-pdf']).exited));
    const reports = runs.map((r) => {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { created: number; failed: number; alreadyInvoiced: number };
    });
    for (const report of reports) expect(report.created + report.alreadyInvoiced).toBe(120);
    expect(reports[0]!.created + reports[1]!.created).toBe(120);
    const db = new Database(join(dir, 'ledgerflow.sqlite'), { readonly: true });
    try {
      const perOrder = db.prepare("SELECT json_extract(generation_metadata, '$.orderId') AS o, COUNT(*) AS n FROM invoices GROUP BY o HAVING n > 1").all();
      expect(perOrder).toEqual([]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM invoices').get()).toEqual({ n: 120 });
      expect(checkSequence(db, business.id).ok).toBe(true);
    } finally {
      db.close();
    }
    // A third run afterwards issues nothing.
    const third = await runCli(['--data-dir', dir, '--json', 'batch', '--business', business.id, '--from', file, '--no-pdf']);
    expect(JSON.parse(third.stdout)).toMatchObject({ created: 0, alreadyInvoiced: 120 });
    fixture = { ...fixture, async cleanup() { const { rmSync } = await import('node:fs'); rmSync(dir, { recursive: true, force: true }); } };
  });
});
