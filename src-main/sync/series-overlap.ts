// A seat only knows its own series, so the local check that no two series of a business can give
// the same number in one fiscal year (numbering/series.ts, `patternsOverlap`) cannot see another
// seat's. Before a seat's series are declared (and so leased to it) they are checked, with the same
// exact `patternsOverlap`, against the formats of every series leased in the business, whoever
// holds it; one that can give another's number is not declared, and this seat's invoices from it
// are kept off the server and recorded as sync errors that name both series and a number.
//
// Why on the seat, inside one transaction with a per-business advisory lock: the overlap decision is
// an automaton walk (`commonNumber`) that exists in TypeScript only; porting it to PL/pgSQL would
// give two implementations to keep equal. The seat role may read the leases (format and holder) of
// its own businesses (policy seat_leases_read), so no new server function is needed. Two seats
// declaring at once both take `pg_advisory_xact_lock` on a hash of tenant and business (in sorted
// order, so they cannot deadlock) before reading the leases; the second reads after the first
// committed its lease (READ COMMITTED: each statement sees what committed before it) and refuses
// its own overlapping series. The lock is held until the declaring transaction ends.
// lf.push() still leases a series nobody holds when an invoice names it; this seat declares every
// series before the batch that may carry its invoices and never sends invoices of a refused one,
// so that path only sees checked series from this client (an older client is not checked).
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { acknowledgeOutboxRow, pendingInvoicesOfSeries, recordRejection, type DeclaredSeries } from '../db/repos/sync.js';
import { patternsOverlap } from '../numbering/series.js';
import { inTransaction } from './server.js';
import { declareSeries, leaseFormats, lockBusinessSeries, type LeaseFormatRow } from './server-repo.js';

export const SERIES_OVERLAP = 'SERIES_OVERLAP';

/** A series of this seat that is not declared: it can give a number another series of the business gives. */
export interface RefusedSeries {
  businessId: string;
  code: string;
  format: string;
  reason: string;
}

export function overlapReason(mine: { code: string; format: string }, clash: { number: string; fiscalYear: string }, other: LeaseFormatRow): string {
  return `series ${mine.code} (${mine.format}) can give ${clash.number} in fiscal year ${clash.fiscalYear}, as series ${other.series_code} (${other.format}) held by seat ${other.holder_role} does; `
    + 'numbers must be unique in a fiscal year: issue from this seat\'s own series';
}

/**
 * Splits the series to declare into those that may be declared and those refused. A series whose
 * code is already leased (to anyone) is not checked here: the server answers for it (held or not).
 * Every other one is compared with every leased series of its business and with the ones accepted
 * before it in this call.
 */
export function checkAgainstLeases(series: DeclaredSeries[], leases: LeaseFormatRow[], startMonths: ReadonlyMap<string, number>, today: string, self: string): { declare: DeclaredSeries[]; refused: RefusedSeries[] } {
  const known = [...leases];
  const declare: DeclaredSeries[] = [];
  const refused: RefusedSeries[] = [];
  for (const s of series) {
    const leased = known.some((l) => l.business_id === s.business_id && l.series_code === s.code);
    if (leased || !s.format) {
      declare.push(s);
      continue;
    }
    const startMonth = startMonths.get(s.business_id) ?? 4;
    let reason: string | null = null;
    for (const other of known) {
      if (other.business_id !== s.business_id || other.series_code === s.code || !other.format) continue;
      const clash = patternsOverlap(s.format, other.format, startMonth, today);
      if (clash) {
        reason = overlapReason(s, clash, other);
        break;
      }
    }
    if (reason) {
      refused.push({ businessId: s.business_id, code: s.code, format: s.format, reason });
    } else {
      declare.push(s);
      known.push({ business_id: s.business_id, series_code: s.code, format: s.format, holder_role: self });
    }
  }
  return { declare, refused };
}

/**
 * Declares this seat's series in one transaction on `client`, under the per-business locks, leaving
 * out (and returning) those whose numbers can coincide with a series already leased in the business.
 */
export async function declareCheckedSeries(client: pg.Client, series: DeclaredSeries[], startMonths: ReadonlyMap<string, number>, today: string): Promise<RefusedSeries[]> {
  if (series.length === 0) return [];
  const businesses = [...new Set(series.map((s) => s.business_id))].sort();
  // Most pushes declare nothing new: every code is leased already (declaring it again changes
  // nothing), so one read, no transaction and no lock.
  const { leases: current } = await leaseFormats(client, businesses);
  if (series.every((s) => !s.format || current.some((l) => l.business_id === s.business_id && l.series_code === s.code))) return [];
  return inTransaction(client, async () => {
    await lockBusinessSeries(client, businesses);
    const { leases, self } = await leaseFormats(client, businesses);
    const { declare, refused } = checkAgainstLeases(series, leases, startMonths, today, self);
    if (declare.length > 0) await declareSeries(client, JSON.stringify(declare));
    return refused;
  });
}

/**
 * The queued invoices numbered from a refused series are not pushed: each is acknowledged as a
 * sync error with the refusal's reason (as a change the server rejects is), so the changes behind
 * it still go. Returns how many were recorded.
 */
export function rejectRefusedSeriesInvoices(db: Database.Database, refused: RefusedSeries[], at: string): number {
  let n = 0;
  for (const r of refused) {
    for (const row of pendingInvoicesOfSeries(db, r.businessId, r.code)) {
      acknowledgeOutboxRow(db, row.seq, at, `${SERIES_OVERLAP}: ${r.reason}`);
      recordRejection(db, { outboxSeq: row.seq, businessId: r.businessId, entity: 'invoice', entityId: row.entity_id, op: row.op, code: SERIES_OVERLAP, reason: r.reason, at });
      n += 1;
    }
  }
  return n;
}
