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

export function appendOutbox(db: Database.Database, entry: OutboxEntry): void {
  if (!db.inTransaction) throw new Error('appendOutbox must run inside the write transaction of the change it records');
  statement(db, 'INSERT INTO outbox (id, business_id, entity, entity_id, op, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(newId(), entry.businessId, entry.entity, entry.entityId, entry.op, JSON.stringify(entry.payload), new Date().toISOString());
}
