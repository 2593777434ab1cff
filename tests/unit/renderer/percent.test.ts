// The batch shares are typed and shown as percentages (40 %) while the batch schema, the CLI and
// the stored generation metadata keep the 0..1 share (0.4) unchanged.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readPercentInput, shareAsPercent } from '../../../src-renderer/i18n/percent.js';
import { percentWidgetValue, UNREADABLE_PERCENT_PREFIX } from '../../../src-renderer/components/SchemaForm.js';
import { compile } from '../../../src-shared/schemas/validate.js';
import { SimulationConfig } from '../../../src-shared/schemas/batch.js';

describe('a share shown as a percentage', () => {
  it('shows the schema defaults as whole percentages, without float noise', () => {
    expect(shareAsPercent(0.4)).toBe('40');
    expect(shareAsPercent(0.3)).toBe('30');
    expect(shareAsPercent(0.03)).toBe('3');
    expect(shareAsPercent(0.07)).toBe('7');
    expect(shareAsPercent(0.29)).toBe('29');
    expect(shareAsPercent(1)).toBe('100');
    expect(shareAsPercent(0)).toBe('0');
  });

  it('keeps fractions of a percent', () => {
    expect(shareAsPercent(0.025)).toBe('2.5');
    expect(shareAsPercent(0.333)).toBe('33.3');
    expect(shareAsPercent(0.0001)).toBe('0.01');
  });
});

describe('a typed percentage read as a share', () => {
  it('reads whole and decimal percentages exactly as the share a person means', () => {
    expect(readPercentInput('40')).toEqual({ kind: 'share', ratio: 0.4 });
    expect(readPercentInput('30')).toEqual({ kind: 'share', ratio: 0.3 });
    expect(readPercentInput('2.5')).toEqual({ kind: 'share', ratio: 0.025 });
    expect(readPercentInput('.5')).toEqual({ kind: 'share', ratio: 0.005 });
    expect(readPercentInput('100')).toEqual({ kind: 'share', ratio: 1 });
    expect(readPercentInput('0')).toEqual({ kind: 'share', ratio: 0 });
  });

  it('takes a percent sign, spaces, Arabic-Indic or Devanagari digits and an Arabic or comma decimal separator', () => {
    expect(readPercentInput(' 40 % ')).toEqual({ kind: 'share', ratio: 0.4 });
    expect(readPercentInput('٤٠٪')).toEqual({ kind: 'share', ratio: 0.4 });
    expect(readPercentInput('٢٫٥')).toEqual({ kind: 'share', ratio: 0.025 });
    expect(readPercentInput('2,5')).toEqual({ kind: 'share', ratio: 0.025 });
    expect(readPercentInput('४०')).toEqual({ kind: 'share', ratio: 0.4 });
  });

  it('refuses what is not a number (letters, signs, two points) and treats an empty field as unset', () => {
    for (const text of ['4O', '-5', '1.2.3', 'forty', '40%%x']) expect(readPercentInput(text)).toEqual({ kind: 'invalid' });
    expect(readPercentInput('')).toEqual({ kind: 'empty' });
  });

  it('gives back the same share for any percentage with up to 4 decimals that it shows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (tenThousandths) => {
        const ratio = Number(`${tenThousandths / 10000 / 100}`);
        const reading = readPercentInput(shareAsPercent(ratio));
        return reading.kind === 'share' && reading.ratio === ratio;
      }),
    );
  });

  it('reads "W.HH" percent as the share written 0.WWHH (the nearest double to that decimal), and shows it back as typed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 99 }), (whole, hundredths) => {
        const typed = hundredths ? `${whole}.${String(hundredths).padStart(2, '0')}`.replace(/0$/, '') : String(whole);
        const digits = String(whole * 100 + hundredths).padStart(4, '0');
        const literal = digits.length > 4 ? `${digits.slice(0, -4)}.${digits.slice(-4)}` : `0.${digits}`;
        const reading = readPercentInput(typed);
        return reading.kind === 'share' && reading.ratio === Number(literal) && shareAsPercent(reading.ratio) === typed;
      }),
    );
  });
});

describe('the form percentage widget', () => {
  const base = { source: 'simulation', businessId: 'b', count: 5, profile: 'basic', seed: '1' } as const;
  const valid = compile(SimulationConfig);

  it('puts the share the schema and the CLI expect into the form data', () => {
    const b2bShare = percentWidgetValue('40', readPercentInput('40'));
    expect(b2bShare).toBe(0.4);
    expect(valid({ ...base, b2bShare, interStateShare: percentWidgetValue('30', readPercentInput('30')) })).toBe(true);
  });

  it('lets the schema refuse 140 % (a share above 1) and unreadable text', () => {
    expect(valid({ ...base, b2bShare: percentWidgetValue('140', readPercentInput('140')) })).toBe(false);
    const unreadable = percentWidgetValue('forty', readPercentInput('forty'));
    expect(unreadable).toBe(`${UNREADABLE_PERCENT_PREFIX}forty`);
    expect(valid({ ...base, b2bShare: unreadable })).toBe(false);
  });

  it('leaves no key for an empty field', () => {
    expect(percentWidgetValue('', readPercentInput(''))).toBeUndefined();
  });
});
