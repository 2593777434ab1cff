// Reads of batches for the Batches screen, the handlers and the CLI (scoped by business_id where
// a caller names a business).
import type Database from 'better-sqlite3';
import type { Input } from '../../../src-shared/ipc/contract.js';
import { selectAll, selectFirst, selectPage, sql, whereAll } from '../sql.js';
import type { BatchRow } from '../types.js';

/** One page of a business's batches, newest first. */
export function listBatchPage(db: Database.Database, filter: Pick<Input<'batches.list'>, 'businessId' | 'status'>, page: { offset: number; limit: number }): { rows: BatchRow[]; total: number } {
  const where = whereAll([sql`business_id = ${filter.businessId}`, filter.status !== undefined && sql`status = ${filter.status}`]);
  return selectPage<BatchRow>(db, sql`FROM batches ${where}`, sql`started_at DESC, id DESC`, page);
}

export function findBatch(db: Database.Database, businessId: string, id: string): BatchRow | undefined {
  return selectFirst<BatchRow>(db, sql`SELECT * FROM batches WHERE id = ${id} AND business_id = ${businessId}`);
}

/** The stored configuration (JSON text) of a batch, whatever its business. */
export function batchConfig(db: Database.Database, id: string): string | undefined {
  return selectFirst<{ config: string }>(db, sql`SELECT config FROM batches WHERE id = ${id}`)?.config;
}

/** Batches whose row says running (their process may be gone), oldest first. */
export function runningBatches(db: Database.Database): BatchRow[] {
  return selectAll<BatchRow>(db, sql`SELECT * FROM batches WHERE status = 'running' ORDER BY started_at`);
}
