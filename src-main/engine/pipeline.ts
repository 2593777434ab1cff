// The batch pipeline: source → validate → price and tax (the regime's plugin) → issue
// numbers and persist (one transaction per chunk) → render PDFs → report. A failing invoice is
// recorded and the batch goes on; cancelling stops after the current chunk; memory stays bounded
// because specs are drawn and PDFs written chunk by chunk.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError, toAppError } from '../../src-shared/errors.js';
import { newId, newTraceId } from '../../src-shared/ids.js';
import { BatchConfig, type AlreadyInvoicedOrder, type BatchFailure, type BatchProgress, type BatchReport, type BatchOutcome } from '../../src-shared/schemas/batch.js';
import type { Business } from '../../src-shared/schemas/business.js';
import { check } from '../../src-shared/schemas/validate.js';
import type { TaxPlugin, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { appendAudit } from '../audit/audit.js';
import type { EngineContext } from './context.js';
import { getBusiness, seriesForDocuments } from '../db/repos/businesses.js';
import { listProducts } from '../db/repos/catalogue.js';
import { batchById, batchItemCounts, correctedInvoice, failedItems as failedItemsOf, finishBatchRow, insertRunningBatch, invoicesWithoutPdf, invoiceToRender, recordPdfFailed, recordPdfWritten, retriedBatchCounts, setRetriedBatchCounts } from '../db/repos/batch-runs.js';
import { fiscalYearOf } from '../numbering/format.js';
import { buildInvoiceDocument, copiesInSeparatePdfs, copyLabelsFor, copyPdfPath, pdfPathFor } from './document.js';
import { pendingImportedOrders, readOrdersJson, specsFromOrders, type OrderLineSource } from './orders.js';
import { persistChunk, type ChunkContext } from './persist.js';
import { planSimulation } from './simulation.js';
import type { RetryPayload, SpecOrFailure } from './spec.js';
import type { PdfRenderer } from './pdf-renderer.js';
import { newPricingState, priceChunk, type PricingState } from './pricing.js';
import { activeBatches, batchOwner, stoppedBatchError } from './batch-owner.js';
import { assertNotRunning, resumeBatch } from './recovery.js';

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

export { requestedKind, taxContextFor } from './pricing.js';

/** Validates the configuration and everything it names before anything is written (exit 2 on error). */
export function prepareBatch(core: EngineContext, rawConfig: unknown): { config: BatchConfig; business: Business; plugin: TaxPlugin } {
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

export async function runBatch(core: EngineContext, rawConfig: unknown, options: RunBatchOptions = {}): Promise<BatchReport> {
  const started = performance.now();
  const { config, business, plugin } = prepareBatch(core, rawConfig);
  const wantPdf = config.pdf !== false;
  if (wantPdf && !options.pdf) throw new AppError('INTERNAL', 'runBatch: PDFs requested but no PDF writer given');
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const actor = options.actor ?? 'engine';
  const chunkSize = config.chunkSize ?? 250;
  const timings: Record<string, number> = { prepare: 0, tax: 0, persist: 0, pdf: 0 };

  // The source: a lazily drawn simulation, or the whole (already bounded) list of order groups.
  const { total, specAt, metadataBase } = await batchSource(core, config, business, options, today);
  timings.prepare = performance.now() - started;

  const batchId = newId();
  const traceId = newTraceId();
  const log = core.logger.child({ traceId, batchId, businessId: business.id });
  const series = core.store.read((db) => seriesForDocuments(db, business.id));
  const startedAt = new Date().toISOString();
  const owner = batchOwner();
  core.store.write((db) => {
    insertRunningBatch(db, { id: batchId, businessId: business.id, source: config.source, config: JSON.stringify(metadataBase.config ?? config), traceId, requested: total, startedAt, owner });
    appendAudit(db, { businessId: business.id, actor, action: 'batch.start', entity: 'batch', entityId: batchId, traceId, details: { source: config.source, requested: total } });
  });
  log.info('batch started', { source: config.source, requested: total, pdf: wantPdf });

  const chunkCtx: ChunkContext = { business, plugin, batchId, traceId, actor, series, metadata: { batchId, traceId, ...metadataBase }, customerIds: new Map() };
  const progress = makeProgress(batchId, traceId, total, options.onProgress, started);
  let outcome: ChunkRunOutcome;
  activeBatches.add(batchId);
  try {
    outcome = await processItems(core, chunkCtx, { total, itemAt: (i) => ({ position: i, item: specAt(i) }), chunkSize, pdf: wantPdf ? options.pdf : undefined, signal: options.signal, progress, timings, log, creditSeed: config.source === 'simulation' ? config.seed : batchId });
  } catch (error) {
    throw stoppedBatchError(core, { batchId, businessId: business.id, traceId, actor, started, error, log });
  } finally {
    activeBatches.delete(batchId);
  }
  const { created, failed, failures, cancelled, alreadyInvoiced, alreadyInvoicedOrders } = outcome;
  const status = outcomeOf(cancelled, created, failed);
  const durationMs = finishBatch(core, batchId, business.id, traceId, actor, status, created, failed, started, null, false);
  core.metrics.generationDuration.observe({ source: config.source }, durationMs / 1000);
  progress('done', total, true);
  log.info('batch finished', { status, created, failed, alreadyInvoiced, durationMs: Math.round(durationMs) });
  return { batchId, traceId, status, created, failed, alreadyInvoiced, alreadyInvoicedOrders, failures, durationMs: Math.round(durationMs), timings: roundTimings(timings) };
}

/** A finished run's status from what it issued and what failed. */
export function outcomeOf(cancelled: boolean, created: number, failed: number): BatchOutcome {
  if (cancelled) return 'cancelled';
  if (failed === 0) return 'completed';
  return created === 0 ? 'failed' : 'completed_with_errors';
}

interface BatchSource {
  total: number;
  specAt: (index: number) => SpecOrFailure;
  /** What every invoice's generation_metadata starts with; its `config` is what the batch row stores. */
  metadataBase: Record<string, unknown>;
}

/** A simulation, drawn lazily from the business's catalogue. */
function simulationSource(core: EngineContext, config: Extract<BatchConfig, { source: 'simulation' }>, business: Business, today: string): BatchSource {
  const products = core.store.read((db) => listProducts(db, business.id));
  if (products.length === 0) throw new AppError('BAD_INPUT', `business ${business.name} has no products; import a catalogue before simulating`, { details: { businessId: business.id } });
  const plan = planSimulation(config, business, products, today);
  return { total: plan.total, specAt: (index) => ({ ok: true, spec: plan.spec(index) }), metadataBase: { config: plan.resolvedConfig } };
}

/** The order rows of a batch: its pending imported orders, a JSON file, or a spreadsheet through the importer. */
async function orderRows(core: EngineContext, ordersFile: string | undefined, businessId: string, options: RunBatchOptions): Promise<OrderLineSource[]> {
  if (!ordersFile) return core.store.read((db) => pendingImportedOrders(db, businessId));
  if (/\.json$/i.test(ordersFile)) return readOrdersJson(ordersFile);
  if (options.readOrdersSpreadsheet) return options.readOrdersSpreadsheet(ordersFile, businessId);
  throw new AppError('BAD_INPUT', `${ordersFile}: orders must be a .json file here (spreadsheets go through \`ledgerflow import orders\`)`, { details: { file: ordersFile } });
}

/** The batch's source: a lazily drawn simulation, or the whole (already bounded) list of order groups. */
async function batchSource(core: EngineContext, config: BatchConfig, business: Business, options: RunBatchOptions, today: string): Promise<BatchSource> {
  if (config.source === 'simulation') return simulationSource(core, config, business, today);
  const rows = await orderRows(core, config.ordersFile, business.id, options);
  const fy = fiscalYearOf(today, business.fiscalYearStartMonth);
  const items = core.store.read((db) => specsFromOrders(db, business, rows, { earliest: fy.start, latest: today }));
  return { total: items.length, specAt: (index) => items[index]!, metadataBase: { config } };
}

export function roundTimings(timings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)]));
}

