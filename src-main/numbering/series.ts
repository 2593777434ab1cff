// Numbering series a business chooses (several per business: per branch, counter or seat). A
// pattern is checked against the regime when it is added: rendered at the largest counter its
// padding holds (at least 99,999 a year) it must keep the regime's rule (GST: at most 16
// characters, letters, digits, "-" and "/"), and it must not be able to produce a number another
// series of the business produces. It need not name the fiscal year: an invoice number is unique
// for a financial year (GST Rule 46(b)), every series starts again at 1 in a new one, so
// `SHOP1-{SEQ}` issues SHOP1-1 once in each fiscal year (the unique index is per business, fiscal
// year and number: migration 0012), and lookups by number ask for the year when it recurs.
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { newId } from '../../src-shared/ids.js';
import type { TaxPlugin } from '../../src-shared/tax/plugin-api.js';
import { appendAudit } from '../audit/audit.js';
import {
  businessNumbering, defaultInvoiceSeries, insertSeries, invoiceSeriesByCode, seriesCodeTaken, seriesFormats, seriesWithCounters, setDefaultSeries,
} from '../db/series.js';
import type { SeriesRow } from '../db/types.js';
import { fiscalYearOf, formatNumber, validateSeriesFormat } from './format.js';

/** A year's worth of invoices every pattern must hold without breaking the regime's rule. */
const MIN_COUNTER_DIGITS = 5;

function seqWidth(format: string): number {
  const match = /\{SEQ(?::(\d{1,2}))?\}/.exec(format);
  return Number(match?.[1] ?? 1);
}

/** The largest number a pattern is checked at: its padding full of 9s, at least 99,999. */
export function maxCounter(format: string): number {
  return 10 ** Math.max(seqWidth(format), MIN_COUNTER_DIGITS) - 1;
}

/** Why a pattern is refused for this regime, or null. */
export function seriesFormatProblem(format: string, plugin: TaxPlugin, startMonth: number): string | null {
  try {
    validateSeriesFormat(format);
  } catch (error) {
    return (error as Error).message;
  }
  const fy = fiscalYearOf('2026-01-15', startMonth);
  const rules = plugin.invoiceNumberRules;
  const pattern = new RegExp(rules.pattern);
  for (const seq of [1, maxCounter(format)]) {
    const sample = formatNumber(format, fy, seq);
    if (sample.length > rules.maxLength || !pattern.test(sample)) {
      return `"${format}" gives numbers like "${sample}" (counter ${seq}), which break the rule: ${rules.description}`;
    }
  }
  return null;
}

