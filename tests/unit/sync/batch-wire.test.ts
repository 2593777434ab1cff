// The columns a push sends and a pull writes are a closed list in src-main/db/repos/sync-outbox.ts.
// These tests hold that list to the schema: a migration adding a column to invoices, their lines,
// the audit log or a master-data table fails here until the column is listed (or named local).
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/create-core.js';
import { createBusiness, validateBusinessInput } from '../../../src-main/db/repos/businesses.js';
import { insertCustomer, insertProduct } from '../../../src-main/db/repos/catalogue.js';
import { pulledColumns, upsertPulledRow } from '../../../src-main/db/repos/sync-outbox.js';
import { runBatch } from '../../../src-main/engine/pipeline.js';
import { silentLogger } from '../../../src-main/log/logger.js';
import { readBatch } from '../../../src-main/sync/client.js';
import { TempDirs } from '../../helpers/temp.js';

/** Invoice columns that change after issue on the device and are not content: they stay local. */
const VOLATILE_INVOICE_COLUMNS = ['status', 'void_reason', 'voided_at', 'updated_at', 'pdf_sha256', 'pdf_bytes', 'retry_count', 'last_error'];
/** A business's own series and its images stay on each seat. */
const LOCAL_BUSINESS_COLUMNS = ['default_series_id', 'bill_of_supply_series_id', 'logo', 'signature'];

function columnsOf(db: Database.Database, table: string): string[] {
  return (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>).map((c) => c.name);
}

describe('the columns sync sends and takes', () => {
  const temp = new TempDirs();
  let core: Core;
  let businessId: string;

  beforeEach(async () => {
    core = await createCore({ dataDir: temp.make('lf-wire-'), logger: silentLogger });
    businessId = createBusiness(core.store, validateBusinessInput({
      name: 'Wire Traders', address: 'Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true,
    }, core.plugins), 'test').id;
    core.store.write((db) => {
      insertProduct(db, businessId, { sku: 'SH-1', name: 'Cotton shirt', hsn: '6205', unit: 'PCS', priceMinor: 89_900n, currency: 'INR', taxRate: '5' });
      insertCustomer(db, businessId, { name: 'Kaveri Textiles', stateCode: '29', countryCode: 'IN', address: 'Bengaluru' });
    });
  });
  afterEach(async () => {
    await core.close();
    temp.cleanup();
  });

  it('an issued invoice travels with every content column, its lines with all theirs, audit entries whole', async () => {
    await runBatch(core, { source: 'simulation', businessId, count: 3, profile: 'basic', seed: 'w', pdf: false, chunkSize: 3, startDate: '2026-05-01', endDate: '2026-05-31' }, { today: '2026-06-01' });
    const { batch, schema } = core.store.read((db) => ({
      batch: readBatch(db, 1000),
      schema: { invoices: columnsOf(db, 'invoices'), lines: columnsOf(db, 'invoice_lines'), audit: columnsOf(db, 'audit_log') },
    }));
    const items = JSON.parse(batch.itemsJson.toString('utf8')) as Array<{ entity: string; op: string; invoice?: Record<string, unknown>; lines?: Array<Record<string, unknown>> }>;
    const issued = items.filter((i) => i.entity === 'invoice' && i.op === 'insert');
    expect(issued).toHaveLength(3);
    for (const item of issued) {
      expect(Object.keys(item.invoice!).sort()).toEqual([...schema.invoices.filter((c) => !VOLATILE_INVOICE_COLUMNS.includes(c)), 'series_code', 'series_format', 'document_kind'].sort());
      expect(item.lines!.length).toBeGreaterThan(0);
      for (const line of item.lines!) expect(Object.keys(line).sort()).toEqual([...schema.lines].sort());
      expect(item.invoice!.tax_result).toEqual(expect.any(Object));
      expect(item.invoice!.tax_result).not.toHaveProperty('lines');
    }
    const audit = JSON.parse(batch.auditJson.toString('utf8')) as Array<Record<string, unknown>>;
    expect(audit.length).toBeGreaterThan(0);
    for (const entry of audit) expect(Object.keys(entry).sort()).toEqual([...schema.audit].sort());
  });

  it("a pulled row may set every column of its table but a business's own series and images", () => {
    const schema = core.store.read((db) => ({ business: columnsOf(db, 'businesses'), product: columnsOf(db, 'products'), customer: columnsOf(db, 'customers') }));
    expect(pulledColumns('business').sort()).toEqual(schema.business.filter((c) => !LOCAL_BUSINESS_COLUMNS.includes(c)).sort());
    expect(pulledColumns('product').sort()).toEqual([...schema.product].sort());
    expect(pulledColumns('customer').sort()).toEqual([...schema.customer].sort());
  });

  it("a pulled row is written with the server's values, its unknown keys and a business's own series ignored", () => {
    const before = core.store.read((db) => db.prepare('SELECT * FROM businesses WHERE id = ?').get(businessId)) as Record<string, unknown>;
    expect(before.default_series_id).toEqual(expect.any(String));
    core.store.write((db) => upsertPulledRow(db, 'business', businessId, {
      ...before, name: 'Renamed on another seat', sandbox: false, tax_settings: { composition: false }, default_series_id: 'not-this-seats', no_such_column: 'x', 'name = 1; --': 'y',
    }));
    const after = core.store.read((db) => db.prepare('SELECT * FROM businesses WHERE id = ?').get(businessId)) as Record<string, unknown>;
    expect(after).toEqual({ ...before, name: 'Renamed on another seat', sandbox: 0, tax_settings: '{"composition":false}' });
  });
});