export interface ChunkRunOutcome {
  created: number;
  failed: number;
  failures: BatchFailure[];
  cancelled: boolean;
  alreadyInvoiced: number;
  alreadyInvoicedOrders: AlreadyInvoicedOrder[];
}

/**
 * The PDF stage as its own count: PDFs written so far out of the invoices issued so far (a batch
 * renders each chunk after issuing it, so the total grows chunk by chunk).
 */
export interface PdfProgress {
  done: number;
  total: number;
}

/** Renders one issued chunk, reporting each PDF written (so 60 issued of 60 is followed by PDFs 1..60 of 60). */
async function renderChunk(core: EngineContext, business: Business, issued: ReadonlyArray<{ invoiceId: string; number: string; fiscalYear: string; spec: { sourceRef: string } }>, input: ChunkRunInput, issuedSoFar: number, pdfs: PdfProgress): Promise<BatchFailure[]> {
  pdfs.total += issued.length;
  input.progress('render', issuedSoFar, true, { ...pdfs });
  const failures = await renderInvoices(core, business, issued.map((i) => ({ invoiceId: i.invoiceId, number: i.number, fiscalYear: i.fiscalYear, sourceRef: i.spec.sourceRef })), input.pdf!, input.log, () => {
    pdfs.done += 1;
    input.progress('render', issuedSoFar, pdfs.done === pdfs.total, { ...pdfs });
  });
  return failures;
}

