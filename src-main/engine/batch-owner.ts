// Who runs a batch, and whether that is still true. A batch row says 'running' from its start to
// its finish; if its process dies in between (killed, power cut, disk full while finishing) the
// row stays 'running'. Such a batch is stale: its owner process (pid on this host) is gone, or,
// on another host, it has shown no sign of life (a committed chunk) for STALE_AFTER_MS.
import { hostname } from 'node:os';
import { AppError, toAppError } from '../../src-shared/errors.js';
import { appendAudit } from '../audit/audit.js';
import { batchItemCounts, finishBatchRow, issuedInBatch } from '../db/repos/batch-runs.js';
import type { BatchRow } from '../db/types.js';
import { processAlive } from '../runtime/temp-files.js';
import type { EngineContext } from './context.js';
import { plural } from '../../src-shared/plural.js';

/** A batch on another host (a shared folder) counts as stopped after this long without a committed chunk. */
export const STALE_AFTER_MS = 15 * 60 * 1000;

/** Batches being worked on by this process right now (run, resume or retry). */
export const activeBatches = new Set<string>();

export function batchOwner(): { pid: number; host: string } {
  return { pid: process.pid, host: hostname() };
}

export type BatchLiveness =
  | { state: 'finished' }
  | { state: 'running-here' }
  | { state: 'running-elsewhere'; pid: number | null; host: string | null; lastSign: string }
  | { state: 'stale'; pid: number | null; host: string | null; lastSign: string };

type OwnerColumns = Pick<BatchRow, 'id' | 'status' | 'owner_pid' | 'owner_host' | 'heartbeat_at' | 'started_at'>;

export function batchLiveness(row: OwnerColumns, now = Date.now()): BatchLiveness {
  if (row.status !== 'running') return { state: 'finished' };
  if (activeBatches.has(row.id)) return { state: 'running-here' };
  const lastSign = row.heartbeat_at ?? row.started_at;
  const who = { pid: row.owner_pid, host: row.owner_host, lastSign };
  if (row.owner_pid !== null && row.owner_host === hostname()) {
    // Our own pid without the batch in activeBatches: an earlier process that had our pid.
    return row.owner_pid !== process.pid && processAlive(row.owner_pid) ? { state: 'running-elsewhere', ...who } : { state: 'stale', ...who };
  }
  return now - Date.parse(lastSign) > STALE_AFTER_MS ? { state: 'stale', ...who } : { state: 'running-elsewhere', ...who };
}

export function describeOwner(live: { pid: number | null; host: string | null }): string {
  return live.pid === null ? 'an earlier LedgerFlow' : `process ${live.pid}${live.host ? ` on ${live.host}` : ''}`;
}

export function resumeHint(batchId: string): string {
  return `ledgerflow batch resume ${batchId}`;
}

/**
 * The error a batch stopped by an unexpected failure (disk full, I/O error) throws: it says how
 * many invoices stand and what to run next. The batch is marked failed with its counts when that
 * write still succeeds; if even that fails, the batch stays 'running' and becomes stale when this
 * process ends, which `batch resume` handles the same way.
 */
export function stoppedBatchError(core: EngineContext, input: { batchId: string; businessId: string; traceId: string; actor: string; started: number; error: unknown; log: EngineContext['logger'] }): AppError {
  const cause = toAppError(input.error);
  input.log.error('batch failed', { error: cause });
  try {
    core.store.write((db) => {
      const counts = batchItemCounts(db, input.batchId);
      finishBatchRow(db, input.batchId, { status: 'failed', created: counts.c ?? 0, failed: counts.f ?? 0, finishedAt: new Date().toISOString(), durationMs: Math.round(performance.now() - input.started), error: cause.message });
      appendAudit(db, { businessId: input.businessId, actor: input.actor, action: 'batch.finish', entity: 'batch', entityId: input.batchId, traceId: input.traceId, details: { status: 'failed', created: counts.c ?? 0, failed: counts.f ?? 0, error: cause.message } });
    });
  } catch (error) {
    input.log.error('batch could not be marked failed; it stays running until resumed', { error: toAppError(error) });
  }
  let issued = 0;
  try {
    issued = core.store.read((db) => issuedInBatch(db, input.batchId));
  } catch {
    // The count is a courtesy; the hint below still holds.
  }
  return new AppError(cause.code, `batch ${input.batchId} stopped after issuing ${plural(issued, 'invoice')}: ${cause.message}. The failing chunk was rolled back (nothing half-written). ` +
    `Fix the cause, then run \`${resumeHint(input.batchId)}\` to finish it.`, { cause: input.error, retryable: cause.retryable, details: { ...cause.details, batchId: input.batchId, issued, next: resumeHint(input.batchId) } });
}
