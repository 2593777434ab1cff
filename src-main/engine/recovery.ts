// Finishing a batch whose process stopped (`batch resume`): it is adopted by this process, the
// items it never reached are issued (a simulation is drawn again from its seed and the pricing
// state replayed over what was issued; orders are read again and those already in the batch or
// already invoiced are skipped), every invoice of the batch without a PDF gets one, and the counts
// are recounted from what is stored, so created_count is the invoices actually issued.
import { AppError } from '../../src-shared/errors.js';
import { SimulationConfig, type AlreadyInvoicedOrder, type BatchFailure, type BatchProgress, type BatchReport } from '../../src-shared/schemas/batch.js';
import { check } from '../../src-shared/schemas/validate.js';
import { appendAudit } from '../audit/audit.js';
import { getBusiness, seriesForDocuments } from '../db/repos/businesses.js';
import { listProducts } from '../db/repos/catalogue.js';
import { adoptBatch, batchById, finishResumedBatchRow, handledItems, invoicesWithoutPdf, resumedBatchCounts } from '../db/repos/batch-runs.js';
import type { BatchRow } from '../db/types.js';
import type { Business } from '../../src-shared/schemas/business.js';
import type { TaxPlugin } from '../../src-shared/tax/plugin-api.js';
import { fiscalYearOf } from '../numbering/format.js';
import { removeOrphanedTempFiles } from '../runtime/temp-files.js';
import { activeBatches, batchLiveness, batchOwner, describeOwner, stoppedBatchError } from './batch-owner.js';
import type { EngineContext } from './context.js';
import { pendingImportedOrders, readOrdersJson, specsFromOrders, type OrderLineSource } from './orders.js';
import type { PdfRenderer } from './pdf-renderer.js';
import type { ChunkContext } from './persist.js';
import { makeProgress, outcomeOf, processItems, renderInvoices, roundTimings } from './pipeline.js';
import { newPricingState, replayHandled, type PricingState } from './pricing.js';
import { planSimulation } from './simulation.js';
import type { SpecOrFailure } from './spec.js';

export interface ResumeOptions {
  pdf?: PdfRenderer;
  actor?: string;
  today?: string;
  signal?: AbortSignal;
  onProgress?: (progress: BatchProgress) => void;
  readOrdersSpreadsheet?: (path: string, businessId: string) => Promise<OrderLineSource[]>;
}

export interface ResumeReport extends BatchReport {
  /** What this resume did: invoices issued now and PDFs rendered for invoices that had none. */
  issuedNow: number;
  pdfsRendered: number;
  /** Temp files of killed writers removed from documents/ on the way. */
  tempFilesRemoved: number;
}

function loadBatch(core: EngineContext, batchId: string): BatchRow {
  const batch = core.store.read((db) => batchById(db, batchId));
  if (!batch) throw new AppError('NOT_FOUND', `no batch with id ${batchId}`, { details: { batchId } });
  return batch;
}

/** Refuses a batch some live process is still working on, saying which. */
export function assertNotRunning(batch: BatchRow): void {
  const live = batchLiveness(batch);
  if (live.state === 'running-here') throw new AppError('CONFLICT', `batch ${batch.id} is running in this app right now; wait for it to finish or cancel it`, { details: { batchId: batch.id } });
  if (live.state === 'running-elsewhere') {
    throw new AppError('CONFLICT', `batch ${batch.id} is still running in ${describeOwner(live)} (last chunk written ${live.lastSign}); wait for it, or stop that process and resume the batch`, { details: { batchId: batch.id, pid: live.pid, host: live.host } });
  }
}

type HandledItem = ReturnType<typeof handledItems>[number];

/** What is left of a stopped batch to issue, and how to price it. */
interface Remainder {
  total: number;
  itemAt: (index: number) => { position: number; item: SpecOrFailure };
  creditSeed: string;
  pricing?: PricingState;
}

/**
 * Adopts the batch for this process: compare-and-set on what was read, so two processes resuming
 * it at once cannot both go on.
 */
function adopt(core: EngineContext, batch: BatchRow, businessId: string, actor: string): void {
  const owner = batchOwner();
  const now = new Date().toISOString();
  const adopted = core.store.write((db) => {
    const changed = adoptBatch(db, batch, owner, now);
    if (changed) appendAudit(db, { businessId, actor, action: 'batch.resume', entity: 'batch', entityId: batch.id, traceId: batch.trace_id, details: { previousStatus: batch.status, previousOwner: batch.owner_pid === null ? null : `${batch.owner_pid}@${batch.owner_host ?? '?'}` } });
    return changed;
  });
  if (!adopted) throw new AppError('CONFLICT', `batch ${batch.id} was taken over by another process just now; see \`ledgerflow batch resume ${batch.id}\` there`, { details: { batchId: batch.id } });
}