export interface ChunkRunInput {
  total: number;
  itemAt: (index: number) => { position: number; item: SpecOrFailure };
  chunkSize: number;
  pdf?: PdfRenderer;
  signal?: AbortSignal;
  progress: (phase: BatchProgress['phase'], done: number, force?: boolean, pdfs?: PdfProgress) => void;
  timings: Record<string, number>;
  log: EngineContext['logger'];
  /** Seeds which earlier invoice a simulated credit note corrects (the batch seed: reproducible). */
  creditSeed: string;
  /** A pricing state rebuilt from what a stopped batch already issued (resume). */
  pricing?: PricingState;
}

/** The chunk loop shared by a new batch and a retry: price, persist (one transaction), render. */
export async function processItems(core: EngineContext, ctx: ChunkContext, input: ChunkRunInput): Promise<ChunkRunOutcome> {
  const { business, plugin } = ctx;
  const outcome: ChunkRunOutcome = { created: 0, failed: 0, failures: [], cancelled: false, alreadyInvoiced: 0, alreadyInvoicedOrders: [] };
  const pricing = input.pricing ?? newPricingState(business, plugin, input.creditSeed);
  const pdfs: PdfProgress = { done: 0, total: 0 };
  const recordFailure = (failure: BatchFailure) => {
    outcome.failed += 1;
    if (outcome.failures.length < MAX_REPORTED_FAILURES) outcome.failures.push(failure);
  };
  // A chunk's PDFs are rendered while the next chunk is priced and issued, so the PDF workers are
  // not idle while this thread writes a chunk. A chunk's PDF failures are recorded before the next
  // chunk's failures, so failures stay in chunk order.
  let rendering: Promise<BatchFailure[]> | undefined;
  const awaitRendering = async () => {
    const waiting = rendering;
    rendering = undefined;
    if (!waiting) return;
    const waitStarted = performance.now();
    const pdfFailures = await waiting;
    input.timings.pdf! += performance.now() - waitStarted;
    for (const failure of pdfFailures) recordFailure(failure);
  };
  try {
    for (let from = 0; from < input.total; from += input.chunkSize) {
      if (input.signal?.aborted) {
        outcome.cancelled = true;
        break;
      }
      const upTo = Math.min(input.total, from + input.chunkSize);
      const { issued, failedItems } = issueChunk(core, ctx, pricing, input, from, upTo, outcome);
      input.progress('issue', upTo);
      const next = input.pdf && issued.length > 0 ? renderChunk(core, business, issued, input, upTo, pdfs) : undefined;
      // Awaited on the next turn of the loop (or after it); marked handled meanwhile, so that its
      // failure while the previous chunk is awaited is not reported as an unhandled rejection.
      next?.catch(() => undefined);
      await awaitRendering();
      rendering = next;
      for (const { failure } of failedItems) recordFailure({ source: failure.sourceRef, message: failure.message });
      core.metrics.invoicesGenerated.inc({ regime: business.taxRegime, status: 'issued' }, issued.length);
      if (failedItems.length) core.metrics.invoicesGenerated.inc({ regime: business.taxRegime, status: 'failed' }, failedItems.length);
    }
  } catch (error) {
    // A chunk that could not be issued: the PDFs already under way are finished first.
    await rendering?.catch(() => undefined);
    throw error;
  }
  await awaitRendering();
  return outcome;
}

