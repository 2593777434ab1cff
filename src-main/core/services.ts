// Long-lived services the transports share, built on the core: the PDF writer, the ZIP export of
// batches and reading orders spreadsheets. One place decides how each is constructed.
import { AppError } from '../../src-shared/errors.js';
import { newId } from '../../src-shared/ids.js';
import type { Core } from './create-core.js';
import { appVersion } from '../runtime/paths.js';
import { appendAudit } from '../audit/audit.js';
import { auditAnchor } from '../audit/anchor.js';
import { getBusiness } from '../db/repos/businesses.js';
import { batchById, batchDocuments, businessesWithDocuments, countDocuments, documentPage, documentWithoutPdf, insertExport, periodDocuments } from '../db/repos/exports.js';
import type { Sql } from '../db/sql.js';
import type { BatchRow } from '../db/types.js';
import { buildInvoiceDocument, invoiceLinks, pdfPathFor } from '../engine/document.js';
import type { Business } from '../../src-shared/schemas/business.js';
import type { PdfRenderer } from '../engine/pdf-renderer.js';
import type { OrderLineSource } from '../engine/orders.js';
import { announceTempFile, removeOrphanedTempFiles } from '../runtime/temp-files.js';
import { exportZip, type ExportInvoice, type ExportZipResult } from '../export/zip.js';
import { DEFAULT_PDF_SETTINGS, readPdfSettings } from '../pdf/settings.js';
import { createPdfWriter, type PdfRenderOptions, type PdfWriter } from '../pdf/writer.js';
import { DEFAULT_LIMITS, importLimitsOf, previewImport } from '../importer/index.js';
import { cellText, columnIndex, readGrid } from '../importer/read.js';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readSettings } from '../db/repos/settings.js';

/** Cores whose data folder was already cleared of dead writers' temp files. */
const tempFilesCleared = new WeakSet<Core>();

/**
 * Removes the temp files that writers killed mid-write left (PDFs in documents/, ZIPs in exports/
 * and those announced from elsewhere; runtime/temp-files.ts), once per opened core: when the app
 * starts, and before the first PDF writer or export of any other process (a CLI run). A temp file
 * whose writing process is alive is kept, so a second process writing meanwhile is safe.
 */
export function clearDeadWritersTempFiles(core: Core): string[] {
  if (tempFilesCleared.has(core)) return [];
  tempFilesCleared.add(core);
  const { removed } = removeOrphanedTempFiles(core.dataDir);
  if (removed.length) core.logger.info('orphaned temp files removed', { count: removed.length });
  return removed;
}

/**
 * A core's long-lived PDF writer (keepPdfWriterWarm): its pool of workers, each with its compiler
 * and fonts ready, serves every request instead of a pool started and stopped per request.
 * `users` counts the renderers holding it; one replaced (the `pdfWorkers` setting changed) is
 * closed when the last of them is done.
 */
interface SharedWriter {
  workers: number;
  writer: Promise<PdfWriter>;
  /** The writer once started (to tell synchronously whether its pool gave up). */
  started?: PdfWriter;
  users: number;
  retired: boolean;
}

const sharedWriters = new WeakMap<Core, SharedWriter>();
/** Cores whose long-lived writer is kept (and closed with the core). */
const warmCores = new WeakSet<Core>();

function startSharedWriter(core: Core, workers: number): SharedWriter {
  // Its workers compile the sample invoices first: the first request does not pay the template's first compile.
  const shared: SharedWriter = { workers, writer: createPdfWriter({ workers, warmUp: true }), users: 0, retired: false };
  sharedWriters.set(core, shared);
  shared.writer.then(
    (writer) => {
      shared.started = writer;
      core.logger.info('pdf writer ready (kept warm)', { mode: writer.mode, workers: writer.size });
    },
    // It could not start: the next request starts its own and reports why.
    () => { if (sharedWriters.get(core) === shared) sharedWriters.delete(core); },
  );
  return shared;
}

async function closeShared(shared: SharedWriter): Promise<void> {
  const writer = await shared.writer.catch(() => null);
  await writer?.close();
}

/**
 * Keeps one PDF writer open for the life of the core (the app and the preview bridge): its workers
 * are started now, in the background, so the first invoice does not wait for them, and every
 * later render, batch or export reuses them. Closed with the core. The CLI, one command per
 * process, does not call it.
 */
