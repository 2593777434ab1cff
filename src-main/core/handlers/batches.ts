// batches.list: the batches of a business, newest first (Home and Exports screens). Running,
// retrying and cancelling batches belong to the engine's handlers.
import type { BatchSummary } from '../../../src-shared/ipc/models.js';
import type { BatchRow } from '../../db/types.js';
import { page, type Handler } from './types.js';

function toSummary(row: BatchRow): BatchSummary {
  return {
    id: row.id, businessId: row.business_id, source: row.source, status: row.status, traceId: row.trace_id, requested: row.requested,
    created: row.created_count, failed: row.failed_count, createdAt: row.started_at, startedAt: row.started_at, finishedAt: row.finished_at,
    durationMs: row.duration_ms, error: row.error,
  };
}

export const batchesList: Handler<'batches.list'> = async (core, input) => {
  const { offset, limit } = page(input);
  const where = input.status === undefined ? 'WHERE business_id = ?' : 'WHERE business_id = ? AND status = ?';
  const params: unknown[] = input.status === undefined ? [input.businessId] : [input.businessId, input.status];
  return core.store.read((db) => {
    const { total } = db.prepare(`SELECT COUNT(*) AS total FROM batches ${where}`).get(...params) as { total: number };
    const rows = db.prepare(`SELECT * FROM batches ${where} ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`).all(...params, limit, offset) as BatchRow[];
    return { items: rows.map(toSummary), total, offset, limit };
  });
};