/** Prices and persists items [from, upTo) in one transaction; counts what was issued and already invoiced. */
function issueChunk(core: EngineContext, ctx: ChunkContext, pricing: PricingState, input: ChunkRunInput, from: number, upTo: number, outcome: ChunkRunOutcome) {
  const t0 = performance.now();
  const { priced, failedItems } = priceChunk(pricing, input.itemAt, from, upTo);
  const t1 = performance.now();
  const { issued, newCustomerIds, already } = core.store.write((db) => persistChunk(db, ctx, priced, failedItems));
  input.timings.tax! += t1 - t0;
  input.timings.persist! += performance.now() - t1;
  outcome.alreadyInvoiced += already.length;
  for (const a of already) if (outcome.alreadyInvoicedOrders.length < MAX_REPORTED_FAILURES) outcome.alreadyInvoicedOrders.push({ orderId: a.orderId, source: a.sourceRef, invoiceNumber: a.invoiceNumber });
  for (const [key, id] of newCustomerIds) ctx.customerIds.set(key, id);
  outcome.created += issued.length;
  return { issued, failedItems };
}

export interface RetryOptions {
  pdf?: PdfRenderer;
  actor?: string;
  today?: string;
  onProgress?: (progress: BatchProgress) => void;
}

/**
 * Retries what failed in a batch without duplicating what succeeded: failed items are priced and
 * issued again (order rows re-read against today's catalogue and customers), and issued invoices
 * whose PDF failed are rendered again. Returns the batch's report after the retry.
 */
