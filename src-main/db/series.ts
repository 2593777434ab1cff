// The statements numbering runs on the series of a business (src-main/numbering: series.ts adds
// and lists series, numbering.ts proves each series' sequence). A layer-2 module beside
// series-counters.ts: numbering (layer 3) may import it, not the repositories.
import type Database from 'better-sqlite3';
import { statement } from './query.js';
import type { SeriesRow } from './types.js';

/** What numbering needs of a business: when its fiscal year starts, and its default invoice series. */
export function businessNumbering(db: Database.Database, businessId: string): { startMonth: number; defaultSeriesId: string | null } | undefined {
  return statement(db, 'SELECT fiscal_year_start_month AS startMonth, default_series_id AS defaultSeriesId FROM businesses WHERE id = ?').get(businessId) as
    { startMonth: number; defaultSeriesId: string | null } | undefined;
}

/** A business's series (invoice series first) with the last number taken in one fiscal year (null: none yet). */
export function seriesWithCounters(db: Database.Database, businessId: string, fiscalYear: string): Array<SeriesRow & { last_seq: number | null }> {
  return statement(db, `SELECT s.*, c.last_seq FROM series s LEFT JOIN series_counters c ON c.series_id = s.id AND c.fiscal_year = ?
    WHERE s.business_id = ? ORDER BY s.document_kind DESC, s.created_at, s.code`).all(fiscalYear, businessId) as Array<SeriesRow & { last_seq: number | null }>;
}

/** Whether the business has a series of this code (letter case ignored). */
export function seriesCodeTaken(db: Database.Database, businessId: string, code: string): boolean {
  return statement(db, 'SELECT 1 FROM series WHERE business_id = ? AND upper(code) = upper(?)').get(businessId, code) !== undefined;
}

/** The code and pattern of each series of the business. */
export function seriesFormats(db: Database.Database, businessId: string): Array<{ code: string; format: string }> {
  return statement(db, 'SELECT code, format FROM series WHERE business_id = ?').all(businessId) as Array<{ code: string; format: string }>;
}

export function insertSeries(db: Database.Database, row: SeriesRow): void {
  statement(db, 'INSERT INTO series (id, business_id, code, format, document_kind, created_at) VALUES (@id, @business_id, @code, @format, @document_kind, @created_at)').run(row);
}

export function setDefaultSeries(db: Database.Database, businessId: string, seriesId: string): void {
  statement(db, 'UPDATE businesses SET default_series_id = ? WHERE id = ?').run(seriesId, businessId);
}

/** The business's invoice series of this code (letter case ignored). */
export function invoiceSeriesByCode(db: Database.Database, businessId: string, code: string): SeriesRow | undefined {
  return statement(db, "SELECT * FROM series WHERE business_id = ? AND upper(code) = upper(?) AND document_kind = 'invoice'").get(businessId, code) as SeriesRow | undefined;
}

/** The business's default invoice series, else its oldest invoice series. */
export function defaultInvoiceSeries(db: Database.Database, businessId: string): SeriesRow | undefined {
  return statement(db, `SELECT s.* FROM series s JOIN businesses b ON b.id = s.business_id WHERE s.business_id = ? AND s.document_kind = 'invoice'
    ORDER BY (s.id = b.default_series_id) DESC, s.created_at LIMIT 1`).get(businessId) as SeriesRow | undefined;
}

/** Every series of the business, by code. */
export function seriesOfBusiness(db: Database.Database, businessId: string): SeriesRow[] {
  return statement(db, 'SELECT * FROM series WHERE business_id = ? ORDER BY code').all(businessId) as SeriesRow[];
}

/** Whether the database has numbering_skips (a backup from before migration 0004 has not). */
export function hasNumberingSkips(db: Database.Database): boolean {
  return statement(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'numbering_skips'").get() !== undefined;
}

/** The ranges of a series and fiscal year skipped on purpose (after a restore), in order. */
export function numberingSkips(db: Database.Database, businessId: string, seriesId: string, fiscalYear: string): Array<{ from: number; to: number }> {
  return statement(db, 'SELECT from_seq AS "from", to_seq AS "to" FROM numbering_skips WHERE business_id = ? AND series_id = ? AND fiscal_year = ? ORDER BY from_seq')
    .all(businessId, seriesId, fiscalYear) as Array<{ from: number; to: number }>;
}

/** The numbered invoices of a series and fiscal year in seq order (read one at a time). */
export function numberedInvoices(db: Database.Database, businessId: string, seriesId: string, fiscalYear: string): IterableIterator<{ seq: number; number: string; status: string }> {
  return statement(db, 'SELECT seq, number, status FROM invoices WHERE business_id = ? AND series_id = ? AND fiscal_year = ? AND seq IS NOT NULL ORDER BY seq')
    .iterate(businessId, seriesId, fiscalYear) as IterableIterator<{ seq: number; number: string; status: string }>;
}

/** The fiscal years a series has a counter or numbered invoices in (last_seq null: invoices without a counter). */
export function seriesFiscalYears(db: Database.Database, seriesId: string): Array<{ fiscal_year: string; last_seq: number | null }> {
  return statement(db, `SELECT fiscal_year, last_seq FROM series_counters WHERE series_id = ?
    UNION SELECT DISTINCT fiscal_year, NULL FROM invoices WHERE series_id = ? AND seq IS NOT NULL AND fiscal_year NOT IN (SELECT fiscal_year FROM series_counters WHERE series_id = ?)
    ORDER BY 1`).all(seriesId, seriesId, seriesId) as Array<{ fiscal_year: string; last_seq: number | null }>;
}

/**
 * Numbers used more than once in one fiscal year of the business, letter case ignored (at most 10).
 * A number may recur in another fiscal year: numbers are unique for a financial year (migration 0012).
 */
export function duplicateNumbers(db: Database.Database, businessId: string): Array<{ fiscalYear: string; number: string; count: number }> {
  return statement(db, `SELECT fiscal_year AS fiscalYear, upper(number) AS number, COUNT(*) AS count FROM invoices WHERE business_id = ? AND number IS NOT NULL
    GROUP BY fiscal_year, upper(number) HAVING count > 1 ORDER BY fiscal_year, number LIMIT 10`).all(businessId) as Array<{ fiscalYear: string; number: string; count: number }>;
}
