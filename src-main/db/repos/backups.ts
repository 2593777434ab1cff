// Reads and writes of backup and restore (src-main/backup): the consistent copy, the schema a
// backup records, what a restored database holds, and the counters a restore raises so no number
// is reused (with the skipped numbers recorded in numbering_skips).
import type Database from 'better-sqlite3';
import { statement } from '../query.js';
import { selectAll, selectFirst, sql } from '../sql.js';
import type { NumberingSkipRow } from '../types.js';

export type AppliedMigration = { version: number; name: string; checksum: string };

/** One read snapshot of the whole database, compacted, written to `path` (rollback-journal mode). */
export function vacuumInto(db: Database.Database, path: string): void {
  statement(db, 'VACUUM INTO ?').run(path);
}

/** The migrations applied to a database, in order. */
export function appliedMigrations(db: Database.Database): AppliedMigration[] {
  return selectAll<AppliedMigration>(db, sql`SELECT version, name, checksum FROM schema_migrations ORDER BY version`);
}

export function businessIds(db: Database.Database): string[] {
  return selectAll<{ id: string }>(db, sql`SELECT id FROM businesses`).map((r) => r.id);
}

export function numberedInvoiceCount(db: Database.Database): number {
  return selectFirst<{ n: number }>(db, sql`SELECT COUNT(*) AS n FROM invoices WHERE number IS NOT NULL`)!.n;
}

export interface SeriesRef {
  id: string;
  business_id: string;
  code: string;
}

/** A series by id or else by its business and code (a series recreated since has a new id). */
export function seriesByIdOrCode(db: Database.Database, id: string, businessId: string, code: string): SeriesRef | undefined {
  return selectFirst<SeriesRef>(db, sql`SELECT id, business_id, code FROM series WHERE id = ${id}`)
    ?? selectFirst<SeriesRef>(db, sql`SELECT id, business_id, code FROM series WHERE business_id = ${businessId} AND code = ${code}`);
}

/** The last seq a series took in a fiscal year (undefined: none yet). */
export function counterOf(db: Database.Database, seriesId: string, fiscalYear: string): number | undefined {
  return selectFirst<{ last_seq: number }>(db, sql`SELECT last_seq FROM series_counters WHERE series_id = ${seriesId} AND fiscal_year = ${fiscalYear}`)?.last_seq;
}

export function raiseCounter(db: Database.Database, businessId: string, seriesId: string, fiscalYear: string, lastSeq: number): void {
  statement(db, 'INSERT INTO series_counters (business_id, series_id, fiscal_year, last_seq) VALUES (?, ?, ?, ?) ON CONFLICT (series_id, fiscal_year) DO UPDATE SET last_seq = excluded.last_seq')
    .run(businessId, seriesId, fiscalYear, lastSeq);
}

export function insertNumberingSkip(db: Database.Database, row: NumberingSkipRow): void {
  statement(db, 'INSERT INTO numbering_skips (id, business_id, series_id, fiscal_year, from_seq, to_seq, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(row.id, row.business_id, row.series_id, row.fiscal_year, row.from_seq, row.to_seq, row.reason, row.created_at);
}