export async function retryBatch(core: EngineContext, batchId: string, options: RetryOptions = {}): Promise<BatchReport> {
  const started = performance.now();
  const batch = core.store.read((db) => batchById(db, batchId));
  if (!batch) throw new AppError('NOT_FOUND', `no batch with id ${batchId}`, { details: { batchId } });
  if (batch.status === 'running') {
    // A batch whose process stopped is finished first (the same as `batch resume`), then retried.
    assertNotRunning(batch);
    await resumeBatch(core, batchId, { pdf: options.pdf, actor: options.actor, today: options.today, onProgress: options.onProgress });
    return retryBatch(core, batchId, options);
  }
  const business = core.store.read((db) => getBusiness(db, batch.business_id));
  const plugin = core.plugins.get(business.taxRegime);
  if (!plugin) throw new AppError('PLUGIN_INVALID', `tax regime "${business.taxRegime}" is not installed`);
  const actor = options.actor ?? 'engine';
  const log = core.logger.child({ traceId: batch.trace_id, batchId, businessId: business.id, retry: true });
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const fy = fiscalYearOf(today, business.fiscalYearStartMonth);
  const failedItems = core.store.read((db) => failedItemsOf(db, batchId));
  const items = core.store.read((db) => failedItems.map(({ position, source_ref, payload }) => {
    const parsed = JSON.parse(payload) as RetryPayload | Record<string, never>;
    if ('type' in parsed && parsed.type === 'orders') {
      const [item] = specsFromOrders(db, business, parsed.rows as OrderLineSource[], { earliest: fy.start, latest: today });
      return { position, item: item ?? { ok: false as const, failure: { sourceRef: source_ref, message: 'the order has no rows' } } };
    }
    if ('type' in parsed && parsed.type === 'spec') return { position, item: { ok: true as const, spec: parsed.spec } };
    return { position, item: { ok: false as const, failure: { sourceRef: source_ref, message: 'nothing recorded to retry this item with' } } };
  }));
  const series = core.store.read((db) => seriesForDocuments(db, business.id));
  const ctx: ChunkContext = { business, plugin, batchId, traceId: batch.trace_id, actor, series, metadata: { batchId, traceId: batch.trace_id, retry: true }, customerIds: new Map() };
  const timings: Record<string, number> = { prepare: 0, tax: 0, persist: 0, pdf: 0 };
  const progress = makeProgress(batchId, batch.trace_id, items.length, options.onProgress, started);
  const outcome = await processItems(core, ctx, { total: items.length, itemAt: (i) => items[i]!, chunkSize: 250, pdf: options.pdf, progress, timings, log, creditSeed: batchId });
  // Issued invoices whose PDF failed earlier.
  const wantPdf = (JSON.parse(batch.config) as { pdf?: boolean }).pdf !== false;
  let pdfRetried = 0;
  if (wantPdf && options.pdf) {
    const missing = core.store.read((db) => invoicesWithoutPdf(db, batchId));
    const pdfFailures = await renderInvoices(core, business, missing.map((m) => ({ invoiceId: m.id, number: m.number, fiscalYear: m.fiscal_year, sourceRef: `invoice ${m.number}` })), options.pdf, log);
    pdfRetried = missing.length;
    outcome.failures.push(...pdfFailures);
    outcome.failed += pdfFailures.length;
  }
  const counts = core.store.read((db) => retriedBatchCounts(db, batchId));
  const failed = counts.failedItems + (wantPdf ? counts.missingPdfs : 0);
  const status = outcomeOf(false, counts.created, failed);
  core.store.write((db) => {
    setRetriedBatchCounts(db, batchId, { status, created: counts.created, failed, finishedAt: new Date().toISOString() });
    appendAudit(db, { businessId: business.id, actor, action: 'batch.retry', entity: 'batch', entityId: batchId, traceId: batch.trace_id, details: { retriedItems: items.length, issuedNow: outcome.created, pdfRetried, status } });
  });
  progress('done', items.length, true);
  log.info('batch retried', { status, issuedNow: outcome.created, failed });
  return { batchId, traceId: batch.trace_id, status, created: counts.created, failed, alreadyInvoiced: counts.alreadyInvoiced, alreadyInvoicedOrders: outcome.alreadyInvoicedOrders, failures: outcome.failures, durationMs: Math.round(performance.now() - started), timings: roundTimings(timings) };
}

export function finishBatch(core: EngineContext, batchId: string, businessId: string, traceId: string, actor: string, status: BatchOutcome, created: number, failed: number, started: number, error: string | null, recount: boolean): number {
  const durationMs = performance.now() - started;
  core.store.write((db) => {
    if (recount) {
      // A batch that stopped on an unexpected error still accounts for what it committed.
      const row = batchItemCounts(db, batchId);
      created = row.c ?? 0;
      failed = row.f ?? 0;
    }
    finishBatchRow(db, batchId, { status, created, failed, finishedAt: new Date().toISOString(), durationMs: Math.round(durationMs), error });
    appendAudit(db, { businessId, actor, action: 'batch.finish', entity: 'batch', entityId: batchId, traceId, details: { status, created, failed } });
  });
  return durationMs;
}

