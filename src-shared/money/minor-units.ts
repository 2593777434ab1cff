// Conversions between decimal strings and INTEGER minor units (paise, fils) for SQLite.
// Always through strings and BigInt, never through floating point.
import { AppError } from '../errors.js';
import { currencyScale } from './currencies.js';
import { Dec, type DecimalInput, roundTo } from './decimal.js';

const MAX_SAFE = new Dec(Number.MAX_SAFE_INTEGER);

/**
 * `amount` in minor units of `currency` ("1.250" BHD -> 1250). The amount must already be at the
 * currency's scale or finer with zeros only (no silent rounding); throws BAD_INPUT otherwise and
 * when the result is beyond Number.MAX_SAFE_INTEGER (SQLite INTEGER read back as a JS number).
 */
export function toMinorUnits(amount: DecimalInput, currency: string): number {
  if (typeof amount === 'string') {
    const fast = plainToMinor(amount, currencyScale(currency));
    if (fast !== undefined) return fast;
  }
  const minor = toMinorUnitsBig(amount, currency);
  const asDec = new Dec(minor.toString());
  if (asDec.abs().gt(MAX_SAFE)) {
    throw new AppError('BAD_INPUT', `${String(amount)} ${currency} is too large to store: ${minor} minor units is beyond ${Number.MAX_SAFE_INTEGER}`, { details: { amount: String(amount), currency } });
  }
  return Number(minor);
}

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const ZEROS = /^0*$/;

/**
 * The common case of toMinorUnits on a plain decimal string ("1234.50", "-3", "0.125"): integer
 * digit arithmetic on the text, no decimal.js and no floating point. Returns undefined (and the
 * caller takes the general path, which also owns every error message) for anything else: other
 * notations, decimals beyond the scale that are not zeros, or more than 15 significant digits.
 */
function plainToMinor(text: string, scale: number): number | undefined {
  const m = PLAIN_DECIMAL.exec(text);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  if (frac.length > scale && !ZEROS.test(frac.slice(scale))) return undefined;
  const digits = m[2]! + (frac.length >= scale ? frac.slice(0, scale) : frac + '0'.repeat(scale - frac.length));
  // 15 digits are always below 2^53, so Number() of the digit string is exact.
  if (digits.length > 15) return undefined;
  const n = Number(digits);
  return m[1] === '-' && n !== 0 ? -n : n;
}

/** Like toMinorUnits, without the safe-integer limit. */
export function toMinorUnitsBig(amount: DecimalInput, currency: string): bigint {
  const scale = currencyScale(currency);
  let value: Dec;
  try {
    value = new Dec(amount);
  } catch {
    throw new AppError('BAD_INPUT', `"${String(amount)}" is not a decimal number`, { details: { amount: String(amount), currency } });
  }
  if (!value.isFinite()) throw new AppError('BAD_INPUT', `"${String(amount)}" is not a finite amount`, { details: { amount: String(amount), currency } });
  const scaled = value.times(new Dec(10).pow(scale));
  if (!scaled.isInteger()) {
    throw new AppError('BAD_INPUT', `${value.toFixed()} has more than ${scale} decimals, the scale of ${currency}; round it first`, { details: { amount: String(amount), currency, scale } });
  }
  return BigInt(scaled.toFixed(0));
}

/** Minor units back to a decimal string at the currency's scale (1250, "BHD" -> "1.250"). */
export function fromMinorUnits(minor: number | bigint, currency: string): string {
  const scale = currencyScale(currency);
  if (typeof minor === 'number' && (!Number.isSafeInteger(minor))) {
    throw new AppError('BAD_INPUT', `${minor} is not a safe integer count of minor units`, { details: { minor, currency } });
  }
  if (typeof minor === 'number') return minorToText(minor, scale);
  return new Dec(minor.toString()).div(new Dec(10).pow(scale)).toFixed(scale);
}

/** Round an amount to the currency's scale with a named mode (default halfUp) and print it at that scale. */
export function toScale(amount: DecimalInput, currency: string, mode: Parameters<typeof roundTo>[2] = 'halfUp'): string {
  const scale = currencyScale(currency);
  return roundTo(amount, scale, mode).toFixed(scale);
}

/** A safe integer count of minor units as a decimal string at `scale` (digit shuffling, no floats). */
export function minorToText(minor: number, scale: number): string {
  const negative = minor < 0;
  const digits = String(negative ? -minor : minor);
  if (scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.length > scale ? digits : '0'.repeat(scale + 1 - digits.length) + digits;
  const text = `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
  return negative ? `-${text}` : text;
}
