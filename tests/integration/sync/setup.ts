// Seats for the sync suites: a data folder with a core, one sandbox GST business and a small
// catalogue, and the server side (a database, `sync init`, a seat role) on the suite's cluster.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createCore, type Core } from '../../../src-main/core/create-core.js';
import { createBusiness, validateBusinessInput } from '../../../src-main/db/repos/businesses.js';
import { insertCustomer, insertProduct } from '../../../src-main/db/repos/catalogue.js';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { silentLogger } from '../../../src-main/log/logger.js';
import { fileSecretStore } from '../../../src-main/sync/credentials.js';
import { appendAudit } from '../../../src-main/audit/audit.js';
import { appendOutbox } from '../../../src-main/sync/outbox.js';
import type { SyncContext } from '../../../src-main/sync/service.js';
import type { Business } from '../../../src-shared/schemas/business.js';

export interface SeatFolder {
  core: Core;
  dir: string;
  ctx: SyncContext;
  close(): Promise<void>;
}

export async function openSeatFolder(dir = mkdtempSync(join(tmpdir(), 'lf-seat-'))): Promise<SeatFolder> {
  const core = await createCore({ dataDir: dir, logger: silentLogger });
  const ctx: SyncContext = { store: core.store, secrets: fileSecretStore(dir), env: {} };
  return { core, dir, ctx, async close() { await core.close(); } };
}

export function addGstBusiness(core: Core, name = 'Sync Test Traders'): Business {
  const business = createBusiness(core.store, validateBusinessInput({
    name, address: '1 MG Road\nPune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true,
  }, core.plugins), 'test');
  core.store.write((db) => {
    insertProduct(db, business.id, { sku: 'SH-1', name: 'Cotton shirt', hsn: '6205', unit: 'PCS', priceMinor: 89900n, currency: 'INR', taxRate: '5' });
    insertProduct(db, business.id, { sku: 'TR-1', name: 'Tailoring service', hsn: '998821', unit: 'NOS', kind: 'services', priceMinor: 45000n, currency: 'INR', taxRate: '18' });
    insertCustomer(db, business.id, { name: 'Kaveri Textiles Pvt Ltd', taxId: '29AAGCB7383J1Z4', stateCode: '29', countryCode: 'IN', address: 'Bengaluru' });
  });
  return business;
}

/** Issues `count` simulated invoices (no PDFs) in the business. */
export async function issueInvoices(core: Core, businessId: string, count: number, seed = '1', chunkSize = 50): Promise<void> {
  await runBatch(core, { source: 'simulation', businessId, count, profile: 'basic', seed, pdf: false, chunkSize, startDate: '2026-05-01', endDate: '2026-05-31' }, { today: '2026-06-01' });
}

/** Counts of the server's rows, read as the owner (admin policies). */
export async function serverCounts(ownerUrl: string): Promise<{ invoices: number; lines: number; audit: number; products: number; customers: number; businesses: number; inbox: number }> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const row = (await client.query(`SELECT (SELECT count(*) FROM lf.invoices)::int AS invoices, (SELECT count(*) FROM lf.invoice_lines)::int AS lines,
      (SELECT count(*) FROM lf.audit_entries)::int AS audit, (SELECT count(*) FROM lf.products)::int AS products, (SELECT count(*) FROM lf.customers)::int AS customers,
      (SELECT count(*) FROM lf.businesses)::int AS businesses, (SELECT count(*) FROM lf.inbox)::int AS inbox`)).rows[0];
    return row;
  } finally {
    await client.end();
  }
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Edits a product's price and name the way a repository write does: row, audit and outbox in one transaction. */
export function editProduct(core: Core, businessId: string, productId: string, changes: { priceMinor: bigint; name: string }): void {
  core.store.write((db) => {
    const now = new Date().toISOString();
    db.prepare('UPDATE products SET price_minor = ?, name = ?, name_key = lower(?), updated_at = ? WHERE id = ? AND business_id = ?').run(changes.priceMinor, changes.name, changes.name, now, productId, businessId);
    const row = db.prepare('SELECT * FROM products WHERE id = ?').safeIntegers(true).get(productId) as Record<string, unknown>;
    appendAudit(db, { businessId, actor: 'test', action: 'product.update', entity: 'product', entityId: productId, details: { price: String(changes.priceMinor) } });
    appendOutbox(db, { businessId, entity: 'product', entityId: productId, op: 'update', payload: row });
  });
}

/** Products of a business as comparable plain rows. */
export function productsOf(core: Core, businessId: string): Array<{ id: string; name: string; price: string }> {
  return core.store.read((db) => (db.prepare('SELECT id, name, CAST(price_minor AS TEXT) AS price FROM products WHERE business_id = ? ORDER BY id').all(businessId) as Array<{ id: string; name: string; price: string }>));
}
