// Migrations on real database files: every migration applied on top of the one before with data
// in place, re-opening is a no-op, checksums are recorded, and a database from a newer app or with
// an edited migration is refused with the file left byte-for-byte as it was.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileUrl, makeRunDir, removeRunDir, transpileGraph } from '../../helpers/transpile.mjs';
import { COMMENT_ONLY_EDITS, loadMigrations, migrate, type Migration } from '../../../src-main/db/migrate.js';
import { openStore, Store } from '../../../src-main/db/store.js';
import { packageRoot } from '../../../src-main/runtime/paths.js';
import { AppError } from '../../../src-shared/errors.js';
import { seedBusinessIn } from '../../helpers/seed.js';
import { TempDirs, databaseFile } from '../../helpers/temp.js';

const MIGRATIONS_DIR = join(packageRoot(), 'migrations');
const temp = new TempDirs();
afterEach(() => temp.cleanup());

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function rawOpen(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * One entry per migration file: `before` writes data on the schema just before it (version - 1),
 * `after` checks that data and the new schema. A new migration without an entry fails the test
 * below, so every migration gets its test on a real file.
 */
const perMigration: Record<number, { before: (db: Database.Database) => unknown; after: (db: Database.Database, seeded: unknown) => void }> = {
  1: {
    before: () => undefined,
    after: (db) => {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
      for (const table of ['audit_log', 'batch_items', 'batches', 'businesses', 'customers', 'exports', 'imports', 'invoice_lines', 'invoices', 'orders', 'outbox', 'products', 'series', 'series_counters', 'settings']) {
        expect(tables).toContain(table);
      }
      const seeded = db.transaction(() => seedBusinessIn(db))();
      expect(db.prepare('SELECT COUNT(*) AS n FROM series WHERE business_id = ?').get(seeded.businessId)).toEqual({ n: 2 });
    },
  },
  2: {
    // Orders invoiced before the key existed, one of them twice (the same file run twice): the
    // first invoice of each order id owns the key; batches gain their owner and heartbeat.
    before: (db) => {
      const seeded = db.transaction(() => seedBusinessIn(db))();
      const now = '2026-06-01T10:00:00.000Z';
      db.prepare("INSERT INTO batches (id, business_id, source, status, trace_id, started_at) VALUES ('b1', ?, 'orders', 'running', 't1', ?)").run(seeded.businessId, now);
      const insert = db.prepare(`INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, currency, taxable_minor, tax_minor, total_minor,
        batch_id, generation_metadata, issued_at, created_at, updated_at) VALUES (?, ?, 'tax_invoice', 'issued', ?, '2026-27', ?, ?, '2026-06-01', 'INR', 100, 18, 118, 'b1', ?, ?, ?, ?)`);
      const invoices: Array<[string, number, string | null]> = [['i1', 1, 'A-1'], ['i2', 2, 'A-2'], ['i3', 3, 'A-1'], ['i4', 4, null]];
      for (const [id, seq, orderId] of invoices) {
        insert.run(id, seeded.businessId, seeded.invoiceSeries.id, seq, `INV/2627/${seq}`, JSON.stringify(orderId ? { orderId } : { simulated: true }), now, now, now);
      }
      return seeded.businessId;
    },
    after: (db, businessId) => {
      expect(db.prepare('SELECT order_id, invoice_id FROM order_invoices WHERE business_id = ? ORDER BY order_id').all(businessId)).toEqual([{ order_id: 'A-1', invoice_id: 'i1' }, { order_id: 'A-2', invoice_id: 'i2' }]);
      expect(() => db.prepare("INSERT INTO order_invoices (business_id, order_id, invoice_id, created_at) VALUES (?, 'A-1', 'i3', 'now')").run(businessId)).toThrow(/UNIQUE/);
      expect(db.prepare("SELECT owner_pid, owner_host, heartbeat_at, already_invoiced_count FROM batches WHERE id = 'b1'").get()).toEqual({ owner_pid: null, owner_host: null, heartbeat_at: null, already_invoiced_count: 0 });
    },
  },
  // Sync bookkeeping: outbox rows written before it get this device's id and their own tx.
  3: {
    before: (db) => db.transaction(() => seedBusinessIn(db))().businessId,
    after: (db, businessId) => {
      const state = db.prepare('SELECT device_id, pull_cursor, audit_cursor FROM sync_state').all() as Array<{ device_id: string; pull_cursor: string; audit_cursor: number }>;
      expect(state).toHaveLength(1);
      expect(state[0]!.device_id).toMatch(/^[0-9a-f]{32}$/);
      const rows = db.prepare('SELECT seq, tx, device_id FROM outbox WHERE business_id = ?').all(businessId) as Array<{ seq: number; tx: number; device_id: string }>;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toEqual({ seq: row.seq, tx: row.seq, device_id: state[0]!.device_id });
      for (const table of ['sync_errors', 'sync_conflicts', 'sync_versions']) expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    },
  },
  // numbering_skips: numbers a series skips after a restore; existing counters are untouched.
  4: {
    before: (db) => {
      const seeded = db.transaction(() => seedBusinessIn(db))();
      db.prepare("INSERT INTO series_counters (business_id, series_id, fiscal_year, last_seq) VALUES (?, ?, '2026-27', 7)").run(seeded.businessId, seeded.invoiceSeries.id);
      return seeded;
    },
    after: (db, seeded) => {
      const { businessId, invoiceSeries } = seeded as ReturnType<typeof seedBusinessIn>;
      expect(db.prepare('SELECT last_seq FROM series_counters WHERE series_id = ?').get(invoiceSeries.id)).toEqual({ last_seq: 7 });
      db.prepare("INSERT INTO numbering_skips (id, business_id, series_id, fiscal_year, from_seq, to_seq, reason, created_at) VALUES ('s1', ?, ?, '2026-27', 8, 12, 'restore', 'now')").run(businessId, invoiceSeries.id);
      expect(() => db.prepare("INSERT INTO numbering_skips (id, business_id, series_id, fiscal_year, from_seq, to_seq, reason, created_at) VALUES ('s2', ?, ?, '2026-27', 9, 8, 'restore', 'now')").run(businessId, invoiceSeries.id)).toThrow(/CHECK/);
    },
  },
  // Hand entry: archive columns start empty on existing rows (nothing hidden by the upgrade).
  5: {
    before: (db) => db.transaction(() => seedBusinessIn(db))().businessId,
    after: (db, seeded) => {
      expect(db.prepare('SELECT archived_at, bank_details FROM businesses WHERE id = ?').get(seeded)).toEqual({ archived_at: null, bank_details: null });
      for (const table of ['customers', 'products']) {
        expect((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name)).toContain('archived_at');
      }
    },
  },
  // Per-business PDF settings: none stored for existing businesses (built-in template, PDF/A on).
  6: {
    before: (db) => db.transaction(() => seedBusinessIn(db))().businessId,
    after: (db, businessId) => {
      expect(db.prepare('SELECT COUNT(*) AS n FROM business_pdf_settings').get()).toEqual({ n: 0 });
      db.prepare("INSERT INTO business_pdf_settings (business_id, updated_at) VALUES (?, 'now')").run(businessId);
      expect(db.prepare('SELECT template_path, pdf_a FROM business_pdf_settings WHERE business_id = ?').get(businessId)).toEqual({ template_path: null, pdf_a: 1 });
      expect(() => db.prepare("INSERT INTO business_pdf_settings (business_id, updated_at) VALUES ('no-such-business', 'now')").run()).toThrow(/FOREIGN KEY/);
    },
  },
  // GST particulars: existing GST businesses get a bills-of-supply series (BOS), others none; invoices gain ship_to.
  // e-invoice registrations: one per invoice, its IRN 64 hex characters and unique per business.
  7: {
    before: (db) => {
      const seeded = db.transaction(() => seedBusinessIn(db))();
      db.prepare(`INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, currency, taxable_minor, tax_minor, total_minor, issued_at, created_at, updated_at)
        VALUES ('i1', ?, 'tax_invoice', 'issued', ?, '2026-27', 1, 'INV/2627/1', '2026-06-01', 'INR', 100, 18, 118, 'now', 'now', 'now')`).run(seeded.businessId, seeded.invoiceSeries.id);
      return seeded.businessId;
    },
    after: (db, businessId) => {
      const insert = db.prepare("INSERT INTO einvoice_registrations (invoice_id, business_id, irn, ack_no, ack_date, signed_qr_code, registered_at) VALUES ('i1', ?, ?, '1', 'd', 'q', 'now')");
      expect(() => insert.run(businessId, 'short')).toThrow(/CHECK/);
      insert.run(businessId, 'a'.repeat(64));
      expect(() => insert.run(businessId, 'b'.repeat(64))).toThrow(/UNIQUE|PRIMARY/);
    },
  },
  8: {
    before: (db) => db.transaction(() => ({ gst: seedBusinessIn(db).businessId, bh: seedBusinessIn(db, { taxRegime: 'vat-bh', countryCode: 'BH', stateCode: null, currency: 'BHD', fiscalYearStartMonth: 1 }).businessId }))(),
    after: (db, seeded) => {
      const { gst, bh } = seeded as { gst: string; bh: string };
      const series = db.prepare("SELECT s.id, s.code, s.format, s.document_kind FROM series s JOIN businesses b ON b.bill_of_supply_series_id = s.id WHERE b.id = ?").get(gst);
      expect(series).toEqual({ id: expect.any(String), code: 'BOS', format: 'BOS/{FYS}/{SEQ:5}', document_kind: 'invoice' });
      expect(db.prepare('SELECT bill_of_supply_series_id AS id FROM businesses WHERE id = ?').get(bh)).toEqual({ id: null });
      expect(db.prepare("SELECT COUNT(*) AS n FROM series WHERE business_id = ? AND code = 'BOS'").get(bh)).toEqual({ n: 0 });
      expect((db.prepare("SELECT name FROM pragma_table_info('invoices') WHERE name = 'ship_to'").get() as { name: string }).name).toBe('ship_to');
    },
  },
  // Imported orders gain the ship-to columns; an order imported before keeps none.
  9: {
    before: (db) => {
      const { businessId } = db.transaction(() => seedBusinessIn(db))();
      db.prepare("INSERT INTO orders (id, business_id, row_number, order_date, product_ref, quantity, created_at) VALUES ('o1', ?, 2, '2026-06-01', 'SKU-1', '1', 'now')").run(businessId);
      return businessId;
    },
    after: (db, businessId) => {
      expect(db.prepare("SELECT ship_to_name, ship_to_address, ship_to_state FROM orders WHERE id = 'o1'").get()).toEqual({ ship_to_name: null, ship_to_address: null, ship_to_state: null });
      db.prepare("INSERT INTO orders (id, business_id, row_number, order_date, product_ref, quantity, ship_to_name, ship_to_address, ship_to_state, created_at) VALUES ('o2', ?, 3, '2026-06-01', 'SKU-1', '1', 'Depot', 'Plot 7', '27', 'now')").run(businessId);
      expect(db.prepare("SELECT ship_to_state FROM orders WHERE id = 'o2'").get()).toEqual({ ship_to_state: '27' });
    },
  },
  // Debit notes: invoices and series are rebuilt (new CHECKs); every row, index and reference survives.
  10: {
    before: (db) => {
      const seeded = db.transaction(() => seedBusinessIn(db))();
      const { businessId } = seeded;
      const creditSeries = db.prepare("SELECT id FROM series WHERE business_id = ? AND document_kind = 'credit_note'").get(businessId) as { id: string };
      const insert = db.prepare(`INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, currency, taxable_minor, tax_minor, total_minor,
        original_invoice_id, generation_metadata, void_reason, issued_at, created_at, updated_at, ship_to) VALUES (?, ?, ?, ?, ?, '2026-27', ?, ?, '2026-06-01', 'INR', ?, ?, ?, ?, ?, ?, 'now', 'now', 'now', ?)`);
      insert.run('i1', businessId, 'tax_invoice', 'issued', seeded.invoiceSeries.id, 1, 'INV/2627/1', 1000, 180, 1180, null, '{"orderId":"A-1"}', null, '{"name":"Depot"}');
      insert.run('i2', businessId, 'tax_invoice', 'void', seeded.invoiceSeries.id, 2, 'INV/2627/2', 500, 90, 590, null, null, 'typo', null);
      insert.run('c1', businessId, 'credit_note', 'issued', creditSeries.id, 1, 'CN/2627/1', 100, 18, 118, 'i1', '{"reason":"returned"}', null, null);
      db.prepare(`INSERT INTO invoice_lines (id, invoice_id, business_id, position, description, quantity, unit_price, taxable_minor, tax_rate, tax_category, tax_minor, total_minor)
        VALUES ('l1', 'i1', ?, 1, 'Shirt', '2', '5.00', 1000, '18', 'standard', 180, 1180)`).run(businessId);
      db.prepare("INSERT INTO series_counters (business_id, series_id, fiscal_year, last_seq) VALUES (?, ?, '2026-27', 2)").run(businessId, seeded.invoiceSeries.id);
      const snapshot = {
        invoices: db.prepare('SELECT * FROM invoices ORDER BY id').all(),
        series: db.prepare('SELECT * FROM series ORDER BY id').all(),
        indexes: db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('invoices', 'series') ORDER BY name").all(),
      };
      return { businessId, invoiceSeries: seeded.invoiceSeries.id, snapshot };
    },
    after: (db, seeded) => {
      const { businessId, invoiceSeries, snapshot } = seeded as { businessId: string; invoiceSeries: string; snapshot: Record<string, unknown> };
      expect(db.prepare('SELECT * FROM invoices ORDER BY id').all()).toEqual(snapshot.invoices);
      expect(db.prepare('SELECT * FROM series ORDER BY id').all()).toEqual(snapshot.series);
      expect(db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('invoices', 'series') ORDER BY name").all()).toEqual(snapshot.indexes);
      expect(db.prepare("SELECT description FROM invoice_lines WHERE invoice_id = 'i1'").get()).toEqual({ description: 'Shirt' });
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      db.prepare("INSERT INTO series (id, business_id, code, format, document_kind, created_at) VALUES ('s-dn', ?, 'DN', 'DN/{FYS}/{SEQ:5}', 'debit_note', 'now')").run(businessId);
      db.prepare(`INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, currency, taxable_minor, tax_minor, total_minor, original_invoice_id, issued_at, created_at, updated_at)
        VALUES ('d1', ?, 'debit_note', 'issued', 's-dn', '2026-27', 1, 'DN/2627/1', '2026-06-02', 'INR', 100, 18, 118, 'i1', 'now', 'now', 'now')`).run(businessId);
      expect(() => db.prepare("INSERT INTO series (id, business_id, code, format, document_kind, created_at) VALUES ('s-x', ?, 'X', 'X/{SEQ:5}', 'receipt', 'now')").run(businessId)).toThrow(/CHECK/);
      expect(() => db.prepare(`INSERT INTO invoices (id, business_id, kind, status, issue_date, currency, taxable_minor, tax_minor, total_minor, created_at, updated_at)
        VALUES ('x1', ?, 'receipt', 'draft', '2026-06-02', 'INR', 0, 0, 0, 'now', 'now')`).run(businessId)).toThrow(/CHECK/);
      // References to and from the rebuilt tables still hold.
      expect(() => db.prepare(`INSERT INTO invoices (id, business_id, kind, status, issue_date, currency, taxable_minor, tax_minor, total_minor, original_invoice_id, created_at, updated_at)
        VALUES ('x2', ?, 'debit_note', 'draft', '2026-06-02', 'INR', 0, 0, 0, 'nowhere', 'now', 'now')`).run(businessId)).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare("INSERT INTO invoice_lines (id, invoice_id, business_id, position, description, quantity, unit_price, taxable_minor, tax_rate, tax_category, tax_minor, total_minor) VALUES ('l9', 'nowhere', ?, 1, 'x', '1', '1', 1, '0', 'nil', 0, 1)").run(businessId)).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare("INSERT INTO series_counters (business_id, series_id, fiscal_year, last_seq) VALUES (?, 'nowhere', '2026-27', 1)").run(businessId)).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare(`INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, currency, taxable_minor, tax_minor, total_minor, issued_at, created_at, updated_at)
        VALUES ('x3', ?, 'tax_invoice', 'issued', ?, '2026-27', 1, 'INV/2627/9', '2026-06-02', 'INR', 1, 0, 1, 'now', 'now', 'now')`).run(businessId, invoiceSeries)).toThrow(/UNIQUE/);
    },
  },
  // Notes are found by their invoice through an index, not a scan of the business's invoices.
  11: {
    before: (db) => db.transaction(() => seedBusinessIn(db))().businessId,
    after: (db, businessId) => {
      const plan = db.prepare("EXPLAIN QUERY PLAN SELECT number FROM invoices WHERE business_id = ? AND original_invoice_id = ? AND status = 'issued' ORDER BY issue_date, seq").all(businessId, 'i1') as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX invoices_by_original/);
    },
  },
  // Numbers unique per (business, fiscal year): every row survives; the same number may recur in
  // another fiscal year, never twice in one (any case, any series).
  12: {
    before: (db) => {
      const seeded = db.transaction(() => seedBusinessIn(db, { invoiceFormat: 'SHOP1-{SEQ}' }))();
      const insert = db.prepare(`INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, currency, taxable_minor, tax_minor, total_minor,
        issued_at, created_at, updated_at) VALUES (?, ?, 'tax_invoice', ?, ?, ?, ?, ?, ?, 'INR', 1000, 180, 1180, 'now', 'now', 'now')`);
      insert.run('i1', seeded.businessId, 'issued', seeded.invoiceSeries.id, '2025-26', 1, 'SHOP1-1', '2026-03-30');
      insert.run('i2', seeded.businessId, 'void', seeded.invoiceSeries.id, '2025-26', 2, 'SHOP1-2', '2026-03-31');
      db.prepare(`INSERT INTO invoices (id, business_id, kind, status, issue_date, currency, taxable_minor, tax_minor, total_minor, created_at, updated_at)
        VALUES ('d1', ?, 'tax_invoice', 'draft', '2026-04-02', 'INR', 0, 0, 0, 'now', 'now')`).run(seeded.businessId);
      // Before 0012 the number is unique per business: SHOP1-1 cannot be issued again in 2026-27.
      expect(() => insert.run('x0', seeded.businessId, 'issued', seeded.invoiceSeries.id, '2026-27', 1, 'SHOP1-1', '2026-04-01')).toThrow(/UNIQUE/);
      const snapshot = {
        invoices: db.prepare('SELECT * FROM invoices ORDER BY id').all(),
        otherIndexes: db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invoices' AND name != 'invoices_unique_number' ORDER BY name").all(),
        table: db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'invoices'").get(),
      };
      return { ...seeded, snapshot };
    },
    after: (db, seeded) => {
      const { businessId, invoiceSeries, creditSeries, snapshot } = seeded as ReturnType<typeof seedBusinessIn> & { snapshot: Record<string, unknown> };
      expect(db.prepare('SELECT * FROM invoices ORDER BY id').all()).toEqual(snapshot.invoices);
      expect(db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invoices' AND name != 'invoices_unique_number' ORDER BY name").all()).toEqual(snapshot.otherIndexes);
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'invoices'").get()).toEqual(snapshot.table);
      const insert = db.prepare(`INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, currency, taxable_minor, tax_minor, total_minor,
        issued_at, created_at, updated_at) VALUES (?, ?, 'tax_invoice', 'issued', ?, ?, ?, ?, ?, 'INR', 1000, 180, 1180, 'now', 'now', 'now')`);
      insert.run('i3', businessId, invoiceSeries.id, '2026-27', 1, 'SHOP1-1', '2026-04-01');
      expect(() => insert.run('x1', businessId, creditSeries.id, '2026-27', 5, 'shop1-1', '2026-04-01')).toThrow(/UNIQUE constraint failed: index 'invoices_unique_number'/);
      expect(() => insert.run('x2', businessId, creditSeries.id, '2025-26', 5, 'SHOP1-2', '2026-04-01')).toThrow(/UNIQUE/);
      expect(db.prepare("SELECT id FROM invoices WHERE business_id = ? AND upper(number) = upper('SHOP1-1') ORDER BY fiscal_year").all(businessId)).toEqual([{ id: 'i1' }, { id: 'i3' }]);
      // A lookup by number and fiscal year uses the new index.
      const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM invoices WHERE business_id = ? AND fiscal_year = ? AND upper(number) = upper(?) AND number IS NOT NULL').all(businessId, '2026-27', 'SHOP1-1') as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX invoices_unique_number/);
    },
  },
  // Tables tagged for screen readers: on for a business that had settings (its other choices kept:
  // it printed tagged tables before) and for one stored later; only 0 or 1.
  13: {
    before: (db) => {
      const { businessId } = db.transaction(() => seedBusinessIn(db))();
      db.prepare("INSERT INTO business_pdf_settings (business_id, template_path, template_checked_at, pdf_a, updated_at) VALUES (?, 'a/invoice.typ', 'then', 0, 'then')").run(businessId);
      return { businessId, other: db.transaction(() => seedBusinessIn(db))().businessId };
    },
    after: (db, seeded) => {
      const { businessId, other } = seeded as { businessId: string; other: string };
      expect(db.prepare('SELECT template_path, template_checked_at, pdf_a, table_tags, updated_at FROM business_pdf_settings WHERE business_id = ?').get(businessId))
        .toEqual({ template_path: 'a/invoice.typ', template_checked_at: 'then', pdf_a: 0, table_tags: 1, updated_at: 'then' });
      db.prepare("INSERT INTO business_pdf_settings (business_id, updated_at) VALUES (?, 'now')").run(other);
      expect(db.prepare('SELECT pdf_a, table_tags FROM business_pdf_settings WHERE business_id = ?').get(other)).toEqual({ pdf_a: 1, table_tags: 1 });
      expect(() => db.prepare('UPDATE business_pdf_settings SET table_tags = 2 WHERE business_id = ?').run(other)).toThrow(/CHECK/);
      db.prepare('UPDATE business_pdf_settings SET table_tags = 0 WHERE business_id = ?').run(other);
      expect(db.prepare('SELECT table_tags FROM business_pdf_settings WHERE business_id = ?').get(other)).toEqual({ table_tags: 0 });
    },
  },
  // The pending rows of a local transaction get their own index; the queue is left as it was.
  14: {
    before: (db) => {
      const insert = db.prepare(`INSERT INTO outbox (id, entity, entity_id, op, payload, created_at, device_id, tx, synced_at)
        VALUES (?, 'customers', ?, 'insert', '{}', 'then', 'd1', ?, ?)`);
      insert.run('o1', 'c1', 1, 'then');
      insert.run('o2', 'c2', 1, null);
      insert.run('o3', 'c3', 3, null);
      insert.run('o4', 'c4', null, null);
      return db.prepare('SELECT * FROM outbox ORDER BY seq').all();
    },
    after: (db, seeded) => {
      expect(db.prepare('SELECT * FROM outbox ORDER BY seq').all()).toEqual(seeded);
      const plan = db.prepare('EXPLAIN QUERY PLAN SELECT max(seq) AS seq FROM outbox WHERE synced_at IS NULL AND coalesce(tx, seq) = ? AND seq > ?').all(1, 1) as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX outbox_pending_by_tx/);
      expect(db.prepare('SELECT max(seq) AS seq FROM outbox WHERE synced_at IS NULL AND coalesce(tx, seq) = ? AND seq > ?').get(4, 4)).toEqual({ seq: null });
      expect(db.prepare('SELECT max(seq) AS seq FROM outbox WHERE synced_at IS NULL AND coalesce(tx, seq) = ? AND seq > ?').get(1, 1)).toEqual({ seq: 2 });
    },
  },
};

