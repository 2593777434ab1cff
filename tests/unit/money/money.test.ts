// Money: scales, named roundings, minor units, parsing and formatting.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import {
  allocateLargestRemainder, currencyScale, Dec, formatMoney, fromMinorUnits, parseAmount, roundTo, toMinorUnits, toMinorUnitsBig, toScale, tryParseAmount,
} from '../../../src-shared/money/index.js';

describe('currency scales (ISO 4217 minor units)', () => {
  it.each([['INR', 2], ['BHD', 3], ['AED', 2], ['USD', 2], ['JPY', 0], ['KWD', 3], ['OMR', 3], ['CLF', 4]])('%s has %i decimals', (code, scale) => {
    expect(currencyScale(code)).toBe(scale);
  });
  it('refuses an unknown code with BAD_INPUT', () => {
    expect(() => currencyScale('XYZ')).toThrow(AppError);
  });
});

describe('named rounding modes', () => {
  it.each([
    ['0.125', 'halfUp', '0.13'], ['-0.125', 'halfUp', '-0.13'], ['0.125', 'halfEven', '0.12'], ['0.135', 'halfEven', '0.14'],
    ['0.125', 'halfDown', '0.12'], ['0.121', 'up', '0.13'], ['0.129', 'down', '0.12'], ['-0.121', 'ceil', '-0.12'], ['-0.121', 'floor', '-0.13'],
  ] as const)('%s %s -> %s', (value, mode, expected) => {
    expect(roundTo(value, 2, mode).toFixed(2)).toBe(expected);
  });
  it('rounds to the currency scale', () => {
    expect(toScale('1.2345', 'BHD')).toBe('1.235');
    expect(toScale('1.5', 'JPY')).toBe('2');
  });
});

describe('minor units (SQLite INTEGER)', () => {
  it('converts through strings, never floats', () => {
    expect(toMinorUnits('1.250', 'BHD')).toBe(1250n);
    expect(toMinorUnits('0.29', 'INR')).toBe(29n); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(toMinorUnits('-12.34', 'INR')).toBe(-1234n);
    expect(fromMinorUnits(1250, 'BHD')).toBe('1.250');
    expect(fromMinorUnits(-5n, 'INR')).toBe('-0.05');
    expect(fromMinorUnits(7, 'JPY')).toBe('7');
  });
  it('refuses amounts finer than the scale and beyond Number.MAX_SAFE_INTEGER', () => {
    expect(() => toMinorUnits('1.001', 'INR')).toThrow(/more than 2 decimals/);
    expect(() => toMinorUnits('90071992547409.92', 'INR')).toThrow(/beyond 9007199254740991/);
    expect(toMinorUnitsBig('90071992547409.92', 'INR')).toBe(9007199254740992n);
    expect(() => fromMinorUnits(2 ** 53, 'INR')).toThrow(AppError);
  });
  it('round-trips every safe amount', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n }), fc.constantFrom('INR', 'BHD', 'JPY'), (minor, cur) => {
      expect(BigInt(toMinorUnits(fromMinorUnits(minor, cur), cur))).toBe(minor);
    }), { numRuns: 2000 });
  });
});

describe('parsing amounts', () => {
  it.each([
    ['₹1,23,456.50', '123456.50'], ['BHD 1.250', '1.250'], ['1,234.5', '1234.5'], ['Rs. 1,00,000', '100000'], ['(12.00)', '-12.00'],
    ['-5', '-5'], ['١٬٢٣٤٫٥', '1234.5'], ['1 234.50', '1234.50'], ['.5', '0.5'], ['0012', '12'], ['$ 3', '3'], ['12 د.ب', '12'],
  ])('%s -> %s', (text, value) => expect(parseAmount(text)).toBe(value));

  it.each([
    ['', /empty/], ['abc', /contains "a"/], ['1.2.3', /more than one decimal point/], ['12,34', /misplaced group separators/], ['1,2345.00', /misplaced/],
    ['1.234,5', /group separator after the decimal point/], ['₹', /no digits/],
  ])('refuses %s and says why', (text, reason) => {
    const result = tryParseAmount(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
  it('limits decimals and sign when asked', () => {
    expect(tryParseAmount('1.2345', { maxDecimals: 3 })).toEqual({ ok: false, reason: '"1.2345" has 4 decimals; at most 3 allowed' });
    expect(tryParseAmount('-1', { allowNegative: false }).ok).toBe(false);
    expect(() => parseAmount('x')).toThrow(AppError);
  });
});

describe('formatting per locale', () => {
  it('groups Indian style in en-IN', () => {
    expect(formatMoney('12345678.9', 'INR', 'en-IN')).toBe('1,23,45,678.90');
    expect(formatMoney('-1000', 'INR', 'en-IN')).toBe('-1,000.00');
  });
  it('prints BHD with three decimals in en and ar-BH', () => {
    expect(formatMoney('1234.5', 'BHD', 'en')).toBe('1,234.500');
    expect(formatMoney('1234.5', 'BHD', 'ar-BH')).toBe('١٬٢٣٤٫٥٠٠');
    expect(formatMoney('1234.5', 'BHD', 'ar-BH', { latinDigits: true })).toBe('1,234.500');
  });
  it('keeps every digit of large amounts', () => {
    expect(formatMoney('98765432109876543.21', 'INR', 'en-IN')).toBe('98,76,54,32,10,98,76,543.21');
  });
});

describe('largest-remainder allocation', () => {
  it('adds up exactly, each part within one unit of its exact share', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 4000 }), (weights, rateBp) => {
      const exact = weights.map((w) => new Dec(w).times(rateBp).div(10_000));
      const total = roundTo(exact.reduce((a, b) => a.plus(b), new Dec(0)), 0, 'halfUp');
      const shares = allocateLargestRemainder(exact.map((e, i) => ({ exact: e, key: String(i) })), total);
      expect(shares.reduce((a, b) => a.plus(b), new Dec(0)).eq(total)).toBe(true);
      shares.forEach((s, i) => expect(s.minus(exact[i]!).abs().lt(1)).toBe(true));
    }), { numRuns: 2000 });
  });
});
