// The documents of one return period as GSTR-1 and the e-invoice files need them: issued and
// voided invoices and credit notes dated in the period, each credit note with its invoice. Reads
// only; the stored tax result is the source of every amount.
import type Database from 'better-sqlite3';
import { moneyRows, statement } from '../query.js';
import { selectFirst, sql } from '../sql.js';
import type { EinvoiceRegistrationRow, InvoiceRow } from '../types.js';
import { AppError } from '../../../src-shared/errors.js';
import { invoicesNumbered, resolveInvoiceRef } from './invoice-refs.js';

export interface FilingRow extends InvoiceRow {
  series_code: string | null;
}

/** Issued and voided documents of a business dated from..to (inclusive, YYYY-MM-DD), in number order. */
export function documentsForPeriod(db: Database.Database, businessId: string, from: string, to: string): FilingRow[] {
  return moneyRows<FilingRow>(
    statement(db, `SELECT i.*, s.code AS series_code FROM invoices i LEFT JOIN series s ON s.id = i.series_id
      WHERE i.business_id = ? AND i.status IN ('issued', 'void') AND i.issue_date BETWEEN ? AND ?
      ORDER BY s.code, i.fiscal_year, i.seq`),
    businessId, from, to,
  );
}

/** Invoices of the business by id (the originals of credit notes), whatever their date. */
export function documentsByIds(db: Database.Database, businessId: string, ids: string[]): Map<string, FilingRow> {
  const found = new Map<string, FilingRow>();
  const stmt = statement(db, `SELECT i.*, s.code AS series_code FROM invoices i LEFT JOIN series s ON s.id = i.series_id WHERE i.business_id = ? AND i.id = ?`);
  for (const id of new Set(ids)) {
    const [row] = moneyRows<FilingRow>(stmt, businessId, id);
    if (row) found.set(id, row);
  }
  return found;
}

/**
 * One document of the business by id or by number (undefined when none); a number issued in several
 * fiscal years needs `fiscalYear`, else BAD_INPUT names the years (db/repos/invoice-refs.ts).
 */
export function documentByIdOrNumber(db: Database.Database, businessId: string, idOrNumber: string, fiscalYear?: string): FilingRow | undefined {
  let id: string;
  try {
    id = resolveInvoiceRef(db, { ref: idOrNumber, businessId, fiscalYear }).id;
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
  return documentsByIds(db, businessId, [id]).get(id);
}

/**
 * The document a number and a date name together (the IRP's DocNo and DocDt): a number recurs in
 * each fiscal year of a series that starts again at 1, and the date tells them apart. With one
 * document of that number it is returned whatever its date (the caller compares the dates).
 */
export function documentByNumberDated(db: Database.Database, businessId: string, number: string, isoDate: string): FilingRow | undefined {
  const rows = [...documentsByIds(db, businessId, invoicesNumbered(db, number, { businessId }).map((r) => r.id)).values()];
  return rows.length > 1 ? rows.find((r) => r.issue_date === isoDate) ?? rows[0] : rows[0];
}

/** Issued documents of one batch, in number order. */
export function documentsOfBatch(db: Database.Database, businessId: string, batchId: string): FilingRow[] {
  return moneyRows<FilingRow>(
    statement(db, `SELECT i.*, s.code AS series_code FROM invoices i LEFT JOIN series s ON s.id = i.series_id
      WHERE i.business_id = ? AND i.batch_id = ? AND i.status IN ('issued', 'void') ORDER BY s.code, i.fiscal_year, i.seq`),
    businessId, batchId,
  );
}

/** The IRP registration attached to an invoice, if any (an invoice is registered once). */
export function registrationOf(db: Database.Database, invoiceId: string): { irn: string; cancelled_at: string | null } | undefined {
  return selectFirst(db, sql`SELECT irn, cancelled_at FROM einvoice_registrations WHERE invoice_id = ${invoiceId}`);
}

export function insertRegistration(db: Database.Database, row: Omit<EinvoiceRegistrationRow, 'cancelled_at' | 'cancel_reason'>): void {
  statement(db, 'INSERT INTO einvoice_registrations (invoice_id, business_id, irn, ack_no, ack_date, signed_qr_code, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(row.invoice_id, row.business_id, row.irn, row.ack_no, row.ack_date, row.signed_qr_code, row.registered_at);
}

/** Records the portal's cancellation of an invoice's registration. */
export function cancelRegistration(db: Database.Database, invoiceId: string, reason: string, at: string): void {
  statement(db, 'UPDATE einvoice_registrations SET cancelled_at = ?, cancel_reason = ? WHERE invoice_id = ?').run(at, reason, invoiceId);
}