export function keepPdfWriterWarm(core: Core): void {
  if (warmCores.has(core)) return;
  warmCores.add(core);
  const { pdfWorkers } = core.store.read((db) => readSettings(db));
  startSharedWriter(core, pdfWorkers);
  core.onClose(async () => {
    const shared = sharedWriters.get(core);
    sharedWriters.delete(core);
    if (shared) await closeShared(shared);
  });
}

/**
 * The core's kept writer for this many workers; started again if the setting changed, if it failed
 * to start, or if its pool gave up replacing dead workers (a writer opened per request got a new
 * pool each time; a kept one must not stay broken for the rest of the app's life). Null when the
 * core keeps none.
 */
function sharedWriterFor(core: Core, workers: number): SharedWriter | null {
  if (!warmCores.has(core)) return null;
  const current = sharedWriters.get(core);
  const broken = current?.started?.stats().workersBroken ?? false;
  if (broken) core.logger.warn('pdf writer kept warm gave up starting workers; starting a new one', { workers: current?.workers });
  if (current && current.workers === workers && !broken) return current;
  if (current) {
    current.retired = true;
    if (current.users === 0) void closeShared(current);
  }
  return startSharedWriter(core, workers);
}

/** The worker-pool PDF writer, sized by the `pdfWorkers` setting (default: one per core): the core's kept one (keepPdfWriterWarm), else one opened for this caller and closed by its close(). */
export async function openPdfRenderer(core: Core): Promise<PdfRenderer> {
  clearDeadWritersTempFiles(core);
  const { pdfWorkers } = core.store.read((db) => readSettings(db));
  const shared = sharedWriterFor(core, pdfWorkers);
  let writer: PdfWriter;
  let release: () => Promise<void>;
  if (shared) {
    // Counted before waiting: a setting change meanwhile must not close it under this caller.
    shared.users++;
    try {
      writer = await shared.writer;
    } catch (e) {
      shared.users--;
      throw e;
    }
    let released = false;
    release = async () => {
      if (released) return;
      released = true;
      shared.users--;
      if (shared.retired && shared.users === 0) await closeShared(shared);
    };
  } else {
    writer = await createPdfWriter({ workers: pdfWorkers });
    core.logger.info('pdf writer ready', { mode: writer.mode, workers: writer.size });
    release = () => writer.close();
  }
  // Each business's PDF settings (own template, PDF/A-2b, tables tagged), read once per business per renderer.
  const perBusiness = new Map<string, PdfRenderOptions>();
  const optionsFor = (businessId: string | undefined): PdfRenderOptions => {
    if (!businessId) return { pdfA: DEFAULT_PDF_SETTINGS.pdfA, tableTags: DEFAULT_PDF_SETTINGS.tableTags };
    let o = perBusiness.get(businessId);
    if (!o) {
      const s = core.store.read((db) => readPdfSettings(db, core.dataDir, businessId));
      o = { pdfA: s.pdfA, tableTags: s.tableTags, ...(s.template ? { template: s.template } : {}) };
      perBusiness.set(businessId, o);
    }
    return o;
  };
  return { render: (document, outPath, context) => writer.render(document, outPath, optionsFor(context?.businessId)), close: release };
}

export type ExportResult = ExportZipResult;

const PAGE = 200;

interface ExportSource {
  business: Business;
  batch?: BatchRow;
  /** The documents exported (db/repos/exports.ts: a batch's or a period's). */
  documents: Sql;
}

