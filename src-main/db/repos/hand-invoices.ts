// Statements of invoices written by hand (engine/hand-invoice.ts): the customers and products an
// entry names (archived ones are not offered), drafts saved, changed, discarded and issued, their
// lines, their PDF's outcome, and a series' code. The engine owns the
// transactions; every function runs on the `db` handle it is given (docs/ARCHITECTURE.md
// rule 3: scoped by business_id).
import type Database from 'better-sqlite3';
import { moneyRow, statement } from '../query.js';
import { selectFirst, sql } from '../sql.js';
import type { CustomerRow, ProductRow } from '../types.js';

// ---------------------------------------------------------------- what an entry names

/** The customer (not archived) holding this tax id; `taxId` is already upper-case. */
export function activeCustomerByTaxId(db: Database.Database, businessId: string, taxId: string): CustomerRow | undefined {
  return selectFirst<CustomerRow>(db, sql`SELECT * FROM customers WHERE business_id = ${businessId} AND tax_id IS NOT NULL AND upper(tax_id) = ${taxId} AND archived_at IS NULL`);
}

/** The oldest customer (not archived) with this matching key (catalogue's nameKey). */
export function activeCustomerByNameKey(db: Database.Database, businessId: string, key: string): CustomerRow | undefined {
  return selectFirst<CustomerRow>(db, sql`SELECT * FROM customers WHERE business_id = ${businessId} AND name_key = ${key} AND archived_at IS NULL ORDER BY created_at LIMIT 1`);
}

/** The product (not archived) with this SKU, ignoring case. */
export function activeProductBySku(db: Database.Database, businessId: string, sku: string): ProductRow | undefined {
  return moneyRow<ProductRow>(statement(db, 'SELECT * FROM products WHERE business_id = ? AND sku IS NOT NULL AND upper(sku) = upper(?) AND archived_at IS NULL'), businessId, sku);
}

/** The oldest product (not archived) with this matching key (catalogue's nameKey). */
export function activeProductByNameKey(db: Database.Database, businessId: string, key: string): ProductRow | undefined {
  return moneyRow<ProductRow>(statement(db, 'SELECT * FROM products WHERE business_id = ? AND name_key = ? AND archived_at IS NULL ORDER BY created_at LIMIT 1'), businessId, key);
}

// ---------------------------------------------------------------- drafts

/** Status and number of an invoice, or undefined when the business has no such invoice. */
export function invoiceState(db: Database.Database, businessId: string, id: string): { status: string; number: string | null } | undefined {
  return selectFirst(db, sql`SELECT status, number FROM invoices WHERE business_id = ${businessId} AND id = ${id}`);
}

/** The columns a draft's save writes (money as INTEGER minor units). */
export interface DraftValues {
  kind: string;
  series_id: string;
  issue_date: string;
  customer_id: string | null;
  customer_snapshot: string;
  place_of_supply: string | null;
  supply_type: string;
  prices_include_tax: number;
  currency: string;
  taxable_minor: bigint;
  tax_minor: bigint;
  round_off_minor: bigint;
  total_minor: bigint;
  tax_result: string;
  generation_metadata: string;
  updated_at: string;
}

/** A new draft row: the saved values, its id, business, trace id and creation time (status 'draft'). */
export interface NewDraft extends DraftValues {
  id: string;
  business_id: string;
  status: 'draft';
  trace_id: string;
  created_at: string;
}

/** Changes a draft (an invoice no longer a draft is left as it is). */
export function updateDraft(db: Database.Database, businessId: string, id: string, values: DraftValues): void {
  statement(db, `UPDATE invoices SET kind = @kind, series_id = @series_id, issue_date = @issue_date, customer_id = @customer_id, customer_snapshot = @customer_snapshot,
    place_of_supply = @place_of_supply, supply_type = @supply_type, prices_include_tax = @prices_include_tax, currency = @currency, taxable_minor = @taxable_minor,
    tax_minor = @tax_minor, round_off_minor = @round_off_minor, total_minor = @total_minor, tax_result = @tax_result, generation_metadata = @generation_metadata,
    updated_at = @updated_at WHERE id = @id AND business_id = @business_id AND status = 'draft'`).run({ ...values, id, business_id: businessId });
}

export function insertDraft(db: Database.Database, row: NewDraft): void {
  statement(db, `INSERT INTO invoices (kind, series_id, issue_date, customer_id, customer_snapshot, place_of_supply, supply_type, prices_include_tax, currency,
    taxable_minor, tax_minor, round_off_minor, total_minor, tax_result, generation_metadata, updated_at, id, business_id, status, trace_id, created_at)
    VALUES (@kind, @series_id, @issue_date, @customer_id, @customer_snapshot, @place_of_supply, @supply_type, @prices_include_tax, @currency,
    @taxable_minor, @tax_minor, @round_off_minor, @total_minor, @tax_result, @generation_metadata, @updated_at, @id, @business_id, @status, @trace_id, @created_at)`).run(row);
}