/** A regular expression matching every number a pattern can give in a fiscal year. */
function numbersOf(format: string, fy: ReturnType<typeof fiscalYearOf>): RegExp {
  const parts = format.split(/(\{SEQ(?::\d{1,2})?\})/);
  const body = parts.map((part) => {
    const seq = /^\{SEQ(?::(\d{1,2}))?\}$/.exec(part);
    if (seq) return `\\d{${Number(seq[1] ?? 1)},}`;
    return formatNumber(part.replace(/\{SEQ[^}]*\}/g, ''), fy, 0).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('');
  return new RegExp(`^${body}$`, 'i');
}

/** Whether two patterns can give the same number in some fiscal year (checked on sample counters both ways). */
export function patternsOverlap(a: string, b: string, startMonth: number): string | null {
  for (const date of ['2026-01-15', '2026-07-15']) {
    const fy = fiscalYearOf(date, startMonth);
    const ra = numbersOf(a, fy);
    const rb = numbersOf(b, fy);
    for (const seq of [1, 9, 10, 99, 100, 999, 1000, 12345, 99999, 100000]) {
      const na = formatNumber(a, fy, seq);
      if (rb.test(na)) return na;
      const nb = formatNumber(b, fy, seq);
      if (ra.test(nb)) return nb;
    }
  }
  return null;
}

export interface SeriesInput {
  code: string;
  format: string;
  kind?: 'invoice' | 'credit_note' | 'debit_note';
  /** Make it the series hand invoices use unless another is chosen. */
  default?: boolean;
}

export interface SeriesView {
  id: string;
  code: string;
  format: string;
  kind: 'invoice' | 'credit_note' | 'debit_note';
  isDefault: boolean;
  /** Fiscal year of `today` and the last number taken in it (0: none yet). */
  fiscalYear: string;
  lastSeq: number;
  next: string;
  createdAt: string;
}

function numberingOf(db: Database.Database, businessId: string): { startMonth: number; defaultSeriesId: string | null } {
  const business = businessNumbering(db, businessId);
  if (!business) throw new AppError('NOT_FOUND', `no business with id ${businessId}`, { details: { businessId } });
  return business;
}

export function listSeries(db: Database.Database, businessId: string, today: string): SeriesView[] {
  const business = numberingOf(db, businessId);
  const fy = fiscalYearOf(today, business.startMonth);
  return seriesWithCounters(db, businessId, fy.label).map((r) => ({
    id: r.id, code: r.code, format: r.format, kind: r.document_kind, isDefault: r.id === business.defaultSeriesId, fiscalYear: fy.label, lastSeq: r.last_seq ?? 0,
    next: formatNumber(r.format, fy, (r.last_seq ?? 0) + 1), createdAt: r.created_at,
  }));
}

/** Why a series code is refused for the business, or null. */
function seriesCodeProblem(db: Database.Database, businessId: string, input: string, code: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,20}$/.test(code)) return `"${input}" is not a series code (1 to 20 letters, digits, "-" or "_")`;
  if (seriesCodeTaken(db, businessId, code)) return `the business already has a series ${code}`;
  return null;
}

/** Why a pattern is refused for the business: the regime's rule, or a number another of its series can give. */
function seriesPatternProblem(db: Database.Database, businessId: string, plugin: TaxPlugin, format: string, startMonth: number): string | null {
  const problem = seriesFormatProblem(format, plugin, startMonth);
  if (problem) return problem;
  for (const other of seriesFormats(db, businessId)) {
    const clash = patternsOverlap(format, other.format, startMonth);
    if (clash) return `"${format}" can give ${clash}, which series ${other.code} (${other.format}) also gives; numbers must be unique`;
  }
  return null;
}

export function addSeries(db: Database.Database, businessId: string, plugin: TaxPlugin, input: SeriesInput, actor: string): SeriesRow {
  const business = numberingOf(db, businessId);
  const code = input.code.trim();
  const issues = [
    { path: '$.code', message: seriesCodeProblem(db, businessId, input.code, code) },
    { path: '$.format', message: seriesPatternProblem(db, businessId, plugin, input.format, business.startMonth) },
  ].filter((issue): issue is { path: string; message: string } => issue.message !== null);
  if (issues.length > 0) throw new AppError('BAD_INPUT', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { details: { issues, path: issues[0]!.path } });
  const row: SeriesRow = { id: newId(), business_id: businessId, code, format: input.format, document_kind: input.kind ?? 'invoice', created_at: new Date().toISOString() };
  insertSeries(db, row);
  if (input.default && row.document_kind === 'invoice') setDefaultSeries(db, businessId, row.id);
  appendAudit(db, { businessId, actor, action: 'series.create', entity: 'series', entityId: row.id, details: { code, format: row.format, kind: row.document_kind, default: Boolean(input.default) } });
  // Not queued for sync: a seat declares its series (as leases) at the start of every push.
  return row;
}

/** The series a hand invoice is numbered from: the one named by code, else the business's default. */
export function invoiceSeriesFor(db: Database.Database, businessId: string, code?: string): SeriesRow {
  const row = code ? invoiceSeriesByCode(db, businessId, code) : defaultInvoiceSeries(db, businessId);
  if (!row) throw new AppError(code ? 'BAD_INPUT' : 'NOT_FOUND', code ? `$.series: the business has no invoice series "${code}" (see \`ledgerflow series list\`)` : `business ${businessId} has no invoice series`, { details: { path: '$.series' } });
  return row;
}
