// The batch pipeline (issue 7): source → validate → price and tax (the regime's plugin) → issue
// numbers and persist (one transaction per chunk) → render PDFs → report. A failing invoice is
// recorded and the batch goes on; cancelling stops after the current chunk; memory stays bounded
// because specs are drawn and PDFs written chunk by chunk.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, toAppError } from '../../src-shared/errors.js';
import { newId, newTraceId } from '../../src-shared/ids.js';
import { Dec } from '../../src-shared/money/index.js';
import { BatchConfig, type BatchFailure, type BatchProgress, type BatchReport, type BatchOutcome } from '../../src-shared/schemas/batch.js';
import type { Business } from '../../src-shared/schemas/business.js';
import { check } from '../../src-shared/schemas/validate.js';
import type { TaxContext, TaxPlugin, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { appendAudit } from '../audit/audit.js';
import type { Core } from '../core/create-core.js';
import { getBusiness, getSeries } from '../db/repos/businesses.js';
import { listProducts } from '../db/repos/catalogue.js';
import { statement } from '../db/query.js';
import type { InvoiceRow } from '../db/types.js';
import { fiscalYearOf } from '../numbering/format.js';
import { buildInvoiceDocument, pdfFileName } from './document.js';
import { pendingImportedOrders, readOrdersJson, specsFromOrders, type OrderLineSource } from './orders.js';
import { persistChunk, type ChunkContext, type FailedItem, type IssuedInvoice, type PricedInvoice } from './persist.js';
import { planSimulation } from './simulation.js';
import type { InvoiceSpec, SpecOrFailure } from './spec.js';
import { Random } from './random.js';
import type { PdfRenderer } from './pdf-renderer.js';

export interface RunBatchOptions {
  signal?: AbortSignal;
  onProgress?: (progress: BatchProgress) => void;
  /** The PDF writer; required when the config asks for PDFs. */
  pdf?: PdfRenderer;
  actor?: string;
  /** "Today" for default date ranges and order date checks (tests pin it). */
  today?: string;
  /** Reads a spreadsheet orders file (the importer); JSON files are read here. */
  readOrdersSpreadsheet?: (path: string, businessId: string) => Promise<OrderLineSource[]>;
}

const MAX_REPORTED_FAILURES = 1000;

/** The kind an invoice asks the plugin for; the plugin may settle on another (bill of supply, simplified). */
export function requestedKind(plugin: TaxPlugin, spec: InvoiceSpec): TaxContext['kind'] {
  if (spec.documentKind === 'credit_note') return 'credit_note';
  return plugin.kinds.includes('tax_invoice') ? 'tax_invoice' : plugin.kinds[0]!;
}

export function taxContextFor(business: Business, plugin: TaxPlugin, spec: InvoiceSpec): TaxContext {
  return {
    date: spec.date,
    currency: business.currency,
    kind: requestedKind(plugin, spec),
    supplier: { state: business.stateCode ?? undefined, country: business.countryCode, taxId: business.taxId, settings: business.taxSettings },
    customer: { taxId: spec.customer.taxId ?? null, state: spec.customer.stateCode ?? undefined, country: spec.customer.countryCode ?? undefined },
    placeOfSupply: spec.placeOfSupply,
    supplyType: spec.supplyType,
    pricesIncludeTax: false,
  };
}

/** Validates the configuration and everything it names before anything is written (exit 2 on error). */
export function prepareBatch(core: Core, rawConfig: unknown): { config: BatchConfig; business: Business; plugin: TaxPlugin } {
  const config = check(BatchConfig, rawConfig, '$');
  const business = core.store.read((db) => getBusiness(db, config.businessId));
  const plugin = core.plugins.get(business.taxRegime);
  if (!plugin) throw new AppError('PLUGIN_INVALID', `business ${business.name} uses tax regime "${business.taxRegime}", which is not installed`, { details: { regime: business.taxRegime } });
  if (config.source === 'simulation' && !business.sandbox) {
    throw new AppError('FORBIDDEN', `simulated batches run only in sandbox businesses (demo, training, test data); ${business.name} is a real business — generate from orders instead`, { details: { businessId: business.id } });
  }
  if (config.source === 'simulation' && config.startDate && config.endDate && config.startDate > config.endDate) {
    throw new AppError('BAD_INPUT', `$.startDate ${config.startDate} is after $.endDate ${config.endDate}`, { details: { path: '$.startDate' } });
  }
  return { config, business, plugin };
}

export async function runBatch(core: Core, rawConfig: unknown, options: RunBatchOptions = {}): Promise<BatchReport> {
  const started = performance.now();
  const { config, business, plugin } = prepareBatch(core, rawConfig);
  const wantPdf = config.pdf !== false;
  if (wantPdf && !options.pdf) throw new AppError('INTERNAL', 'runBatch: PDFs requested but no PDF writer given');
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const actor = options.actor ?? 'engine';
  const chunkSize = config.chunkSize ?? 250;
  const timings: Record<string, number> = { prepare: 0, tax: 0, persist: 0, pdf: 0 };

  // The source: a lazily drawn simulation, or the whole (already bounded) list of order groups.
  let total: number;
  let specAt: (index: number) => SpecOrFailure;
  let metadataBase: Record<string, unknown>;
  if (config.source === 'simulation') {
    const products = core.store.read((db) => listProducts(db, business.id));
    if (products.length === 0) throw new AppError('BAD_INPUT', `business ${business.name} has no products; import a catalogue before simulating`, { details: { businessId: business.id } });
    const plan = planSimulation(config, business, products, today);
    total = plan.total;
    specAt = (index) => ({ ok: true, spec: plan.spec(index) });
    metadataBase = { config: plan.resolvedConfig };
  } else {
    let rows: OrderLineSource[];
    if (!config.ordersFile) rows = core.store.read((db) => pendingImportedOrders(db, business.id));
    else if (/\.json$/i.test(config.ordersFile)) rows = readOrdersJson(config.ordersFile);
    else if (options.readOrdersSpreadsheet) rows = await options.readOrdersSpreadsheet(config.ordersFile, business.id);
    else throw new AppError('BAD_INPUT', `${config.ordersFile}: orders must be a .json file here (spreadsheets go through \`ledgerflow import orders\`)`, { details: { file: config.ordersFile } });
    const fy = fiscalYearOf(today, business.fiscalYearStartMonth);
    const items = core.store.read((db) => specsFromOrders(db, business, rows, { earliest: fy.start, latest: today }));
    total = items.length;
    specAt = (index) => items[index]!;
    metadataBase = { config };
  }
  timings.prepare = performance.now() - started;

  const batchId = newId();
  const traceId = newTraceId();
  const log = core.logger.child({ traceId, batchId, businessId: business.id });
  const series = core.store.read((db) => ({ invoice: getSeries(db, business.id, 'invoice'), credit_note: getSeries(db, business.id, 'credit_note') }));
  core.store.write((db) => {
    statement(db, `INSERT INTO batches (id, business_id, source, config, status, trace_id, requested, started_at) VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`)
      .run(batchId, business.id, config.source, JSON.stringify(metadataBase.config ?? config), traceId, total, new Date().toISOString());
    appendAudit(db, { businessId: business.id, actor, action: 'batch.start', entity: 'batch', entityId: batchId, traceId, details: { source: config.source, requested: total } });
  });
  log.info('batch started', { source: config.source, requested: total, pdf: wantPdf });

  const chunkCtx: ChunkContext = { business, plugin, batchId, traceId, actor, series, metadata: { batchId, traceId, ...metadataBase } };
  const failures: BatchFailure[] = [];
  let created = 0;
  let failed = 0;
  let cancelled = false;
  const creditRng = new Random(`credit-notes:${batchId}`);
  const recent: IssuedInvoice[] = [];
  const progress = makeProgress(batchId, traceId, total, options.onProgress, started);
  const recordFailure = (failure: BatchFailure) => {
    failed += 1;
    if (failures.length < MAX_REPORTED_FAILURES) failures.push(failure);
  };

  try {
    for (let from = 0; from < total; from += chunkSize) {
      if (options.signal?.aborted) {
        cancelled = true;
        break;
      }
      const t0 = performance.now();
      const priced: PricedInvoice[] = [];
      const failedItems: FailedItem[] = [];
      for (let position = from; position < Math.min(total, from + chunkSize); position++) {
        const item = specAt(position);
        if (!item.ok) {
          failedItems.push({ position, failure: item.failure });
          continue;
        }
        const spec = item.spec.creditNoteOfEarlier ? resolveCreditNote(item.spec, recent, creditRng) : item.spec;
        if (!spec) {
          failedItems.push({ position, failure: { sourceRef: item.spec.sourceRef, message: 'no earlier invoice in this batch to credit', payload: item.spec } });
          continue;
        }
        try {
          priced.push({ position, spec, result: plugin.compute(taxContextFor(business, plugin, spec), spec.lines) });
        } catch (error) {
          failedItems.push({ position, failure: { sourceRef: spec.sourceRef, message: toAppError(error).message, payload: spec } });
        }
      }
      const t1 = performance.now();
      const issued = core.store.write((db) => persistChunk(db, chunkCtx, priced, failedItems));
      const t2 = performance.now();
      timings.tax! += t1 - t0;
      timings.persist! += t2 - t1;
      for (const { failure } of failedItems) recordFailure({ source: failure.sourceRef, message: failure.message });
      created += issued.length;
      for (const invoice of issued) {
        recent.push(invoice);
        if (recent.length > 200) recent.shift();
      }
      progress('issue', from + priced.length + failedItems.length);
      if (wantPdf && issued.length > 0) {
        const pdfFailures = await renderChunk(core, business, issued, options.pdf!, log);
        timings.pdf! += performance.now() - t2;
        for (const failure of pdfFailures) recordFailure(failure);
        progress('render', Math.min(total, from + chunkSize));
      }
      core.metrics.invoicesGenerated.inc({ regime: business.taxRegime, status: 'issued' }, issued.length);
      if (failedItems.length) core.metrics.invoicesGenerated.inc({ regime: business.taxRegime, status: 'failed' }, failedItems.length);
    }
  } catch (error) {
    const appError = toAppError(error);
    log.error('batch failed', { error: appError });
    finishBatch(core, batchId, business.id, traceId, actor, 'failed', created, failed, started, appError.message);
    throw appError;
  }

  const status: BatchOutcome = cancelled ? 'cancelled' : failed === 0 ? 'completed' : created === 0 ? 'failed' : 'completed_with_errors';
  const durationMs = finishBatch(core, batchId, business.id, traceId, actor, status, created, failed, started, null);
  core.metrics.generationDuration.observe({ source: config.source }, durationMs / 1000);
  progress('done', total, true);
  log.info('batch finished', { status, created, failed, durationMs: Math.round(durationMs) });
  return { batchId, traceId, status, created, failed, failures, durationMs: Math.round(durationMs), timings: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])) };
}

