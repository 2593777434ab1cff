// Statements of the documents that correct an issued invoice (engine/invoice-actions.ts,
// engine/debit-note.ts, engine/document.ts): its credit and debit notes, the note a request key
// already issued, voiding, the PDF hashes recorded after a render, its e-invoice registration and
// the debit-note series. The engine owns the transactions; every function runs on the `db` handle
// it is given. Money columns arrive as BigInt minor units.
import type Database from 'better-sqlite3';
import { statement } from '../query.js';
import { selectFirst, selectMoney, sql } from '../sql.js';
import type { InvoiceRow, SeriesRow } from '../types.js';

/** Every issued credit note against `invoiceId`, oldest first. */
export function issuedCreditNotes(db: Database.Database, businessId: string, invoiceId: string): InvoiceRow[] {
  return selectMoney<InvoiceRow>(db, sql`SELECT * FROM invoices WHERE business_id = ${businessId} AND original_invoice_id = ${invoiceId} AND kind = 'credit_note' AND status = 'issued' ORDER BY issue_date, seq`);
}

/** Every issued debit note against `invoiceId`, oldest first. */
export function issuedDebitNotes(db: Database.Database, businessId: string, invoiceId: string): InvoiceRow[] {
  return selectMoney<InvoiceRow>(db, sql`SELECT * FROM invoices WHERE business_id = ${businessId} AND original_invoice_id = ${invoiceId} AND kind = 'debit_note' AND status = 'issued' ORDER BY issue_date, seq`);
}

/** A credit or debit note as its invoice lists it. */
export type NoteSummaryRow = Pick<InvoiceRow, 'kind' | 'number' | 'issue_date' | 'total_minor' | 'currency'>;

/** The issued documents against `invoiceId` (credit and debit notes), oldest first. */
export function issuedNotesSummary(db: Database.Database, businessId: string, invoiceId: string): NoteSummaryRow[] {
  return selectMoney<NoteSummaryRow>(db, sql`SELECT kind, number, issue_date, total_minor, currency FROM invoices WHERE business_id = ${businessId} AND original_invoice_id = ${invoiceId} AND status = 'issued' ORDER BY issue_date, seq`);
}

/** Number and date of an invoice (what a note prints of the invoice it corrects). */
export function correctedInvoice(db: Database.Database, businessId: string, id: string): { number: string; issue_date: string } | undefined {
  return selectFirst(db, sql`SELECT number, issue_date FROM invoices WHERE id = ${id} AND business_id = ${businessId}`);
}

/** The note of `kind` a request key issued (whatever invoice it corrects), if any. */
export function noteByRequestKey(db: Database.Database, businessId: string, kind: 'credit_note' | 'debit_note', requestKey: string): InvoiceRow | undefined {
  return selectMoney<InvoiceRow>(db, sql`SELECT * FROM invoices WHERE business_id = ${businessId} AND kind = ${kind} AND json_extract(generation_metadata, '$.requestKey') = ${requestKey} LIMIT 1`)[0];
}

/** Marks an invoice void with its reason (the number stays used). */
export function markVoid(db: Database.Database, id: string, reason: string, now: string): void {
  statement(db, "UPDATE invoices SET status = 'void', void_reason = ?, voided_at = ?, updated_at = ? WHERE id = ?").run(reason, now, now, id);
}

/** Records the hash and size of an invoice's PDF written again (void mark, notes listed). */
export function recordRerenderedPdf(db: Database.Database, businessId: string, id: string, pdf: { sha256: string; bytes: number }, now: string): void {
  statement(db, 'UPDATE invoices SET pdf_sha256 = ?, pdf_bytes = ?, updated_at = ? WHERE id = ? AND business_id = ?').run(pdf.sha256, pdf.bytes, now, id, businessId);
}

/** Records the hash and size of a new note's PDF. */
export function recordNotePdf(db: Database.Database, id: string, pdf: { sha256: string; bytes: number }): void {
  statement(db, 'UPDATE invoices SET pdf_sha256 = ?, pdf_bytes = ? WHERE id = ?').run(pdf.sha256, pdf.bytes, id);
}

/** The invoice's e-invoice registration still in force (not cancelled on the portal), if any. */
export function activeRegistration(db: Database.Database, businessId: string, invoiceId: string): { irn: string; ack_no: string; ack_date: string; signed_qr_code: string } | undefined {
  return selectFirst(db, sql`SELECT irn, ack_no, ack_date, signed_qr_code FROM einvoice_registrations WHERE invoice_id = ${invoiceId} AND business_id = ${businessId} AND cancelled_at IS NULL`);
}

/** The business's first debit-note series, if it has one. */
export function debitNoteSeries(db: Database.Database, businessId: string): SeriesRow | undefined {
  return selectFirst<SeriesRow>(db, sql`SELECT * FROM series WHERE business_id = ${businessId} AND document_kind = 'debit_note' ORDER BY created_at LIMIT 1`);
}

/** Whether the business already has a series with this code (ignoring case). */
export function seriesCodeTaken(db: Database.Database, businessId: string, code: string): boolean {
  return selectFirst(db, sql`SELECT 1 FROM series WHERE business_id = ${businessId} AND upper(code) = upper(${code})`) !== undefined;
}
