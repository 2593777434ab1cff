// Reading amounts people type or paste: "₹1,23,456.50", "BHD 1.250", "1,234.5", "(12.00)",
// Arabic-Indic digits "١٬٢٣٤٫٥". The result is a plain decimal string ("123456.50"), or a
// reason saying what is wrong.
import { AppError } from '../errors.js';
import { Dec } from './decimal.js';

export type ParseResult = { ok: true; value: string } | { ok: false; reason: string };

export interface ParseOptions {
  /** Refuse more decimals than this (e.g. the currency's scale for a total). */
  maxDecimals?: number;
  /** Refuse a negative amount. */
  allowNegative?: boolean;
}

// Currency signs and codes that may precede or follow the number.
const CURRENCY_TOKENS = ['₹', 'Rs.', 'Rs', 'INR', 'BHD', 'BD', 'د.ب.', 'د.ب', 'AED', 'د.إ.', 'د.إ', 'Dhs', 'USD', 'US$', '$', '€', 'EUR', '£', 'GBP', 'SAR', 'ر.س', 'KWD', 'OMR', 'QAR', 'JPY', '¥'];
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

function normaliseDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    const a = ARABIC_DIGITS.indexOf(ch);
    const p = PERSIAN_DIGITS.indexOf(ch);
    if (a >= 0) out += String(a);
    else if (p >= 0) out += String(p);
    else if (ch === '٫') out += '.';
    else if (ch === '٬') out += ',';
    else if (ch === '−') out += '-';
    else out += ch;
  }
  return out;
}

function stripCurrency(text: string): string {
  let s = text.trim();
  let changed = true;
  while (changed) {
    changed = false;
    for (const token of CURRENCY_TOKENS) {
      if (s.toUpperCase().startsWith(token.toUpperCase())) { s = s.slice(token.length).trim(); changed = true; }
      if (s.toUpperCase().endsWith(token.toUpperCase())) { s = s.slice(0, s.length - token.length).trim(); changed = true; }
    }
  }
  return s;
}

// Western (1,234,567) or Indian (12,34,567) grouping; groups must be well formed.
const WESTERN = /^\d{1,3}(,\d{3})+$/;
const INDIAN = /^\d{1,2}(,\d{2})*,\d{3}$/;

/** The text without its sign, brackets, currency and spaces (spaces read as group separators), and whether it is negative. */
function unsigned(text: string): { s: string; negative: boolean } {
  let s = text;
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) { negative = true; s = s.slice(1, -1).trim(); }
  if (s.startsWith('-')) { negative = !negative; s = s.slice(1).trim(); }
  s = stripCurrency(s);
  if (s.startsWith('-')) { negative = !negative; s = s.slice(1).trim(); }
  if (s.startsWith('+')) s = s.slice(1).trim();
  return { s: s.replace(/ /g, ','), negative };
}

/** What is wrong with the digits, separators and decimal point of an unsigned amount, if anything. */
function shapeProblem(s: string, original: string): string | undefined {
  if (s === '') return `"${original}" has no digits`;
  const bad = s.match(/[^0-9.,]/);
  if (bad) return `"${original}" contains "${bad[0]}", which is not a digit, a group separator or the decimal point`;
  const dots = s.split('.').length - 1;
  if (dots > 1) return `"${original}" has more than one decimal point`;
  const [intPart = '', fracPart] = s.split('.');
  if (fracPart !== undefined && fracPart.includes(',')) return `"${original}" has a group separator after the decimal point`;
  if (fracPart !== undefined && fracPart === '' && intPart === '') return `"${original}" has no digits`;
  if (intPart.includes(',') && !WESTERN.test(intPart) && !INDIAN.test(intPart)) return `"${original}" has misplaced group separators (expected 1,234,567 or 12,34,567)`;
  return undefined;
}

/** What the caller's options refuse (too many decimals, a negative amount), if anything. */
function optionProblem(frac: string, negative: boolean, original: string, options: ParseOptions): string | undefined {
  if (options.maxDecimals !== undefined && frac.length > options.maxDecimals) return `"${original}" has ${frac.length} decimals; at most ${options.maxDecimals} allowed`;
  if (negative && options.allowNegative === false) return `"${original}" is negative`;
  return undefined;
}

export function tryParseAmount(text: string, options: ParseOptions = {}): ParseResult {
  if (typeof text !== 'string') return { ok: false, reason: 'not text' };
  const original = text;
  const trimmed = normaliseDigits(text).replace(/[\u00a0\u202f\u200f\u200e\u061c]/g, ' ').trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  const { s, negative } = unsigned(trimmed);
  const problem = shapeProblem(s, original);
  if (problem !== undefined) return { ok: false, reason: problem };
  const [intPart = '', fracPart] = s.split('.');
  const digits = intPart.replace(/,/g, '') || '0';
  const frac = fracPart ?? '';
  const refused = optionProblem(frac, negative, original, options);
  if (refused !== undefined) return { ok: false, reason: refused };
  const value = new Dec(`${negative ? '-' : ''}${digits}${frac ? '.' + frac : ''}`);
  // Keep the decimals as typed ("1.250" stays "1.250"); normalise "-0" and leading zeros.
  const printed = value.isZero() ? (frac ? '0.' + '0'.repeat(frac.length) : '0') : value.toFixed(frac.length);
  return { ok: true, value: printed };
}

/** Like tryParseAmount, throwing AppError BAD_INPUT with the reason. */
export function parseAmount(text: string, options: ParseOptions = {}): string {
  const result = tryParseAmount(text, options);
  if (!result.ok) throw new AppError('BAD_INPUT', `not an amount: ${result.reason}`, { details: { value: text } });
  return result.value;
}

const PLAIN_DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;

/** A strict decimal string as found in JSON input ("2", "50.005", "-1"); no signs, no grouping. */
export function isDecimalString(text: string): boolean {
  return typeof text === 'string' && PLAIN_DECIMAL.test(text);
}
