// Gap-free, collision-free invoice numbers (docs/ARCHITECTURE.md rule 2). Numbers are taken only inside the
// caller's BEGIN IMMEDIATE transaction that also writes the invoices using them, so a rollback
// returns them and a commit makes them permanent; the unique indexes on invoices back it.
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { takeSeqs } from '../db/series-counters.js';
import type { SeriesRow } from '../db/types.js';
import { fiscalYearOf, formatNumber, type FiscalYear } from './format.js';
import { markNumbersTaken } from '../db/high-water.js';
import { businessNumbering, duplicateNumbers, hasNumberingSkips, numberedInvoices, numberingSkips, seriesFiscalYears, seriesOfBusiness } from '../db/series.js';

export interface NumberRules {
  maxLength: number;
  pattern: string;
  description: string;
}

export interface AllocatedNumbers {
  seriesId: string;
  fiscalYear: string;
  /** Sequence numbers in order, consecutive. */
  seqs: number[];
  numbers: string[];
}

const patterns = new Map<string, RegExp>();

/** A regime's number pattern, compiled once (allocateNumbers runs per invoice on the hot path). */
function compiled(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (!regex) patterns.set(pattern, (regex = new RegExp(pattern)));
  return regex;
}

/** Takes `count` consecutive numbers of a series for one fiscal year. Call inside Store.write. */
export function allocateNumbers(db: Database.Database, series: SeriesRow, fiscalYear: FiscalYear, count: number, rules?: NumberRules): AllocatedNumbers {
  if (!db.inTransaction) throw new Error('allocateNumbers must run inside the transaction that writes the invoices');
  if (!Number.isInteger(count) || count < 1) throw new Error(`allocateNumbers: count must be a positive integer, got ${count}`);
  const last = takeSeqs(db, series.business_id, series.id, fiscalYear.label, count);
  markNumbersTaken(db);
  const seqs = Array.from({ length: count }, (_, i) => last - count + 1 + i);
  const numbers = seqs.map((seq) => formatNumber(series.format, fiscalYear, seq));
  if (rules) {
    const pattern = compiled(rules.pattern);
    const bad = numbers.find((n) => n.length > rules.maxLength || !pattern.test(n));
    if (bad) throw new AppError('CONFLICT', `series ${series.code} produced "${bad}", which breaks the tax regime's numbering rule (${rules.description}); choose a shorter series format`, { details: { series: series.code, number: bad } });
  }
  return { seriesId: series.id, fiscalYear: fiscalYear.label, seqs, numbers };
}

export interface SequenceProblem {
  seriesCode: string;
  fiscalYear: string;
  kind: 'gap' | 'duplicate' | 'counter_mismatch' | 'number_mismatch' | 'number_duplicate';
  message: string;
}

export interface SequenceReport {
  ok: boolean;
  series: Array<{ seriesCode: string; fiscalYear: string; issued: number; void: number; first: number; last: number; counter: number; skipped?: number }>;
  problems: SequenceProblem[];
}

type ReportProblem = (kind: SequenceProblem['kind'], message: string) => void;
type SeriesYearSummary = SequenceReport['series'][number];

/** The fiscal year back from its label ("2025-26" or "2025"), to re-derive each number; undefined when it cannot be. */
function fiscalYearOfLabel(label: string, startMonth: number | undefined): FiscalYear | undefined {
  const startYear = Number(label.slice(0, 4));
  if (startMonth === undefined || !Number.isInteger(startYear) || startYear <= 0) return undefined;
  const fiscalYear = fiscalYearOf(`${startYear}-${String(startMonth).padStart(2, '0')}-01`, startMonth);
  return fiscalYear.label === label ? fiscalYear : undefined;
}

/**
 * Walks one series' numbers of one fiscal year in seq order against 1..N. Ranges skipped on
 * purpose (after a restore) count as used: not a gap, never reissued.
 */
class SeriesYearWalk {
  expected = 1;
  issued = 0;
  voided = 0;
  first = 0;
  skipped = 0;
  private skipIndex = 0;
  private reportedGap = false;
  private reportedNumber = false;

  constructor(private readonly series: SeriesRow, private readonly fiscalYear: FiscalYear | undefined,
    private readonly skips: Array<{ from: number; to: number }>, private readonly problem: ReportProblem) {}

