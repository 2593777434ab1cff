// Properties of vat-bh over random invoices (10,000 each), stated as sentences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src-shared/money/index.js';
import { vatBh } from '../../../src-main/tax/vat-bh/index.js';
import { bhContext, bhInvoice, canonical, checkAddsUp, PROPERTY_TIMEOUT, RUNS } from './invoice-arbitraries.js';

describe('vat-bh over 10,000 random invoices', () => {
  it('components add up to the VAT, lines add up to the totals, and order does not matter', () => {
    fc.assert(fc.property(bhInvoice, (inv) => {
      const a = vatBh.compute(bhContext(inv.pricesIncludeTax), inv.lines);
      checkAddsUp(a);
      const reversed = vatBh.compute(bhContext(inv.pricesIncludeTax), [...inv.lines].reverse());
      expect(canonical(reversed)).toEqual(canonical(a));
    }), RUNS);
  }, PROPERTY_TIMEOUT);

  it('exclusive -> inclusive -> exclusive round-trips within one fils', () => {
    fc.assert(fc.property(bhInvoice, (inv) => {
      const exclusive = vatBh.compute(bhContext(false), inv.lines);
      const back = vatBh.compute(bhContext(true), inv.lines.map((l, i) => ({ ...l, quantity: '1', unitPrice: exclusive.lines[i]!.total })));
      expect(new Dec(back.totals.taxable).minus(exclusive.totals.taxable).abs().lte('0.001')).toBe(true);
      back.lines.forEach((line, i) => expect(new Dec(line.taxable).minus(exclusive.lines[i]!.taxable).abs().lte('0.001')).toBe(true));
    }), RUNS);
  }, PROPERTY_TIMEOUT);
});
