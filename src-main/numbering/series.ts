// Numbering series a business chooses (several per business: per branch, counter or seat). A
// pattern is checked against the regime when it is added: rendered at the largest counter its
// padding holds (at least 99,999 a year) it must keep the regime's rule (GST: at most 16
// characters, letters, digits, "-" and "/"; its example number in today's fiscal year), and it must
// not be able to produce a number another series of the business produces in the same fiscal year
// (decided exactly, `commonNumber`). It need not name the fiscal year: an invoice number is unique
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
import { fiscalYearOf, formatNumber, validateSeriesFormat, type FiscalYear } from './format.js';

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
export function seriesFormatProblem(format: string, plugin: TaxPlugin, startMonth: number, today: string): string | null {
  try {
    validateSeriesFormat(format);
  } catch (error) {
    return (error as Error).message;
  }
  // The example number is the one the pattern gives in this fiscal year, as the series list shows it.
  const fy = fiscalYearOf(today, startMonth);
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

/** A pattern rendered for one fiscal year: the fixed text before and after its counter, and the counter's padding. */
interface Rendered { prefix: string; width: number; suffix: string }

function rendered(format: string, fy: FiscalYear): Rendered {
  const match = /\{SEQ(?::(\d{1,2}))?\}/.exec(format)!;
  return { prefix: formatNumber(format.slice(0, match.index), fy, 0), width: Number(match[1] ?? 1), suffix: formatNumber(format.slice(match.index + match[0].length), fy, 0) };
}

/**
 * Where a pattern can be after reading some text: in its prefix, in its counter (digits read,
 * capped one past the padding; whether the first was 0; whether all were), or in its suffix.
 */
type Counter = { at: 'seq'; n: number; firstZero: boolean; allZero: boolean };
type Place = { at: 'prefix'; i: number } | { at: 'suffix'; i: number } | Counter;

const same = (a: string | undefined, b: string) => a !== undefined && a.toUpperCase() === b.toUpperCase();

/** A counter `String(seq).padStart(width, '0')` for some seq >= 1: at least `width` digits, not all 0, zero-led only at exactly `width`. */
function counterComplete(p: Counter, width: number): boolean {
  return p.n >= Math.max(width, 1) && !p.allZero && (p.n === width || !p.firstZero);
}

function startOf(r: Rendered): Place {
  return r.prefix ? { at: 'prefix', i: 0 } : { at: 'seq', n: 0, firstZero: false, allZero: true };
}

/** The places a pattern can be in after one more character (a nondeterministic automaton: a counter may end before a digit of the suffix). */
function step(r: Rendered, p: Place, ch: string): Place[] {
  if (p.at === 'prefix') {
    if (!same(r.prefix[p.i], ch)) return [];
    return [p.i + 1 < r.prefix.length ? { at: 'prefix', i: p.i + 1 } : { at: 'seq', n: 0, firstZero: false, allZero: true }];
  }
  if (p.at === 'suffix') return same(r.suffix[p.i], ch) ? [{ at: 'suffix', i: p.i + 1 }] : [];
  const next: Place[] = [];
  if (/^\d$/.test(ch)) {
    const firstZero = p.n === 0 ? ch === '0' : p.firstZero;
    const n = Math.min(p.n + 1, r.width + 1);
    // More digits than the padding only without a leading 0: String(seq) never starts with one.
    if (!(n > r.width && firstZero)) next.push({ at: 'seq', n, firstZero, allZero: p.allZero && ch === '0' });
  }
  if (counterComplete(p, r.width) && same(r.suffix[0], ch)) next.push({ at: 'suffix', i: 1 });
  return next;
}

function accepts(r: Rendered, p: Place): boolean {
  return p.at === 'suffix' ? p.i === r.suffix.length : p.at === 'seq' && r.suffix === '' && counterComplete(p, r.width);
}

const key = (p: Place) => (p.at === 'seq' ? `c${p.n}${p.firstZero ? 'z' : ''}${p.allZero ? 'a' : ''}` : `${p.at[0]}${p.i}`);

/**
 * The shortest number both patterns give in this fiscal year, or null when no counters make them
 * equal (compared without regard to case). Decided exactly, by walking both patterns' automata
 * together over the characters of the first one (a common number is made of them), not by samples.
 */
export function commonNumber(a: string, b: string, fy: FiscalYear): string | null {
  const ra = rendered(a, fy);
  const rb = rendered(b, fy);
  // Sorted, so that the first number found is the smallest of the shortest (SHOP1-100, not SHOP1-111).
  const alphabet = [...new Set([...`${ra.prefix}${ra.suffix}0123456789`])].sort();
  const seen = new Set<string>();
  let frontier: Array<{ pa: Place; pb: Place; text: string }> = [{ pa: startOf(ra), pb: startOf(rb), text: '' }];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { pa, pb, text } of frontier) {
      if (accepts(ra, pa) && accepts(rb, pb)) return text;
      for (const ch of alphabet) {
        for (const na of step(ra, pa, ch)) {
          for (const nb of step(rb, pb, ch)) {
            const k = `${key(na)}|${key(nb)}`;
            if (seen.has(k)) continue;
            seen.add(k);
            next.push({ pa: na, pb: nb, text: text + ch });
          }
        }
      }
    }
    frontier = next;
  }
  return null;
}