async function exportSources(core: Core, sources: ExportSource[], outPath: string, header: { batchId?: string; traceId?: string; period?: { from: string; to: string } }, options: { includeGroundTruth?: boolean }): Promise<ExportResult> {
  clearDeadWritersTempFiles(core);
  for (const { documents, batch } of sources) {
    const missing = core.store.read((db) => documentWithoutPdf(db, documents));
    if (missing) {
      const fix = missing.batch_id ? `retry batch ${missing.batch_id} before exporting` : 'render its PDF again before exporting';
      throw new AppError('EXPORT_FAILED', `invoice ${missing.number}${batch ? ` of batch ${batch.id}` : ''} has no PDF${missing.last_error ? ` (${missing.last_error})` : ''}; ${fix}`, { details: { batchId: batch?.id ?? missing.batch_id, number: missing.number } });
    }
  }
  async function* invoices(): AsyncGenerator<ExportInvoice> {
    const seen = new Set<string>();
    for (const { business, documents } of sources) {
      let after = 0;
      for (;;) {
        const rows = core.store.read((db) => documentPage(db, documents, after, PAGE));
        if (rows.length === 0) break;
        after = rows[rows.length - 1]!.rid;
        for (const row of rows) {
          if (seen.has(row.id)) continue;
          seen.add(row.id);
          const links = core.store.read((db) => invoiceLinks(db, row));
          yield { document: buildInvoiceDocument(business, row, links.original, links.creditNotes, undefined, undefined, links.debitNotes), pdfPath: pdfPathFor(core.dataDir, business.id, row.fiscal_year!, row.number!), sha256: row.pdf_sha256!, bytes: row.pdf_bytes ?? undefined };
        }
      }
    }
  }
  const first = sources[0]!;
  const batches = sources.filter((s) => s.batch);
  const result = await exportZip({
    outPath,
    announceTemp: (tempPath) => announceTempFile(core.dataDir, tempPath),
    includeGroundTruth: options.includeGroundTruth ?? core.store.read((db) => readSettings(db)).includeGroundTruth,
    manifest: {
      appVersion: appVersion(),
      business: { id: first.business.id, name: first.business.name, taxId: first.business.taxId },
      ...(header.batchId ? { batchId: header.batchId } : {}),
      ...(header.traceId ? { traceId: header.traceId } : {}),
      ...(header.period ? { period: header.period } : {}),
      createdAt: new Date().toISOString(),
      auditAnchor: core.store.read((db) => auditAnchor(db)),
      ...(batches.length > 1 ? { batches: batches.map(({ batch, business }) => ({ batchId: batch!.id, traceId: batch!.trace_id, business: { id: business.id, name: business.name, taxId: business.taxId } })) } : {}),
    },
    invoices: invoices(),
  });
  core.store.write((db) => {
    for (const { batch, business } of sources) {
      const id = newId();
      insertExport(db, { id, business_id: business.id, batch_id: batch?.id ?? null, path: result.path, sha256: result.sha256, bytes: result.bytes, invoice_count: result.invoiceCount, trace_id: batch?.trace_id ?? null, created_at: new Date().toISOString() });
      appendAudit(db, { businessId: business.id, actor: 'export', action: 'export.create', entity: 'export', entityId: id, traceId: batch?.trace_id ?? null, details: { path: result.path, sha256: result.sha256, invoices: result.invoiceCount, ...(header.period ? { period: header.period } : {}) } });
    }
  });
  core.logger.info('export written', { path: result.path, invoices: result.invoiceCount, batches: batches.map((b) => b.batch!.id), period: header.period });
  return result;
}

/**
 * Exports the documents of one or more batches (in issue order) to a ZIP: their invoices (voided
 * ones listed as void), and the credit notes issued against them even after the batch. PDFs are
 * checked against their recorded SHA-256; manifest, SHA256SUMS, register. Nothing lands at
 * `outPath` unless the whole ZIP was written; the export is recorded in `exports` and the audit log.
 */
export async function exportBatches(core: Core, batchIds: string[], outPath: string, options: { includeGroundTruth?: boolean } = {}): Promise<ExportResult> {
  if (batchIds.length === 0) throw new AppError('BAD_INPUT', 'nothing to export: no batch given');
  const sources = core.store.read((db) => batchIds.map((id): ExportSource => {
    const batch = batchById(db, id);
    if (!batch) throw new AppError('NOT_FOUND', `no batch with id ${id}`, { details: { batchId: id } });
    return { batch, business: getBusiness(db, batch.business_id), documents: batchDocuments(batch) };
  }));
  return exportSources(core, sources, outPath, { batchId: sources[0]!.batch!.id, traceId: sources[0]!.batch!.trace_id }, options);
}

/**
 * Exports every document of a business dated from `from` to `to` (inclusive): invoices, voided
 * invoices (listed, not counted) and credit notes (negative). Without a business id, the one
 * business that has documents in the period.
 */