  private passSkips(): void {
    while (this.skipIndex < this.skips.length && this.skips[this.skipIndex]!.from <= this.expected) {
      const skip = this.skips[this.skipIndex]!;
      this.expected = Math.max(this.expected, skip.to + 1);
      this.skipped += skip.to - skip.from + 1;
      this.skipIndex += 1;
    }
  }

  private gap(message: string): void {
    if (this.reportedGap) return;
    this.problem('gap', message);
    this.reportedGap = true;
  }

  row(row: { seq: number; number: string; status: string }): void {
    this.passSkips();
    if (this.first === 0) this.first = row.seq;
    if (row.status === 'void') this.voided += 1;
    else this.issued += 1;
    if (row.seq < this.expected) this.problem('duplicate', `number ${row.number} (seq ${row.seq}) is used more than once`);
    else if (row.seq > this.expected) this.gap(`numbers ${this.expected}${row.seq - 1 > this.expected ? `–${row.seq - 1}` : ''} are missing before ${row.number}`);
    if (this.fiscalYear && !this.reportedNumber) {
      const derived = formatNumber(this.series.format, this.fiscalYear, row.seq);
      if (derived !== row.number) {
        this.problem('number_mismatch', `seq ${row.seq} carries number ${row.number}, but the series format gives ${derived}`);
        this.reportedNumber = true;
      }
    }
    this.expected = Math.max(this.expected, row.seq + 1);
  }

  /** After the last row: skipped ranges beyond it, and the last number accounted for. */
  finish(): number {
    for (this.passSkips(); this.skipIndex < this.skips.length; this.passSkips()) {
      const skip = this.skips[this.skipIndex]!;
      this.gap(`numbers ${this.expected}–${skip.from - 1} are missing before the skipped range ${skip.from}–${skip.to}`);
      this.expected = skip.from;
    }
    return this.expected - 1;
  }
}

function checkSeriesYear(db: Database.Database, businessId: string, series: SeriesRow, year: { fiscal_year: string; last_seq: number | null },
  startMonth: number | undefined, hasSkips: boolean, problem: ReportProblem): SeriesYearSummary {
  const skips = hasSkips ? numberingSkips(db, businessId, series.id, year.fiscal_year) : [];
  const walk = new SeriesYearWalk(series, fiscalYearOfLabel(year.fiscal_year, startMonth), skips, problem);
  for (const row of numberedInvoices(db, businessId, series.id, year.fiscal_year)) walk.row(row);
  const last = walk.finish();
  if (year.last_seq !== null && year.last_seq !== last) problem('counter_mismatch', `the counter says ${year.last_seq} numbers were taken but invoices account for ${last}`);
  return { seriesCode: series.code, fiscalYear: year.fiscal_year, issued: walk.issued, void: walk.voided, first: walk.first, last, counter: year.last_seq ?? last, ...(walk.skipped ? { skipped: walk.skipped } : {}) };
}

/**
 * Proves per series and fiscal year: numbers 1..N each used exactly once (issued or void), and no
 * number used twice in one fiscal year of the business (it may recur in another: migration 0012).
 */
export function checkSequence(db: Database.Database, businessId: string): SequenceReport {
  const report: SequenceReport = { ok: true, series: [], problems: [] };
  // A backup from before numbering_skips existed is checked too (restore verifies it first).
  const hasSkips = hasNumberingSkips(db);
  const startMonth = businessNumbering(db, businessId)?.startMonth;
  for (const series of seriesOfBusiness(db, businessId)) {
    for (const year of seriesFiscalYears(db, series.id)) {
      const problem: ReportProblem = (kind, message) => {
        report.ok = false;
        report.problems.push({ seriesCode: series.code, fiscalYear: year.fiscal_year, kind, message: `series ${series.code}, fiscal year ${year.fiscal_year}: ${message}` });
      };
      report.series.push(checkSeriesYear(db, businessId, series, year, startMonth, hasSkips, problem));
    }
  }
  for (const dupe of duplicateNumbers(db, businessId)) {
    report.ok = false;
    report.problems.push({ seriesCode: '*', fiscalYear: dupe.fiscalYear, kind: 'number_duplicate', message: `invoice number ${dupe.number} appears ${dupe.count} times in fiscal year ${dupe.fiscalYear} (ignoring case)` });
  }
  return report;
}