describe('migrations', () => {
  const migrations = loadMigrations(MIGRATIONS_DIR);

  it('are numbered 0001… without gaps and each has a test here', () => {
    expect(migrations.length).toBeGreaterThan(0);
    migrations.forEach((migration, index) => expect(migration.version).toBe(index + 1));
    for (const migration of migrations) expect(perMigration[migration.version], `migration ${migration.version}_${migration.name} needs an entry in perMigration`).toBeDefined();
  });

  for (const migration of loadMigrations(MIGRATIONS_DIR)) {
    it(`${String(migration.version).padStart(4, '0')}_${migration.name} applies on a real file at version ${migration.version - 1} with data in it`, () => {
      const dir = temp.make();
      const db = rawOpen(join(dir, 'm.sqlite'));
      try {
        expect(migrate(db, migrations.slice(0, migration.version - 1), 'test')).toEqual(migrations.slice(0, migration.version - 1).map((m) => m.version));
        const seeded = perMigration[migration.version]!.before(db);
        expect(migrate(db, migrations.slice(0, migration.version), 'test')).toEqual([migration.version]);
        expect(db.pragma('user_version', { simple: true })).toBe(migration.version);
        perMigration[migration.version]!.after(db, seeded);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        db.close();
      }
    });
  }

  it('a fresh data folder is migrated to the latest version, with each checksum and the app version recorded', () => {
    const dir = temp.make();
    const store = openStore(dir);
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(migrations.length);
      const rows = store.db.prepare('SELECT version, name, checksum, app_version FROM schema_migrations ORDER BY version').all() as Array<{ version: number; name: string; checksum: string; app_version: string }>;
      expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
      for (const [i, row] of rows.entries()) {
        const file = readFileSync(join(MIGRATIONS_DIR, `${String(row.version).padStart(4, '0')}_${row.name}.sql`), 'utf8');
        expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
        expect(row.checksum).toBe(migrations[i]!.checksum);
        expect(row.app_version).toMatch(/^\d+\.\d+\.\d+/);
      }
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      store.close();
    }
  });

  it('re-opening a migrated database applies nothing and changes nothing', () => {
    const dir = temp.make();
    openStore(dir).close();
    const file = databaseFile(dir);
    const before = sha256File(file);
    const db = rawOpen(file);
    try {
      expect(migrate(db, migrations, 'test')).toEqual([]);
    } finally {
      db.close();
    }
    openStore(dir).close();
    expect(sha256File(file)).toBe(before);
  });

  it('refuses a database whose applied migration file was edited (MIGRATION_EDITED), leaving it byte-identical', () => {
    const dir = temp.make();
    const migrationsCopy = join(temp.make(), 'migrations');
    mkdirSync(migrationsCopy);
    for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))) copyFileSync(join(MIGRATIONS_DIR, file), join(migrationsCopy, file));
    const store = openStore(dir, { migrationsDir: migrationsCopy });
    store.write((db) => seedBusinessIn(db));
    store.close();
    const file = databaseFile(dir);
    const before = sha256File(file);

    const first = readdirSync(migrationsCopy).filter((f) => f.endsWith('.sql')).sort()[0]!;
    writeFileSync(join(migrationsCopy, first), readFileSync(join(migrationsCopy, first), 'utf8').replace('CREATE TABLE businesses', 'CREATE TABLE  businesses'));
    let error: unknown;
    try {
      openStore(dir, { migrationsDir: migrationsCopy }).close();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('MIGRATION_EDITED');
    expect((error as AppError).message).toContain(first);
    expect((error as AppError).message).toMatch(/nothing was changed/i);
    expect(sha256File(file)).toBe(before);
    expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).length : 0).toBe(0);
  });

  it('an edit of comments only is recorded with its earlier checksum, and a database that recorded that checksum still opens', () => {
    // The one edit: 0001's comments cited a design document that never shipped; they cite docs/ now.
    const current = readFileSync(join(MIGRATIONS_DIR, '0001_init.sql'), 'utf8');
    const earlier = current.replaceAll('(docs/ARCHITECTURE.md rule 3)', '(DESIGN.md rule 3)').replaceAll('(docs/ARCHITECTURE.md rule 8)', '(DESIGN.md rule 8)');
    expect(earlier).not.toBe(current);
    const earlierChecksum = createHash('sha256').update(earlier).digest('hex');
    expect(COMMENT_ONLY_EDITS[1]).toEqual([earlierChecksum]);
    const statementsOf = (text: string) => text.split('\n').map((line) => line.replace(/--.*$/, '')).join('\n');
    expect(statementsOf(earlier)).toBe(statementsOf(current));

    // A data folder migrated by the earlier file opens, unchanged, with the current one.
    const dir = temp.make();
    openStore(dir).close();
    const file = databaseFile(dir);
    const raw = rawOpen(file);
    raw.prepare('UPDATE schema_migrations SET checksum = ? WHERE version = 1').run(earlierChecksum);
    raw.close();
    const before = sha256File(file);
    openStore(dir).close();
    expect(sha256File(file)).toBe(before);

    // Any other checksum for it is still refused.
    const other = rawOpen(file);
    other.prepare('UPDATE schema_migrations SET checksum = ? WHERE version = 1').run('0'.repeat(64));
    other.close();
    expect(() => openStore(dir).close()).toThrow(/0001_init\.sql was changed after it was applied/);
  });

  it('refuses a database written by a newer app (user_version ahead), leaving it byte-identical', () => {
    const dir = temp.make();
    openStore(dir).close();
    const file = databaseFile(dir);
    const raw = new Database(file);
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    const before = sha256File(file);
    expect(() => openStore(dir)).toThrowError(expect.objectContaining({ code: 'DB_NEWER_THAN_APP' }) as Error);
    expect(sha256File(file)).toBe(before);
  });

  it('refuses a database whose schema_migrations lists a version the app does not know, leaving it byte-identical', () => {
    const dir = temp.make();
    openStore(dir).close();
    const file = databaseFile(dir);
    const raw = new Database(file);
    raw.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at, app_version) VALUES (?, ?, ?, ?, ?)').run(migrations.length + 1, 'future', 'f'.repeat(64), new Date().toISOString(), '9.0.0');
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    const before = sha256File(file);
    let error: AppError | undefined;
    try {
      new Store(file).close();
    } catch (caught) {
      error = caught as AppError;
    }
    expect(error?.code).toBe('DB_NEWER_THAN_APP');
    expect(error?.details).toMatchObject({ databaseVersion: migrations.length + 1, appSchemaVersion: migrations.length });
    expect(sha256File(file)).toBe(before);
  });

  it('refuses a newer database that is still in rollback-journal mode without switching it to WAL', () => {
    const dir = temp.make();
    const file = databaseFile(dir);
    const raw = new Database(file);
    raw.exec('CREATE TABLE future_things (id INTEGER PRIMARY KEY)');
    raw.pragma('user_version = 99');
    raw.close();
    const before = sha256File(file);
    expect(() => openStore(dir)).toThrowError(expect.objectContaining({ code: 'DB_NEWER_THAN_APP' }) as Error);
    expect(sha256File(file)).toBe(before);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'schema_migrations'").get()).toEqual({ n: 0 });
    check.close();
  });

  it('reads the applied migrations and user_version in one snapshot: a migration another process commits between the two reads is not taken for an outside edit', () => {
    const dir = temp.make();
    const file = join(dir, 'm.sqlite');
    const migrations = loadMigrations(MIGRATIONS_DIR);
    const other = rawOpen(file);
    other.pragma('journal_mode = WAL');
    migrate(other, migrations.slice(0, 3), 'test');
    const db = rawOpen(file);
    try {
      // The other process applies migration 4 just before this connection reads user_version.
      const pragma = db.pragma.bind(db);
      let interleaved = false;
      db.pragma = ((source: string, options?: Database.PragmaOptions) => {
        if (source === 'user_version' && !interleaved) {
          interleaved = true;
          expect(migrate(other, migrations.slice(0, 4), 'test')).toEqual([4]);
        }
        return pragma(source, options);
      }) as typeof db.pragma;
      expect(migrate(db, migrations.slice(0, 4), 'test')).toEqual([]);
      expect(interleaved).toBe(true);
      expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 4 });
    } finally {
      db.close();
      other.close();
    }
  });

  it('several processes opening the same new data folder at the same moment all succeed, and migrate it once', async () => {
    const dir = temp.make();
    const runDir = makeRunDir('open-race');
    try {
      const [storeJs] = transpileGraph([join(packageRoot(), 'src-main', 'db', 'store.ts')], runDir);
      // Each process loads the store module, says ready, waits for "go", then opens the folder.
      const script = `
        const { openStore } = await import(${JSON.stringify(fileUrl(storeJs!))});
        const { readSync } = await import('node:fs');
        process.stdout.write('ready\\n');
        readSync(0, Buffer.alloc(8));
        const store = openStore(${JSON.stringify(dir)});
        process.stdout.write(String(store.db.pragma('user_version', { simple: true })) + '\\n');
        store.close();`;
      const children = Array.from({ length: 5 }, () => spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] }));
      const outputs = children.map((child) => {
        let out = '';
        let err = '';
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
        child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
        const ready = new Promise<void>((resolve) => child.stdout!.on('data', () => out.includes('ready') && resolve()));
        const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
        return { ready, exited, result: () => ({ out, err }) };
      });
      await Promise.all(outputs.map((o) => o.ready));
      for (const child of children) child.stdin!.end('go\n');
      const codes = await Promise.all(outputs.map((o) => o.exited));
      for (const [i, code] of codes.entries()) expect(code, outputs[i]!.result().err).toBe(0);
      for (const o of outputs) expect(o.result().out.trim().split('\n').pop()).toBe(String(migrations.length));
      const db = new Database(databaseFile(dir), { readonly: true });
      expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: migrations.length });
      db.close();
    } finally {
      removeRunDir(runDir);
    }
  });

  it('applies each migration in its own transaction: a failing migration leaves the earlier ones and nothing of itself', () => {
    const dir = temp.make();
    const db = rawOpen(join(dir, 'm.sqlite'));
    try {
      const broken: Migration = { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);', checksum: 'x'.repeat(64) };
      expect(() => migrate(db, [...migrations, broken], 'test')).toThrow(/no_such_table/);
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
      expect((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(migrations.length);
    } finally {
      db.close();
    }
  });
});
