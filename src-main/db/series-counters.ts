// The per-series, per-fiscal-year counters numbering takes its numbers from (numbering/numbering.ts
// allocateNumbers, inside the transaction that writes the invoices using them).
import type Database from 'better-sqlite3';
import { statement } from './query.js';

const BUMP = 'UPDATE series_counters SET last_seq = last_seq + ? WHERE series_id = ? AND fiscal_year = ? RETURNING last_seq';
const FIRST = 'INSERT INTO series_counters (business_id, series_id, fiscal_year, last_seq) VALUES (?, ?, ?, ?) RETURNING last_seq';

/**
 * Raises the counter of (series, fiscal year) by `count` and returns its new value, the last of the
 * numbers taken. One statement when the counter exists (every number after a year's first); the
 * year's first numbers create it. Must run inside a write transaction (the caller checks).
 */
export function takeSeqs(db: Database.Database, businessId: string, seriesId: string, fiscalYear: string, count: number): number {
  const bumped = statement(db, BUMP).get(count, seriesId, fiscalYear) as { last_seq: number } | undefined;
  if (bumped) return bumped.last_seq;
  return (statement(db, FIRST).get(businessId, seriesId, fiscalYear, count) as { last_seq: number }).last_seq;
}