/** A simulation is drawn again from its seed; the pricing state is replayed over what was handled. */
function simulationRemainder(core: EngineContext, config: Record<string, unknown>, business: Business, plugin: TaxPlugin, handled: HandledItem[], today: string): Remainder {
  const simulation = check(SimulationConfig, config, '$.config');
  const creditSeed = simulation.seed;
  const products = core.store.read((db) => listProducts(db, business.id));
  const plan = planSimulation(simulation, business, products, today);
  const byPosition = new Map(handled.map((h) => [h.position, h]));
  const pricing = newPricingState(business, plugin, creditSeed);
  const remaining: number[] = [];
  for (let i = 0; i < plan.total; i++) {
    const done = byPosition.get(i);
    if (done) replayHandled(pricing, plan.spec(i), done.status === 'issued' ? done.invoice_id : null);
    else remaining.push(i);
  }
  return { total: remaining.length, itemAt: (k) => ({ position: remaining[k]!, item: { ok: true, spec: plan.spec(remaining[k]!) } }), creditSeed, pricing };
}

/** The orders read again (a problem reading them is recorded, not thrown: what was issued stands). */
async function rereadOrders(core: EngineContext, file: string | undefined, businessId: string, options: ResumeOptions, problems: Array<{ source: string; message: string }>): Promise<OrderLineSource[]> {
  try {
    if (!file) return core.store.read((db) => pendingImportedOrders(db, businessId));
    if (/\.json$/i.test(file)) return readOrdersJson(file);
    if (options.readOrdersSpreadsheet) return await options.readOrdersSpreadsheet(file, businessId);
    throw new AppError('BAD_INPUT', `${file}: spreadsheets cannot be read here`);
  } catch (error) {
    problems.push({ source: file ?? 'imported orders', message: `the orders cannot be read again (${(error as Error).message}); the invoices already issued stand, the orders not reached were not issued` });
    return [];
  }
}

/** Orders are read again; those already in the batch are skipped (those invoiced elsewhere are found when their chunk is written). */
async function ordersRemainder(core: EngineContext, batch: BatchRow, config: Record<string, unknown>, business: Business, handled: HandledItem[], context: { today: string; options: ResumeOptions; problems: Array<{ source: string; message: string }> }): Promise<Remainder> {
  const file = typeof config.ordersFile === 'string' ? config.ordersFile : undefined;
  const rows = await rereadOrders(core, file, business.id, context.options, context.problems);
  const fy = fiscalYearOf(context.today, business.fiscalYearStartMonth);
  const specs = core.store.read((db) => specsFromOrders(db, business, rows, { earliest: fy.start, latest: context.today }));
  const seen = new Set(handled.map((h) => h.source_ref));
  const remaining = specs.filter((item) => !seen.has(item.ok ? item.spec.sourceRef : item.failure.sourceRef));
  // Fresh positions after every position the batch may have used.
  const base = Math.max(batch.requested, ...handled.map((h) => h.position + 1));
  return { total: remaining.length, itemAt: (k) => ({ position: base + k, item: remaining[k]! }), creditSeed: batch.id };
}

/** Every invoice of the batch still without a PDF (the stopped process never rendered it), 250 at a time. */
async function renderMissingPdfs(core: EngineContext, business: Business, batchId: string, pdf: PdfRenderer, log: EngineContext['logger'], failures: BatchFailure[]): Promise<number> {
  const missing = core.store.read((db) => invoicesWithoutPdf(db, batchId, true));
  let rendered = 0;
  for (let from = 0; from < missing.length; from += 250) {
    const slice = missing.slice(from, from + 250);
    const pdfFailures = await renderInvoices(core, business, slice.map((m) => ({ invoiceId: m.id, number: m.number, fiscalYear: m.fiscal_year, sourceRef: `invoice ${m.number}` })), pdf, log);
    rendered += slice.length - pdfFailures.length;
    failures.push(...pdfFailures);
  }
  return rendered;
}

