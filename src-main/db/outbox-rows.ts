// The outbox table's statements (docs/ARCHITECTURE.md rule 8 and "Storage"): a db-level module,
// below src-main/sync/outbox.ts (layer 3), which decides what a change's row carries.
import type Database from 'better-sqlite3';
import { statement } from './query.js';

export interface OutboxRowInput {
  id: string;
  businessId: string | null;
  entity: string;
  entityId: string;
  op: string;
  /** The change as JSON text. */
  payload: string;
  createdAt: string;
}

/** Whether the connection's schema has the sync columns (a database at version 1, as the migration tests build, has not). */
export function outboxHasSyncColumns(db: Database.Database): boolean {
  return statement(db, "SELECT 1 FROM pragma_table_info('outbox') WHERE name = 'tx'").get() !== undefined;
}

/** An outbox row of a schema without the sync columns. */
export function insertPlainOutboxRow(db: Database.Database, row: OutboxRowInput): void {
  statement(db, 'INSERT INTO outbox (id, business_id, entity, entity_id, op, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(row.id, row.businessId, row.entity, row.entityId, row.op, row.payload, row.createdAt);
}

/** An outbox row carrying this device's id and `tx` (null: it opens a local transaction). Returns its seq. */
export function insertOutboxRow(db: Database.Database, row: OutboxRowInput, tx: number | null): number {
  return (statement(db, `INSERT INTO outbox (id, business_id, entity, entity_id, op, payload, created_at, device_id, tx)
    VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT device_id FROM sync_state WHERE id = 1), ?) RETURNING seq`)
    .get(row.id, row.businessId, row.entity, row.entityId, row.op, row.payload, row.createdAt, tx) as { seq: number }).seq;
}

/** The first row of a local transaction names itself as its `tx`. */
export function openOutboxTransaction(db: Database.Database, seq: number): void {
  statement(db, 'UPDATE outbox SET tx = seq WHERE seq = ?').run(seq);
}
