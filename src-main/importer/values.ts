// Reading cell values as people type them: amounts with currency signs and Indian or Western
// grouping, percentages three ways, HSN codes with their leading zeros, dates as serial numbers
// or day-first text. Results are decimal strings (never JS numbers for money) or a reason.
import { Dec } from '../../src-shared/money/decimal.js';
import { MAX_STORED_MINOR } from '../../src-shared/money/minor-units.js';
import { problem, problemText, type FieldProblem } from '../../src-shared/validation/problems.js';
import { cellText, isDateFormat, serialToYmd, type Cell } from './read.js';

/** A value, or why not: the English phrase (`reason`) and the same as a code with parameters (`problem`). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string; problem: FieldProblem };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (p: FieldProblem): Parsed<never> => ({ ok: false, reason: problemText(p), problem: p });
const EMPTY = problem('empty', {});

/**
 * A numeric spreadsheet cell as a decimal string. The importer's boundary with JS numbers
 * (docs/ARCHITECTURE.md rule 1): SheetJS hands numeric cells over as JS numbers because the file stores IEEE
 * doubles, so an amount arrives as a number whatever we do. It is turned into text here, once,
 * with no arithmetic: its 15 significant digits — what Excel shows and keeps, so a formula's
 * binary noise such as 117.99999999999999 reads as the 118 the user sees (the shortest round-trip
 * String(n) would keep the noise and refuse the row for its decimals). Everything after works on
 * the string (decimal.js, BigInt minor units).
 */
export function numberToDecimal(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  // 15 significant digits: what a spreadsheet shows and stores; string work only (hot path).
  let s = n.toPrecision(15);
  if (s.includes('e')) return new Dec(s).toFixed();
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** True when a cell holds nothing (no value, or only spaces). */
export function isEmptyCell(cell: Cell | undefined): boolean {
  if (!cell || cell.v === undefined || cell.v === null) return true;
  return typeof cell.v === 'string' && cell.v.trim() === '';
}

/** True when a cell has no value at all (absent, undefined, null or ""), the "is empty" refusal of the parsers. */
function hasNoValue(cell: Cell | undefined): cell is undefined | (Cell & { v: undefined | null | '' }) {
  return !cell || cell.v === undefined || cell.v === null || cell.v === '';
}

/**
 * A non-negative plain decimal string ("1234.5") at a currency scale: the fixed text ("1234.50")
 * and the minor units (123450n), exactly, by digit shuffling and BigInt; or why not.
 */
export function toScaleExact(value: string, scale: number, currency: string): Parsed<{ fixed: string; minor: bigint }> {
  if (value.startsWith('-')) return bad(problem('negative', { value }));
  const dot = value.indexOf('.');
  const intPart = dot < 0 ? value : value.slice(0, dot);
  const frac = dot < 0 ? '' : value.slice(dot + 1).replace(/0+$/, '');
  if (frac.length > scale) return bad(problem('tooManyDecimals', { value, decimals: frac.length, currency, scale }));
  const padded = frac.padEnd(scale, '0');
  const minor = BigInt(intPart + padded);
  if (minor > MAX_STORED_MINOR) return bad(problem('tooLarge', { value, currency }));
  return ok({ fixed: scale > 0 ? `${intPart}.${padded}` : intPart, minor });
}

const DIGITS: Record<string, string> = {
  '٠': '0', '١': '1', '٢': '2', '٣': '3', '٤': '4', '٥': '5', '٦': '6', '٧': '7', '٨': '8', '٩': '9',
  '۰': '0', '۱': '1', '۲': '2', '۳': '3', '۴': '4', '۵': '5', '۶': '6', '۷': '7', '۸': '8', '۹': '9',
  '०': '0', '१': '1', '२': '2', '३': '3', '४': '4', '५': '5', '६': '6', '७': '7', '८': '8', '९': '9',
};

function latinDigits(text: string): string {
  return text.replace(/[٠-٩۰-۹०-९]/g, (d) => DIGITS[d] ?? d).replace(/٫/g, '.').replace(/٬/g, ',');
}

/** Currency markers people put next to amounts, longest first, with the code they mean. */
const CURRENCY_MARKERS: [RegExp, string][] = [
  [/\.?د\.?\s?ب\.?/u, 'BHD'],
  [/\bBHD\b/i, 'BHD'],
  [/\bBD\b/i, 'BHD'],
  [/\bINR\b/i, 'INR'],
  [/\bRs\.?/i, 'INR'],
  [/₹/u, 'INR'],
  [/रु\.?|रुपये|रुपए/u, 'INR'],
  [/\bUSD\b|US\$|\$/i, 'USD'],
  [/\bAED\b|د\.?إ\.?/iu, 'AED'],
  [/\bSAR\b|ر\.?س\.?/iu, 'SAR'],
  [/\bEUR\b|€/iu, 'EUR'],
  [/\bGBP\b|£/iu, 'GBP'],
];

/**
 * A decimal string from a number cell or text such as "₹1,23,456.50", "BHD 1.250", "1,234.5",
 * "(12.00)" or "١٬٢٣٤٫٥". `currency` (the business's) is checked against any marker found.
 */
export function parseDecimalCell(cell: Cell | undefined, currency?: string): Parsed<string> {
  if (hasNoValue(cell)) return bad(EMPTY);
  if (typeof cell.v === 'number') {
    if (!Number.isFinite(cell.v)) return bad(problem('notFinite', {}));
    return ok(numberToDecimal(cell.v));
  }
  if (typeof cell.v === 'boolean') return bad(problem('booleanNotNumber', { value: cell.v ? 'TRUE' : 'FALSE' }));
  if (cell.t === 'e') return bad(problem('spreadsheetError', { value: cell.w ?? 'error' }));
  return parseDecimalText(String(cell.v), currency);
}

/** Takes the currency markers out of the text; refuses a marker of another currency than the business's. */
function stripCurrency(text: string, raw: string, currency: string | undefined): Parsed<string> {
  let found: string | undefined;
  for (const [re, code] of CURRENCY_MARKERS) {
    if (re.test(text)) {
      found ??= code;
      text = text.replace(re, ' ');
    }
  }
  if (found && currency && found !== currency) return bad(problem('wrongCurrency', { value: raw.trim(), found, currency }));
  return ok(text);
}

/** The sign written as parentheses, a leading or a trailing minus (each flips it), and the digits left. */
function splitSign(text: string): { negative: boolean; digits: string } {
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1);
  }
  return { negative, digits: text.replace(/^\+/, '').replace(/\.$/, '') };
}

