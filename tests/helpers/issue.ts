// Issues invoices the way the ledger requires, for tests and the numbering benchmark (the engine
// has its own path): inside one BEGIN IMMEDIATE transaction, allocateNumbers takes N consecutive
// numbers, and each invoice is written with 5 lines, its audit entry and its outbox entry.
import type Database from 'better-sqlite3';
import { newId } from '../../src-shared/ids.js';
import { appendAudit } from '../../src-main/audit/audit.js';
import { appendOutbox } from '../../src-main/sync/outbox.js';
import { statement } from '../../src-main/db/query.js';
import type { Store } from '../../src-main/db/store.js';
import type { SeriesRow } from '../../src-main/db/types.js';
import { allocateNumbers, type NumberRules } from '../../src-main/numbering/numbering.js';
import { fiscalYearOf } from '../../src-main/numbering/format.js';

export const LINES_PER_INVOICE = 5;

export interface IssueRequest {
  businessId: string;
  series: SeriesRow;
  fiscalYearStartMonth: number;
  /** Issue date, YYYY-MM-DD; picks the fiscal year. */
  date: string;
  count: number;
  currency?: string;
  traceId?: string | null;
  rules?: NumberRules;
  actor?: string;
  /** Throw after writing everything, before COMMIT (tests: the transaction must leave no trace). */
  failBeforeCommit?: boolean;
}

export interface IssuedInvoices {
  ids: string[];
  seqs: number[];
  numbers: string[];
  fiscalYear: string;
}

const INSERT_INVOICE = `INSERT INTO invoices (id, business_id, kind, status, series_id, fiscal_year, seq, number, issue_date,
  customer_snapshot, place_of_supply, currency, taxable_minor, tax_minor, total_minor, trace_id, issued_at, created_at, updated_at)
  VALUES (?, ?, 'tax_invoice', 'issued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
// All lines of an invoice in one statement: one call into SQLite instead of five.
const INSERT_LINES = `INSERT INTO invoice_lines (id, invoice_id, business_id, position, description, hsn, unit, quantity, unit_price,
  taxable_minor, tax_rate, tax_category, components, tax_minor, total_minor) VALUES
  ${Array.from({ length: LINES_PER_INVOICE }, () => "(?, ?, ?, ?, ?, ?, 'NOS', ?, ?, ?, '18', 'standard', ?, ?, ?)").join(',\n  ')}`;

const CUSTOMER = JSON.stringify({ name: 'Bench Customer Pvt Ltd', taxId: '29AAGCB7383J1Z4', state: '29', address: '2 MG Road, Bengaluru' });
// Five fixed lines at 18% IGST: taxable 100.00 × (i+1), tax 18%.
const LINES = Array.from({ length: LINES_PER_INVOICE }, (_, i) => {
  const taxable = 10_000 * (i + 1);
  const tax = (taxable * 18) / 100;
  return {
    description: `Item ${i + 1}`, hsn: '8471', quantity: String(i + 1), unitPrice: '100.00', taxable, tax, total: taxable + tax,
    components: JSON.stringify([{ name: 'IGST', rate: '18', amount: (tax / 100).toFixed(2) }]),
  };
});
const TAXABLE = LINES.reduce((sum, line) => sum + line.taxable, 0);
const TAX = LINES.reduce((sum, line) => sum + line.tax, 0);
const TOTALS = { taxable: (TAXABLE / 100).toFixed(2), tax: (TAX / 100).toFixed(2), total: ((TAXABLE + TAX) / 100).toFixed(2), roundOff: '0.00', grandTotal: ((TAXABLE + TAX) / 100).toFixed(2) };

/** Writes `count` issued invoices inside the caller's write transaction (Store.write). */
export function issueInvoicesIn(db: Database.Database, request: IssueRequest): IssuedInvoices {
  const fiscalYear = fiscalYearOf(request.date, request.fiscalYearStartMonth);
  const allocated = allocateNumbers(db, request.series, fiscalYear, request.count, request.rules);
  const insertInvoice = statement(db, INSERT_INVOICE);
  const insertLines = statement(db, INSERT_LINES);
  const lineParams: unknown[] = new Array<unknown>(LINES_PER_INVOICE * 12);
  const now = new Date().toISOString();
  const currency = request.currency ?? 'INR';
  const traceId = request.traceId ?? null;
  const ids: string[] = [];
  for (let i = 0; i < request.count; i++) {
    const id = newId();
    const seq = allocated.seqs[i]!;
    const number = allocated.numbers[i]!;
    insertInvoice.run(id, request.businessId, request.series.id, allocated.fiscalYear, seq, number, request.date, CUSTOMER, '29', currency, TAXABLE, TAX, TAXABLE + TAX, traceId, now, now, now);
    LINES.forEach((line, position) => {
      const at = position * 12;
      lineParams[at] = newId(); lineParams[at + 1] = id; lineParams[at + 2] = request.businessId; lineParams[at + 3] = position + 1;
      lineParams[at + 4] = line.description; lineParams[at + 5] = line.hsn; lineParams[at + 6] = line.quantity; lineParams[at + 7] = line.unitPrice;
      lineParams[at + 8] = line.taxable; lineParams[at + 9] = line.components; lineParams[at + 10] = line.tax; lineParams[at + 11] = line.total;
    });
    insertLines.run(lineParams);
    appendAudit(db, { businessId: request.businessId, actor: request.actor ?? 'test', action: 'invoice.issue', entity: 'invoice', entityId: id, traceId, details: { number, seq, fiscalYear: allocated.fiscalYear, totalMinor: TAXABLE + TAX } });
    // The same outbox payload the generation engine writes (src-main/engine/persist.ts).
    appendOutbox(db, { businessId: request.businessId, entity: 'invoice', entityId: id, op: 'insert', payload: { id, number, date: request.date, kind: 'tax_invoice', totals: TOTALS, currency, customerId: null } });
    ids.push(id);
  }
  if (request.failBeforeCommit) throw new Error('failBeforeCommit: rolling back on purpose');
  return { ids, seqs: allocated.seqs, numbers: allocated.numbers, fiscalYear: allocated.fiscalYear };
}

/** One transaction: N consecutive numbers, N invoices with 5 lines, N audit and N outbox rows. */
export function issueInvoicesForBench(store: Store, request: IssueRequest): IssuedInvoices {
  return store.write((db) => issueInvoicesIn(db, request));
}

/** Voids an issued invoice (its number stays used), with audit and outbox rows, in one transaction. */
export function voidInvoice(store: Store, businessId: string, invoiceId: string, reason = 'test void', actor = 'test'): boolean {
  return store.write((db) => {
    const now = new Date().toISOString();
    const changed = statement(db, "UPDATE invoices SET status = 'void', void_reason = ?, voided_at = ?, updated_at = ? WHERE id = ? AND business_id = ? AND status = 'issued'")
      .run(reason, now, now, invoiceId, businessId).changes;
    if (changed === 0) return false;
    appendAudit(db, { businessId, actor, action: 'invoice.void', entity: 'invoice', entityId: invoiceId, details: { reason } });
    appendOutbox(db, { businessId, entity: 'invoice', entityId: invoiceId, op: 'update', payload: { id: invoiceId, status: 'void', voidReason: reason, voidedAt: now } });
    return true;
  });
}
