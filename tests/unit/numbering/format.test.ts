// Fiscal years (April–March for India, calendar years for Bahrain) and series formats.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fiscalYearOf, formatNumber, parseIsoDate, validateSeriesFormat } from '../../../src-main/numbering/format.js';

describe('fiscalYearOf, April–March (start month 4)', () => {
  it.each([
    ['2025-04-01', '2025-26', '2526', 2025, '2025-04-01', '2026-03-31'],
    ['2026-03-31', '2025-26', '2526', 2025, '2025-04-01', '2026-03-31'],
    ['2026-04-01', '2026-27', '2627', 2026, '2026-04-01', '2027-03-31'],
    ['2026-01-15', '2025-26', '2526', 2025, '2025-04-01', '2026-03-31'],
    ['1999-12-31', '1999-00', '9900', 1999, '1999-04-01', '2000-03-31'],
    ['2099-05-01', '2099-00', '9900', 2099, '2099-04-01', '2100-03-31'],
  ])('%s is in %s', (date, label, short, startYear, start, end) => {
    expect(fiscalYearOf(date, 4)).toEqual({ label, short, startYear, start, end });
  });
});

describe('fiscalYearOf, calendar year (start month 1)', () => {
  it.each([
    ['2026-01-01', '2026', '26', '2026-01-01', '2026-12-31'],
    ['2026-12-31', '2026', '26', '2026-01-01', '2026-12-31'],
    ['2025-06-30', '2025', '25', '2025-01-01', '2025-12-31'],
  ])('%s is in %s', (date, label, short, start, end) => {
    expect(fiscalYearOf(date, 1)).toEqual({ label, short, startYear: Number(label), start, end });
  });

  it('a year starting in July ends on 30 June; one starting in March ends on 28/29 February', () => {
    expect(fiscalYearOf('2026-06-30', 7)).toMatchObject({ label: '2025-26', start: '2025-07-01', end: '2026-06-30' });
    expect(fiscalYearOf('2024-03-01', 3)).toMatchObject({ label: '2024-25', end: '2025-02-28' });
    expect(fiscalYearOf('2023-03-01', 3)).toMatchObject({ label: '2023-24', end: '2024-02-29' });
  });

  it('property: every date lies inside its fiscal year, and the year has 12 months', () => {
    const day = 86_400_000;
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1990, 0, 1) / day, max: Date.UTC(2100, 11, 31) / day }), fc.integer({ min: 1, max: 12 }), (dayNumber, startMonth) => {
      const date = new Date(dayNumber * day).toISOString().slice(0, 10);
      const fy = fiscalYearOf(date, startMonth);
      expect(fy.start <= date && date <= fy.end).toBe(true);
      const next = new Date(Date.parse(fy.end) + day).toISOString().slice(0, 10);
      expect(fiscalYearOf(next, startMonth).startYear).toBe(fy.startYear + 1);
      expect(fiscalYearOf(next, startMonth).start).toBe(next);
      expect(Number(fy.start.slice(5, 7))).toBe(startMonth);
    }), { numRuns: 500 });
  });
});

describe('parseIsoDate', () => {
  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '26-01-01', '2026-1-1', '2026-01-01T00:00:00Z', ''])('refuses %j with BAD_INPUT', (date) => {
    expect(() => parseIsoDate(date)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }) as Error);
  });
  it('accepts 29 February in a leap year', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
  });
});

describe('formatNumber', () => {
  const indian = fiscalYearOf('2026-01-15', 4);
  const calendar = fiscalYearOf('2026-01-15', 1);
  it.each([
    ['INV/{FY}/{SEQ:4}', indian, 7, 'INV/2025-26/0007'],
    ['INV/{FYS}/{SEQ:5}', indian, 123, 'INV/2526/00123'],
    ['INV-{FY}-{SEQ:6}', calendar, 1, 'INV-2026-000001'],
    ['{YYYY}/{SEQ}', indian, 42, '2025/42'],
    ['{FYS}{SEQ:3}', calendar, 5, '26005'],
    ['CN/{FYS}/{SEQ:2}', indian, 1234, 'CN/2526/1234'],
  ])('%s, seq %i → %s', (format, fy, seq, expected) => {
    expect(formatNumber(format, fy, seq)).toBe(expected);
  });

  it('property: distinct sequence numbers give distinct numbers in one fiscal year', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 1, max: 8 }), (a, b, width) => {
      fc.pre(a !== b);
      expect(formatNumber(`INV/{FYS}/{SEQ:${width}}`, indian, a)).not.toBe(formatNumber(`INV/{FYS}/{SEQ:${width}}`, indian, b));
    }));
  });
});

describe('validateSeriesFormat', () => {
  it.each(['INV/{FYS}/{SEQ:5}', 'INV-{FY}-{SEQ:6}', '{SEQ}', 'A{YYYY}{SEQ:1}'])('accepts %s', (format) => {
    expect(() => validateSeriesFormat(format)).not.toThrow();
  });
  it.each([
    ['INV/{FY}', /exactly one \{SEQ\}/],
    ['{SEQ}{SEQ:2}', /exactly one \{SEQ\}/],
    ['INV/{YEAR}/{SEQ}', /unknown \{token\}/],
    ['INV/{FY/{SEQ}', /unknown \{token\}/],
    ['INV/{SEQ:123}', /exactly one \{SEQ\}|unknown/],
  ])('refuses %s', (format, message) => {
    expect(() => validateSeriesFormat(format)).toThrowError(message);
  });
});
