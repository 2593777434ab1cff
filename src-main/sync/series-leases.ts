// Series and their leases between a seat and the server. Locally a bills-of-supply series is an
// invoice-kind series that the business points to (bill_of_supply_series_id); on the server its
// lease says 'bill_of_supply', so a later seat is given one of its own (BOS2, …) beside INV2/CN2.
import type Database from 'better-sqlite3';
import { newId } from '../../src-shared/ids.js';
import { appendAudit } from '../audit/audit.js';
import { statement } from '../db/query.js';

export type LeaseKind = 'invoice' | 'credit_note' | 'debit_note' | 'bill_of_supply';

export interface DeclaredSeries {
  business_id: string;
  code: string;
  document_kind: LeaseKind;
  format: string;
}

/** Every series of this folder as the server's lf.declare_series() takes it. */
export function declaredSeries(db: Database.Database): DeclaredSeries[] {
  return statement(db, `SELECT s.business_id, s.code, CASE WHEN b.bill_of_supply_series_id = s.id THEN 'bill_of_supply' ELSE s.document_kind END AS document_kind, s.format
    FROM series s LEFT JOIN businesses b ON b.id = s.business_id ORDER BY s.created_at, s.code`).all() as DeclaredSeries[];
}

export interface Lease {
  business_id: string;
  series_code: string;
  document_kind: string;
  format: string;
}

/**
 * Takes a lease this seat holds as a local series (once). The seat's own series becomes the one it
 * numbers from: the default invoice series, or the bills-of-supply series. Returns whether it was new.
 */
export function adoptLease(db: Database.Database, lease: Lease): boolean {
  const exists = statement(db, 'SELECT 1 FROM series WHERE business_id = ? AND code = ?').get(lease.business_id, lease.series_code);
  const business = statement(db, 'SELECT 1 FROM businesses WHERE id = ?').get(lease.business_id);
  if (exists || !business) return false;
  const id = newId();
  const localKind = lease.document_kind === 'credit_note' || lease.document_kind === 'debit_note' ? lease.document_kind : 'invoice';
  statement(db, 'INSERT INTO series (id, business_id, code, format, document_kind, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, lease.business_id, lease.series_code, lease.format, localKind, new Date().toISOString());
  if (lease.document_kind === 'invoice') statement(db, 'UPDATE businesses SET default_series_id = ? WHERE id = ?').run(id, lease.business_id);
  if (lease.document_kind === 'bill_of_supply') statement(db, 'UPDATE businesses SET bill_of_supply_series_id = ? WHERE id = ?').run(id, lease.business_id);
  appendAudit(db, { businessId: lease.business_id, actor: 'sync', action: 'series.lease', entity: 'series', entityId: id, details: { code: lease.series_code, format: lease.format, kind: lease.document_kind } });
  return true;
}