/** Documents handed to the PDF writer at once: enough to keep every worker busy, few enough that a
 * 250-invoice chunk is not all held in memory (and queued in the pool) at the same time. */
const PDF_IN_FLIGHT = 8;

/** Maps with at most `limit` calls in flight, keeping the results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export interface RenderTarget {
  invoiceId: string;
  number: string;
  fiscalYear: string;
  sourceRef: string;
}

export async function renderInvoices(core: EngineContext, business: Business, issued: RenderTarget[], pdf: PdfRenderer, log: EngineContext['logger'], onRendered?: () => void): Promise<BatchFailure[]> {
  const failures: BatchFailure[] = [];
  const results = await mapLimit(issued, PDF_IN_FLIGHT, async (invoice) => {
    const row = core.store.read((db) => invoiceToRender(db, invoice.invoiceId)!);
    const original = row.original_invoice_id ? core.store.read((db) => correctedInvoice(db, row.original_invoice_id!)!) : null;
    const outPath = pdfPathFor(core.dataDir, business.id, invoice.fiscalYear, invoice.number);
    mkdirSync(dirname(outPath), { recursive: true });
    try {
      const document = buildInvoiceDocument(business, row, original);
      const written = await pdf.render(document, outPath, { businessId: business.id });
      // Further copies (r.48(1)) are in the invoice's PDF (document.copyLabels), or, when the
      // business writes one PDF per copy, each its own PDF beside the original.
      for (const label of copiesInSeparatePdfs(business) ? copyLabelsFor(business, JSON.parse(row.tax_result) as TaxResult).slice(1) : []) {
        await pdf.render({ ...document, copyLabel: label }, copyPdfPath(outPath, label), { businessId: business.id });
      }
      return { invoice, written, error: null as string | null, attempts: written.attempts ?? 1 };
    } catch (error) {
      const appError = toAppError(error);
      return { invoice, written: null, error: appError.message, attempts: Number(appError.details.attempts ?? 3) };
    } finally {
      onRendered?.();
    }
  });
  core.store.write((db) => {
    const now = new Date().toISOString();
    for (const r of results) {
      if (r.written) recordPdfWritten(db, r.invoice.invoiceId, r.written, r.attempts - 1, now);
      else recordPdfFailed(db, r.invoice.invoiceId, r.attempts, r.error, now);
    }
  });
  for (const r of results) {
    if (r.written && r.attempts > 1) log.info('pdf written after retries', { invoiceId: r.invoice.invoiceId, number: r.invoice.number, attempts: r.attempts });
    if (r.error) {
      core.metrics.pdfFailures.inc();
      log.warn('pdf failed', { invoiceId: r.invoice.invoiceId, number: r.invoice.number, error: r.error });
      failures.push({ source: r.invoice.sourceRef, message: `PDF not written: ${r.error}`, invoiceNumber: r.invoice.number });
    }
  }
  return failures;
}

export function makeProgress(batchId: string, traceId: string, total: number, listener: RunBatchOptions['onProgress'], started: number) {
  let lastEmit = 0;
  return (phase: BatchProgress['phase'], done: number, force = false, pdfs?: PdfProgress) => {
    if (!listener) return;
    const now = performance.now();
    if (!force && now - lastEmit < 100) return; // at most ~10 events a second
    lastEmit = now;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    listener({ batchId, traceId, phase, done, total, rate: Math.round(rate * 10) / 10, etaSeconds: rate > 0 && done < total ? Math.round((total - done) / rate) : done >= total ? 0 : null, ...(pdfs ? { pdfsDone: pdfs.done, pdfsTotal: pdfs.total } : {}) });
  };
}

export type { TaxResult };
