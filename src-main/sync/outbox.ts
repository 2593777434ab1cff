// Changes to synced entities, appended in the same transaction as the change (docs/ARCHITECTURE.md rule 8),
// for the optional PostgreSQL sync adapter to push later.
import type Database from 'better-sqlite3';
import { newId } from '../../src-shared/ids.js';
import { insertOutboxRow, insertPlainOutboxRow, openOutboxTransaction, outboxHasSyncColumns } from '../db/outbox-rows.js';
import { writeTransactionSerial } from '../db/store.js';

export interface OutboxEntry {
  businessId: string | null;
  entity: string;
  entityId: string;
  op: 'insert' | 'update' | 'delete';
  payload: unknown;
}

/**
 * Money columns of a row are BigInt minor units (docs/ARCHITECTURE.md rule 1); in the payload they stay the
 * JSON integers the sync server reads. A JSON boundary, not arithmetic: every stored amount is
 * within 2^53 - 1 (toMinorUnits), where a double holds the integer exactly and prints its digits.
 */
export function minorUnitsAsJsonIntegers(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  if (value > 9_007_199_254_740_991n || value < -9_007_199_254_740_991n) throw new RangeError(`${value} minor units is beyond the stored range`);
  return Number(value);
}

/** The local transaction each connection is appending to: its Store serial and its first outbox seq. */
const currentTx = new WeakMap<Database.Database, { serial: number; tx: number }>();

/**
 * Appends one change. Rows carry this device's id and `tx`, the seq of the first outbox row of
 * the same local transaction, so a push sends a local transaction whole or not at all.
 */
/** Whether the connection's schema has the sync columns (a database at version 1, as the migration tests build, has not). */
const hasSyncColumns = new WeakMap<Database.Database, boolean>();

export function appendOutbox(db: Database.Database, entry: OutboxEntry): void {
  if (!db.inTransaction) throw new Error('appendOutbox must run inside the write transaction of the change it records');
  let synced = hasSyncColumns.get(db);
  if (synced === undefined) {
    synced = outboxHasSyncColumns(db);
    hasSyncColumns.set(db, synced);
  }
  const row = { id: newId(), businessId: entry.businessId, entity: entry.entity, entityId: entry.entityId, op: entry.op, payload: JSON.stringify(entry.payload, minorUnitsAsJsonIntegers), createdAt: new Date().toISOString() };
  if (!synced) {
    insertPlainOutboxRow(db, row);
    return;
  }
  const serial = writeTransactionSerial(db);
  const open = serial === undefined ? undefined : currentTx.get(db);
  const joined = open !== undefined && open.serial === serial ? open.tx : null;
  const seq = insertOutboxRow(db, row, joined);
  if (joined === null) {
    openOutboxTransaction(db, seq);
    if (serial !== undefined) currentTx.set(db, { serial, tx: seq });
  }
}