export async function resumeBatch(core: EngineContext, batchId: string, options: ResumeOptions = {}): Promise<ResumeReport> {
  const started = performance.now();
  const batch = loadBatch(core, batchId);
  assertNotRunning(batch);
  const business = core.store.read((db) => getBusiness(db, batch.business_id));
  const plugin = core.plugins.get(business.taxRegime);
  if (!plugin) throw new AppError('PLUGIN_INVALID', `tax regime "${business.taxRegime}" is not installed`, { details: { regime: business.taxRegime } });
  const actor = options.actor ?? 'engine';
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const log = core.logger.child({ traceId: batch.trace_id, batchId, businessId: business.id, resume: true });
  const tempFilesRemoved = removeOrphanedTempFiles(core.dataDir).removed.length;

  adopt(core, batch, business.id, actor);
  activeBatches.add(batchId);
  try {
    const config = JSON.parse(batch.config) as Record<string, unknown> & { pdf?: boolean };
    const wantPdf = config.pdf !== false;
    const handled = core.store.read((db) => handledItems(db, batchId));
    const problems: Array<{ source: string; message: string }> = [];
    let remainder: Remainder = { total: 0, itemAt: () => { throw new Error('no items'); }, creditSeed: batchId };
    if (batch.source === 'simulation') remainder = simulationRemainder(core, config, business, plugin, handled, today);
    else if (batch.source === 'orders') remainder = await ordersRemainder(core, batch, config, business, handled, { today, options, problems });
    const { total, itemAt, creditSeed, pricing } = remainder;
    const series = core.store.read((db) => seriesForDocuments(db, business.id));
    const ctx: ChunkContext = { business, plugin, batchId, traceId: batch.trace_id, actor, series, metadata: { batchId, traceId: batch.trace_id, config }, customerIds: new Map() };
    const timings: Record<string, number> = { prepare: performance.now() - started, tax: 0, persist: 0, pdf: 0 };
    const progress = makeProgress(batchId, batch.trace_id, total, options.onProgress, started);
    const outcome = await processItems(core, ctx, { total, itemAt, chunkSize: 250, pdf: wantPdf ? options.pdf : undefined, signal: options.signal, progress, timings, log, creditSeed, pricing });

    let pdfsRendered = 0;
    if (wantPdf && options.pdf) {
      const t0 = performance.now();
      pdfsRendered = await renderMissingPdfs(core, business, batchId, options.pdf, log, outcome.failures);
      timings.pdf! += performance.now() - t0;
    }
    return finishResumed(core, { batch, businessId: business.id, actor, wantPdf, started, outcome, problems, pdfsRendered, tempFilesRemoved, timings, log, progress, total });
  } catch (error) {
    throw stoppedBatchError(core, { batchId, businessId: business.id, traceId: batch.trace_id, actor, started, error, log });
  } finally {
    activeBatches.delete(batchId);
  }
}

function finishResumed(core: EngineContext, input: {
  batch: BatchRow; businessId: string; actor: string; wantPdf: boolean; started: number; total: number; pdfsRendered: number; tempFilesRemoved: number;
  outcome: { created: number; cancelled: boolean; failures: Array<{ source: string; message: string; invoiceNumber?: string }>; alreadyInvoicedOrders: AlreadyInvoicedOrder[] };
  problems: Array<{ source: string; message: string }>; timings: Record<string, number>; log: EngineContext['logger']; progress: ReturnType<typeof makeProgress>;
}): ResumeReport {
  const { batch, outcome } = input;
  const durationMs = Math.round(performance.now() - input.started);
  const result = core.store.write((db) => {
    const counts = resumedBatchCounts(db, batch.id);
    const failed = counts.failedItems + (input.wantPdf ? counts.missingPdfs : 0) + input.problems.length;
    const status = outcomeOf(outcome.cancelled, counts.created, failed);
    finishResumedBatchRow(db, batch.id, { status, created: counts.created, failed, finishedAt: new Date().toISOString(), durationMs, error: input.problems.map((p) => `${p.source}: ${p.message}`).join('; ') || null });
    appendAudit(db, { businessId: input.businessId, actor: input.actor, action: 'batch.finish', entity: 'batch', entityId: batch.id, traceId: batch.trace_id, details: { status, created: counts.created, failed, resumed: true, issuedNow: outcome.created, pdfsRendered: input.pdfsRendered } });
    return { ...counts, failed, status };
  });
  input.progress('done', input.total, true);
  input.log.info('batch resumed', { status: result.status, created: result.created, issuedNow: outcome.created, pdfsRendered: input.pdfsRendered });
  return {
    batchId: batch.id, traceId: batch.trace_id, status: result.status, created: result.created, failed: result.failed, alreadyInvoiced: result.alreadyInvoiced,
    alreadyInvoicedOrders: outcome.alreadyInvoicedOrders, failures: [...input.problems, ...outcome.failures], durationMs, timings: roundTimings(input.timings),
    issuedNow: outcome.created, pdfsRendered: input.pdfsRendered, tempFilesRemoved: input.tempFilesRemoved,
  };
}
