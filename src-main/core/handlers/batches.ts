// batches.*: list a business's batches (newest first), run one through the engine with progress
// events, cancel a running one, retry what failed. The engine does the work; this file only
// wires it to the contract, the event bus and the PDF writer.
import { AppError } from '../../../src-shared/errors.js';
import type { BatchReportView, BatchSummary } from '../../../src-shared/ipc/models.js';
import type { BatchReport } from '../../../src-shared/schemas/batch.js';
import type { BatchRow } from '../../db/types.js';
import { findBatch, listBatchPage } from '../../db/repos/batches.js';
import type { PdfRenderer } from '../../engine/pdf-renderer.js';
import { retryBatch, runBatch } from '../../engine/pipeline.js';
import { batchLiveness, describeOwner, resumeHint } from '../../engine/batch-owner.js';
import { resumeBatch } from '../../engine/recovery.js';
import type { Core } from '../create-core.js';
import { openPdfRenderer } from '../services.js';
import { batchProgressEvent } from './progress.js';
import { page, type Handler } from './types.js';
import { plural } from '../../../src-shared/plural.js';

function toSummary(row: BatchRow): BatchSummary {
  return {
    id: row.id, businessId: row.business_id, source: row.source, status: row.status, traceId: row.trace_id, requested: row.requested,
    created: row.created_count, failed: row.failed_count, createdAt: row.started_at, startedAt: row.started_at, finishedAt: row.finished_at,
    durationMs: row.duration_ms, error: row.error, alreadyInvoiced: row.already_invoiced_count,
    // 'running' in the row but its process is gone: the UI offers Resume instead of Cancel.
    stale: batchLiveness(row).state === 'stale',
  };
}

export const batchesList: Handler<'batches.list'> = async (core, input) => {
  const { offset, limit } = page(input);
  return core.store.read((db) => {
    const { rows, total } = listBatchPage(db, input, { offset, limit });
    return { items: rows.map(toSummary), total, offset, limit };
  });
};

// ---- running, cancelling and retrying batches (the engine does the work) ----

interface Running {
  businessId: string;
  controller: AbortController;
}

/** Batches running in this process, per core, so batches.cancel can reach them. */
const runningByCore = new WeakMap<Core, Map<string, Running>>();

function runningOf(core: Core): Map<string, Running> {
  let map = runningByCore.get(core);
  if (!map) runningByCore.set(core, (map = new Map()));
  return map;
}

function toReport(report: BatchReport): BatchReportView {
  return {
    batchId: report.batchId, traceId: report.traceId, status: report.status, created: report.created, failed: report.failed,
    alreadyInvoiced: report.alreadyInvoiced, alreadyInvoicedOrders: report.alreadyInvoicedOrders.map(({ orderId, source, invoiceNumber }) => ({ orderId, source, invoiceNumber })),
    failures: report.failures.map((f) => ({ source: f.source, message: f.message, ...(f.invoiceNumber === undefined ? {} : { invoiceNumber: f.invoiceNumber }) })),
    durationMs: report.durationMs, timings: report.timings, ...(report.zip === undefined ? {} : { zip: report.zip }),
  };
}

async function withPdf<T>(core: Core, wanted: boolean, fn: (pdf: PdfRenderer | undefined) => Promise<T>): Promise<T> {
  const pdf = wanted ? await openPdfRenderer(core) : undefined;
  try {
    return await fn(pdf);
  } finally {
    await pdf?.close();
  }
}

export const batchesRun: Handler<'batches.run'> = async (core, input, ctx) => {
  const controller = new AbortController();
  const running = runningOf(core);
  let batchId: string | undefined;
  try {
    const report = await withPdf(core, input.pdf !== false, (pdf) => runBatch(core, input, {
      pdf, actor: ctx.actor, signal: controller.signal,
      onProgress: (progress) => {
        if (!batchId) {
          batchId = progress.batchId;
          running.set(batchId, { businessId: input.businessId, controller });
        }
        core.events.emit('batch.progress', batchProgressEvent(progress, { businessId: input.businessId }));
      },
    }));
    return toReport(report);
  } finally {
    if (batchId) running.delete(batchId);
  }
};

export const batchesCancel: Handler<'batches.cancel'> = async (core, input) => {
  const run = runningOf(core).get(input.batchId);
  if (!run || run.businessId !== input.businessId) {
    const known = core.store.read((db) => findBatch(db, input.businessId, input.batchId));
    if (!known) throw new AppError('NOT_FOUND', `no batch ${input.batchId} in business ${input.businessId}`, { details: { batchId: input.batchId } });
    const live = batchLiveness(known);
    if (live.state === 'stale') {
      throw new AppError('CONFLICT', `batch ${input.batchId} is not running any more: its ${describeOwner(live)} stopped after issuing ${plural(known.created_count, 'invoice')}; nothing is left to cancel. Resume it to finish it (Resume on Exports, or \`${resumeHint(input.batchId)}\`)`, { details: { batchId: input.batchId, status: 'stale' } });
    }
    if (live.state === 'running-elsewhere') {
      throw new AppError('CONFLICT', `batch ${input.batchId} is running in ${describeOwner(live)}, not in this app; cancel it there`, { details: { batchId: input.batchId, status: known.status } });
    }
    throw new AppError('CONFLICT', `batch ${input.batchId} is not running (it is ${known.status})`, { details: { batchId: input.batchId, status: known.status } });
  }
  run.controller.abort();
  return { cancelled: true };
};

export const batchesRetry: Handler<'batches.retry'> = async (core, input, ctx) => {
  const batch = core.store.read((db) => findBatch(db, input.businessId, input.batchId));
  if (!batch) throw new AppError('NOT_FOUND', `no batch ${input.batchId} in business ${input.businessId}`, { details: { batchId: input.batchId } });
  if (runningOf(core).has(batch.id)) throw new AppError('CONFLICT', `batch ${batch.id} is still running`, { details: { batchId: batch.id } });
  const config = JSON.parse(batch.config) as { pdf?: boolean };
  const report = await withPdf(core, config.pdf !== false, (pdf) => retryBatch(core, batch.id, {
    pdf, actor: ctx.actor,
    onProgress: (progress) => core.events.emit('batch.progress', batchProgressEvent(progress, { businessId: input.businessId })),
  }));
  return toReport(report);
};

export const batchesResume: Handler<'batches.resume'> = async (core, input, ctx) => {
  const batch = core.store.read((db) => findBatch(db, input.businessId, input.batchId));
  if (!batch) throw new AppError('NOT_FOUND', `no batch ${input.batchId} in business ${input.businessId}`, { details: { batchId: input.batchId } });
  if (runningOf(core).has(batch.id)) throw new AppError('CONFLICT', `batch ${batch.id} is running in this app right now`, { details: { batchId: batch.id } });
  const config = JSON.parse(batch.config) as { pdf?: boolean };
  const report = await withPdf(core, config.pdf !== false, (pdf) => resumeBatch(core, batch.id, {
    pdf, actor: ctx.actor,
    onProgress: (progress) => core.events.emit('batch.progress', batchProgressEvent(progress, { businessId: input.businessId })),
  }));
  return toReport(report);
};
