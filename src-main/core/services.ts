// Long-lived services the transports share, built on the core: the PDF writer, the ZIP export of
// batches and reading orders spreadsheets. One place decides how each is constructed.
import { AppError } from '../../src-shared/errors.js';
import { newId } from '../../src-shared/ids.js';
import type { Core } from './create-core.js';
import { appVersion } from '../runtime/paths.js';
import { appendAudit } from '../audit/audit.js';
import { auditAnchor } from '../audit/anchor.js';
import { getBusiness } from '../db/repos/businesses.js';
import { moneyRows, statement } from '../db/query.js';
import type { BatchRow, InvoiceRow } from '../db/types.js';
import { buildInvoiceDocument, pdfPathFor } from '../engine/document.js';
import type { PdfRenderer } from '../engine/pdf-renderer.js';
import type { OrderLineSource } from '../engine/orders.js';
import { announceTempFile } from '../runtime/temp-files.js';
import { exportZip, type ExportInvoice, type ExportZipResult } from '../export/zip.js';
import { DEFAULT_PDF_SETTINGS, readPdfSettings } from '../pdf/settings.js';
import { createPdfWriter, type PdfRenderOptions } from '../pdf/writer.js';
import { DEFAULT_LIMITS, importLimitsFor, previewImport } from '../importer/index.js';
import { cellText, columnIndex, readGrid } from '../importer/read.js';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readSettings } from './handlers/settings.js';

/** The worker-pool PDF writer, sized by the `pdfWorkers` setting (default: one per core). */
export async function openPdfRenderer(core: Core): Promise<PdfRenderer> {
  const { pdfWorkers } = core.store.read((db) => readSettings(db));
  const writer = await createPdfWriter({ workers: pdfWorkers });
  core.logger.info('pdf writer ready', { mode: writer.mode, workers: writer.size });
  // Each business's PDF settings (own template, PDF/A-2b), read once per business per renderer.
  const perBusiness = new Map<string, PdfRenderOptions>();
  const optionsFor = (businessId: string | undefined): PdfRenderOptions => {
    if (!businessId) return { pdfA: DEFAULT_PDF_SETTINGS.pdfA };
    let o = perBusiness.get(businessId);
    if (!o) {
      const s = core.store.read((db) => readPdfSettings(db, core.dataDir, businessId));
      o = { pdfA: s.pdfA, ...(s.template ? { template: s.template } : {}) };
      perBusiness.set(businessId, o);
    }
    return o;
  };
  return { render: (document, outPath, context) => writer.render(document, outPath, optionsFor(context?.businessId)), close: () => writer.close() };
}

export type ExportResult = ExportZipResult;

const PAGE = 200;

/**
 * Exports the invoices of one or more batches (in issue order) to a ZIP: PDFs checked against
 * their recorded SHA-256, manifest, SHA256SUMS, register. Nothing lands at `outPath` unless the
 * whole ZIP was written; the export is recorded in `exports` and the audit log.
 */
