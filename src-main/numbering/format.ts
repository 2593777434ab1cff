// Fiscal years and series formats. A series format is text with tokens: {FY} "2025-26" (or
// "2026" when the fiscal year is the calendar year), {FYS} "2526", {YYYY} the fiscal year's
// first calendar year, {SEQ:n} the sequence zero-padded to at least n digits.
import { AppError } from '../../src-shared/errors.js';

export interface FiscalYear {
  label: string;
  short: string;
  startYear: number;
  /** YYYY-MM-DD, inclusive. */
  start: string;
  end: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(date: string, field = 'date'): { year: number; month: number; day: number } {
  const match = DATE.exec(date);
  const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || !parsed || parsed.getUTCDate() !== Number(match[3]) || parsed.getUTCMonth() !== Number(match[2]) - 1) {
    throw new AppError('BAD_INPUT', `${field}: "${date}" is not a date in YYYY-MM-DD form`, { details: { field, value: date } });
  }
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

export function fiscalYearOf(date: string, startMonth: number): FiscalYear {
  const { year, month } = parseIsoDate(date);
  const startYear = month >= startMonth ? year : year - 1;
  const pad = (n: number) => String(n).padStart(2, '0');
  const endYear = startMonth === 1 ? startYear : startYear + 1;
  const endMonth = startMonth === 1 ? 12 : startMonth - 1;
  const endDay = new Date(Date.UTC(endYear, endMonth, 0)).getUTCDate();
  return {
    label: startMonth === 1 ? String(startYear) : `${startYear}-${pad((startYear + 1) % 100)}`,
    short: startMonth === 1 ? String(startYear).slice(2) : `${pad(startYear % 100)}${pad((startYear + 1) % 100)}`,
    startYear,
    start: `${startYear}-${pad(startMonth)}-01`,
    end: `${endYear}-${pad(endMonth)}-${pad(endDay)}`,
  };
}

const TOKEN = /\{(FY|FYS|YYYY|SEQ(?::(\d{1,2}))?)\}/g;

export function validateSeriesFormat(format: string): void {
  const seqTokens = [...format.matchAll(TOKEN)].filter((m) => m[1]!.startsWith('SEQ'));
  if (seqTokens.length !== 1) throw new AppError('BAD_INPUT', `series format "${format}" must contain exactly one {SEQ} or {SEQ:n} token`, { details: { field: 'format' } });
  const leftover = format.replace(TOKEN, '');
  if (/[{}]/.test(leftover)) throw new AppError('BAD_INPUT', `series format "${format}" has an unknown {token}; known: {FY}, {FYS}, {YYYY}, {SEQ:n}`, { details: { field: 'format' } });
}

export function formatNumber(format: string, fiscalYear: FiscalYear, seq: number): string {
  return format.replace(TOKEN, (_all, token: string, width: string | undefined) => {
    if (token === 'FY') return fiscalYear.label;
    if (token === 'FYS') return fiscalYear.short;
    if (token === 'YYYY') return String(fiscalYear.startYear);
    return String(seq).padStart(Number(width ?? 1), '0');
  });
}
