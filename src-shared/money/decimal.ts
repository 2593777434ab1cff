// The one decimal.js configuration the app computes money with. A private clone, so nothing
// else that uses decimal.js can change our precision or default rounding underneath us.
import { Decimal } from 'decimal.js';

/** 60 significant digits: far more than any invoice needs, so only explicit roundings round. */
export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;
export type DecimalInput = string | Dec;

/** Named rounding modes (every rounding in the app names its mode and its place). */
export const ROUNDING_MODES = {
  /** Ties away from zero: 0.125 -> 0.13, -0.125 -> -0.13 (commercial rounding; GST s.170, Bahrain fils). */
  halfUp: Decimal.ROUND_HALF_UP,
  /** Ties toward zero. */
  halfDown: Decimal.ROUND_HALF_DOWN,
  /** Ties to the even neighbour (banker's rounding). */
  halfEven: Decimal.ROUND_HALF_EVEN,
  /** Away from zero. */
  up: Decimal.ROUND_UP,
  /** Toward zero (truncate). */
  down: Decimal.ROUND_DOWN,
  /** Toward +infinity. */
  ceil: Decimal.ROUND_CEIL,
  /** Toward -infinity. */
  floor: Decimal.ROUND_FLOOR,
} as const;

export type RoundingMode = keyof typeof ROUNDING_MODES;

export function dec(value: DecimalInput): Dec {
  return new Dec(value);
}

/** Round to `places` decimals with a named mode. */
export function roundTo(value: DecimalInput, places: number, mode: RoundingMode): Dec {
  return new Dec(value).toDecimalPlaces(places, ROUNDING_MODES[mode]);
}