export async function exportBatches(core: Core, batchIds: string[], outPath: string, options: { includeGroundTruth?: boolean } = {}): Promise<ExportResult> {
  if (batchIds.length === 0) throw new AppError('BAD_INPUT', 'nothing to export: no batch given');
  const batches = core.store.read((db) => batchIds.map((id) => {
    const batch = statement(db, 'SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;
    if (!batch) throw new AppError('NOT_FOUND', `no batch with id ${id}`, { details: { batchId: id } });
    return { batch, business: getBusiness(db, batch.business_id) };
  }));
  for (const { batch } of batches) {
    const missing = core.store.read((db) => statement(db, 'SELECT number, last_error FROM invoices WHERE batch_id = ? AND pdf_sha256 IS NULL LIMIT 1').get(batch.id) as { number: string; last_error: string | null } | undefined);
    if (missing) throw new AppError('EXPORT_FAILED', `invoice ${missing.number} of batch ${batch.id} has no PDF${missing.last_error ? ` (${missing.last_error})` : ''}; retry the batch before exporting`, { details: { batchId: batch.id, number: missing.number } });
  }
  async function* invoices(): AsyncGenerator<ExportInvoice> {
    for (const { batch, business } of batches) {
      let after = 0;
      for (;;) {
        const rows = core.store.read((db) => moneyRows<InvoiceRow & { rid: number }>(statement(db, "SELECT rowid AS rid, * FROM invoices WHERE batch_id = ? AND status != 'draft' AND rowid > ? ORDER BY rowid LIMIT ?"), batch.id, after, PAGE));
        if (rows.length === 0) break;
        after = rows[rows.length - 1]!.rid;
        for (const row of rows) {
          const original = row.original_invoice_id ? core.store.read((db) => statement(db, 'SELECT number, issue_date FROM invoices WHERE id = ?').get(row.original_invoice_id) as { number: string; issue_date: string }) : null;
          yield { document: buildInvoiceDocument(business, row, original), pdfPath: pdfPathFor(core.dataDir, business.id, row.fiscal_year!, row.number!), sha256: row.pdf_sha256!, bytes: row.pdf_bytes ?? undefined };
        }
      }
    }
  }
  const first = batches[0]!;
  const result = await exportZip({
    outPath,
    announceTemp: (tempPath) => announceTempFile(core.dataDir, tempPath),
    includeGroundTruth: options.includeGroundTruth ?? core.store.read((db) => readSettings(db)).includeGroundTruth,
    manifest: {
      appVersion: appVersion(),
      business: { id: first.business.id, name: first.business.name, taxId: first.business.taxId },
      batchId: first.batch.id,
      traceId: first.batch.trace_id,
      createdAt: new Date().toISOString(),
      auditAnchor: core.store.read((db) => auditAnchor(db)),
      ...(batches.length > 1 ? { batches: batches.map(({ batch, business }) => ({ batchId: batch.id, traceId: batch.trace_id, business: { id: business.id, name: business.name, taxId: business.taxId } })) } : {}),
    },
    invoices: invoices(),
  });
  core.store.write((db) => {
    for (const { batch, business } of batches) {
      const id = newId();
      statement(db, 'INSERT INTO exports (id, business_id, batch_id, path, sha256, bytes, invoice_count, trace_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, business.id, batch.id, result.path, result.sha256, result.bytes, result.invoiceCount, batch.trace_id, new Date().toISOString());
      appendAudit(db, { businessId: business.id, actor: 'export', action: 'export.create', entity: 'export', entityId: id, traceId: batch.trace_id, details: { path: result.path, sha256: result.sha256, invoices: result.invoiceCount } });
    }
  });
  core.logger.info('export written', { path: result.path, invoices: result.invoiceCount, batches: batchIds });
  return result;
}

/**
 * Reads an orders spreadsheet (.xlsx, .xls, .ods, .csv) through the importer's detection and
 * validation without storing it, for `batch --from`: valid rows become order rows, and a row the
 * importer refused becomes a failed order naming its sheet row and column. A file that cannot be
 * read, or lacks a required column, stops the batch before anything is written (exit 2).
 */
export async function readOrdersSpreadsheet(core: Core, file: string, businessId: string): Promise<OrderLineSource[]> {
  const report = await previewImport({ kind: 'orders', businessId, dataDir: core.dataDir, file, previewRows: Number.MAX_SAFE_INTEGER, limits: importLimitsFor(core.dataDir) });
  const name = basename(file);
  const rows: Array<OrderLineSource & { row: number }> = report.preview.map((r) => {
    const text = (key: string) => (r[key] === null || r[key] === undefined || r[key] === '' ? undefined : String(r[key]));
    return {
      row: Number(r.row), where: `${name} row ${String(r.row)}`, orderId: text('orderRef'), date: String(r.orderDate), customer: text('customerName'),
      customerTaxId: text('customerTaxId'), customerState: text('customerState'), customerCountry: text('customerCountry'), customerAddress: text('customerAddress'),
      product: String(r.productRef), quantity: String(r.quantity), price: text('unitPrice'),
    };
  });
  const byRow = new Map<number, string[]>();
  for (const error of report.errors) byRow.set(error.row, [...(byRow.get(error.row) ?? []), `column ${error.column} (${error.field}): ${error.message}`]);
  if (byRow.size > 0) {
    // A refused row keeps its order id, so the whole order fails with it instead of being
    // invoiced without that row: read the id from the sheet itself.
    const orderColumn = report.mapping.find((m) => m.field === 'orderId')?.column;
    const grid = orderColumn ? readGrid(await readFile(file), { sheet: report.sheet, limits: { ...DEFAULT_LIMITS, ...importLimitsFor(core.dataDir) } }) : undefined;
    for (const [row, messages] of byRow) {
      const orderId = grid && orderColumn ? cellText(grid.rows[row - 1]?.[columnIndex(orderColumn)]) || undefined : undefined;
      rows.push({ row, where: `${name} row ${row}`, orderId, date: '', product: '', quantity: '', problem: messages.join('; ') });
    }
  }
  return rows.sort((a, b) => a.row - b.row).map(({ row: _row, ...rest }) => rest);
}
