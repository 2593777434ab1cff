// Amounts are printed as one bidi unit: the UI language's own sign placement inside a Unicode
// isolate, so a negative round-off keeps its minus at the reading start of the number (right of
// the digits in Arabic, left in English and Hindi) whatever text or direction surrounds it.
import { describe, expect, it } from 'vitest';
import { isolateAmount, makeFormatters } from '../../../src-renderer/i18n/format.js';

const LRI = '\u2066';
const RLI = '\u2067';
const PDI = '\u2069';
const ALM = '\u061c';

describe('amounts in the UI', () => {
  it('isolates an Arabic amount right-to-left and keeps the locale minus (ALM, minus, digits)', () => {
    const f = makeFormatters('ar');
    const text = f.money('-0.26', 'INR');
    expect(text.startsWith(RLI) && text.endsWith(PDI)).toBe(true);
    const inner = text.slice(1, -1);
    expect(inner).toBe(new Intl.NumberFormat('ar-BH', { style: 'currency', currency: 'INR', minimumFractionDigits: 2 }).format('-0.26' as unknown as number));
    expect(inner.indexOf(ALM)).toBe(0);
    expect(inner.indexOf('-')).toBeLessThan(inner.indexOf('٠'));
  });

  it('isolates English and Hindi amounts left-to-right with the minus before the currency', () => {
    expect(makeFormatters('en').money('-0.26', 'INR')).toBe(`${LRI}-₹0.26${PDI}`);
    expect(makeFormatters('hi').money('-0.26', 'INR')).toBe(`${LRI}-₹0.26${PDI}`);
    expect(makeFormatters('en').money('-1.5', 'BHD')).toBe(`${LRI}-BHD\u00a01.500${PDI}`);
  });

  it('prints minor units the same way as the decimal amount', () => {
    for (const lang of ['en', 'ar', 'hi'] as const) {
      const f = makeFormatters(lang);
      expect(f.minor(-26n, 'INR')).toBe(f.money('-0.26', 'INR'));
      expect(f.minor('-260', 'BHD')).toBe(f.money('-0.26', 'BHD'));
      expect(f.minor('736900', 'INR')).toBe(f.money('7369', 'INR'));
    }
  });

  it('opens exactly one isolate per amount and closes it, positive or negative', () => {
    for (const lang of ['en', 'ar', 'hi'] as const) {
      for (const value of ['0', '-0.26', '12345678.9', '-1000']) {
        const text = makeFormatters(lang).money(value, 'BHD');
        expect([...text].filter((c) => c === LRI || c === RLI).length).toBe(1);
        expect([...text].filter((c) => c === PDI).length).toBe(1);
        expect(text.at(-1)).toBe(PDI);
      }
    }
  });

  it('isolates even what it cannot format (an unknown currency)', () => {
    expect(makeFormatters('ar').money('-1', 'XYZ1')).toMatch(new RegExp(`^${RLI}.*${PDI}$`, 'u'));
    expect(isolateAmount('x', 'en')).toBe(`${LRI}x${PDI}`);
  });
});
