// Conversions between decimal strings and INTEGER minor units (paise, fils) for SQLite.
// Always through strings and BigInt, never through floating point.
import { AppError } from '../errors.js';
import { currencyScale } from './currencies.js';
import { Dec, type DecimalInput, roundTo } from './decimal.js';

/**
 * The largest count of minor units the app stores: 2^53 - 1. SQLite's INTEGER would hold 2^63 - 1,
 * but kept within 2^53 every reader stays exact even where an INTEGER reaches a double — SQLite
 * tools, a spreadsheet opening register.xlsx, a better-sqlite3 read without safeIntegers.
 * (90 trillion rupees; no invoice comes near it.)
 */
export const MAX_STORED_MINOR = 9_007_199_254_740_991n;

/**
 * `amount` in minor units of `currency` ("1.250" BHD -> 1250n), as a BigInt for binding to an
 * INTEGER column (better-sqlite3 binds bigint exactly). The amount must already be at the
 * currency's scale or finer with zeros only (no silent rounding); throws BAD_INPUT otherwise and
 * when the result is beyond MAX_STORED_MINOR (Number.MAX_SAFE_INTEGER).
 */
export function toMinorUnits(amount: DecimalInput, currency: string): bigint {
  const minor = toMinorUnitsBig(amount, currency);
  if (minor > MAX_STORED_MINOR || minor < -MAX_STORED_MINOR) {
    throw new AppError('BAD_INPUT', `${String(amount)} ${currency} is too large to store: ${minor} minor units is beyond ${MAX_STORED_MINOR}`, { details: { amount: String(amount), currency } });
  }
  return minor;
}

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const ZEROS = /^0*$/;

/**
 * The common case on a plain decimal string ("1234.50", "-3", "0.125"): digit shuffling on the
 * text and one BigInt(), no decimal.js and no floating point. Returns undefined (and the caller
 * takes the general path, which also owns every error message) for anything else: other
 * notations, or decimals beyond the scale that are not zeros.
 */
function plainToMinor(text: string, scale: number): bigint | undefined {
  const m = PLAIN_DECIMAL.exec(text);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  if (frac.length > scale && !ZEROS.test(frac.slice(scale))) return undefined;
  const minor = BigInt(m[2]! + (frac.length >= scale ? frac.slice(0, scale) : frac + '0'.repeat(scale - frac.length)));
  return m[1] === '-' ? -minor : minor;
}

/** Like toMinorUnits, without the storage limit (for sums and checks that never reach a column). */
export function toMinorUnitsBig(amount: DecimalInput, currency: string): bigint {
  const scale = currencyScale(currency);
  if (typeof amount === 'string') {
    const fast = plainToMinor(amount, scale);
    if (fast !== undefined) return fast;
  }
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

/**
 * Minor units back to a decimal string at the currency's scale (1250n, "BHD" -> "1.250").
 * Takes a BigInt (money columns read with safeIntegers), or an integer as read by a plain
 * better-sqlite3 query: a JS number is accepted only as an exact integer (a safe integer, which
 * every stored amount is) and its digits are shuffled, never computed with.
 */
export function fromMinorUnits(minor: number | bigint, currency: string): string {
  const scale = currencyScale(currency);
  if (typeof minor === 'number') {
    if (!Number.isSafeInteger(minor)) {
      throw new AppError('BAD_INPUT', `${minor} is not a safe integer count of minor units`, { details: { minor, currency } });
    }
    return minorToText(BigInt(minor), scale);
  }
  return minorToText(minor, scale);
}

/** Round an amount to the currency's scale with a named mode (default halfUp) and print it at that scale. */
export function toScale(amount: DecimalInput, currency: string, mode: Parameters<typeof roundTo>[2] = 'halfUp'): string {
  const scale = currencyScale(currency);
  return roundTo(amount, scale, mode).toFixed(scale);
}

/** A count of minor units as a decimal string at `scale` (digit shuffling on its digits, no arithmetic). */
export function minorToText(minor: bigint, scale: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString();
  if (scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.length > scale ? digits : '0'.repeat(scale + 1 - digits.length) + digits;
  const text = `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
  return negative ? `-${text}` : text;
}
