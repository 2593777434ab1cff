// Two numbering series of a business must never give the same number in one fiscal year (GST
// Rule 46(b)). The collision is decided exactly on the patterns' fixed text and counter padding,
// and checked here against counting every number both patterns give up to a bound.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commonNumber, patternsOverlap, seriesFormatProblem } from '../../../src-main/numbering/series.js';
import { fiscalYearOf, formatNumber } from '../../../src-main/numbering/format.js';
import { gstIn } from '../../../src-main/tax/gst-in/index.js';

const TODAY = '2026-12-03';
const fy = fiscalYearOf(TODAY, 4);

/** The counter values that make `format` give `number` in this year, found by trying each. */
function countersFor(format: string, number: string, limit: number): number[] {
  const found: number[] = [];
  for (let seq = 1; seq <= limit; seq++) if (formatNumber(format, fy, seq).toUpperCase() === number.toUpperCase()) found.push(seq);
  return found;
}

describe('patternsOverlap', () => {
  it.each([
    ['SHOP1-{SEQ}', 'SHOP1-{SEQ}', 'SHOP1-1'],
    ['A/{SEQ}', 'A/{SEQ:1}', 'A/1'],
    ['{FY}/{SEQ:5}', '{FY}/{SEQ:5}', '2026-27/00001'],
    // {SEQ} gives 1 where {SEQ:3} gives 001, but both give 100.
    ['SHOP1-{SEQ}', 'SHOP1-{SEQ:3}', 'SHOP1-100'],
    // Fixed text on opposite sides of the counters: 3-7 is 3-{7} and {3}-7.
    ['3-{SEQ}', '{SEQ}-7', '3-7'],
    ['C2-{SEQ}', 'C{SEQ}-5', 'C2-5'],
    // Fixed text reaching past the other's counter into its suffix.
    ['A{SEQ}-B1', 'A1-B{SEQ}', 'A1-B1'],
    ['inv-{SEQ}', 'INV-{SEQ:2}', 'inv-10'],
    // Padding: {SEQ:3} at 1 is 001, and so is 0{SEQ:2} at 1.
    ['{SEQ:3}', '0{SEQ:2}', '001'],
  ])('%s beside %s: both give %s', (a, b, number) => {
    expect(patternsOverlap(a, b, 4, TODAY)).toEqual({ number, fiscalYear: '2026-27' });
    expect(countersFor(a, number, 200).length).toBeGreaterThan(0);
    expect(countersFor(b, number, 200).length).toBeGreaterThan(0);
  });

  it.each([
    ['INV/{FYS}/{SEQ:5}', 'CN/{FYS}/{SEQ:5}'],
    ['A-{SEQ}', 'B-{SEQ}'],
    // A0{SEQ:3} always puts a 0 before four or more digits; A{SEQ:3} is zero-led only at three.
    ['A{SEQ:3}', 'A0{SEQ:3}'],
    ['A{SEQ}', 'A0{SEQ}'],
    ['X{SEQ}Y', 'X{SEQ}Z'],
    ['S1/{FYS}/{SEQ:5}', 'S2/{FYS}/{SEQ:5}'],
  ])('%s beside %s: never the same number', (a, b) => {
    expect(patternsOverlap(a, b, 4, TODAY)).toBeNull();
  });

  it('finds a year named as fixed text in a later fiscal year than today\'s', () => {
    expect(patternsOverlap('{FYS}-{SEQ}', '2829-{SEQ}', 4, TODAY)).toEqual({ number: '2829-1', fiscalYear: '2028-29' });
  });

  it('agrees with counting every number both patterns give (counters up to 1200)', () => {
    const text = fc.stringMatching(/^[A0-9/-]{0,3}$/);
    const part = fc.record({ before: text, width: fc.integer({ min: 1, max: 4 }), after: text, explicit: fc.boolean() });
    const pattern = part.map(({ before, width, after, explicit }) => `${before}{SEQ${explicit || width > 1 ? `:${width}` : ''}}${after}`);
    fc.assert(fc.property(pattern, pattern, (a, b) => {
      const found = commonNumber(a, b, fy);
      const numbersOfA = new Set<string>();
      for (let seq = 1; seq <= 1200; seq++) numbersOfA.add(formatNumber(a, fy, seq));
      let counted: string | null = null;
      for (let seq = 1; seq <= 1200 && counted === null; seq++) if (numbersOfA.has(formatNumber(b, fy, seq))) counted = formatNumber(b, fy, seq);
      // Whatever is counted is found; whatever is found is really given by both.
      if (counted !== null) expect(found, `${a} / ${b} both give ${counted}`).not.toBeNull();
      if (found !== null) {
        const digits = 12;
        const seqA = [...found.matchAll(/\d+/g)].flatMap((m) => { const out: number[] = []; for (let i = 0; i < m[0].length; i++) for (let j = i + 1; j <= Math.min(m[0].length, i + digits); j++) out.push(Number(m[0].slice(i, j))); return out; });
        expect(seqA.some((seq) => seq >= 1 && formatNumber(a, fy, seq) === found), `${a} gives ${found}`).toBe(true);
        expect(seqA.some((seq) => seq >= 1 && formatNumber(b, fy, seq) === found), `${b} gives ${found}`).toBe(true);
      }
    }), { numRuns: 400 });
  });
});

describe('seriesFormatProblem', () => {
  it('shows its example number in today\'s fiscal year, as the series list does', () => {
    expect(seriesFormatProblem('TOO-LONG-PREFIX/{FY}/{SEQ}', gstIn, 4, '2026-12-03')).toContain('"TOO-LONG-PREFIX/2026-27/1"');
    expect(seriesFormatProblem('TOO-LONG-PREFIX/{FY}/{SEQ}', gstIn, 4, '2027-05-01')).toContain('"TOO-LONG-PREFIX/2027-28/1"');
  });
});