// Grouping: Western 1,234,567.89 or Indian 12,34,567.89; plain 1234.5. A lone comma is ambiguous.
const WESTERN = /^\d{1,3}(,\d{3})+(\.\d+)?$/;
const INDIAN = /^\d{1,2}(,\d{2})*,\d{3}(\.\d+)?$/;
const PLAIN = /^\d+(\.\d+)?$|^\.\d+$/;

/** Unsigned digits with Western or Indian grouping (or none) as a plain decimal text; or why not. */
function ungroup(digits: string, raw: string): Parsed<string> {
  if (WESTERN.test(digits) || INDIAN.test(digits)) return ok(digits.replace(/,/g, ''));
  if (PLAIN.test(digits)) return ok(digits);
  if (/^\d+,\d{1,2}$/.test(digits)) return bad(problem('decimalComma', { value: raw.trim(), suggestion: digits.replace(',', '.') }));
  return bad(problem('notNumber', { value: raw.trim() }));
}

export function parseDecimalText(raw: string, currency?: string): Parsed<string> {
  const text = latinDigits(raw.normalize('NFKC')).trim();
  if (!text) return bad(EMPTY);
  const stripped = stripCurrency(text, raw, currency);
  if (!stripped.ok) return stripped;
  const { negative, digits } = splitSign(stripped.value.replace(/[\s\u00a0\u202f']/g, '').replace(/\/-$/, ''));
  const plain = ungroup(digits, raw);
  if (!plain.ok) return plain;
  const value = new Dec(plain.value.startsWith('.') ? `0${plain.value}` : plain.value);
  return ok((negative && !value.isZero() ? value.neg() : value).toFixed());
}

/** How a percentage column's plain numbers are read: 18 = 18 %, or 0.18 = 18 %. */
export type PercentMode = 'percent' | 'fraction';

function isPercentCell(cell: Cell): boolean {
  if (typeof cell.v === 'string') return cell.v.includes('%') || cell.v.includes('٪');
  if (typeof cell.z === 'string' && cell.z.includes('%')) return true;
  return typeof cell.w === 'string' && cell.w.trim().endsWith('%');
}

/** Decides a column's mode from its plain-number values: all within 0..1 (and some above 0) = fractions. */
export function decidePercentMode(cells: (Cell | undefined)[]): { mode: PercentMode; explicit: number; plain: number } {
  let explicit = 0;
  let plain = 0;
  let allUnitInterval = true;
  let anyPositive = false;
  for (const cell of cells) {
    if (!cell || cell.v === undefined || cell.v === '' || cell.v === null) continue;
    if (isPercentCell(cell)) {
      explicit++;
      continue;
    }
    const parsed = parseDecimalCell(cell);
    if (!parsed.ok) continue;
    plain++;
    const v = new Dec(parsed.value);
    if (v.gt(1) || v.lt(0)) allUnitInterval = false;
    if (v.gt(0)) anyPositive = true;
  }
  return { mode: plain > 0 && allUnitInterval && anyPositive ? 'fraction' : 'percent', explicit, plain };
}

/** A rate typed as text ("18%", "18", "0.18" in fraction mode, "١٨٪") in percent; or why not. */
function percentFromText(typed: string, mode: PercentMode): Parsed<Dec> {
  const parsed = parseDecimalText(latinDigits(typed).replace(/[%٪]/g, '').trim());
  if (!parsed.ok) return bad(problem('notPercentage', { value: typed.trim() }));
  const value = new Dec(parsed.value);
  const written = typed.includes('%') || typed.includes('٪');
  return ok(!written && mode === 'fraction' ? value.times(100) : value);
}

/**
 * Hot path: a plain number cell is already the percentage; its text is the rate. A %-formatted
 * cell (0.18 shown as 18%) or fraction mode is left to decimal.js (undefined here), so the x100 is
 * exact (rates feed money arithmetic).
 */
function plainPercentNumber(cell: Cell, mode: PercentMode): Parsed<string> | undefined {
  if (typeof cell.v !== 'number' || !Number.isFinite(cell.v) || isPercentCell(cell) || mode === 'fraction') return undefined;
  const s = numberToDecimal(cell.v);
  if (s.startsWith('-') || new Dec(s).gt(100)) return bad(problem('percentRange', { value: s }));
  if (s.includes('.') && s.length - s.indexOf('.') - 1 > 4) return bad(problem('percentDecimals', { value: s, limit: 4 }));
  return ok(s);
}

/** A rate from a non-text cell: a %-formatted cell or fraction mode times 100, else as it is. */
function percentFromCell(cell: Cell, mode: PercentMode): Parsed<Dec> {
  const parsed = parseDecimalCell(cell);
  if (!parsed.ok) return parsed;
  const value = new Dec(parsed.value);
  return ok(isPercentCell(cell) || mode === 'fraction' ? value.times(100) : value);
}

/** A rate in percent as a decimal string ("18", "0.25"), from 18, "18%", 0.18 (fraction mode) or a %-formatted cell. */
export function parsePercentCell(cell: Cell | undefined, mode: PercentMode): Parsed<string> {
  if (hasNoValue(cell)) return bad(EMPTY);
  if (typeof cell.v !== 'string') {
    const quick = plainPercentNumber(cell, mode);
    if (quick) return quick;
  }
  const read = typeof cell.v === 'string' ? percentFromText(cell.v, mode) : percentFromCell(cell, mode);
  if (!read.ok) return read;
  const value = new Dec(read.value.toPrecision(12));
  if (value.lt(0) || value.gt(100)) return bad(problem('percentRange', { value: value.toFixed() }));
  if (value.decimalPlaces() > 4) return bad(problem('percentDecimals', { value: value.toFixed(), limit: 4 }));
  return ok(value.toFixed());
}

/** HSN/SAC as text with its leading zeros; a number that lost its zero (401) gets it back (0401). */
export function parseHsnCell(cell: Cell | undefined): Parsed<{ code: string; padded: boolean }> {
  if (hasNoValue(cell)) return bad(EMPTY);
  let text: string;
  let padded = false;
  if (typeof cell.v === 'number') {
    const shown = cellText(cell);
    text = /^\d+$/.test(shown) ? shown : numberToDecimal(cell.v);
    if (/^\d+$/.test(text) && text.length % 2 === 1 && text.length < 8) {
      text = `0${text}`;
      padded = true;
    }
  } else {
    text = latinDigits(String(cell.v)).replace(/[\s.-]/g, '');
  }
  if (!/^\d{2,8}$/.test(text)) return bad(problem('hsnInvalid', { value: cellText(cell) }));
  return ok({ code: text, padded });
}

export type DateOrder = 'dmy' | 'mdy';

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};

function ymd(y: number, m: number, d: number): Parsed<string> {
  if (y < 100) y += 2000;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || d < 1 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900 || y > 2200) return bad(problem('notCalendarDate', { year: y, month: m, day: d }));
  return ok(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

/** For a text date column: day first unless some value can only be month first. */
export function decideDateOrder(cells: (Cell | undefined)[]): { order: DateOrder; ambiguous: boolean } {
  let dayFirst = false;
  let monthFirst = false;
  let ambiguous = false;
  for (const cell of cells) {
    if (!cell || typeof cell.v !== 'string') continue;
    const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\s*$/.exec(latinDigits(cell.v));
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dayFirst = true;
    else if (b > 12 && a <= 12) monthFirst = true;
    else if (a !== b) ambiguous = true;
  }
  return { order: monthFirst && !dayFirst ? 'mdy' : 'dmy', ambiguous: ambiguous && !dayFirst && !monthFirst };
}

/** A date cell's serial number (or a plain number in the serial range) as a date; or why not. */
function dateFromSerial(serial: number, z: Cell['z'], date1904: boolean): Parsed<string> {
  if (!isDateFormat(z) && (serial < 20_000 || serial > 80_000)) return bad(problem('serialNotDate', { value: String(serial) }));
  const parts = serialToYmd(Math.floor(serial), date1904);
  if (!parts) return bad(problem('serialNotDate', { value: String(serial) }));
  return ymd(parts.y, parts.m, parts.d);
}

function monthNumber(name: string | undefined): number | undefined {
  return name === undefined ? undefined : MONTHS[name.toLowerCase()];
}

/** A date typed as text: ISO, numeric day/month (in the column's order), "5 Mar 2026", "Mar 5, 2026"; undefined when no form matches. */
function dateFromText(text: string, order: DateOrder): Parsed<string> | undefined {
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/.exec(text);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:\s.*)?$/.exec(text);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return order === 'dmy' ? ymd(Number(m[3]), b, a) : ymd(Number(m[3]), a, b);
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([A-Za-z]{3,9})\.?[\s\-/.,]+(\d{2}|\d{4})$/.exec(text);
  const dayMonth = monthNumber(m?.[2]);
  if (m && dayMonth) return ymd(Number(m[3]), dayMonth, Number(m[1]));
  m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(text);
  const monthDay = monthNumber(m?.[1]);
  if (m && monthDay) return ymd(Number(m[3]), monthDay, Number(m[2]));
  return undefined;
}

/** YYYY-MM-DD from a date cell (serial number), a number in the serial range, or text. */
export function parseDateCell(cell: Cell | undefined, date1904: boolean, order: DateOrder): Parsed<string> {
  if (hasNoValue(cell)) return bad(EMPTY);
  if (cell.v instanceof Date) return ymd(cell.v.getUTCFullYear(), cell.v.getUTCMonth() + 1, cell.v.getUTCDate());
  if (typeof cell.v === 'number') return dateFromSerial(cell.v, cell.z, date1904);
  return dateFromText(latinDigits(String(cell.v)).trim(), order) ?? bad(problem('notDate', { value: cellText(cell) }));
}

/** The normalised name products and customers are matched by (the catalogue's own rule). */
export { nameKey } from '../db/repos/catalogue.js';

/** Plain text of a cell for a text field (trimmed, inner whitespace collapsed). */
export function textValue(cell: Cell | undefined): string {
  return cellText(cell).replace(/\s+/g, ' ');
}
