// Reads of invoices for the Invoices screen, the CLI and the handlers (docs/ARCHITECTURE.md
// rule 3: every read scoped by business_id). Money columns arrive as BigInt minor units (moneyRows).
import type Database from 'better-sqlite3';
import type { Input } from '../../../src-shared/ipc/contract.js';
import { likeSubstring, selectFirst, selectMoney, selectPage, sql, whereAll, type Sql } from '../sql.js';
import type { InvoiceLineRow, InvoiceRow } from '../types.js';

export type InvoiceFilter = Omit<Input<'invoices.list'>, 'offset' | 'limit'>;

const SORT: Record<NonNullable<InvoiceFilter['sort']>, Sql> = {
  issueDate: sql`issue_date`, number: sql`upper(number)`, total: sql`total_minor`, createdAt: sql`created_at`,
};

/** One page of a business's invoices under the screen's filters, newest first unless asked otherwise. */
export function listInvoicePage(db: Database.Database, filter: InvoiceFilter, page: { offset: number; limit: number }): { rows: InvoiceRow[]; total: number } {
  const number = filter.number?.trim();
  const where = whereAll([
    sql`business_id = ${filter.businessId}`,
    filter.status !== undefined && sql`status = ${filter.status}`,
    filter.from !== undefined && sql`issue_date >= ${filter.from}`,
    filter.to !== undefined && sql`issue_date <= ${filter.to}`,
    filter.customerId !== undefined && sql`customer_id = ${filter.customerId}`,
    filter.batchId !== undefined && sql`batch_id = ${filter.batchId}`,
    number ? sql`upper(number) LIKE upper(${likeSubstring(number)}) ESCAPE '\\'` : undefined,
  ]);
  const dir = (filter.dir ?? 'desc') === 'desc' ? sql`DESC` : sql`ASC`;
  const order = sql`${SORT[filter.sort ?? 'issueDate']} ${dir}, created_at ${dir}, id ${dir}`;
  return selectPage<InvoiceRow>(db, sql`FROM invoices ${where}`, order, page, true);
}

export function findInvoice(db: Database.Database, businessId: string, id: string): InvoiceRow | undefined {
  return selectMoney<InvoiceRow>(db, sql`SELECT * FROM invoices WHERE business_id = ${businessId} AND id = ${id}`)[0];
}

export function invoiceLines(db: Database.Database, businessId: string, invoiceId: string): InvoiceLineRow[] {
  return selectMoney<InvoiceLineRow>(db, sql`SELECT * FROM invoice_lines WHERE business_id = ${businessId} AND invoice_id = ${invoiceId} ORDER BY position`);
}

/** Number and date of an invoice (what a credit note prints of the invoice it corrects). */
export function invoiceReference(db: Database.Database, businessId: string, id: string): { id: string; number: string; issue_date: string } | undefined {
  return selectFirst(db, sql`SELECT id, number, issue_date FROM invoices WHERE business_id = ${businessId} AND id = ${id}`);
}

/** The fiscal year an invoice was numbered in (its PDF's folder). */
export function invoiceFiscalYear(db: Database.Database, id: string): string | undefined {
  return selectFirst<{ fiscal_year: string }>(db, sql`SELECT fiscal_year FROM invoices WHERE id = ${id}`)?.fiscal_year;
}

/** Customer id and name of an invoice, from its snapshot. */
export function invoiceCustomer(db: Database.Database, businessId: string, id: string): { customer_id: string | null; name: string | null } | undefined {
  return selectFirst(db, sql`SELECT customer_id, json_extract(customer_snapshot, '$.name') AS name FROM invoices WHERE id = ${id} AND business_id = ${businessId}`);
}

/** E-invoice registrations still in force for the business's invoices dated from..to. */
export function countRegistrations(db: Database.Database, businessId: string, from: string, to: string): number {
  return selectFirst<{ n: number }>(db, sql`SELECT COUNT(*) AS n FROM einvoice_registrations r JOIN invoices i ON i.id = r.invoice_id
    WHERE r.business_id = ${businessId} AND r.cancelled_at IS NULL AND i.issue_date BETWEEN ${from} AND ${to}`)!.n;
}

export interface InvoiceFigures {
  currency: string | null;
  invoices: bigint;
  credit_notes: bigint;
  voided: bigint;
  sales_minor: bigint | null;
  tax_minor: bigint | null;
}

/**
 * Home's figures over numbered documents dated from..to: SUMs over INTEGER minor units (read as
 * BigInt). A credit note takes its value off the period it is dated in; a voided invoice counts
 * zero. `currency` is null when the business does not exist.
 */
export function invoiceFigures(db: Database.Database, businessId: string, from: string, to: string): InvoiceFigures {
  return selectMoney<InvoiceFigures>(db, sql`SELECT
      (SELECT currency FROM businesses WHERE id = ${businessId}) AS currency,
      COUNT(*) FILTER (WHERE status = 'issued' AND kind <> 'credit_note') AS invoices,
      COUNT(*) FILTER (WHERE status = 'issued' AND kind = 'credit_note') AS credit_notes,
      COUNT(*) FILTER (WHERE status = 'void' AND kind <> 'credit_note') AS voided,
      SUM(CASE WHEN status <> 'issued' THEN 0 WHEN kind = 'credit_note' THEN -total_minor ELSE total_minor END) AS sales_minor,
      SUM(CASE WHEN status <> 'issued' THEN 0 WHEN kind = 'credit_note' THEN -tax_minor ELSE tax_minor END) AS tax_minor
    FROM invoices WHERE business_id = ${businessId} AND number IS NOT NULL AND issue_date >= ${from} AND issue_date <= ${to}`)[0]!;
}
