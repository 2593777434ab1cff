// Reads and writes of the export ZIPs (core/services.ts): which documents a batch or a period
// exports, paged in storage order, and the `exports` record of each ZIP written. A set of
// documents is a `FROM … WHERE …` fragment, so the same set is checked, counted and paged.
import type Database from 'better-sqlite3';
import { statement } from '../query.js';
import { selectAll, selectFirst, selectMoney, sql, type Sql } from '../sql.js';
import type { BatchRow, ExportRow, InvoiceRow } from '../types.js';

/** Documents of a batch: its own, and the credit notes issued later against its invoices. */
export function batchDocuments(batch: Pick<BatchRow, 'id' | 'business_id'>): Sql {
  return sql`FROM invoices WHERE (batch_id = ${batch.id} OR (business_id = ${batch.business_id} AND original_invoice_id IN (SELECT id FROM invoices WHERE batch_id = ${batch.id})))
  AND status != 'draft' AND number IS NOT NULL`;
}

/** Documents of a period: every numbered invoice, voided invoice and credit note dated in it. */
export function periodDocuments(businessId: string, from: string, to: string): Sql {
  return sql`FROM invoices WHERE business_id = ${businessId} AND issue_date >= ${from} AND issue_date <= ${to} AND status != 'draft' AND number IS NOT NULL`;
}

/** A document of the set whose PDF was never written, if any. */
export function documentWithoutPdf(db: Database.Database, documents: Sql): { number: string; last_error: string | null; batch_id: string | null } | undefined {
  return selectFirst(db, sql`SELECT number, last_error, batch_id ${documents} AND pdf_sha256 IS NULL LIMIT 1`);
}

/** The next page of the set in storage order, after rowid `after` (money columns as BigInt). */
export function documentPage(db: Database.Database, documents: Sql, after: number, limit: number): Array<InvoiceRow & { rid: number }> {
  return selectMoney<InvoiceRow & { rid: number }>(db, sql`SELECT rowid AS rid, * ${documents} AND rowid > ${after} ORDER BY rowid LIMIT ${limit}`);
}

export function countDocuments(db: Database.Database, documents: Sql): number {
  return selectFirst<{ n: number }>(db, sql`SELECT COUNT(*) AS n ${documents}`)!.n;
}

/** The businesses with numbered documents dated from..to (inclusive). */
export function businessesWithDocuments(db: Database.Database, from: string, to: string): string[] {
  return selectAll<{ business_id: string }>(db, sql`SELECT DISTINCT business_id FROM invoices WHERE issue_date >= ${from} AND issue_date <= ${to} AND status != 'draft' AND number IS NOT NULL`)
    .map((r) => r.business_id);
}

/** A batch by id, whatever its business (the export names batches by id alone). */
export function batchById(db: Database.Database, id: string): BatchRow | undefined {
  return selectFirst<BatchRow>(db, sql`SELECT * FROM batches WHERE id = ${id}`);
}

export function insertExport(db: Database.Database, row: ExportRow): void {
  statement(db, 'INSERT INTO exports (id, business_id, batch_id, path, sha256, bytes, invoice_count, trace_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(row.id, row.business_id, row.batch_id, row.path, row.sha256, row.bytes, row.invoice_count, row.trace_id, row.created_at);
}
