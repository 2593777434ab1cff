// The statements of the audit layer (src-main/audit: the hash-chained log, invoice content seals,
// anchors, `audit verify`). They live here, at the db level, because the audit layer sits below
// the repositories (tests/unit/architecture/layers.test.ts) and may not import them.
import type Database from 'better-sqlite3';
import { statement } from './query.js';
import { selectAll, selectFirst, sql } from './sql.js';
import type { AuditRow } from './types.js';

// ---------------------------------------------------------------- the chain (audit/audit.ts)

/** Hash of the last entry of the chain (undefined: empty chain). */
export function lastAuditHash(db: Database.Database): string | undefined {
  return (statement(db, 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { hash: string } | undefined)?.hash;
}

/** Appends one row (positional parameters: binding named ones from a spread object costs more on the hot path). */
export function insertAuditRow(db: Database.Database, row: Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'>, prevHash: string, hash: string): void {
  statement(db, `INSERT INTO audit_log (id, at, business_id, actor, action, entity, entity_id, trace_id, details, prev_hash, hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(row.id, row.at, row.business_id, row.actor, row.action, row.entity, row.entity_id, row.trace_id, row.details, prevHash, hash);
}

/** Every entry in chain order, streamed (constant memory). */
export function auditRowsInOrder(db: Database.Database): IterableIterator<AuditRow> {
  return db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>;
}

/** The newest entry with either action (a backup, or a restore of one). */
export function latestAuditOfEither(db: Database.Database, action: string, other: string): { at: string; details: string } | undefined {
  return selectFirst(db, sql`SELECT at, details FROM audit_log WHERE action = ${action} OR action = ${other} ORDER BY seq DESC LIMIT 1`);
}

// ---------------------------------------------------------------- anchors (audit/anchor.ts)

/** seq and hash of the last entry (undefined: empty chain). */
export function auditHeadEntry(db: Database.Database): { seq: number; hash: string } | undefined {
  return selectFirst(db, sql`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
}

/** Number of entries and the last seq (0 when empty). */
export function auditSize(db: Database.Database): { n: number; top: number } {
  return selectFirst<{ n: number; top: number }>(db, sql`SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS top FROM audit_log`)!;
}

export function auditHashAt(db: Database.Database, seq: number): string | undefined {
  return selectFirst<{ hash: string }>(db, sql`SELECT hash FROM audit_log WHERE seq = ${seq}`)?.hash;
}

export function auditEntriesUpTo(db: Database.Database, seq: number): number {
  return selectFirst<{ n: number }>(db, sql`SELECT COUNT(*) AS n FROM audit_log WHERE seq <= ${seq}`)!.n;
}

// ---------------------------------------------------------------- content seals (audit/invoice-seal.ts)

// The sealed columns, in the order the seal hashes them. What may legitimately change after issue
// (status, void reason, PDF hash, retry counters, columns added later) is not sealed. Changing a
// list changes every seal: it would need a new seal version.
const SEALED_INVOICE_COLUMNS = ['id', 'business_id', 'kind', 'series_id', 'fiscal_year', 'seq', 'number', 'issue_date', 'supply_date', 'customer_snapshot',
  'place_of_supply', 'supply_type', 'reverse_charge', 'prices_include_tax', 'currency', 'taxable_minor', 'tax_minor', 'round_off_minor', 'total_minor',
  'tax_result', 'original_invoice_id'] as const;
const SEALED_LINE_COLUMNS = ['position', 'product_id', 'description', 'hsn', 'unit', 'quantity', 'unit_price', 'discount_minor', 'taxable_minor', 'tax_rate',
  'tax_category', 'components', 'tax_minor', 'total_minor'] as const;
const SEALED_INVOICE = `SELECT ${SEALED_INVOICE_COLUMNS.join(', ')} FROM invoices WHERE id = ?`;
const SEALED_LINES = `SELECT ${SEALED_LINE_COLUMNS.join(', ')} FROM invoice_lines WHERE invoice_id = ? ORDER BY position`;

/** Position of a column in sealedInvoiceCells' array. */
export const SEALED_CELL = { seriesId: 3, fiscalYear: 4, seq: 5, number: 6 } as const;

/** The sealed columns of an invoice and of a line, in the seal's order (what a writer hands to the seal follows it). */
export const SEALED_COLUMNS = { invoice: SEALED_INVOICE_COLUMNS, line: SEALED_LINE_COLUMNS } as const;
export const SEALED_INVOICE_WIDTH = SEALED_INVOICE_COLUMNS.length;
export const SEALED_LINE_WIDTH = SEALED_LINE_COLUMNS.length;
/** Positions of the INTEGER columns among the sealed ones (the others are TEXT; the schema test holds them to the tables). */
export const SEALED_INVOICE_INTEGERS: ReadonlySet<number> = new Set(['seq', 'reverse_charge', 'prices_include_tax', 'taxable_minor', 'tax_minor', 'round_off_minor', 'total_minor'].map((c) => SEALED_INVOICE_COLUMNS.indexOf(c as never)));
export const SEALED_LINE_INTEGERS: ReadonlySet<number> = new Set(['position', 'discount_minor', 'taxable_minor', 'tax_minor', 'total_minor'].map((c) => SEALED_LINE_COLUMNS.indexOf(c as never)));

/** The sealed columns of an invoice as raw cells (integers as bigint), or undefined. */
export function sealedInvoiceCells(db: Database.Database, invoiceId: string): unknown[] | undefined {
  return statement(db, SEALED_INVOICE).safeIntegers(true).raw(true).get(invoiceId) as unknown[] | undefined;
}

/** The sealed columns of each line of an invoice, in position order, as raw cells. */
export function sealedLineCells(db: Database.Database, invoiceId: string): unknown[][] {
  return statement(db, SEALED_LINES).safeIntegers(true).raw(true).all(invoiceId) as unknown[][];
}

// ---------------------------------------------------------------- invoices against the log (audit/verify-invoices.ts)

export interface InvoiceAuditEntry {
  seq: number;
  action: string;
  business_id: string | null;
  entity_id: string;
  details: string;
}

/** Every audit entry about an invoice, in chain order, streamed. */
export function invoiceAuditEntries(db: Database.Database): IterableIterator<InvoiceAuditEntry> {
  return db.prepare("SELECT seq, action, business_id, entity_id, details FROM audit_log WHERE entity = 'invoice' AND entity_id IS NOT NULL ORDER BY seq")
    .iterate() as IterableIterator<InvoiceAuditEntry>;
}

/** A test for whether an invoice row exists (prepared once for many ids). */
export function invoiceExists(db: Database.Database): (invoiceId: string) => boolean {
  const exists = db.prepare('SELECT 1 FROM invoices WHERE id = ?');
  return (invoiceId) => exists.get(invoiceId) !== undefined;
}

/** A reader of the fiscal year an invoice is stored under (prepared once for many ids; undefined: no such invoice or no year). */
export function invoiceFiscalYearReader(db: Database.Database): (invoiceId: string) => string | undefined {
  const yearOf = db.prepare('SELECT fiscal_year FROM invoices WHERE id = ?').pluck();
  return (invoiceId) => (yearOf.get(invoiceId) as string | null | undefined) ?? undefined;
}

/** Id and number of every numbered invoice, streamed. */
export function numberedInvoices(db: Database.Database): IterableIterator<{ id: string; number: string }> {
  return db.prepare('SELECT id, number FROM invoices WHERE number IS NOT NULL').iterate() as IterableIterator<{ id: string; number: string }>;
}

/** A reader of series counters (prepared once for many series): the last seq taken, or undefined. */
export function counterReader(db: Database.Database): (seriesId: string, fiscalYear: string) => number | undefined {
  const counterOf = db.prepare('SELECT last_seq FROM series_counters WHERE series_id = ? AND fiscal_year = ?').pluck();
  return (seriesId, fiscalYear) => counterOf.get(seriesId, fiscalYear) as number | undefined;
}

/** Counters behind the highest seq their invoices carry. */
export function countersBehindInvoices(db: Database.Database): Array<{ series_id: string; fiscal_year: string; last_seq: number; top: number }> {
  return selectAll(db, sql`SELECT c.series_id, c.fiscal_year, c.last_seq, MAX(i.seq) AS top FROM series_counters c
    JOIN invoices i ON i.series_id = c.series_id AND i.fiscal_year = c.fiscal_year AND i.seq IS NOT NULL
    GROUP BY c.series_id, c.fiscal_year HAVING top > c.last_seq`);
}
