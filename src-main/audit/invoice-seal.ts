// The content seal of an issued invoice: SHA-256 of a canonical JSON of its stored rows (number,
// date, parties, amounts, tax result and every line). appendAudit puts the seal into each audit
// entry about a numbered invoice, so the hash chain also vouches for the invoices themselves, and
// verifyInvoiceSeals recomputes the seals from the rows to name an invoice altered or deleted
// behind the app's back, a number issued twice, or a counter wound back.
//
// The columns are listed explicitly: what may legitimately change after issue (status, void
// reason, PDF hash, retry counters, columns added later) is not sealed.
import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { statement } from '../db/query.js';

const INVOICE_COLUMNS = ['id', 'business_id', 'kind', 'series_id', 'fiscal_year', 'seq', 'number', 'issue_date', 'supply_date', 'customer_snapshot',
  'place_of_supply', 'supply_type', 'reverse_charge', 'prices_include_tax', 'currency', 'taxable_minor', 'tax_minor', 'round_off_minor', 'total_minor',
  'tax_result', 'original_invoice_id'] as const;
const LINE_COLUMNS = ['position', 'product_id', 'description', 'hsn', 'unit', 'quantity', 'unit_price', 'discount_minor', 'taxable_minor', 'tax_rate',
  'tax_category', 'components', 'tax_minor', 'total_minor'] as const;

const INVOICE_SQL = `SELECT ${INVOICE_COLUMNS.join(', ')} FROM invoices WHERE id = ?`;
const LINES_SQL = `SELECT ${LINE_COLUMNS.join(', ')} FROM invoice_lines WHERE invoice_id = ? ORDER BY position`;
const SEAL_VERSION = 'ledgerflow-invoice-seal-v1';

/** What an audit entry records about the invoice it concerns (details.content). */
export interface InvoiceSeal {
  sha256: string;
  number: string;
  seriesId: string | null;
  fiscalYear: string | null;
  seq: number;
}

/** Integers as decimal strings (the same whether SQLite hands back a number or a bigint). */
function canonicalCell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return String(value);
}

/** The seal of the invoice as stored now; undefined for a missing invoice or an unnumbered draft. */
export function sealInvoice(db: Database.Database, invoiceId: string): InvoiceSeal | undefined {
  const invoice = statement(db, INVOICE_SQL).safeIntegers(true).raw(true).get(invoiceId) as unknown[] | undefined;
  if (!invoice) return undefined;
  const number = invoice[6];
  if (number === null || number === undefined) return undefined;
  const lines = statement(db, LINES_SQL).safeIntegers(true).raw(true).all(invoiceId) as unknown[][];
  const canonical = JSON.stringify([invoice.map(canonicalCell), lines.map((line) => line.map(canonicalCell))]);
  return {
    sha256: hash('sha256', `${SEAL_VERSION}\n${canonical}`, 'hex'),
    number: String(number),
    seriesId: canonicalCell(invoice[3]),
    fiscalYear: canonicalCell(invoice[4]),
    seq: Number(invoice[5]),
  };
}