export async function exportPeriod(core: Core, input: { businessId?: string; from: string; to: string }, outPath: string, options: { includeGroundTruth?: boolean } = {}): Promise<ExportResult> {
  for (const [flag, value] of [['--from', input.from], ['--to', input.to]] as const) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new AppError('BAD_INPUT', `${flag}: expected a date YYYY-MM-DD, got "${value}"`, { details: { flag } });
  }
  if (input.from > input.to) throw new AppError('BAD_INPUT', `--from ${input.from} is after --to ${input.to}`, { details: { flag: '--from' } });
  const business = core.store.read((db) => {
    if (input.businessId) return getBusiness(db, input.businessId);
    const ids = businessesWithDocuments(db, input.from, input.to);
    if (ids.length > 1) throw new AppError('BAD_INPUT', `several businesses have invoices from ${input.from} to ${input.to} (${ids.join(', ')}); add --business ID`, { details: { flag: '--business', businesses: ids } });
    if (ids.length === 0) throw new AppError('NOT_FOUND', `no invoices from ${input.from} to ${input.to}`, { details: { from: input.from, to: input.to } });
    return getBusiness(db, ids[0]!);
  });
  const documents = periodDocuments(business.id, input.from, input.to);
  const count = core.store.read((db) => countDocuments(db, documents));
  if (count === 0) throw new AppError('NOT_FOUND', `${business.name} has no invoices from ${input.from} to ${input.to}`, { details: { businessId: business.id, from: input.from, to: input.to } });
  return exportSources(core, [{ business, documents }], outPath, { period: { from: input.from, to: input.to } }, options);
}

/**
 * Reads an orders spreadsheet (.xlsx, .xls, .ods, .csv) through the importer's detection and
 * validation without storing it, for `batch --from`: valid rows become order rows, and a row the
 * importer refused becomes a failed order naming its sheet row and column. A file that cannot be
 * read, or lacks a required column, stops the batch before anything is written (exit 2).
 */
export async function readOrdersSpreadsheet(core: Core, file: string, businessId: string): Promise<OrderLineSource[]> {
  const report = await previewImport({ kind: 'orders', businessId, dataDir: core.dataDir, file, previewRows: Number.MAX_SAFE_INTEGER, limits: importLimitsOf(core.store.read((db) => readSettings(db))) });
  const name = basename(file);
  const rows: Array<OrderLineSource & { row: number }> = report.preview.map((r) => {
    const text = (key: string) => (r[key] === null || r[key] === undefined || r[key] === '' ? undefined : String(r[key]));
    return {
      row: Number(r.row), where: `${name} row ${String(r.row)}`, orderId: text('orderRef'), date: String(r.orderDate), customer: text('customerName'),
      customerTaxId: text('customerTaxId'), customerState: text('customerState'), customerCountry: text('customerCountry'), customerAddress: text('customerAddress'),
      shipToName: text('shipToName'), shipToAddress: text('shipToAddress'), shipToState: text('shipToState'),
      product: String(r.productRef), quantity: String(r.quantity), price: text('unitPrice'),
    };
  });
  const byRow = new Map<number, string[]>();
  for (const error of report.errors) byRow.set(error.row, [...(byRow.get(error.row) ?? []), `column ${error.column} (${error.field}): ${error.message}`]);
  if (byRow.size > 0) {
    // A refused row keeps its order id, so the whole order fails with it instead of being
    // invoiced without that row: read the id from the sheet itself.
    const orderColumn = report.mapping.find((m) => m.field === 'orderId')?.column;
    const grid = orderColumn ? readGrid(await readFile(file), { sheet: report.sheet, limits: { ...DEFAULT_LIMITS, ...importLimitsOf(core.store.read((db) => readSettings(db))) } }) : undefined;
    for (const [row, messages] of byRow) {
      const orderId = grid && orderColumn ? cellText(grid.rows[row - 1]?.[columnIndex(orderColumn)]) || undefined : undefined;
      rows.push({ row, where: `${name} row ${row}`, orderId, date: '', product: '', quantity: '', problem: messages.join('; ') });
    }
  }
  return rows.sort((a, b) => a.row - b.row).map(({ row: _row, ...rest }) => rest);
}
