// A batch's life as the engine runs it (src-main/engine/pipeline.ts, recovery.ts, batch-owner.ts):
// its row from start to finish, its items, its counts recounted from what is stored, and the PDF
// state of its invoices. Reads for screens and the CLI are in batches.ts.
import type Database from 'better-sqlite3';
import { moneyRow, statement } from '../query.js';
import type { BatchOutcome } from '../../../src-shared/schemas/batch.js';
import type { BatchRow, InvoiceRow } from '../types.js';

export interface NewBatch {
  id: string;
  businessId: string;
  source: string;
  config: string;
  traceId: string;
  requested: number;
  startedAt: string;
  owner: { pid: number; host: string };
}

/** A batch starts 'running', owned by this process, its start its first sign of life. */
export function insertRunningBatch(db: Database.Database, b: NewBatch): void {
  statement(db, `INSERT INTO batches (id, business_id, source, config, status, trace_id, requested, started_at, owner_pid, owner_host, heartbeat_at) VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)`)
    .run(b.id, b.businessId, b.source, b.config, b.traceId, b.requested, b.startedAt, b.owner.pid, b.owner.host, b.startedAt);
}

/** A batch by id, whatever its business (the batch id is what `batch resume` and `batch retry` are given). */
export function batchById(db: Database.Database, id: string): BatchRow | undefined {
  return statement(db, 'SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;
}

/**
 * Adopts a stopped batch for this process: compare-and-set on the row as it was read, so two
 * processes resuming it at once cannot both go on. True when this process got it.
 */
export function adoptBatch(db: Database.Database, seen: Pick<BatchRow, 'id' | 'status' | 'owner_pid' | 'heartbeat_at'>, owner: { pid: number; host: string }, now: string): boolean {
  return statement(db, `UPDATE batches SET status = 'running', owner_pid = ?, owner_host = ?, heartbeat_at = ?, finished_at = NULL, error = NULL, already_invoiced_count = 0
      WHERE id = ? AND status = ? AND owner_pid IS ? AND heartbeat_at IS ?`).run(owner.pid, owner.host, now, seen.id, seen.status, seen.owner_pid, seen.heartbeat_at).changes === 1;
}

/** The final state of a run: status, counts, when it finished, how long it took, and why it stopped. */
export interface BatchEnd {
  status: BatchOutcome;
  created: number;
  failed: number;
  finishedAt: string;
  durationMs: number;
  error: string | null;
}

export function finishBatchRow(db: Database.Database, batchId: string, end: BatchEnd): void {
  statement(db, 'UPDATE batches SET status = ?, created_count = ?, failed_count = ?, finished_at = ?, duration_ms = ?, error = ? WHERE id = ?')
    .run(end.status, end.created, end.failed, end.finishedAt, end.durationMs, end.error, batchId);
}

/** Like finishBatchRow for a resumed batch: its duration adds this run's to the earlier ones'. */
export function finishResumedBatchRow(db: Database.Database, batchId: string, end: BatchEnd): void {
  statement(db, 'UPDATE batches SET status = ?, created_count = ?, failed_count = ?, finished_at = ?, duration_ms = coalesce(duration_ms, 0) + ?, error = ? WHERE id = ?')
    .run(end.status, end.created, end.failed, end.finishedAt, end.durationMs, end.error, batchId);
}

/** A retried batch's status and counts (its duration and error stay those of its run). */
export function setRetriedBatchCounts(db: Database.Database, batchId: string, end: Pick<BatchEnd, 'status' | 'created' | 'failed' | 'finishedAt'>): void {
  statement(db, 'UPDATE batches SET status = ?, created_count = ?, failed_count = ?, finished_at = ? WHERE id = ?').run(end.status, end.created, end.failed, end.finishedAt, batchId);
}

/** Issued and failed items recorded for a batch (null when it has none). */
export function batchItemCounts(db: Database.Database, batchId: string): { c: number | null; f: number | null } {
  return statement(db, "SELECT SUM(status = 'issued') AS c, SUM(status = 'failed') AS f FROM batch_items WHERE batch_id = ?").get(batchId) as { c: number | null; f: number | null };
}

/** Every item a batch has handled so far, issued or failed. */
export function handledItems(db: Database.Database, batchId: string): Array<{ position: number; source_ref: string; status: string; invoice_id: string | null }> {
  return statement(db, 'SELECT position, source_ref, status, invoice_id FROM batch_items WHERE batch_id = ?').all(batchId) as Array<{ position: number; source_ref: string; status: string; invoice_id: string | null }>;
}

/** A batch's failed items with what was recorded to retry them, in position order. */
export function failedItems(db: Database.Database, batchId: string): Array<{ position: number; source_ref: string; payload: string }> {
  return statement(db, "SELECT position, source_ref, payload FROM batch_items WHERE batch_id = ? AND status = 'failed' ORDER BY position").all(batchId) as Array<{ position: number; source_ref: string; payload: string }>;
}

/** A batch's issued invoices (not drafts) that have no PDF yet; `inOrder`: in the order they were written. */
export function invoicesWithoutPdf(db: Database.Database, batchId: string, inOrder = false): Array<{ id: string; number: string; fiscal_year: string }> {
  const query = inOrder
    ? "SELECT id, number, fiscal_year FROM invoices WHERE batch_id = ? AND status != 'draft' AND pdf_sha256 IS NULL ORDER BY rowid"
    : "SELECT id, number, fiscal_year FROM invoices WHERE batch_id = ? AND status != 'draft' AND pdf_sha256 IS NULL";
  return statement(db, query).all(batchId) as Array<{ id: string; number: string; fiscal_year: string }>;
}

/** What a batch stands at after a retry, from what is stored: issued items, failed items, invoices without a PDF. */
export function retriedBatchCounts(db: Database.Database, batchId: string): { created: number; failedItems: number; missingPdfs: number; alreadyInvoiced: number } {
  return statement(db, `SELECT
      (SELECT COUNT(*) FROM batch_items WHERE batch_id = ? AND status = 'issued') AS created,
      (SELECT COUNT(*) FROM batch_items WHERE batch_id = ? AND status = 'failed') AS failedItems,
      (SELECT COUNT(*) FROM invoices WHERE batch_id = ? AND pdf_sha256 IS NULL) AS missingPdfs,
      (SELECT already_invoiced_count FROM batches WHERE id = ?) AS alreadyInvoiced`).get(batchId, batchId, batchId, batchId) as { created: number; failedItems: number; missingPdfs: number; alreadyInvoiced: number };
}

/** What a batch stands at after a resume, from what is stored: its issued invoices, failed items, invoices without a PDF. */
export function resumedBatchCounts(db: Database.Database, batchId: string): { created: number; failedItems: number; missingPdfs: number; alreadyInvoiced: number } {
  return statement(db, `SELECT
        (SELECT COUNT(*) FROM invoices WHERE batch_id = ? AND status != 'draft') AS created,
        (SELECT COUNT(*) FROM batch_items WHERE batch_id = ? AND status = 'failed') AS failedItems,
        (SELECT COUNT(*) FROM invoices WHERE batch_id = ? AND status != 'draft' AND pdf_sha256 IS NULL) AS missingPdfs,
        (SELECT already_invoiced_count FROM batches WHERE id = ?) AS alreadyInvoiced`).get(batchId, batchId, batchId, batchId) as { created: number; failedItems: number; missingPdfs: number; alreadyInvoiced: number };
}

/** How many invoices a batch has issued (drafts aside). */
export function issuedInBatch(db: Database.Database, batchId: string): number {
  return (statement(db, "SELECT COUNT(*) AS n FROM invoices WHERE batch_id = ? AND status != 'draft'").get(batchId) as { n: number }).n;
}

/** An invoice to render, by id, with its money columns as BigInt. */
export function invoiceToRender(db: Database.Database, id: string): InvoiceRow | undefined {
  return moneyRow<InvoiceRow>(statement(db, 'SELECT * FROM invoices WHERE id = ?'), id);
}

/** Number and date of the invoice a note corrects, as its PDF prints them. */
export function correctedInvoice(db: Database.Database, id: string): { number: string; issue_date: string } | undefined {
  return statement(db, 'SELECT number, issue_date FROM invoices WHERE id = ?').get(id) as { number: string; issue_date: string } | undefined;
}

/**
 * A PDF written for an invoice: its hash and size, and no error any more. retry_count counts the
 * invoice's failed PDF attempts: those before this one succeeded are added (0 on a first try).
 */
export function recordPdfWritten(db: Database.Database, invoiceId: string, pdf: { sha256: string; bytes: number }, failedAttempts: number, now: string): void {
  statement(db, 'UPDATE invoices SET pdf_sha256 = ?, pdf_bytes = ?, retry_count = retry_count + ?, last_error = NULL, updated_at = ? WHERE id = ?').run(pdf.sha256, pdf.bytes, failedAttempts, now, invoiceId);
}

/** A PDF that could not be written: the attempts it took (all failed) and the last error. */
export function recordPdfFailed(db: Database.Database, invoiceId: string, attempts: number, error: string | null, now: string): void {
  statement(db, 'UPDATE invoices SET retry_count = retry_count + ?, last_error = ?, updated_at = ? WHERE id = ?').run(attempts, error, now, invoiceId);
}
