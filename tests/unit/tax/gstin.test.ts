import { describe, expect, it } from 'vitest';
import { gstinCheckCharacter, validateGstin } from '../../../src-shared/tax/gstin.js';
import { gstState, UT_WITHOUT_LEGISLATURE } from '../../../src-shared/tax/gst-states.js';

describe('GSTIN validation (docs/TAX-RULES.md A8)', () => {
  it.each([
    ['27AAPFU0939F1ZV', 'Maharashtra'], // GSTN's own sample GSTIN
    ['29AAGCB7383J1Z4', 'Karnataka'],
  ])('accepts the published GSTIN %s (%s)', (gstin, state) => {
    const result = validateGstin(gstin);
    expect(result.valid).toBe(true);
    expect(result.reason).toContain(state);
  });

  it('computes the check character with the mod-36 Luhn of A8', () => {
    expect(gstinCheckCharacter('27AAPFU0939F1Z')).toBe('V');
    expect(gstinCheckCharacter('29AAGCB7383J1Z')).toBe('4');
  });

  it.each([
    ['27AAPFU0939F1ZW', /check digit is "W" but should be "V"/],
    ['27AAPFU0939F1Z', /has 14 characters/],
    ['27AAPFU0939F1Z?', /contains "?"/],
    ['00AAPFU0939F1ZV', /state code "00"/],
    ['96AAPFU0939F1ZV', /state code "96"/],
    ['27AAPF10939F1ZV', /not a PAN/],
    ['27AAPFU0939F0ZV', /character 13/],
    ['27AAPFU0939F1XV', /character 14/],
    ['27AAPFU0939F1Z-', /contains "-"/],
    ['', /empty/],
  ])('rejects %s and says why', (gstin, reason) => {
    const result = validateGstin(gstin);
    expect(result.valid).toBe(false);
    expect(result.reason).toMatch(reason);
  });
});

describe('GST state codes', () => {
  it('names states and flags UTs without legislature (A5)', () => {
    expect(gstState('27')?.name).toBe('Maharashtra');
    expect(gstState('96')?.name).toBe('Other Countries');
    expect(gstState('97')?.name).toBe('Other Territory');
    expect(gstState('99')?.name).toBe('Centre Jurisdiction');
    expect([...UT_WITHOUT_LEGISLATURE].sort()).toEqual(['04', '26', '31', '35', '38']);
    expect(gstState('07')?.utWithoutLegislature).toBe(false);
  });
});
