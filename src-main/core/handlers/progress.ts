// The engine reports progress in its own phases (src-shared/schemas/batch.ts); the renderer
// listens to `batch.progress` events in the contract's phases. This is the one mapping, for
// whichever handler starts a batch: `core.events.emit('batch.progress', batchProgressEvent(...))`.
import type { BatchProgress as EngineProgress } from '../../../src-shared/schemas/batch.js';
import type { EventPayload } from '../../../src-shared/ipc/events.js';

const PHASES: Record<EngineProgress['phase'], EventPayload<'batch.progress'>['phase']> = {
  prepare: 'queued',
  issue: 'generating',
  render: 'rendering',
  export: 'exporting',
  done: 'done',
};

export function batchProgressEvent(progress: EngineProgress, context: { businessId: string; failed?: number; message?: string }): EventPayload<'batch.progress'> {
  return {
    batchId: progress.batchId,
    businessId: context.businessId,
    traceId: progress.traceId,
    phase: PHASES[progress.phase],
    done: progress.done,
    failed: context.failed ?? 0,
    total: progress.total,
    rate: Math.max(0, progress.rate),
    etaSeconds: progress.etaSeconds === null ? null : Math.max(0, progress.etaSeconds),
    ...(progress.pdfsTotal === undefined ? {} : { pdfsDone: progress.pdfsDone ?? 0, pdfsTotal: progress.pdfsTotal }),
    ...(context.message === undefined ? {} : { message: context.message }),
  };
}
