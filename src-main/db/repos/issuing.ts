// The writes of one issuing chunk (src-main/engine/persist.ts), all run inside the chunk's
// BEGIN IMMEDIATE transaction: invoices and their lines, the order claims, batch items and the
// batch's counts. This is the hot path of a batch: every statement is plain SQL text written once
// here, prepared once per connection and cached (db/query.ts `statement`), so issuing an invoice
// costs no preparing and no extra round trip.
import type Database from 'better-sqlite3';
import { statement } from '../query.js';
import { joinSql, sql, type Sql } from '../sql.js';

/** The order an order id was already invoiced as, in this business (the unique claim). */
export function invoicedOrder(db: Database.Database, businessId: string, orderId: string): { invoice_id: string; number: string } | undefined {
  return statement(db, 'SELECT o.invoice_id, i.number FROM order_invoices o JOIN invoices i ON i.id = o.invoice_id WHERE o.business_id = ? AND o.order_id = ?').get(businessId, orderId) as
    { invoice_id: string; number: string } | undefined;
}

/** Marks one imported order row invoiced (only while it is still pending). */
export function markOrderRowInvoiced(db: Database.Database, businessId: string, rowId: string, invoiceId: string): void {
  statement(db, "UPDATE orders SET status = 'invoiced', invoice_id = ? WHERE id = ? AND business_id = ? AND status = 'pending'").run(invoiceId, rowId, businessId);
}

/** The unique key: a second invoice for the same order id fails the whole chunk, never commits. */
export function claimOrder(db: Database.Database, claim: { businessId: string; orderId: string; invoiceId: string; batchId: string | null; now: string }): void {
  statement(db, 'INSERT INTO order_invoices (business_id, order_id, invoice_id, batch_id, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(claim.businessId, claim.orderId, claim.invoiceId, claim.batchId, claim.now);
}

/** An issued invoice's row; amounts already in minor units, JSON columns already serialised. */
export interface IssuedInvoiceValues {
  id: string;
  businessId: string;
  kind: string;
  seriesId: string;
  fiscalYear: string;
  seq: number;
  number: string;
  issueDate: string;
  customerId: string | null;
  customerSnapshot: string;
  placeOfSupply: string | null;
  supplyType: string;
  currency: string;
  taxableMinor: bigint;
  taxMinor: bigint;
  roundOffMinor: bigint;
  totalMinor: bigint;
  taxResult: string;
  originalInvoiceId: string | null;
  batchId: string | null;
  traceId: string;
  generationMetadata: string;
  shipTo: string | null;
  now: string;
}

export function insertIssuedInvoice(db: Database.Database, v: IssuedInvoiceValues): void {
  statement(db, `INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date, supply_date,
    customer_id, customer_snapshot, place_of_supply, supply_type, reverse_charge, prices_include_tax, currency, taxable_minor, tax_minor, round_off_minor,
    total_minor, tax_result, original_invoice_id, batch_id, trace_id, generation_metadata, ship_to, retry_count, last_error, issued_at, created_at, updated_at)
    VALUES (?, ?, ?, 'issued', ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)`).run(
    v.id, v.businessId, v.kind, v.seriesId, v.fiscalYear, v.seq, v.number, v.issueDate, v.customerId, v.customerSnapshot, v.placeOfSupply, v.supplyType, v.currency,
    v.taxableMinor, v.taxMinor, v.roundOffMinor, v.totalMinor, v.taxResult, v.originalInvoiceId, v.batchId, v.traceId, v.generationMetadata, v.shipTo, v.now, v.now, v.now,
  );
}

/**
 * The sealed cells (db/audit-store.ts order) of an invoice row written by insertIssuedInvoice:
 * what its INSERT stores in those columns, the constants of its SQL text included.
 */
export function sealedIssuedCells(v: IssuedInvoiceValues): unknown[] {
  return [v.id, v.businessId, v.kind, v.seriesId, v.fiscalYear, v.seq, v.number, v.issueDate, null, v.customerSnapshot, v.placeOfSupply, v.supplyType, 0, 0, v.currency,
    v.taxableMinor, v.taxMinor, v.roundOffMinor, v.totalMinor, v.taxResult, v.originalInvoiceId];
}

/** Up to this many lines of one invoice go in one multi-row INSERT. */
export const LINES_PER_INSERT = 16;

/**
 * One invoice line's values, in the column order of INSERT_LINES below:
 * id, invoice_id, business_id, position, product_id, description, hsn, unit, quantity, unit_price,
 * discount_minor, taxable_minor, tax_rate, tax_category, components, tax_minor, total_minor.
 */
function lineRow(v: readonly unknown[]): Sql {
  return sql`(${v[0]}, ${v[1]}, ${v[2]}, ${v[3]}, ${v[4]}, ${v[5]}, ${v[6]}, ${v[7]}, ${v[8]}, ${v[9]}, ${v[10]}, ${v[11]}, ${v[12]}, ${v[13]}, ${v[14]}, ${v[15]}, ${v[16]})`;
}

/** The multi-row INSERT for 0..16 rows, its text put together once by the fragment builder (the values are bound per call). */
const INSERT_LINES: readonly string[] = Array.from({ length: LINES_PER_INSERT + 1 }, (_, rows) => sql`INSERT INTO invoice_lines (id, invoice_id, business_id, position, product_id, description, hsn, unit, quantity, unit_price,
    discount_minor, taxable_minor, tax_rate, tax_category, components, tax_minor, total_minor) VALUES ${joinSql(Array.from({ length: rows }, () => lineRow([])), sql`, `)}`.text);

/** Inserts `rows` lines (1..LINES_PER_INSERT) whose values follow one another in `values`, 17 per line (lineRow's order). */
export function insertInvoiceLines(db: Database.Database, rows: number, values: readonly unknown[]): void {
  statement(db, INSERT_LINES[rows]!).run(values);
}

/** A batch item's state (inserted, or updated when a retried position is written again). */
export interface BatchItemValues {
  id: string;
  batchId: string | null;
  businessId: string;
  position: number;
  sourceRef: string;
  status: 'issued' | 'failed';
  invoiceId: string | null;
  payload: string;
  lastError: string | null;
  now: string;
}

export function recordBatchItem(db: Database.Database, v: BatchItemValues): void {
  statement(db, `INSERT INTO batch_items (id, batch_id, business_id, position, source_ref, status, invoice_id, payload, retry_count, last_error, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
    ON CONFLICT (batch_id, position) DO UPDATE SET status = excluded.status, invoice_id = excluded.invoice_id, retry_count = batch_items.retry_count + 1,
      last_error = excluded.last_error, updated_at = excluded.updated_at`).run(v.id, v.batchId, v.businessId, v.position, v.sourceRef, v.status, v.invoiceId, v.payload, v.lastError, v.now);
}

/** A failed item retried after another batch invoiced its order: no longer this batch's failure. */
export function dropFailedItem(db: Database.Database, batchId: string | null, position: number): void {
  statement(db, "DELETE FROM batch_items WHERE batch_id = ? AND position = ? AND status = 'failed'").run(batchId, position);
}

/** Counts and a sign of life, committed with the chunk. */
export function addChunkCounts(db: Database.Database, batchId: string, counts: { created: number; failed: number; alreadyInvoiced: number; now: string }): void {
  statement(db, `UPDATE batches SET created_count = created_count + ?, failed_count = failed_count + ?, already_invoiced_count = already_invoiced_count + ?,
      heartbeat_at = ? WHERE id = ?`).run(counts.created, counts.failed, counts.alreadyInvoiced, counts.now, batchId);
}