function finishBatch(core: Core, batchId: string, businessId: string, traceId: string, actor: string, status: BatchOutcome, created: number, failed: number, started: number, error: string | null): number {
  const durationMs = performance.now() - started;
  core.store.write((db) => {
    statement(db, 'UPDATE batches SET status = ?, created_count = ?, failed_count = ?, finished_at = ?, duration_ms = ?, error = ? WHERE id = ?')
      .run(status, created, failed, new Date().toISOString(), Math.round(durationMs), error, batchId);
    appendAudit(db, { businessId, actor, action: 'batch.finish', entity: 'batch', entityId: batchId, traceId, details: { status, created, failed } });
  });
  return durationMs;
}

/** A simulated credit note: part of one line of a recent invoice of this batch, same customer. */
function resolveCreditNote(spec: InvoiceSpec, recent: IssuedInvoice[], rng: Random): InvoiceSpec | undefined {
  const candidates = recent.filter((r) => r.spec.documentKind === 'invoice' && r.spec.date <= spec.date && r.spec.lines.length > 0);
  if (candidates.length === 0) return undefined;
  const original = rng.pick(candidates);
  const line = rng.pick(original.spec.lines);
  const quantity = Dec.max(new Dec(line.quantity).div(2).toDecimalPlaces(0, Dec.ROUND_DOWN), new Dec(line.quantity).gte(1) ? 1 : line.quantity).toString();
  return {
    ...spec,
    customer: original.spec.customer,
    customerId: original.spec.customerId,
    createCustomer: original.spec.createCustomer,
    supplyType: original.spec.supplyType,
    placeOfSupply: original.spec.placeOfSupply,
    originalInvoiceId: original.invoiceId,
    lines: [{ ...line, quantity, discount: '0' }],
    metadata: { ...spec.metadata, creditNoteFor: original.number },
  };
}

