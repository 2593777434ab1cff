// Finishing a batch whose process stopped (`batch resume`): it is adopted by this process, the
// items it never reached are issued (a simulation is drawn again from its seed and the pricing
// state replayed over what was issued; orders are read again and those already in the batch or
// already invoiced are skipped), every invoice of the batch without a PDF gets one, and the counts
// are recounted from what is stored, so created_count is the invoices actually issued.
import { AppError } from '../../src-shared/errors.js';
import { SimulationConfig, type AlreadyInvoicedOrder, type BatchOutcome, type BatchProgress, type BatchReport } from '../../src-shared/schemas/batch.js';
import { check } from '../../src-shared/schemas/validate.js';
import { appendAudit } from '../audit/audit.js';
import { getBusiness, seriesForDocuments } from '../db/repos/businesses.js';
import { listProducts } from '../db/repos/catalogue.js';
import { statement } from '../db/query.js';
import type { BatchRow } from '../db/types.js';
import { fiscalYearOf } from '../numbering/format.js';
import { removeOrphanedTempFiles } from '../runtime/temp-files.js';
import { activeBatches, batchLiveness, batchOwner, describeOwner, stoppedBatchError } from './batch-owner.js';
import type { EngineContext } from './context.js';
import { pendingImportedOrders, readOrdersJson, specsFromOrders, type OrderLineSource } from './orders.js';
import type { PdfRenderer } from './pdf-renderer.js';
import type { ChunkContext } from './persist.js';
import { makeProgress, processItems, renderInvoices, roundTimings } from './pipeline.js';
import { newPricingState, replayHandled } from './pricing.js';
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
  const batch = core.store.read((db) => statement(db, 'SELECT * FROM batches WHERE id = ?').get(batchId) as BatchRow | undefined);
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

  // Adopt the batch: compare-and-set on what was read, so two processes resuming it at once cannot both go on.
  const owner = batchOwner();
  const now = new Date().toISOString();
  const adopted = core.store.write((db) => {
    const changed = statement(db, `UPDATE batches SET status = 'running', owner_pid = ?, owner_host = ?, heartbeat_at = ?, finished_at = NULL, error = NULL, already_invoiced_count = 0
      WHERE id = ? AND status = ? AND owner_pid IS ? AND heartbeat_at IS ?`).run(owner.pid, owner.host, now, batchId, batch.status, batch.owner_pid, batch.heartbeat_at).changes;
    if (changed === 1) appendAudit(db, { businessId: business.id, actor, action: 'batch.resume', entity: 'batch', entityId: batchId, traceId: batch.trace_id, details: { previousStatus: batch.status, previousOwner: batch.owner_pid === null ? null : `${batch.owner_pid}@${batch.owner_host ?? '?'}` } });
    return changed === 1;
  });
  if (!adopted) throw new AppError('CONFLICT', `batch ${batchId} was taken over by another process just now; see \`ledgerflow batch resume ${batchId}\` there`, { details: { batchId } });
  activeBatches.add(batchId);
  try {
    const config = JSON.parse(batch.config) as Record<string, unknown> & { pdf?: boolean };
    const wantPdf = config.pdf !== false;
    const handled = core.store.read((db) => statement(db, 'SELECT position, source_ref, status, invoice_id FROM batch_items WHERE batch_id = ?').all(batchId) as Array<{ position: number; source_ref: string; status: string; invoice_id: string | null }>);
    const problems: Array<{ source: string; message: string }> = [];
    let total = 0;
    let itemAt: (index: number) => { position: number; item: SpecOrFailure } = () => { throw new Error('no items'); };
    let creditSeed = batchId;
    let pricing;
    if (batch.source === 'simulation') {
      const simulation = check(SimulationConfig, config, '$.config');
      creditSeed = simulation.seed;
      const products = core.store.read((db) => listProducts(db, business.id));
      const plan = planSimulation(simulation, business, products, today);
      const byPosition = new Map(handled.map((h) => [h.position, h]));
      pricing = newPricingState(business, plugin, creditSeed);
      const remaining: number[] = [];
      for (let i = 0; i < plan.total; i++) {
        const done = byPosition.get(i);
        if (done) replayHandled(pricing, plan.spec(i), done.status === 'issued' ? done.invoice_id : null);
        else remaining.push(i);
      }
      total = remaining.length;
      itemAt = (k) => ({ position: remaining[k]!, item: { ok: true, spec: plan.spec(remaining[k]!) } });
    } else if (batch.source === 'orders') {
      const file = typeof config.ordersFile === 'string' ? config.ordersFile : undefined;
      let rows: OrderLineSource[] = [];
      try {
        if (!file) rows = core.store.read((db) => pendingImportedOrders(db, business.id));
        else if (/\.json$/i.test(file)) rows = readOrdersJson(file);
        else if (options.readOrdersSpreadsheet) rows = await options.readOrdersSpreadsheet(file, business.id);
        else throw new AppError('BAD_INPUT', `${file}: spreadsheets cannot be read here`);
      } catch (error) {
        problems.push({ source: file ?? 'imported orders', message: `the orders cannot be read again (${(error as Error).message}); the invoices already issued stand, the orders not reached were not issued` });
      }
      const fy = fiscalYearOf(today, business.fiscalYearStartMonth);
      const specs = core.store.read((db) => specsFromOrders(db, business, rows, { earliest: fy.start, latest: today }));
      const seen = new Set(handled.map((h) => h.source_ref));
      const remaining = specs.filter((item) => !seen.has(item.ok ? item.spec.sourceRef : item.failure.sourceRef));
      // Fresh positions after every position the batch may have used.
      const base = Math.max(batch.requested, ...handled.map((h) => h.position + 1));
      total = remaining.length;
      itemAt = (k) => ({ position: base + k, item: remaining[k]! });
    }
    const series = core.store.read((db) => seriesForDocuments(db, business.id));
    const ctx: ChunkContext = { business, plugin, batchId, traceId: batch.trace_id, actor, series, metadata: { batchId, traceId: batch.trace_id, config }, customerIds: new Map() };
    const timings: Record<string, number> = { prepare: performance.now() - started, tax: 0, persist: 0, pdf: 0 };
    const progress = makeProgress(batchId, batch.trace_id, total, options.onProgress, started);
    const outcome = await processItems(core, ctx, { total, itemAt, chunkSize: 250, pdf: wantPdf ? options.pdf : undefined, signal: options.signal, progress, timings, log, creditSeed, pricing });

    // Every invoice of the batch still without a PDF (the stopped process never rendered it).
    let pdfsRendered = 0;
    if (wantPdf && options.pdf) {
      const missing = core.store.read((db) => statement(db, "SELECT id, number, fiscal_year FROM invoices WHERE batch_id = ? AND status != 'draft' AND pdf_sha256 IS NULL ORDER BY rowid").all(batchId) as Array<{ id: string; number: string; fiscal_year: string }>);
      const t0 = performance.now();
      for (let from = 0; from < missing.length; from += 250) {
        const slice = missing.slice(from, from + 250);
        const pdfFailures = await renderInvoices(core, business, slice.map((m) => ({ invoiceId: m.id, number: m.number, fiscalYear: m.fiscal_year, sourceRef: `invoice ${m.number}` })), options.pdf, log);
        pdfsRendered += slice.length - pdfFailures.length;
        outcome.failures.push(...pdfFailures);
      }
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
    const counts = statement(db, `SELECT
        (SELECT COUNT(*) FROM invoices WHERE batch_id = ? AND status != 'draft') AS created,
        (SELECT COUNT(*) FROM batch_items WHERE batch_id = ? AND status = 'failed') AS failedItems,
        (SELECT COUNT(*) FROM invoices WHERE batch_id = ? AND status != 'draft' AND pdf_sha256 IS NULL) AS missingPdfs,
        (SELECT already_invoiced_count FROM batches WHERE id = ?) AS alreadyInvoiced`).get(batch.id, batch.id, batch.id, batch.id) as { created: number; failedItems: number; missingPdfs: number; alreadyInvoiced: number };
    const failed = counts.failedItems + (input.wantPdf ? counts.missingPdfs : 0) + input.problems.length;
    const status: BatchOutcome = outcome.cancelled ? 'cancelled' : failed === 0 ? 'completed' : counts.created === 0 ? 'failed' : 'completed_with_errors';
    statement(db, 'UPDATE batches SET status = ?, created_count = ?, failed_count = ?, finished_at = ?, duration_ms = coalesce(duration_ms, 0) + ?, error = ? WHERE id = ?')
      .run(status, counts.created, failed, new Date().toISOString(), durationMs, input.problems.map((p) => `${p.source}: ${p.message}`).join('; ') || null, batch.id);
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