/** How many fiscal years ahead of today's a new pattern is compared in (the year it is made in, the one before for late entries, and a century after). */
const YEARS_AHEAD = 100;

/**
 * A number two patterns both give in the same fiscal year, with that year, or null. Only the
 * fiscal years from the one before `today`'s to a century on are compared when a pattern names
 * the year; a pattern without one gives the same numbers every year.
 */
export function patternsOverlap(a: string, b: string, startMonth: number, today: string): { number: string; fiscalYear: string } | null {
  const current = fiscalYearOf(today, startMonth).startYear;
  const yearly = /\{(FY|FYS|YYYY)\}/.test(a + b);
  const years = yearly ? [...Array.from({ length: YEARS_AHEAD + 1 }, (_, i) => current + i), current - 1] : [current];
  for (const year of years) {
    const fy = fiscalYearOf(`${year}-${String(startMonth).padStart(2, '0')}-01`, startMonth);
    const number = commonNumber(a, b, fy);
    if (number !== null) return { number, fiscalYear: fy.label };
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

/** The refusal of a pattern that can give a number another series of the business gives in the same fiscal year. */
export function seriesOverlapMessage(format: string, clash: { number: string; fiscalYear: string }, other: { code: string; format: string }): string {
  return `"${format}" can give ${clash.number} in fiscal year ${clash.fiscalYear}, which series ${other.code} (${other.format}) also gives; numbers must be unique in a fiscal year`;
}

/** Why a pattern is refused for the business: the regime's rule, or a number another of its series can give. */
function seriesPatternProblem(db: Database.Database, businessId: string, plugin: TaxPlugin, format: string, startMonth: number, today: string): string | null {
  const problem = seriesFormatProblem(format, plugin, startMonth, today);
  if (problem) return problem;
  for (const other of seriesFormats(db, businessId)) {
    const clash = patternsOverlap(format, other.format, startMonth, today);
    if (clash) return seriesOverlapMessage(format, clash, other);
  }
  return null;
}

export function addSeries(db: Database.Database, businessId: string, plugin: TaxPlugin, input: SeriesInput, actor: string, today: string): SeriesRow {
  const business = numberingOf(db, businessId);
  const code = input.code.trim();
  const issues = [
    { path: '$.code', message: seriesCodeProblem(db, businessId, input.code, code) },
    { path: '$.format', message: seriesPatternProblem(db, businessId, plugin, input.format, business.startMonth, today) },
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
