// Exact scaled-integer helpers for hot paths (tax engine, storage conversions): a plain decimal
// string "123.40" is the integer 12340 with 2 places. Every value stays an integer below 2^53, and
// every operation checks that it did (callers fall back to decimal.js when a check fails), so no
// result ever depends on floating-point rounding.

/** A non-negative plain decimal as an integer count of 10^-places. */
export interface Fixed {
  int: number;
  places: number;
}

const PLAIN_NON_NEGATIVE = /^(\d+)(?:\.(\d+))?$/;

/** 10^k for the small k these helpers use. */
export const POW10: readonly number[] = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Parses a non-negative plain decimal ("12", "0.125", "007.50"); undefined for anything else
 * (signs, exponents, spaces) or more than 15 digits, so callers take their general path.
 */
export function parseFixed(text: string): Fixed | undefined {
  const m = PLAIN_NON_NEGATIVE.exec(text);
  if (!m) return undefined;
  const frac = m[2] ?? '';
  const digits = m[1]! + frac;
  if (digits.length > 15) return undefined;
  return { int: Number(digits), places: frac.length };
}

/** `text` (a plain non-negative decimal) as decimal.js's toFixed() prints it: no leading or trailing zeros. */
export function canonicalDecimal(text: string): string {
  let start = 0;
  const dot = text.indexOf('.');
  const intEnd = dot < 0 ? text.length : dot;
  while (start < intEnd - 1 && text.charCodeAt(start) === 48) start++;
  if (dot < 0) return start === 0 ? text : text.slice(start);
  let end = text.length;
  while (end > dot + 1 && text.charCodeAt(end - 1) === 48) end--;
  if (end === dot + 1) end = dot;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Whether `n` is an integer in the exactly representable range. */
export function isSafe(n: number): boolean {
  return n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER;
}

/**
 * n / 10^k rounded half-up (ties away from zero) for a non-negative safe integer n, by integer
 * quotient and remainder (the float quotient is only a guess, corrected against the remainder).
 */
export function divRoundHalfUp(n: number, k: number): number {
  if (k === 0) return n;
  if (k >= POW10.length) throw new RangeError(`divRoundHalfUp: 10^${k} is out of range`);
  const d = POW10[k]!;
  let q = Math.floor(n / d);
  let r = n - q * d;
  if (r < 0) { q -= 1; r += d; } else if (r >= d) { q += 1; r -= d; }
  return 2 * r >= d ? q + 1 : q;
}

/** Integer quotient and remainder of a non-negative safe integer n by a positive safe integer d. */
export function divMod(n: number, d: number): [number, number] {
  let q = Math.floor(n / d);
  let r = n - q * d;
  if (r < 0) { q -= 1; r += d; } else if (r >= d) { q += 1; r -= d; }
  return [q, r];
}

/** Rescales a Fixed to `places` decimals, rounding half-up when it has more; undefined beyond 2^53. */
export function fixedAt(value: Fixed, places: number): number | undefined {
  const shift = value.places - places;
  if (shift >= POW10.length || -shift >= POW10.length) return undefined;
  if (shift > 0) return divRoundHalfUp(value.int, shift);
  const out = value.int * POW10[-shift]!;
  return isSafe(out) ? out : undefined;
}