async function renderChunk(core: Core, business: Business, issued: IssuedInvoice[], pdf: PdfRenderer, log: Core['logger']): Promise<BatchFailure[]> {
  const failures: BatchFailure[] = [];
  const results = await Promise.all(issued.map(async (invoice) => {
    const row = core.store.read((db) => statement(db, 'SELECT * FROM invoices WHERE id = ?').get(invoice.invoiceId) as InvoiceRow);
    const original = row.original_invoice_id ? core.store.read((db) => statement(db, 'SELECT number, issue_date FROM invoices WHERE id = ?').get(row.original_invoice_id) as { number: string; issue_date: string }) : null;
    const dir = join(core.dataDir, 'documents', business.id, invoice.fiscalYear);
    mkdirSync(dir, { recursive: true });
    try {
      const written = await pdf.render(buildInvoiceDocument(business, row, original), join(dir, pdfFileName(invoice.number)));
      return { invoice, written, error: null as string | null, attempts: written.attempts ?? 1 };
    } catch (error) {
      const appError = toAppError(error);
      return { invoice, written: null, error: appError.message, attempts: Number(appError.details.attempts ?? 3) };
    }
  }));
  core.store.write((db) => {
    const ok = statement(db, 'UPDATE invoices SET pdf_sha256 = ?, pdf_bytes = ?, last_error = NULL, updated_at = ? WHERE id = ?');
    const bad = statement(db, 'UPDATE invoices SET retry_count = retry_count + ?, last_error = ?, updated_at = ? WHERE id = ?');
    const now = new Date().toISOString();
    for (const r of results) {
      if (r.written) ok.run(r.written.sha256, r.written.bytes, now, r.invoice.invoiceId);
      else bad.run(r.attempts, r.error, now, r.invoice.invoiceId);
    }
  });
  for (const r of results) {
    if (r.error) {
      core.metrics.pdfFailures.inc();
      log.warn('pdf failed', { invoiceId: r.invoice.invoiceId, number: r.invoice.number, error: r.error });
      failures.push({ source: r.invoice.spec.sourceRef, message: `PDF not written: ${r.error}`, invoiceNumber: r.invoice.number });
    }
  }
  return failures;
}

function makeProgress(batchId: string, traceId: string, total: number, listener: RunBatchOptions['onProgress'], started: number) {
  let lastEmit = 0;
  return (phase: BatchProgress['phase'], done: number, force = false) => {
    if (!listener) return;
    const now = performance.now();
    if (!force && now - lastEmit < 100) return; // at most ~10 events a second
    lastEmit = now;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    listener({ batchId, traceId, phase, done, total, rate: Math.round(rate * 10) / 10, etaSeconds: rate > 0 && done < total ? Math.round((total - done) / rate) : done >= total ? 0 : null });
  };
}

export type { TaxResult };
