// Largest-remainder distribution: split an amount that was rounded once (at invoice level) back
// over the parts it came from, so the parts add up exactly to it. Works in minor units.
import type { Dec } from './decimal.js';

export interface AllocationPart {
  /** The part's exact (unrounded) share, in minor units; any sign. */
  exact: Dec;
  /** Tie-break key that does not depend on the part's position (so order never matters). */
  key: string;
}

/**
 * Whole minor units for each part, each the floor or the ceiling of its exact share, adding up
 * to `total` (itself the rounding of the sum of the exact shares). Each part starts at the floor
 * of its share; the units still missing go to the parts with the largest remainders (ties: the
 * larger share in absolute value, then the key, then the position).
 */
export function allocateLargestRemainder(parts: AllocationPart[], total: Dec): Dec[] {
  const floors = parts.map((p) => p.exact.floor());
  const missing = floors.reduce((sum, f) => sum.minus(f), total);
  if (!missing.isInteger()) throw new Error(`allocateLargestRemainder: total ${total.toFixed()} is not whole minor units`);
  // Whole minor units still to hand out (a Dec like every amount here, compared, never a JS number).
  let units = missing;
  if ((units.isNegative() && !units.isZero()) || units.gt(parts.length)) {
    throw new Error(`allocateLargestRemainder: total ${total.toFixed()} is not the rounding of the parts' sum`);
  }
  const order = parts
    .map((p, i) => ({ i, rem: p.exact.minus(floors[i]!), abs: p.exact.abs(), key: p.key }))
    .sort((a, b) => b.rem.comparedTo(a.rem) || b.abs.comparedTo(a.abs) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.i - b.i);
  const result = floors.slice();
  for (const entry of order) {
    if (units.isZero()) break;
    result[entry.i] = result[entry.i]!.plus(1);
    units = units.minus(1);
  }
  return result;
}
