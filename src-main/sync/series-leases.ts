// Series and their leases between a seat and the server. Locally a bills-of-supply series is an
// invoice-kind series that the business points to (bill_of_supply_series_id); on the server its
// lease says 'bill_of_supply', so a later seat is given one of its own (BOS2, …) beside INV2/CN2.
import type Database from 'better-sqlite3';
import { newId } from '../../src-shared/ids.js';
import { appendAudit } from '../audit/audit.js';
import { businessExists, insertLeasedSeries, seriesExists, setBillOfSupplySeries, setDefaultSeries } from '../db/repos/sync.js';

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
  if (seriesExists(db, lease.business_id, lease.series_code) || !businessExists(db, lease.business_id)) return false;
  const id = newId();
  const localKind = lease.document_kind === 'credit_note' || lease.document_kind === 'debit_note' ? lease.document_kind : 'invoice';
  insertLeasedSeries(db, { id, businessId: lease.business_id, code: lease.series_code, format: lease.format, documentKind: localKind, at: new Date().toISOString() });
  if (lease.document_kind === 'invoice') setDefaultSeries(db, lease.business_id, id);
  if (lease.document_kind === 'bill_of_supply') setBillOfSupplySeries(db, lease.business_id, id);
  appendAudit(db, { businessId: lease.business_id, actor: 'sync', action: 'series.lease', entity: 'series', entityId: id, details: { code: lease.series_code, format: lease.format, kind: lease.document_kind } });
  return true;
}
