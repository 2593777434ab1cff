// exports.create: the ZIP of one batch. The destination is either a path the user chose in the
// native save dialog during this session (the transport vouches for it with ctx.canWrite), or the
// data folder's exports/ folder; a path the renderer typed itself is refused. Over the browser
// preview the ZIP's bytes come back too, so the page can offer the download.
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { AppError } from '../../../src-shared/errors.js';
import { findBatch } from '../../db/repos/batches.js';
import { exportBatches } from '../services.js';
import type { Handler } from './types.js';

export const exportsCreate: Handler<'exports.create'> = async (core, input, ctx) => {
  const batch = core.store.read((db) => findBatch(db, input.businessId, input.batchId));
  if (!batch) throw new AppError('NOT_FOUND', `no batch ${input.batchId} in business ${input.businessId}`, { details: { batchId: input.batchId } });
  let out: string;
  if (input.out !== undefined) {
    if (!isAbsolute(input.out) || !ctx.canWrite?.(input.out)) {
      throw new AppError('FORBIDDEN', 'choose where to save the ZIP with the Save dialog; a typed path is not accepted', { details: { path: '$input.out' } });
    }
    out = input.out;
  } else {
    const folder = join(core.dataDir, 'exports');
    mkdirSync(folder, { recursive: true });
    out = join(folder, `batch-${batch.started_at.slice(0, 10)}-${batch.id.slice(-12)}.zip`);
  }
  const total = batch.created_count;
  const progress = (phase: 'exporting' | 'done', done: number) => core.events.emit('batch.progress', {
    batchId: batch.id, businessId: batch.business_id, traceId: batch.trace_id, phase, done, failed: 0, total,
  });
  progress('exporting', 0);
  const result = await exportBatches(core, [batch.id], out);
  progress('done', result.invoiceCount);
  return {
    path: result.path, fileName: basename(result.path), bytes: result.bytes, sha256: result.sha256, invoices: result.invoiceCount,
    ...(ctx.transport === 'preview' ? { base64: (await readFile(result.path)).toString('base64') } : {}),
  };
};
