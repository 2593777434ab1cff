// The CLI's English counts: one for exactly 1, the plural for 0, 2, many and fractions; irregular
// plurals and agreeing verbs when both forms are given.
import { describe, expect, it } from 'vitest';
import { plural } from '../../../src-shared/plural.js';

describe('plural', () => {
  it('uses the singular for exactly one and adds "s" otherwise', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(2, 'row')).toBe('2 rows');
    expect(plural(21, 'invoice')).toBe('21 invoices');
    expect(plural(1.5, 'row')).toBe('1.5 rows');
  });

  it('takes the plural form given for irregular nouns and agreeing verbs', () => {
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
    expect(plural(1, 'business', 'businesses')).toBe('1 business');
    expect(plural(2, 'business', 'businesses')).toBe('2 businesses');
    expect(plural(1, 'row has', 'rows have')).toBe('1 row has');
    expect(plural(2, 'row has', 'rows have')).toBe('2 rows have');
  });

  it('never writes "(s)"', () => {
    for (const n of [0, 1, 2, 5, 11, 100]) expect(plural(n, 'document')).not.toMatch(/\(s\)/);
  });
});