/** Deletes a draft and its lines (an invoice no longer a draft keeps its row). */
export function deleteDraft(db: Database.Database, businessId: string, id: string): void {
  deleteInvoiceLines(db, businessId, id);
  statement(db, "DELETE FROM invoices WHERE id = ? AND business_id = ? AND status = 'draft'").run(id, businessId);
}

/** What issuing a draft writes onto its row. */
export interface IssuedDraft {
  kind: string;
  seriesId: string;
  fiscalYear: string;
  seq: number;
  number: string;
  customerId: string;
  customerSnapshot: string;
  placeOfSupply: string | null;
  supplyType: string;
  pricesIncludeTax: number;
  taxableMinor: bigint;
  taxMinor: bigint;
  roundOffMinor: bigint;
  totalMinor: bigint;
  taxResult: string;
  generationMetadata: string;
  now: string;
}

/** Marks a draft issued with its number; returns how many rows changed (0: it was no longer a draft). */
export function markDraftIssued(db: Database.Database, businessId: string, id: string, v: IssuedDraft): number {
  return statement(db, `UPDATE invoices SET status = 'issued', kind = ?, series_id = ?, fiscal_year = ?, seq = ?, number = ?, customer_id = ?, customer_snapshot = ?,
      place_of_supply = ?, supply_type = ?, prices_include_tax = ?, taxable_minor = ?, tax_minor = ?, round_off_minor = ?, total_minor = ?, tax_result = ?,
      generation_metadata = ?, issued_at = ?, updated_at = ? WHERE id = ? AND business_id = ? AND status = 'draft'`).run(
    v.kind, v.seriesId, v.fiscalYear, v.seq, v.number, v.customerId, v.customerSnapshot, v.placeOfSupply, v.supplyType, v.pricesIncludeTax,
    v.taxableMinor, v.taxMinor, v.roundOffMinor, v.totalMinor, v.taxResult, v.generationMetadata, v.now, v.now, id, businessId).changes;
}

// ---------------------------------------------------------------- lines

/** One line as stored (money as INTEGER minor units, components as JSON text). */
export interface NewInvoiceLine {
  id: string;
  productId: string | null;
  description: string;
  hsn: string | null;
  unit: string | null;
  quantity: string;
  unitPrice: string;
  discountMinor: bigint;
  taxableMinor: bigint;
  rate: string;
  category: string;
  components: string;
  taxMinor: bigint;
  totalMinor: bigint;
}

export function deleteInvoiceLines(db: Database.Database, businessId: string, invoiceId: string): void {
  statement(db, 'DELETE FROM invoice_lines WHERE invoice_id = ? AND business_id = ?').run(invoiceId, businessId);
}

/** Replaces an invoice's lines with `lines`, numbered from 1 in the order given. */
export function replaceInvoiceLines(db: Database.Database, businessId: string, invoiceId: string, lines: readonly NewInvoiceLine[]): void {
  deleteInvoiceLines(db, businessId, invoiceId);
  const insert = statement(db, `INSERT INTO invoice_lines (id, invoice_id, business_id, position, product_id, description, hsn, unit, quantity, unit_price,
    discount_minor, taxable_minor, tax_rate, tax_category, components, tax_minor, total_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  lines.forEach((l, i) => {
    insert.run(l.id, invoiceId, businessId, i + 1, l.productId, l.description, l.hsn, l.unit, l.quantity, l.unitPrice,
      l.discountMinor, l.taxableMinor, l.rate, l.category, l.components, l.taxMinor, l.totalMinor);
  });
}

// ---------------------------------------------------------------- PDF outcome

/** Records a written PDF (and clears the last error). */
export function recordHandPdf(db: Database.Database, businessId: string, id: string, pdf: { sha256: string; bytes: number }, now: string): void {
  statement(db, 'UPDATE invoices SET pdf_sha256 = ?, pdf_bytes = ?, last_error = NULL, updated_at = ? WHERE id = ? AND business_id = ?').run(pdf.sha256, pdf.bytes, now, id, businessId);
}

/** Records a failed PDF: one more try counted, the error kept. */
export function recordHandPdfFailure(db: Database.Database, businessId: string, id: string, message: string, now: string): void {
  statement(db, 'UPDATE invoices SET retry_count = retry_count + 1, last_error = ?, updated_at = ? WHERE id = ? AND business_id = ?').run(message, now, id, businessId);
}

// ---------------------------------------------------------------- lookups

/** The code of a series, by id. */
export function seriesCode(db: Database.Database, seriesId: string): string | undefined {
  return selectFirst<{ code: string }>(db, sql`SELECT code FROM series WHERE id = ${seriesId}`)?.code;
}
