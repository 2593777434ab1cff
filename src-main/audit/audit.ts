// The append-only audit log (docs/ARCHITECTURE.md rule 8). Each row carries the SHA-256 of the previous row,
// so any edit, deletion or reordering breaks the chain at the first touched entry. Rows are
// appended in the caller's transaction, next to the change they describe.
import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { newId } from '../../src-shared/ids.js';
import { auditRowsInOrder, insertAuditRow, lastAuditHash } from '../db/audit-store.js';
import type { AuditRow } from '../db/types.js';
import { sealInvoice, sealWrittenInvoice, type WrittenInvoiceCells } from './invoice-seal.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  businessId: string | null;
  /** Who: 'cli', 'ui', 'engine', 'importer', 'sync'... */
  actor: string;
  /** What: 'business.create', 'invoice.issue', 'invoice.void', 'import.commit'... */
  action: string;
  entity: string;
  entityId: string | null;
  traceId?: string | null;
  details?: Record<string, unknown>;
  /** An invoice written in this transaction: the cells it was written with, sealed without reading them back. */
  written?: WrittenInvoiceCells;
}

type HashedFields = Pick<AuditRow, 'id' | 'at' | 'business_id' | 'actor' | 'action' | 'entity' | 'entity_id' | 'trace_id' | 'details'>;

export function auditHash(prevHash: string, row: HashedFields): string {
  const canonical = JSON.stringify([row.id, row.at, row.business_id, row.actor, row.action, row.entity, row.entity_id, row.trace_id, row.details]);
  // One-shot crypto.hash (Node ≥ 20.12) is ~3× cheaper than createHash per entry; same bytes hashed.
  return hash('sha256', `${prevHash}\n${canonical}`, 'hex');
}

/** Appends one entry; must run inside the write transaction of the change it records. */
export function appendAudit(db: Database.Database, entry: AuditEntry): void {
  if (!db.inTransaction) throw new Error('appendAudit must run inside the write transaction of the change it records');
  const lastHash = lastAuditHash(db);
  // An entry about a numbered invoice seals its content as stored now (see invoice-seal.ts).
  const seal = entry.entity === 'invoice' && entry.entityId ? (entry.written ? sealWrittenInvoice(db, entry.entityId, entry.written) : sealInvoice(db, entry.entityId)) : undefined;
  const details = seal ? { ...entry.details, content: seal } : entry.details;
  const row: HashedFields = {
    id: newId(),
    at: new Date().toISOString(),
    business_id: entry.businessId,
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    trace_id: entry.traceId ?? null,
    details: details === undefined ? '{}' : JSON.stringify(details),
  };
  const prevHash = lastHash ?? GENESIS_HASH;
  insertAuditRow(db, row, prevHash, auditHash(prevHash, row));
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry that does not verify, and why. */
  firstBroken?: { seq: number; id: string; reason: string };
  lastHash: string;
}

/** Walks the whole chain in order, streaming rows (constant memory). */
export function verifyAudit(db: Database.Database): AuditVerification {
  let prevHash = GENESIS_HASH;
  let expectedSeq: number | undefined;
  let entries = 0;
  for (const row of auditRowsInOrder(db)) {
    entries += 1;
    const fail = (reason: string): AuditVerification => ({ ok: false, entries, firstBroken: { seq: row.seq, id: row.id, reason }, lastHash: prevHash });
    if (expectedSeq !== undefined && row.seq !== expectedSeq) return fail(`entry ${expectedSeq} is missing (next is ${row.seq})`);
    if (row.prev_hash !== prevHash) return fail(`prev_hash ${row.prev_hash.slice(0, 12)}… does not match the hash of the entry before (${prevHash.slice(0, 12)}…)`);
    const recomputed = auditHash(prevHash, row);
    if (recomputed !== row.hash) return fail(`contents changed: stored hash ${row.hash.slice(0, 12)}…, recomputed ${recomputed.slice(0, 12)}…`);
    prevHash = row.hash;
    expectedSeq = row.seq + 1;
  }
  return { ok: true, entries, lastHash: prevHash };
}
