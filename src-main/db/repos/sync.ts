// The seat's local sync bookkeeping (docs/ARCHITECTURE.md "Storage"): sync_state (device id, seat,
// cursors, last attempt), the outbox's acknowledgement, sync_errors, sync_conflicts, the versions
// of master data last settled with the server, and the series a seat takes from its leases. The
// push/pull adapter (src-main/sync/) calls these inside its own Store.read/Store.write.
import type Database from 'better-sqlite3';
import { statement } from '../query.js';

export interface SyncStateRow {
  device_id: string;
  seat_role: string | null;
  server: string | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  consecutive_failures: number;
  next_attempt_at: string | null;
  audit_cursor: number;
  pull_cursor: string;
}

export function syncState(db: Database.Database): SyncStateRow {
  return statement(db, 'SELECT * FROM sync_state WHERE id = 1').get() as SyncStateRow;
}

export function deviceId(db: Database.Database): string {
  return (statement(db, 'SELECT device_id FROM sync_state WHERE id = 1').get() as { device_id: string }).device_id;
}

export function auditCursor(db: Database.Database): number {
  return (statement(db, 'SELECT audit_cursor FROM sync_state WHERE id = 1').get() as { audit_cursor: number }).audit_cursor;
}

export function pullCursor(db: Database.Database): string {
  return (statement(db, 'SELECT pull_cursor FROM sync_state WHERE id = 1').get() as { pull_cursor: string }).pull_cursor;
}

export function setPullCursor(db: Database.Database, horizon: string): void {
  statement(db, 'UPDATE sync_state SET pull_cursor = ? WHERE id = 1').run(horizon);
}

export function lastSuccessAt(db: Database.Database): string | undefined {
  return (statement(db, 'SELECT last_success_at AS at FROM sync_state WHERE id = 1').get() as { at: string | null } | undefined)?.at ?? undefined;
}

/** A batch's reply is recorded: the audit cursor moves on, the failure streak ends. */
export function recordBatchSuccess(db: Database.Database, auditTo: number, now: string): void {
  statement(db, `UPDATE sync_state SET audit_cursor = max(audit_cursor, ?), last_attempt_at = ?, last_success_at = ?, last_error = NULL, consecutive_failures = 0, next_attempt_at = NULL WHERE id = 1`)
    .run(auditTo, now, now);
}

export function advanceAuditCursor(db: Database.Database, to: number): void {
  statement(db, 'UPDATE sync_state SET audit_cursor = max(audit_cursor, ?) WHERE id = 1').run(to);
}

export function consecutiveFailures(db: Database.Database): number {
  return (statement(db, 'SELECT consecutive_failures AS n FROM sync_state WHERE id = 1').get() as { n: number }).n;
}

export function recordSyncFailure(db: Database.Database, f: { at: string; message: string; failures: number; nextAttemptAt: string }): void {
  statement(db, 'UPDATE sync_state SET last_attempt_at = ?, last_error = ?, last_error_at = ?, consecutive_failures = ?, next_attempt_at = ? WHERE id = 1')
    .run(f.at, f.message, f.at, f.failures, f.nextAttemptAt);
}

/** This folder becomes the seat `role` (the pull cursor restarts when the seat changes). */
export function setSeat(db: Database.Database, role: string, server: string, at: string): void {
  statement(db, 'UPDATE sync_state SET seat_role = ?, server = ?, connected_at = ?, pull_cursor = CASE WHEN seat_role IS ? THEN pull_cursor ELSE \'0\' END WHERE id = 1')
    .run(role, server, at, role);
}

export function pendingCount(db: Database.Database): number {
  return (statement(db, 'SELECT count(*) AS n FROM outbox WHERE synced_at IS NULL').get() as { n: number }).n;
}

/**
 * The last pending row of a local transaction after a seq (parameters: tx, seq). Its WHERE matches
 * the partial index outbox_pending_by_tx (migrations/0014) term for term, expression included, so it
 * reads the transaction's own rows, not every pending row after the seq.
 */
export const END_OF_LOCAL_TRANSACTION_SQL = 'SELECT max(seq) AS seq FROM outbox WHERE synced_at IS NULL AND coalesce(tx, seq) = ? AND seq > ?';

