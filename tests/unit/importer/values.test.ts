import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Dec } from '../../../src-shared/money/decimal.js';
import type { Cell } from '../../../src-main/importer/read.js';
import {
  decideDateOrder,
  decidePercentMode,
  numberToDecimal,
  parseDateCell,
  parseDecimalCell,
  parseDecimalText,
  parseHsnCell,
  parsePercentCell,
  toScaleExact,
} from '../../../src-main/importer/values.js';

const s = (v: string): Cell => ({ t: 's', v });
const n = (v: number, z?: string): Cell => ({ t: 'n', v, ...(z ? { z } : {}) });
const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('amounts people type', () => {
  test('rupee sign with Indian grouping reads as a plain decimal', () => {
    expect(value(parseDecimalText('₹1,23,456.50', 'INR'))).toBe('123456.5');
  });
  test('Western grouping, Rs. prefix and /- suffix are understood', () => {
    expect(value(parseDecimalText('1,234.5'))).toBe('1234.5');
    expect(value(parseDecimalText('Rs. 1,250/-', 'INR'))).toBe('1250');
  });
  test('BHD and the Arabic dinar sign read at the dinar\'s three decimals', () => {
    expect(value(toScaleExact(value(parseDecimalText('BHD 1.250', 'BHD')), 3, 'BHD')).fixed).toBe('1.250');
    expect(value(toScaleExact(value(parseDecimalText('د.ب 2.500', 'BHD')), 3, 'BHD')).minor).toBe(2500n);
  });
  test('Arabic-Indic digits and separators are read', () => {
    expect(value(parseDecimalText('١٬٢٣٤٫٥'))).toBe('1234.5');
  });
  test('an amount in another currency than the business is refused, naming both', () => {
    const r = parseDecimalText('BHD 1.250', 'INR');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/BHD.*INR/);
  });
  test('parentheses mean negative; words and decimal commas are errors with a reason', () => {
    expect(value(parseDecimalText('(12.00)'))).toBe('-12');
    expect(parseDecimalText('call us').ok).toBe(false);
    const comma = parseDecimalText('1,5');
    expect(!comma.ok && comma.reason).toMatch(/decimal comma/);
  });
  test('a number cell with binary noise reads as the number the sheet shows', () => {
    expect(value(parseDecimalCell(n(0.1 + 0.2)))).toBe('0.3');
    expect(value(parseDecimalCell(n(117.99999999999999)))).toBe('118');
  });
  test('amounts become exact minor units, refusing extra decimals and negatives', () => {
    expect(value(toScaleExact('1234.5', 2, 'INR'))).toEqual({ fixed: '1234.50', minor: 123450n });
    expect(value(toScaleExact('1.25', 3, 'BHD'))).toEqual({ fixed: '1.250', minor: 1250n });
    expect(toScaleExact('1.255', 2, 'INR').ok).toBe(false);
    expect(toScaleExact('-1', 2, 'INR').ok).toBe(false);
  });
  test('any amount printed at a scale parses back to the same minor units (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_000_000_000_000 }), fc.constantFrom(0, 2, 3), (minor, scale) => {
        const text = new Dec(minor).div(new Dec(10).pow(scale)).toFixed(scale);
        const grouped = text.replace(/^(\d+)/, (int) => int.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
        const parsed = value(parseDecimalText(grouped));
        expect(value(toScaleExact(parsed, scale, 'X')).minor).toBe(BigInt(minor));
      }),
    );
  });
  test('numberToDecimal agrees with decimal.js at 15 significant digits (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (x) => {
        expect(numberToDecimal(x)).toBe(new Dec(x.toPrecision(15)).toFixed());
      }),
    );
  });
});

describe('percentages, decided per column', () => {
  test('a column of 18, 5, 12 is read as percent', () => {
    const cells = [n(18), n(5), n(12)];
    expect(decidePercentMode(cells).mode).toBe('percent');
    expect(value(parsePercentCell(n(18), 'percent'))).toBe('18');
  });
  test('a column of 0.18, 0.05, 0 is read as fractions', () => {
    const cells = [n(0.18), n(0.05), n(0)];
    expect(decidePercentMode(cells).mode).toBe('fraction');
    expect(value(parsePercentCell(n(0.18), 'fraction'))).toBe('18');
    expect(value(parsePercentCell(n(0.025), 'fraction'))).toBe('2.5');
  });
  test('"18%" text and %-formatted cells mean what they show in either mode', () => {
    expect(value(parsePercentCell(s('18%'), 'fraction'))).toBe('18');
    expect(value(parsePercentCell(n(0.05, '0%'), 'percent'))).toBe('5');
    expect(decidePercentMode([n(0.05, '0%'), n(0.12, '0%')]).explicit).toBe(2);
  });
  test('a rate above 100% is an error', () => {
    expect(parsePercentCell(n(118), 'percent').ok).toBe(false);
  });
});

describe('HSN codes', () => {
  test('text keeps its leading zero', () => {
    expect(value(parseHsnCell(s('0401')))).toEqual({ code: '0401', padded: false });
  });
  test('a number formatted 0000 keeps the zero it shows', () => {
    expect(value(parseHsnCell(n(405, '0000')))).toEqual({ code: '0405', padded: false });
  });
  test('a bare number that lost its zero (odd length) gets it back and says so', () => {
    expect(value(parseHsnCell(n(401)))).toEqual({ code: '0401', padded: true });
    expect(value(parseHsnCell(n(996812)))).toEqual({ code: '996812', padded: false });
  });
  test('letters are not an HSN code', () => {
    expect(parseHsnCell(s('ABC')).ok).toBe(false);
  });
});

describe('dates', () => {
  test('a serial-number date cell becomes YYYY-MM-DD', () => {
    expect(value(parseDateCell(n(45748, 'dd/mm/yyyy'), false, 'dmy'))).toBe('2025-04-01');
  });
  test('the 1904 date system is honoured', () => {
    expect(value(parseDateCell(n(44286, 'yyyy-mm-dd'), true, 'dmy'))).toBe('2025-04-01');
  });
  test('text dates are day first by default, ISO always', () => {
    expect(value(parseDateCell(s('15/04/2025'), false, 'dmy'))).toBe('2025-04-15');
    expect(value(parseDateCell(s('01.04.25'), false, 'dmy'))).toBe('2025-04-01');
    expect(value(parseDateCell(s('2025-04-01'), false, 'mdy'))).toBe('2025-04-01');
    expect(value(parseDateCell(s('1-Apr-2025'), false, 'dmy'))).toBe('2025-04-01');
  });
  test('a column whose values only fit month first is read month first', () => {
    expect(decideDateOrder([s('04/15/2025'), s('04/01/2025')]).order).toBe('mdy');
    expect(decideDateOrder([s('15/04/2025'), s('01/04/2025')]).order).toBe('dmy');
  });
  test('impossible dates and words are errors', () => {
    expect(parseDateCell(s('31/02/2025'), false, 'dmy').ok).toBe(false);
    expect(parseDateCell(s('not a date'), false, 'dmy').ok).toBe(false);
    expect(parseDateCell(n(12), false, 'dmy').ok).toBe(false);
  });
});
