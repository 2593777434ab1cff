// Exact scaled-integer helpers for hot paths (tax engine, summary tables): a plain decimal string
// "123.40" is the BigInt 12340n with 2 places. BigInt is exact at any size, so nothing here can
// overflow or round unless a function says it rounds (and then it names its mode). No JS number
// ever holds an amount here (docs/ARCHITECTURE.md rule 1); `places` is a count of digits, not money.

/** A non-negative plain decimal as an integer count of 10^-places. */
export interface Fixed {
  int: bigint;
  places: number;
}

const PLAIN_NON_NEGATIVE = /^(\d+)(?:\.(\d+))?$/;

const POW10_TABLE: bigint[] = [];
for (let k = 0, p = 1n; k <= 64; k++, p *= 10n) POW10_TABLE.push(p);

/** 10n ** k (from a table for the small k the hot paths use). */
export function pow10(k: number): bigint {
  return POW10_TABLE[k] ?? 10n ** BigInt(k);
}

/**
 * Parses a non-negative plain decimal ("12", "0.125", "007.50"); undefined for anything else
 * (signs, exponents, spaces), so callers take their general path.
 */
export function parseFixed(text: string): Fixed | undefined {
  const m = PLAIN_NON_NEGATIVE.exec(text);
  if (!m) return undefined;
  const frac = m[2] ?? '';
  return { int: BigInt(m[1]! + frac), places: frac.length };
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

/** n / 10^k rounded half-up (ties away from zero, like decimal.js ROUND_HALF_UP), for any sign. */
export function divRoundHalfUp(n: bigint, k: number): bigint {
  if (k === 0) return n;
  if (n < 0n) return -divRoundHalfUp(-n, k);
  const d = pow10(k);
  const q = n / d;
  return 2n * (n - q * d) >= d ? q + 1n : q;
}

/** Floor quotient and remainder of a non-negative n by a positive d. */
export function divMod(n: bigint, d: bigint): [bigint, bigint] {
  const q = n / d;
  return [q, n - q * d];
}

/** A Fixed rescaled to `places` decimals, rounding half-up when it has more. */
export function fixedAt(value: Fixed, places: number): bigint {
  const shift = value.places - places;
  if (shift > 0) return divRoundHalfUp(value.int, shift);
  return shift === 0 ? value.int : value.int * pow10(-shift);
}