/** The last pending seq of the local transaction of outbox row `seq` after it, or null when `seq` ends it. */
export function endOfLocalTransaction(db: Database.Database, seq: number): number | null {
  const tx = (statement(db, 'SELECT coalesce(tx, seq) AS tx FROM outbox WHERE seq = ?').get(seq) as { tx: number }).tx;
  return (statement(db, END_OF_LOCAL_TRANSACTION_SQL).get(tx, seq) as { seq: number | null }).seq;
}

/** Marks an outbox row acknowledged by the server (with the refusal when it was refused). */
export function acknowledgeOutboxRow(db: Database.Database, seq: number, at: string, error: string | null): void {
  statement(db, 'UPDATE outbox SET synced_at = ?, attempts = attempts + 1, last_error = ? WHERE seq = ? AND synced_at IS NULL').run(at, error, seq);
}

/** Whether a later change of this entity is still queued. */
export function hasPendingLaterChange(db: Database.Database, entity: string, entityId: string, afterSeq: number): boolean {
  return statement(db, 'SELECT 1 FROM outbox WHERE synced_at IS NULL AND entity = ? AND entity_id = ? AND seq > ? LIMIT 1').get(entity, entityId, afterSeq) !== undefined;
}

/** "entity|id" of every entity with a change still queued. */
export function pendingEntityKeys(db: Database.Database): Set<string> {
  return new Set((statement(db, 'SELECT DISTINCT entity, entity_id FROM outbox WHERE synced_at IS NULL').all() as Array<{ entity: string; entity_id: string }>).map((r) => `${r.entity}|${r.entity_id}`));
}

export interface SyncErrorInput {
  outboxSeq: number;
  businessId: string | null;
  entity: string;
  entityId: string;
  op: string;
  code: string;
  reason: string;
  at: string;
}

/** A change the server refused (once per outbox row). */
export function recordRejection(db: Database.Database, e: SyncErrorInput): void {
  statement(db, `INSERT INTO sync_errors (outbox_seq, business_id, entity, entity_id, op, code, reason, at)
    SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM sync_errors WHERE outbox_seq = ? AND outbox_seq > 0)`)
    .run(e.outboxSeq, e.businessId, e.entity, e.entityId, e.op, e.code, e.reason, e.at, e.outboxSeq);
}

/** A server row this folder could not store (outbox_seq 0: it came from a pull). */
export function recordPullError(db: Database.Database, e: Omit<SyncErrorInput, 'outboxSeq'>): void {
  statement(db, 'INSERT INTO sync_errors (outbox_seq, business_id, entity, entity_id, op, code, reason, at) VALUES (0, ?, ?, ?, ?, ?, ?, ?)')
    .run(e.businessId, e.entity, e.entityId, e.op, e.code, e.reason, e.at);
}

export function recentSyncErrors(db: Database.Database, limit: number): Array<{ id: number; entity: string; entityId: string; op: string; code: string; reason: string; at: string }> {
  return statement(db, 'SELECT id, entity, entity_id AS entityId, op, code, reason, at FROM sync_errors ORDER BY id DESC LIMIT ?').all(limit) as Array<{ id: number; entity: string; entityId: string; op: string; code: string; reason: string; at: string }>;
}

export function syncErrorCount(db: Database.Database): number {
  return (statement(db, 'SELECT count(*) AS n FROM sync_errors').get() as { n: number }).n;
}

export interface ConflictInput {
  serverId: number | null;
  businessId: string | null;
  entity: string;
  entityId: string;
  losingVersion: number;
  losingDevice: string;
  losingData: unknown;
  winningVersion: number;
  winningDevice: string;
}

/** The losing side of a concurrent edit, kept to be shown (once per server conflict). */
export function recordConflict(db: Database.Database, c: ConflictInput): void {
  statement(db, `INSERT INTO sync_conflicts (business_id, entity, entity_id, losing_version, losing_device, losing_data, winning_version, winning_device, server_id, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (server_id) DO NOTHING`)
    .run(c.businessId, c.entity, c.entityId, c.losingVersion, c.losingDevice, JSON.stringify(c.losingData), c.winningVersion, c.winningDevice, c.serverId === null ? null : String(c.serverId), new Date().toISOString());
}

export interface ConflictRow {
  id: number;
  entity: string;
  entity_id: string;
  losing_version: number;
  losing_device: string;
  losing_data: string;
  winning_version: number;
  winning_device: string;
  at: string;
}

export function recentConflicts(db: Database.Database, limit: number): ConflictRow[] {
  return statement(db, 'SELECT id, entity, entity_id, losing_version, losing_device, losing_data, winning_version, winning_device, at FROM sync_conflicts ORDER BY id DESC LIMIT ?').all(limit) as ConflictRow[];
}

