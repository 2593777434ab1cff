// Changes to synced entities, appended in the same transaction as the change (DESIGN.md rule 8),
// for the optional PostgreSQL sync adapter to push later.
import type Database from 'better-sqlite3';
import { newId } from '../../src-shared/ids.js';
import { statement } from '../db/query.js';

export interface OutboxEntry {
  businessId: string | null;
  entity: string;
  entityId: string;
  op: 'insert' | 'update' | 'delete';
  payload: unknown;
}

/**
 * Money columns of a row are BigInt minor units (DESIGN.md rule 1); in the payload they stay the
 * JSON integers the sync server reads. A JSON boundary, not arithmetic: every stored amount is
 * within 2^53 - 1 (toMinorUnits), where a double holds the integer exactly and prints its digits.
 */
function minorUnitsAsJsonIntegers(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  if (value > 9_007_199_254_740_991n || value < -9_007_199_254_740_991n) throw new RangeError(`${value} minor units is beyond the stored range`);
  return Number(value);
}

export function appendOutbox(db: Database.Database, entry: OutboxEntry): void {
  if (!db.inTransaction) throw new Error('appendOutbox must run inside the write transaction of the change it records');
  statement(db, 'INSERT INTO outbox (id, business_id, entity, entity_id, op, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(newId(), entry.businessId, entry.entity, entry.entityId, entry.op, JSON.stringify(entry.payload, minorUnitsAsJsonIntegers), new Date().toISOString());
}
