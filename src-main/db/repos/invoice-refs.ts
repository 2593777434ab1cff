// Finding an invoice by what a person types: its id, or its number. A number is unique per
// (business, fiscal year), not per business (GST Rule 46(b): "unique for a financial year"; every
// series starts again at 1 in a new one; migration 0012), so a number may name invoices of several
// fiscal years, and several businesses may use the same number. A lookup by number that names more
// than one invoice is refused, saying what to add (`--business ID`, `--fy YYYY-YY`), never guessed.
import type Database from 'better-sqlite3';
import { AppError } from '../../../src-shared/errors.js';
import { selectAll, selectFirst, sql, whereAll } from '../sql.js';

export interface InvoiceRefQuery {
  /** An invoice id, or its number (letter case ignored). */
  ref: string;
  businessId?: string;
  /** The fiscal year the number was issued in ("2025-26", or "2026" for calendar years). */
  fiscalYear?: string;
}

export interface InvoiceRef {
  id: string;
  businessId: string;
  fiscalYear: string | null;
  number: string | null;
}

interface RefRow {
  id: string;
  business_id: string;
  fiscal_year: string | null;
  number: string | null;
}

/** The fiscal year label the CLI's `--fy` takes: "2025-26" (a year across two) or "2026" (a calendar year). */
export const FISCAL_YEAR_LABEL = /^\d{4}(-\d{2})?$/;

function toRef(row: RefRow): InvoiceRef {
  return { id: row.id, businessId: row.business_id, fiscalYear: row.fiscal_year, number: row.number };
}

function byId(db: Database.Database, query: InvoiceRefQuery): RefRow | undefined {
  return selectFirst<RefRow>(db, sql`SELECT id, business_id, fiscal_year, number FROM invoices ${whereAll([
    sql`id = ${query.ref}`,
    query.businessId !== undefined && sql`business_id = ${query.businessId}`,
    query.fiscalYear !== undefined && sql`fiscal_year = ${query.fiscalYear}`,
  ])}`);
}

/** Every issued (or voided) invoice carrying the number, in the business and fiscal year if given. */
export function invoicesNumbered(db: Database.Database, number: string, scope: { businessId?: string; fiscalYear?: string } = {}): InvoiceRef[] {
  return selectAll<RefRow>(db, sql`SELECT id, business_id, fiscal_year, number FROM invoices ${whereAll([
    sql`number IS NOT NULL AND upper(number) = upper(${number.trim()})`,
    scope.businessId !== undefined && sql`business_id = ${scope.businessId}`,
    scope.fiscalYear !== undefined && sql`fiscal_year = ${scope.fiscalYear}`,
  ])} ORDER BY business_id, fiscal_year`).map(toRef);
}

function notFound(query: InvoiceRefQuery): AppError {
  const where = [query.fiscalYear !== undefined ? ` in fiscal year ${query.fiscalYear}` : '', query.businessId !== undefined ? ` in business ${query.businessId}` : ''].join('');
  return new AppError('NOT_FOUND', `no invoice with id or number ${query.ref}${where}`, { details: { ref: query.ref, businessId: query.businessId, fiscalYear: query.fiscalYear } });
}

/** Why a number naming several invoices is refused: several businesses first, then several fiscal years. */
function ambiguous(query: InvoiceRefQuery, rows: InvoiceRef[]): AppError {
  const businesses = [...new Set(rows.map((r) => r.businessId))];
  if (businesses.length > 1) {
    return new AppError('BAD_INPUT', `${query.ref} names invoices in ${businesses.length} businesses (${businesses.join(', ')}); add --business ID`, { details: { field: 'business', businesses } });
  }
  const years = [...new Set(rows.map((r) => r.fiscalYear ?? ''))];
  return new AppError('BAD_INPUT', `invoice number ${rows[0]!.number ?? query.ref} was issued in fiscal years ${years.join(' and ')} (a series starts again at 1 each fiscal year); add --fy ${years[0]} or --fy ${years[years.length - 1]}`,
    { details: { field: 'fy', fiscalYears: years, ref: query.ref } });
}

/**
 * The one invoice an id or a number names: NOT_FOUND when none, BAD_INPUT when the number names
 * invoices of several businesses or fiscal years (the message says which and what to add).
 */
export function resolveInvoiceRef(db: Database.Database, query: InvoiceRefQuery): InvoiceRef {
  const found = byId(db, query);
  if (found) return toRef(found);
  const rows = invoicesNumbered(db, query.ref, query);
  if (rows.length === 1) return rows[0]!;
  if (rows.length === 0) throw notFound(query);
  throw ambiguous(query, rows);
}