export function conflictCount(db: Database.Database): number {
  return (statement(db, 'SELECT count(*) AS n FROM sync_conflicts').get() as { n: number }).n;
}

/** The version (and device) of a master-data row last settled with the server. */
export function settledVersion(db: Database.Database, entity: string, entityId: string): { version: number; device_id: string } | undefined {
  return statement(db, 'SELECT version, device_id FROM sync_versions WHERE entity = ? AND entity_id = ?').get(entity, entityId) as { version: number; device_id: string } | undefined;
}

export function rememberVersion(db: Database.Database, entity: string, entityId: string, version: number, device: string): void {
  statement(db, `INSERT INTO sync_versions (entity, entity_id, version, device_id) VALUES (?, ?, ?, ?)
    ON CONFLICT (entity, entity_id) DO UPDATE SET version = excluded.version, device_id = excluded.device_id WHERE excluded.version >= sync_versions.version`).run(entity, entityId, version, device);
}

/** The details of the last `sync.connect` audit entry of a seat role. */
export function lastConnectDetails(db: Database.Database, role: string): string | undefined {
  return (statement(db, "SELECT details FROM audit_log WHERE action = 'sync.connect' AND entity_id = ? ORDER BY seq DESC LIMIT 1").get(role) as { details: string } | undefined)?.details;
}

export function businessExists(db: Database.Database, businessId: string): boolean {
  return statement(db, 'SELECT 1 FROM businesses WHERE id = ?').get(businessId) !== undefined;
}

export function seriesExists(db: Database.Database, businessId: string, code: string): boolean {
  return statement(db, 'SELECT 1 FROM series WHERE business_id = ? AND code = ?').get(businessId, code) !== undefined;
}

export type LeaseKind = 'invoice' | 'credit_note' | 'debit_note' | 'bill_of_supply';

export interface DeclaredSeries {
  business_id: string;
  code: string;
  document_kind: LeaseKind;
  format: string;
}

/** Every series of this folder as the server's lf.declare_series() takes it (a bills-of-supply series says so). */
export function declaredSeries(db: Database.Database): DeclaredSeries[] {
  return statement(db, `SELECT s.business_id, s.code, CASE WHEN b.bill_of_supply_series_id = s.id THEN 'bill_of_supply' ELSE s.document_kind END AS document_kind, s.format
    FROM series s LEFT JOIN businesses b ON b.id = s.business_id ORDER BY s.created_at, s.code`).all() as DeclaredSeries[];
}

/** A series taken from a lease this seat holds. */
export function insertLeasedSeries(db: Database.Database, s: { id: string; businessId: string; code: string; format: string; documentKind: string; at: string }): void {
  statement(db, 'INSERT INTO series (id, business_id, code, format, document_kind, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(s.id, s.businessId, s.code, s.format, s.documentKind, s.at);
}

export function setDefaultSeries(db: Database.Database, businessId: string, seriesId: string): void {
  statement(db, 'UPDATE businesses SET default_series_id = ? WHERE id = ?').run(seriesId, businessId);
}

export function setBillOfSupplySeries(db: Database.Database, businessId: string, seriesId: string): void {
  statement(db, 'UPDATE businesses SET bill_of_supply_series_id = ? WHERE id = ?').run(seriesId, businessId);
}

/** Each business's fiscal-year start month (the series overlap check compares within one fiscal year). */
export function fiscalStartMonths(db: Database.Database): Map<string, number> {
  const rows = statement(db, 'SELECT id, fiscal_year_start_month AS m FROM businesses').all() as Array<{ id: string; m: number }>;
  return new Map(rows.map((r) => [r.id, r.m]));
}

/** The queued (unsent) invoice inserts numbered from one series, in outbox order. */
export function pendingInvoicesOfSeries(db: Database.Database, businessId: string, code: string): Array<{ seq: number; entity_id: string; op: string }> {
  return statement(db, `SELECT o.seq, o.entity_id, o.op FROM outbox o JOIN invoices i ON i.id = o.entity_id JOIN series s ON s.id = i.series_id
    WHERE o.synced_at IS NULL AND o.entity = 'invoice' AND o.op = 'insert' AND s.business_id = ? AND s.code = ? ORDER BY o.seq`).all(businessId, code) as Array<{ seq: number; entity_id: string; op: string }>;
}
